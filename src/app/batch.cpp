#include "app/batch.h"

#include <algorithm>

#include "core/pipeline/run_builder.h"

namespace wl::app {

namespace {
constexpr std::size_t kRateWindow = 20;  // images used for the rate and the ETA
}

void BatchController::load_model(std::span<const std::uint8_t> bytes, ModelEntry entry, std::string file_name,
                                 std::string sha256, std::vector<std::string> providers) {
  if (run_ == RunState::Running || run_ == RunState::Paused) {
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
  if (run_ == RunState::Running) return;
  // Images that failed for want of a model, or were never run, are retried; done ones stay.
  for (auto& img : images_)
    if (img.status == ImageStatus::Reading || img.status == ImageStatus::Running) img.status = ImageStatus::Pending;
  next_ = 0;
  run_ = RunState::Running;
  started_ms_ = host_.now_ms();
  finish_times_ms_.clear();
}

void BatchController::cancel() {
  if (run_ == RunState::Idle || run_ == RunState::Finished) return;
  run_ = RunState::Finished;
  // An image in flight is abandoned; its file goes back to pending so a later start redoes it.
  if (current_) images_[*current_].status = ImageStatus::Pending;
  current_.reset();
}

void BatchController::clear_images() {
  if (run_ == RunState::Running || run_ == RunState::Paused) return;
  images_.clear();
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
  if (run_ == RunState::Running) advance();
}

void BatchController::advance() {
  // At most one image is read and one is in the pipeline; one transition per state per frame.
  if (current_) {
    BatchImage& img = images_[*current_];
    if (img.status == ImageStatus::Reading) {
      auto bytes = files_.poll_bytes(img.file.id);
      if (!bytes) return;
      if (!bytes->ok()) {
        ImageDetections failed;
        failed.file = img.file.path;
        failed.failure = bytes->error().message;
        finish_image(std::move(failed));
        return;
      }
      auto begun = pipeline_->begin(img.file.path, bytes->value(), *engine_);
      if (!begun) {
        ImageDetections failed;
        failed.file = img.file.path;
        failed.failure = begun.error().message;
        finish_image(std::move(failed));
        return;
      }
      img.status = ImageStatus::Running;
    }
    if (auto result = pipeline_->poll(*engine_)) finish_image(std::move(*result));
    return;
  }
  while (next_ < images_.size() && images_[next_].status != ImageStatus::Pending) ++next_;
  if (next_ >= images_.size()) {
    run_ = RunState::Finished;
    return;
  }
  current_ = next_;
  images_[next_].status = ImageStatus::Reading;
  files_.request_bytes(images_[next_].file.id);
}

void BatchController::finish_image(ImageDetections result) {
  BatchImage& img = images_[*current_];
  img.status = result.failure ? ImageStatus::Failed : ImageStatus::Done;
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
  current_.reset();
  finish_times_ms_.push_back(host_.now_ms());
  if (finish_times_ms_.size() > kRateWindow) finish_times_ms_.pop_front();
}

BatchProgress BatchController::progress() const {
  BatchProgress p;
  p.total = static_cast<int>(images_.size());
  for (const auto& img : images_) {
    if (img.status == ImageStatus::Done) ++p.done;
    if (img.status == ImageStatus::Failed) { ++p.done; ++p.failed; }
  }
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
