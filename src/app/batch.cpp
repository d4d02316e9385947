#include "app/batch.h"

#include <algorithm>
#include <cstdlib>

#include "core/models/manifest_writer.h"
#include "core/models/model_inputs.h"
#include "core/models/onnx_info.h"

namespace wl::app {

namespace {
constexpr std::size_t kRateWindow = 20;  // images used for the rate and the ETA
// Images being prepared ahead of the engine, besides the one the pipeline holds staged. The
// engine takes an image every few hundred ms and a worker prepares one in tens of ms, so two
// keep it fed (and give a second worker something to do, where there is one).
constexpr std::size_t kPrepareAhead = 2;
// After an image finishes, the screen changes (progress, its thumbnail) and the browser must
// draw that frame; the engine has just started the next image as well. Starting a decode in
// the same moment makes three CPU-heavy jobs want the same cores, and on a small machine the
// frame is what waits (measured: drawn frames 50-100 ms apart on 2 cores). So new decodes wait
// this long after a finish, unless the engine would otherwise run dry. A decode takes tens of
// ms and an inference hundreds, so the images prepared ahead still arrive in time.
constexpr double kPrepareYieldMs = 100;

bool busy(RunState run) { return run == RunState::Running || run == RunState::Paused || run == RunState::Cancelling; }
}  // namespace

void BatchController::load_model(std::span<const std::uint8_t> bytes, ModelEntry entry, std::string file_name,
                                 std::string sha256, std::vector<std::string> providers, ModelOrigin origin) {
  ++model_serial_;
  if (busy(run_)) {
    model_message_ = "Cancel the running batch before loading another model.";
    return;
  }
  if (auto fits = check_model_size(bytes.size(), limits_); !fits) {
    if (!session_) model_state_ = ModelState::Failed;
    model_message_ = file_name + ": " + fits.error().message;
    return;
  }
  auto pipeline = DetectionPipeline::create(entry, {});
  if (!pipeline) {
    if (!session_) model_state_ = ModelState::Failed;
    model_message_ = pipeline.error().message;
    return;
  }
  // A model whose inputs the configuration cannot fill is refused here, with what to change,
  // rather than by the runtime on the first image. (Bytes that are no ONNX file at all are
  // reported by Session::create.)
  if (auto info = read_onnx_info(bytes)) {
    if (auto fits = check_model_inputs(info->inputs, entry); !fits) {
      if (!session_) model_state_ = ModelState::Failed;
      model_message_ = file_name + ": " + fits.error().message;
      return;
    }
  }
  inference::SessionOptions options;
  options.providers = std::move(providers);
  creating_ = inference::Session::create(bytes, options);
  model_state_ = ModelState::Loading;
  model_message_ = "Loading " + file_name + "…";
  incoming_ = LoadedModel{std::move(entry), std::move(file_name), std::move(sha256), std::move(origin), model_serial_};
  incoming_pipeline_ = std::move(*pipeline);
}

void BatchController::load_classifier(std::span<const std::uint8_t> bytes, ModelEntry entry, std::string file_name,
                                      std::string sha256, std::vector<std::string> providers, ModelOrigin origin) {
  ++classifier_serial_;
  if (busy(run_)) {
    classifier_message_ = "Cancel the running batch before choosing another classifier.";
    return;
  }
  const auto refuse = [&](std::string message) {
    if (!classifier_session_) classifier_state_ = ModelState::Failed;
    classifier_message_ = std::move(message);
  };
  if (entry.task != ModelTask::Classifier)
    return refuse(file_name + " is a detector, not a species classifier. Choose it as the detector (Model menu), and a "
                              "classifier under Model → Species classifier.");
  if (auto fits = check_model_size(bytes.size(), limits_); !fits) return refuse(file_name + ": " + fits.error().message);
  inference::SessionOptions options;
  options.providers = std::move(providers);
  creating_classifier_ = inference::Session::create(bytes, options);
  classifier_state_ = ModelState::Loading;
  classifier_message_ = "Loading " + file_name + "…";
  incoming_classifier_ =
      LoadedModel{std::move(entry), std::move(file_name), std::move(sha256), std::move(origin), classifier_serial_};
}

void BatchController::clear_classifier() {
  ++classifier_serial_;
  if (busy(run_)) {
    classifier_message_ = "Cancel the running batch before changing the classifier.";
    return;
  }
  creating_classifier_.reset();
  incoming_classifier_.reset();
  classifier_engine_.reset();
  classifier_session_.reset();
  classifier_.reset();
  classifier_setup_.reset();
  classifier_state_ = ModelState::None;
  classifier_message_.clear();
  rebuild_header();
}

// The run header follows the models in use. Species names already known (from earlier runs,
// reviewers, a stored batch) keep their ids, so finished records stay valid.
void BatchController::rebuild_header() {
  if (!model_ || !pipeline_) return;
  RunDescription description;
  description.model_file = model_->file;
  description.model_sha256 = model_->sha256;
  description.input_size = pipeline_->input_size();
  description.output_threshold = pipeline_->threshold();
  const CategoryNames known = header_.classification_categories;
  const ClassifierInfo known_classifier = header_.classifier;
  builder_.emplace(model_->entry, description);
  if (classifier_) builder_->set_classifier(classifier_->entry, classifier_->file, known);
  // Imported results keep their own header; a run's header is the models'.
  if (origin_ == BatchOrigin::Run) {
    header_ = builder_->results();
    if (!classifier_) {
      header_.classification_categories = known;
      header_.classifier = known_classifier;
    }
    changes_.header = true;
    ++revision_;
  }
}

// The new session is ready: the model, its pipeline and the run header change together.
void BatchController::adopt_model() {
  model_ = std::move(incoming_);
  pipeline_ = std::move(incoming_pipeline_);
  incoming_.reset();
  incoming_pipeline_.reset();
  model_in_use_serial_ = model_->serial;
  if (classifier_ && classifier_session_) {
    // The classifier follows the detector's categories (which of its classes are animals).
    auto setup = make_classifier_setup(classifier_->entry, model_->entry, classifier_session_->info().inputs,
                                       classifier_session_->info().outputs, classifier_options_);
    if (setup) classifier_setup_ = std::move(*setup);
  }
  rebuild_header();
}

// The classifier's session is ready: checked against its inputs and outputs (and the
// detector's categories) before it replaces the one in use.
void BatchController::adopt_classifier() {
  static const ModelEntry kNoDetector;
  auto session = std::make_unique<inference::Session>(std::move(*pending_classifier_session_));
  pending_classifier_session_.reset();
  auto setup = make_classifier_setup(incoming_classifier_->entry, model_ ? model_->entry : kNoDetector,
                                     session->info().inputs, session->info().outputs, classifier_options_);
  if (!setup) {
    incoming_classifier_.reset();
    classifier_state_ = classifier_session_ ? ModelState::Ready : ModelState::Failed;
    classifier_message_ = setup.error().message + (classifier_ ? " (still using " + classifier_->entry.name + ")" : "");
    return;
  }
  classifier_engine_.reset();
  classifier_session_ = std::move(session);
  classifier_engine_ = std::make_unique<inference::OrtEngine>(*classifier_session_);
  classifier_setup_ = std::move(*setup);
  classifier_ = std::move(incoming_classifier_);
  incoming_classifier_.reset();
  classifier_state_ = ModelState::Ready;
  classifier_message_ = classifier_->entry.name + " on " + classifier_session_->info().provider;
  rebuild_header();
}

std::optional<ModelIdentity> BatchController::classifier_identity() const {
  if (!classifier_) return std::nullopt;
  ModelIdentity id;
  id.source = classifier_->origin.source;
  id.zoo_id = classifier_->origin.zoo_id;
  id.url = classifier_->origin.url;
  id.name = classifier_->entry.name;
  id.file_name = classifier_->file;
  id.sha256 = classifier_->sha256;
  id.entry_json = write_model_entry(classifier_->entry);
  if (!classifier_->entry.input_sizes.empty()) id.input_size = classifier_->entry.input_sizes.front();
  id.threshold = classifier_->entry.thresholds.typical;
  return id;
}

std::optional<ModelIdentity> BatchController::model_identity() const {
  if (!model_ || !pipeline_) return std::nullopt;
  ModelIdentity id;
  id.source = model_->origin.source;
  id.zoo_id = model_->origin.zoo_id;
  id.url = model_->origin.url;
  id.name = model_->entry.name;
  id.file_name = model_->file;
  id.sha256 = model_->sha256;
  id.entry_json = write_model_entry(model_->entry);
  id.input_size = pipeline_->input_size();
  id.threshold = pipeline_->threshold();
  return id;
}

void BatchController::start() {
  notice_.clear();
  if (model_state_ != ModelState::Ready) return;
  if (origin_ == BatchOrigin::Import && header_.detection_categories != builder_->results().detection_categories &&
      std::any_of(images_.begin(), images_.end(), [](const BatchImage& i) { return i.status == ImageStatus::Pending; })) {
    notice_ = "The listed results were imported with other categories than " + model_->entry.name +
              "'s; clear the list to run it on new images.";
    return;
  }
  if (run_ == RunState::Paused) { resume(); return; }
  if (run_ == RunState::Running || run_ == RunState::Cancelling) return;
  // Images that failed for want of a model, or were never run, are retried; done ones stay.
  for (auto& img : images_)
    if (img.status == ImageStatus::Reading || img.status == ImageStatus::Running) img.status = ImageStatus::Pending;
  next_ = 0;
  DriverTuning tuning;
  tuning.prepare_ahead = kPrepareAhead;
  tuning.prepare_yield_ms = kPrepareYieldMs;
  std::optional<ClassifierSetup> classifier;
  if (classifier_ && classifier_engine_) classifier = classifier_setup_;
  driver_.emplace(*pipeline_, *builder_, std::move(classifier), prepare_, [this] { return host_.now_ms(); }, tuning);
  run_ = RunState::Running;
  started_ms_ = host_.now_ms();
  finish_times_ms_.clear();
}

void BatchController::pause() {
  if (run_ != RunState::Running) return;
  run_ = RunState::Paused;
  if (driver_) driver_->pause();
}

void BatchController::resume() {
  if (run_ != RunState::Paused) return;
  run_ = RunState::Running;
  if (driver_) driver_->resume();
}

// Starts nothing more: images still being read or prepared go back to pending; images in the
// detector or the classifier finish, since their work is already under way.
void BatchController::cancel() {
  if (run_ != RunState::Running && run_ != RunState::Paused) return;
  if (driver_) driver_->cancel();
  run_ = RunState::Cancelling;
  advance();
}

void BatchController::clear_images() {
  if (busy(run_)) return;
  reset_list();
  origin_ = BatchOrigin::Run;
  source_name_.clear();
  header_ = builder_ ? builder_->results() : RunResults{};
  changes_ = BatchChanges{};
  changes_.replaced = true;
}

void BatchController::reset_list() {
  images_.clear();
  ++revision_;
  finished_ = failed_ = 0;
  next_ = 0;
  skipped_ = 0;
  skipped_examples_.clear();
  run_ = RunState::Idle;
  matcher_.reset();
  need_files_ = without_file_ = 0;
  notice_.clear();
}

void BatchController::restore(RestoredSession session) {
  if (busy(run_)) return;
  reset_list();
  origin_ = session.header.origin == SessionOrigin::Import ? BatchOrigin::Import : BatchOrigin::Run;
  source_name_ = session.header.source_name;
  header_ = std::move(session.header.run);
  header_.images.clear();
  matcher_.emplace();
  images_.reserve(session.images.size());
  for (RestoredImage& r : session.images) {
    BatchImage img{FileRef{0, r.file.path, r.file.size.value_or(0)}, ImageStatus::NeedsFile, {}, {}};
    if (r.record) {
      img.status = r.record->failed() ? ImageStatus::Failed : ImageStatus::Done;
      img.record = std::move(*r.record);
      ++finished_;
      if (img.status == ImageStatus::Failed) ++failed_;
    } else {
      ++need_files_;
    }
    matcher_->add(images_.size(), MatchEntry{r.file.path, r.file.size});
    images_.push_back(std::move(img));
  }
  without_file_ = static_cast<int>(images_.size());
  changes_ = BatchChanges{};  // this is what is stored: nothing to write
}

Result<void> BatchController::import_results(RunResults run, std::string source_name) {
  if (busy(run_)) return make_error(ErrorCode::InvalidArgument, "cancel the running batch before importing results");
  reset_list();
  origin_ = BatchOrigin::Import;
  source_name_ = std::move(source_name);
  std::vector<ImageRecord> records = std::move(run.images);
  run.images.clear();
  header_ = std::move(run);
  matcher_.emplace();
  images_.reserve(records.size());
  changes_ = BatchChanges{};
  changes_.replaced = changes_.header = changes_.files = true;
  for (ImageRecord& rec : records) {
    // Sizes are unknown: a MegaDetector file does not record them.
    matcher_->add(images_.size(), MatchEntry{rec.file, std::nullopt});
    const ImageStatus status = rec.failed() ? ImageStatus::Failed : ImageStatus::Done;
    changes_.records.push_back(images_.size());
    images_.push_back(BatchImage{FileRef{0, rec.file, 0}, status, std::move(rec), {}});
    ++finished_;
    if (status == ImageStatus::Failed) ++failed_;
  }
  without_file_ = static_cast<int>(images_.size());
  return {};
}

BatchChanges BatchController::take_changes() {
  BatchChanges out = std::move(changes_);
  changes_ = BatchChanges{};
  return out;
}

// A file that belongs to a listed image without one (restored or imported) joins it: a
// finished image keeps its results and is not run again; an unfinished one becomes pending.
// The listed path stays, so stored records and exports keep the names they had.
void BatchController::attach_or_append(FileRef f) {
  if (matcher_ && !matcher_->empty()) {
    if (auto index = matcher_->match(f.path, f.size)) {
      BatchImage& img = images_[*index];
      img.file.id = f.id;
      img.file.size = f.size;
      --without_file_;
      if (img.status == ImageStatus::NeedsFile) {
        img.status = ImageStatus::Pending;
        --need_files_;
        next_ = std::min(next_, *index);
      }
      return;
    }
  }
  images_.push_back(BatchImage{std::move(f), ImageStatus::Pending, {}, {}});
  changes_.files = true;
}

void BatchController::pull_new_files() {
  for (FileRef& f : files_.take_new_files()) {
    attach_or_append(std::move(f));
    ++revision_;
  }
  for (std::string& name : files_.take_skipped_files()) {
    ++skipped_;
    if (skipped_examples_.size() < 20) skipped_examples_.push_back(std::move(name));
  }
  // A batch that finished picks up images added later when started again; a running one
  // simply continues into them.
}

void BatchController::step() {
  pull_new_files();
  step_model_loads();
  if (busy(run_)) advance();
}

void BatchController::step_model_loads() {
  if (creating_) {
    if (auto done = creating_->poll()) {
      creating_.reset();
      if (done->ok()) {
        engine_.reset();
        session_ = std::make_unique<inference::Session>(std::move(done->value()));
        engine_ = std::make_unique<inference::OrtEngine>(*session_);
        adopt_model();
        model_state_ = ModelState::Ready;
        model_message_ = model_->entry.name + " on " + session_->info().provider;
      } else {
        incoming_.reset();
        incoming_pipeline_.reset();
        model_state_ = session_ ? ModelState::Ready : ModelState::Failed;
        model_message_ = "The model could not be loaded: " + done->error().message +
                         (session_ ? " (still using " + model_->entry.name + ")" : "");
      }
    }
  }
  if (creating_classifier_) {
    if (auto done = creating_classifier_->poll()) {
      creating_classifier_.reset();
      if (done->ok()) {
        pending_classifier_session_.emplace(std::move(done->value()));
        adopt_classifier();
      } else {
        incoming_classifier_.reset();
        classifier_state_ = classifier_session_ ? ModelState::Ready : ModelState::Failed;
        classifier_message_ = "The classifier could not be loaded: " + done->error().message +
                              (classifier_ ? " (still using " + classifier_->entry.name + ")" : "");
      }
    }
  }
}

// The driver moves images along; this keeps the list in step with what it reports.
void BatchController::advance() {
  if (!driver_) {
    run_ = RunState::Finished;
    return;
  }
  const BatchDriver::Feed feed = [this] { return next_pending(); };
  driver_->step(feed, *engine_, classifier_engine_.get());
  for (DriverUpdate& u : driver_->take_updates()) {
    switch (u.kind) {
      case DriverUpdateKind::Running:
        images_[u.index].status = ImageStatus::Running;
        ++processed_;
        break;
      case DriverUpdateKind::Returned:
        images_[u.index].status = ImageStatus::Pending;
        next_ = std::min(next_, u.index);
        break;
      case DriverUpdateKind::Finished:
        if (u.image) finish_image(std::move(*u.image));
        break;
    }
  }
  if (driver_->state() == DriverState::Finished) {
    driver_.reset();
    run_ = RunState::Finished;
  }
}

std::optional<BatchItem> BatchController::next_pending() {
  while (next_ < images_.size() && images_[next_].status != ImageStatus::Pending) ++next_;
  if (next_ >= images_.size()) return std::nullopt;
  BatchImage& img = images_[next_];
  img.status = ImageStatus::Reading;
  return BatchItem{next_, img.file.id, img.file.path};
}

void BatchController::finish_image(FinishedImage result) {
  const std::size_t index = result.index;
  BatchImage& img = images_[index];
  const bool failed = result.detections.failure.has_value();
  img.status = failed ? ImageStatus::Failed : ImageStatus::Done;
  ++finished_;
  ++revision_;
  if (failed) ++failed_;
  img.timings = result.detections.timings;
  img.record = std::move(result.record);
  img.record.file = img.file.path;
  changes_.records.push_back(index);
  if (!failed) {
    const StageTimings& t = result.detections.timings;
    timing_sums_.decode_ms += t.decode_ms;
    timing_sums_.preprocess_ms += t.preprocess_ms;
    timing_sums_.inference_ms += t.inference_ms;
    timing_sums_.postprocess_ms += t.postprocess_ms;
    ++timed_images_;
  }
  if (result.crops > 0) {
    classify_ms_sum_ += result.classify.classify_ms + result.classify.crop_ms;
    ++classified_images_;
  }
  crops_classified_ += result.crops;
  crops_too_small_ += result.too_small;
  if (!result.classifier_problem.empty()) ++classifier_problems_;
  finish_times_ms_.push_back(host_.now_ms());
  if (finish_times_ms_.size() > kRateWindow) finish_times_ms_.pop_front();
}

BatchProgress BatchController::progress() const {
  BatchProgress p;
  p.total = static_cast<int>(images_.size());
  p.done = finished_;
  p.failed = failed_;
  p.processed = processed_;
  p.need_files = need_files_;
  p.without_file = without_file_;
  if (run_ != RunState::Idle) p.elapsed_s = (host_.now_ms() - started_ms_) / 1000.0;
  if (finish_times_ms_.size() >= 2) {
    const double span_s = (finish_times_ms_.back() - finish_times_ms_.front()) / 1000.0;
    if (span_s > 0) p.images_per_s = static_cast<double>(finish_times_ms_.size() - 1) / span_s;
  }
  if (p.images_per_s > 0) p.eta_s = (p.total - p.done) / p.images_per_s;
  p.crops_classified = crops_classified_;
  p.crops_too_small = crops_too_small_;
  p.classifier_problems = classifier_problems_;
  p.images_classified = classified_images_;
  if (classified_images_ > 0) p.mean_classify_ms = classify_ms_sum_ / classified_images_;
  if (timed_images_ > 0) {
    const double n = timed_images_;
    p.mean_timings = {timing_sums_.decode_ms / n, timing_sums_.preprocess_ms / n, timing_sums_.inference_ms / n,
                      timing_sums_.postprocess_ms / n};
  }
  return p;
}

const CategoryNames& BatchController::detection_categories() const { return header_.detection_categories; }

const CategoryNames& BatchController::classification_categories() const { return header_.classification_categories; }

void BatchController::set_review(std::size_t image, std::size_t detection, Review review) {
  if (image >= images_.size() || images_[image].status != ImageStatus::Done) return;
  auto& detections = images_[image].record.detections;
  if (detection >= detections.size()) return;
  detections[detection].review = std::move(review);
  ++revision_;
  changes_.records.push_back(image);
}

std::string BatchController::species_category(const std::string& name) {
  if (name.empty()) return {};
  int highest = 0;
  for (const auto& [id, known] : header_.classification_categories) {
    if (known == name) return id;
    highest = std::max(highest, std::atoi(id.c_str()));
  }
  std::string id = std::to_string(highest + 1);
  header_.classification_categories[id] = name;
  changes_.header = true;
  ++revision_;
  return id;
}

void BatchController::set_label(std::size_t image, std::optional<ImageLabel> label) {
  if (image >= images_.size() || images_[image].status != ImageStatus::Done) return;
  images_[image].record.label = std::move(label);
  ++revision_;
  changes_.records.push_back(image);
}

RunResults BatchController::build_results() const {
  RunResults run = header_;
  for (const auto& img : images_) {
    if (img.status == ImageStatus::Done || img.status == ImageStatus::Failed) run.images.push_back(img.record);
  }
  // Imported results keep the time their detector finished; ours finish now.
  if (origin_ == BatchOrigin::Run) run.detector.completion_time = host_.local_time_string();
  return run;
}

}  // namespace wl::app
