#include "app/batch.h"

#include <algorithm>

#include "core/pipeline/run_builder.h"

namespace wl::app {

namespace {
constexpr std::size_t kRateWindow = 20;  // images used for the rate and the ETA
// Images being prepared ahead of the engine, besides the one the pipeline holds staged. The
// engine takes an image every few hundred ms and a worker prepares one in tens of ms, so two
// keep it fed (and give a second worker something to do, where there is one).
constexpr std::size_t kPrepareAhead = 2;
}

void BatchController::load_model(std::span<const std::uint8_t> bytes, ModelEntry entry, std::string file_name,
                                 std::string sha256, std::vector<std::string> providers) {
  ++model_serial_;
  if (run_ == RunState::Running || run_ == RunState::Paused || run_ == RunState::Cancelling) {
    model_message_ = "Cancel the running batch before loading another model.";
    return;
  }
  auto pipeline = DetectionPipeline::create(entry, {});
  if (!pipeline) {
    model_state_ = ModelState::Failed;
    model_message_ = pipeline.error().message;
    return;
  }
  // The old session stays usable until the new one is ready; only then is it replaced.
  inference::SessionOptions options;
  options.providers = std::move(providers);
  creating_ = inference::Session::create(bytes, options);
  model_state_ = ModelState::Loading;
  model_message_ = "Loading " + file_name + "…";
  model_ = std::move(entry);
  model_file_ = std::move(file_name);
  model_sha256_ = std::move(sha256);
  pipeline_ = std::move(*pipeline);
}

void BatchController::start() {
  if (model_state_ != ModelState::Ready) return;
  if (run_ == RunState::Paused) { resume(); return; }
  if (run_ == RunState::Running || run_ == RunState::Cancelling) return;
  // Images that failed for want of a model, or were never run, are retried; done ones stay.
  for (auto& img : images_)
    if (img.status == ImageStatus::Reading || img.status == ImageStatus::Running) img.status = ImageStatus::Pending;
  next_ = 0;
  run_ = RunState::Running;
  started_ms_ = host_.now_ms();
  finish_times_ms_.clear();
}

void BatchController::cancel() {
  if (run_ != RunState::Running && run_ != RunState::Paused) return;
  // Images still being read or prepared are dropped (they go back to pending); images in the
  // pipeline are finished, since their work is already under way.
  for (const Preparing& p : preparing_) {
    prepare_.cancel(p.job);
    images_[p.index].status = ImageStatus::Pending;
  }
  preparing_.clear();
  run_ = in_pipeline_.empty() ? RunState::Finished : RunState::Cancelling;
}

void BatchController::clear_images() {
  if (run_ == RunState::Running || run_ == RunState::Paused || run_ == RunState::Cancelling) return;
  images_.clear();
  finished_ = failed_ = 0;
  next_ = 0;
  skipped_ = 0;
  skipped_examples_.clear();
  run_ = RunState::Idle;
}

void BatchController::pull_new_files() {
  for (FileRef& f : files_.take_new_files()) images_.push_back(BatchImage{std::move(f), ImageStatus::Pending, {}, {}});
  for (std::string& name : files_.take_skipped_files()) {
    ++skipped_;
    if (skipped_examples_.size() < 20) skipped_examples_.push_back(std::move(name));
  }
  // A batch that finished picks up images added later when started again; a running one
  // simply continues into them.
}

void BatchController::step() {
  pull_new_files();
  if (creating_) {
    if (auto done = creating_->poll()) {
      creating_.reset();
      if (done->ok()) {
        engine_.reset();
        session_ = std::make_unique<inference::Session>(std::move(done->value()));
        engine_ = std::make_unique<inference::OrtEngine>(*session_);
        model_state_ = ModelState::Ready;
        model_message_ = model_->name + " on " + session_->info().provider;
      } else {
        model_state_ = session_ ? ModelState::Ready : ModelState::Failed;
        model_message_ = "The model could not be loaded: " + done->error().message;
      }
    }
  }
  if (run_ == RunState::Running || run_ == RunState::Cancelling || (run_ == RunState::Paused && !in_pipeline_.empty())) {
    advance();
  }
}

// Up to kPrepareAhead images being read and prepared (decoded, letterboxed, made into a
// tensor) off the main thread, and up to two in the pipeline: while the engine runs one
// image, the next waits prepared, so the engine rarely waits and the frame loop never decodes.
void BatchController::advance() {
  if (in_pipeline_.size() > 0) {
    if (auto result = pipeline_->poll(*engine_)) {
      const std::size_t index = in_pipeline_.front();
      in_pipeline_.pop_front();
      finish_image(index, std::move(*result));
    }
  }
  if (run_ == RunState::Cancelling) {
    if (in_pipeline_.empty()) run_ = RunState::Finished;
    return;
  }
  // Prepared images enter the pipeline in the order they were started, only while running:
  // a paused batch lets the engine finish what it has and starts nothing new.
  while (run_ == RunState::Running && !preparing_.empty() && pipeline_->can_begin()) {
    auto prepared = prepare_.poll(preparing_.front().job);
    if (!prepared) break;
    const std::size_t index = preparing_.front().index;
    preparing_.pop_front();
    // A file that could not be read or decoded goes through the pipeline as a failed image.
    if (auto begun = pipeline_->begin(images_[index].file.path, std::move(*prepared), *engine_); !begun) {
      finish_failed(index, begun.error().message);
    } else {
      images_[index].status = ImageStatus::Running;
      in_pipeline_.push_back(index);
    }
  }
  while (run_ == RunState::Running && preparing_.size() < kPrepareAhead && start_next_prepare()) {
  }
  if (preparing_.empty() && in_pipeline_.empty() && run_ == RunState::Running) run_ = RunState::Finished;
}

bool BatchController::start_next_prepare() {
  while (next_ < images_.size() && images_[next_].status != ImageStatus::Pending) ++next_;
  if (next_ >= images_.size()) return false;
  images_[next_].status = ImageStatus::Reading;
  platform::PrepareRequest request;
  request.file_id = images_[next_].file.id;
  request.path = images_[next_].file.path;
  request.spec = pipeline_->prepare_spec();
  preparing_.push_back({next_, prepare_.start(request)});
  return true;
}

void BatchController::finish_failed(std::size_t index, std::string message) {
  ImageDetections failed;
  failed.file = images_[index].file.path;
  failed.failure = std::move(message);
  finish_image(index, std::move(failed));
}

void BatchController::finish_image(std::size_t index, ImageDetections result) {
  BatchImage& img = images_[index];
  img.status = result.failure ? ImageStatus::Failed : ImageStatus::Done;
  ++finished_;
  if (result.failure) ++failed_;
  img.failure = result.failure.value_or("");
  img.result = std::move(result);
  img.result.image.reset();
  if (!img.result.failure) {
    timing_sums_.decode_ms += img.result.timings.decode_ms;
    timing_sums_.preprocess_ms += img.result.timings.preprocess_ms;
    timing_sums_.inference_ms += img.result.timings.inference_ms;
    timing_sums_.postprocess_ms += img.result.timings.postprocess_ms;
    ++timed_images_;
  }
  finish_times_ms_.push_back(host_.now_ms());
  if (finish_times_ms_.size() > kRateWindow) finish_times_ms_.pop_front();
}

BatchProgress BatchController::progress() const {
  BatchProgress p;
  p.total = static_cast<int>(images_.size());
  p.done = finished_;
  p.failed = failed_;
  if (run_ != RunState::Idle) p.elapsed_s = (host_.now_ms() - started_ms_) / 1000.0;
  if (finish_times_ms_.size() >= 2) {
    const double span_s = (finish_times_ms_.back() - finish_times_ms_.front()) / 1000.0;
    if (span_s > 0) p.images_per_s = static_cast<double>(finish_times_ms_.size() - 1) / span_s;
  }
  if (p.images_per_s > 0) p.eta_s = (p.total - p.done) / p.images_per_s;
  if (timed_images_ > 0) {
    const double n = timed_images_;
    p.mean_timings = {timing_sums_.decode_ms / n, timing_sums_.preprocess_ms / n, timing_sums_.inference_ms / n,
                      timing_sums_.postprocess_ms / n};
  }
  return p;
}

RunResults BatchController::build_results() const {
  if (!model_) return {};
  RunDescription description;
  description.model_file = model_file_;
  description.model_sha256 = model_sha256_;
  description.input_size = pipeline_ ? pipeline_->input_size() : 0;
  description.output_threshold = pipeline_ ? pipeline_->threshold() : 0;
  RunBuilder builder(*model_, description);
  for (const auto& img : images_) {
    if (img.status == ImageStatus::Done || img.status == ImageStatus::Failed) builder.add(img.result);
  }
  return builder.finish(host_.local_time_string());
}

}  // namespace wl::app
