#include "core/pipeline/batch_driver.h"

#include <algorithm>
#include <utility>

namespace wl {

BatchDriver::BatchDriver(DetectionPipeline detector, const RunBuilder& builder, std::optional<ClassifierSetup> classifier,
                         ImagePreparer& preparer, Clock clock, DriverTuning tuning)
    : pipeline_(std::move(detector)),
      builder_(builder),
      classifier_(std::move(classifier)),
      preparer_(preparer),
      clock_(std::move(clock)),
      tuning_(tuning) {}

std::size_t BatchDriver::in_flight() const { return preparing_.size() + detecting_.size() + classifying_.size(); }

void BatchDriver::pause() {
  if (state_ == DriverState::Running) state_ = DriverState::Paused;
}

void BatchDriver::resume() {
  if (state_ == DriverState::Paused) {
    state_ = DriverState::Running;
    feed_empty_ = false;
  }
}

void BatchDriver::cancel() {
  if (state_ != DriverState::Running && state_ != DriverState::Paused) return;
  for (const Preparing& p : preparing_) {
    preparer_.cancel(p.job);
    updates_.push_back({DriverUpdateKind::Returned, p.item.index, std::nullopt, p.item.frame_number()});
  }
  preparing_.clear();
  cancelled_ = true;
  state_ = in_flight() == 0 ? DriverState::Finished : DriverState::Cancelling;
}

std::vector<DriverUpdate> BatchDriver::take_updates() { return std::exchange(updates_, {}); }

void BatchDriver::step(const Feed& feed, InferenceEngine& detector, InferenceEngine* classifier) {
  if (state_ == DriverState::Finished) {
    if (cancelled_) return;
    state_ = DriverState::Running;  // a run that ran dry takes images fed later
    feed_empty_ = false;
  }
  poll_classifier(classifier);
  poll_detector(detector, classifier);
  if (state_ == DriverState::Running) {
    begin_prepared(detector);
    start_prepares(feed);
  }
  if (in_flight() == 0 && (state_ == DriverState::Cancelling || (state_ == DriverState::Running && feed_empty_)))
    state_ = DriverState::Finished;
}

// The image at the front of the classifier stage: its crops arrive, run (all at once where
// the model takes a batch, else one by one), and it finishes with its top classes.
void BatchDriver::poll_classifier(InferenceEngine* engine) {
  while (!classifying_.empty()) {
    Classifying& c = classifying_.front();
    if (!c.crops) {
      auto crops = preparer_.poll_crops(c.job);
      if (!crops) return;
      c.crops = std::move(*crops);
      c.image.too_small = c.crops->too_small;
      c.image.classify.crop_ms = c.crops->crop_ms;
      if (c.crops->failure) c.image.classifier_problem = *c.crops->failure;
      else if (!engine) c.image.classifier_problem = "the species classifier is not loaded";
    }
    if (c.in_engine) {
      auto out = engine->poll();
      if (!out) return;
      c.in_engine = false;
      c.image.classify.classify_ms += clock_() - c.run_started_ms;
      if (!out->ok()) {
        c.image.classifier_problem = out->error().message;
      } else if (out->value().empty()) {
        c.image.classifier_problem = "the classifier gave no output";
      } else if (auto top = crop_top_classes(out->value().front(), static_cast<int>(c.running), *classifier_); !top) {
        c.image.classifier_problem = top.error().message;
      } else {
        for (std::size_t k = 0; k < c.running; ++k) {
          const std::size_t crop = c.next_crop + k;
          const std::size_t det = c.wanted[static_cast<std::size_t>(c.crops->cut[crop])];
          c.image.classes[det] = std::move(top.value()[k]);
          ++c.image.crops;
        }
      }
      c.next_crop += c.running;
      c.running = 0;
    }
    const bool more = c.image.classifier_problem.empty() && c.next_crop < c.crops->cut.size();
    if (more) {
      start_classifier_run(c, *engine);
      if (c.in_engine) return;
      continue;  // the run could not start: classifier_problem says why
    }
    FinishedImage done = std::move(c.image);
    classifying_.pop_front();
    if (!done.classifier_problem.empty() && !done.detections.failure) {
      // The boxes are kept; the record says why the species are missing.
      const std::string note = "species not classified: " + done.classifier_problem;
      done.detections.warning = done.detections.warning.empty() ? note : done.detections.warning + "; " + note;
    }
    finish(std::move(done));
  }
}

void BatchDriver::start_classifier_run(Classifying& c, InferenceEngine& engine) {
  const CropSpec& spec = classifier_->crop;
  const std::size_t per = static_cast<std::size_t>(spec.width) * spec.height * 3;
  const std::size_t left = c.crops->cut.size() - c.next_crop;
  const std::size_t n = classifier_->batched ? left : 1;
  const std::span<const float> input(c.crops->tensor.data() + c.next_crop * per, n * per);
  const std::int64_t count = static_cast<std::int64_t>(n);
  const std::vector<std::int64_t> shape = spec.nhwc ? std::vector<std::int64_t>{count, spec.height, spec.width, 3}
                                                    : std::vector<std::int64_t>{count, 3, spec.height, spec.width};
  c.run_started_ms = clock_();
  if (auto started = engine.start(input, shape); !started) {
    c.image.classifier_problem = started.error().message;
    return;
  }
  c.running = n;
  c.in_engine = true;
}

// The detector's oldest image, once finished: on to the crops when something in it is to be
// classified, else finished here.
void BatchDriver::poll_detector(InferenceEngine& detector, InferenceEngine* classifier) {
  if (detecting_.empty() || !pipeline_.busy()) return;
  auto result = pipeline_.poll(detector);
  if (!result) return;
  Detecting d = std::move(detecting_.front());
  detecting_.pop_front();
  FinishedImage image;
  image.index = d.item.index;
  image.frame_number = d.item.frame_number();
  image.detections = std::move(*result);
  image.detections.file = d.item.path;
  image.classes.assign(image.detections.detections.size(), {});
  std::vector<std::size_t> wanted;
  if (d.kept && classifier_ && classifier && !image.detections.failure)
    wanted = detections_to_classify(image.detections.detections, *classifier_);
  if (wanted.empty()) {
    if (d.kept) preparer_.release(d.job);
    finish(std::move(image));
    return;
  }
  CropRequest request;
  request.spec = classifier_->crop;
  for (std::size_t i : wanted) {
    const BoxXyxy& b = image.detections.detections[i].box;
    request.boxes.push_back({b.x1, b.y1, b.x2, b.y2});
  }
  preparer_.crop(d.job, request);
  Classifying c;
  c.image = std::move(image);
  c.job = d.job;
  c.wanted = std::move(wanted);
  classifying_.push_back(std::move(c));
  poll_classifier(classifier);  // an inline preparer has the crops already
}

// Prepared images enter the detector in the order they were started.
void BatchDriver::begin_prepared(InferenceEngine& detector) {
  while (!preparing_.empty() && pipeline_.can_begin() && classifying_.size() < tuning_.classify_backlog) {
    auto prepared = preparer_.poll(preparing_.front().job);
    if (!prepared) return;
    Preparing p = std::move(preparing_.front());
    preparing_.pop_front();
    const bool kept = classifier_.has_value() && !prepared->failure;
    if (auto begun = pipeline_.begin(p.item.path, std::move(*prepared), detector); !begun) {
      if (kept) preparer_.release(p.job);
      finish_failed(p.item, begun.error().message);
      continue;
    }
    detecting_.push_back({std::move(p.item), p.job, kept});
    updates_.push_back(
        {DriverUpdateKind::Running, detecting_.back().item.index, std::nullopt, detecting_.back().item.frame_number()});
  }
}

void BatchDriver::start_prepares(const Feed& feed) {
  const bool detector_fed = !preparing_.empty() || !pipeline_.can_begin();
  if (detector_fed && clock_() < hold_until_ms_) return;
  while (preparing_.size() < tuning_.prepare_ahead) {
    auto item = feed();
    if (!item) {
      feed_empty_ = true;
      return;
    }
    feed_empty_ = false;
    PrepareRequest request;
    request.file_id = item->file_id;
    request.path = item->path;
    request.spec = pipeline_.prepare_spec();
    request.keep_for_crops = classifier_.has_value();
    request.frame = item->frame;
    const int job = preparer_.start(request);
    preparing_.push_back({std::move(*item), job});
  }
}

void BatchDriver::finish(FinishedImage image) {
  hold_until_ms_ = clock_() + tuning_.prepare_yield_ms;
  const bool classified = std::any_of(image.classes.begin(), image.classes.end(), [](const auto& c) { return !c.empty(); });
  image.record = builder_.make_record(image.detections, classified ? &image.classes : nullptr);
  const std::size_t index = image.index;
  const std::optional<int> frame = image.frame_number;
  updates_.push_back({DriverUpdateKind::Finished, index, std::move(image), frame});
}

void BatchDriver::finish_failed(const BatchItem& item, std::string message) {
  FinishedImage image;
  image.index = item.index;
  image.frame_number = item.frame_number();
  image.detections.file = item.path;
  image.detections.failure = std::move(message);
  finish(std::move(image));
}

}  // namespace wl
