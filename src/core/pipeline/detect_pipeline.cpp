#include "core/pipeline/detect_pipeline.h"

#include <algorithm>
#include <chrono>

namespace wl {
namespace {

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

Result<DetectionPipeline> DetectionPipeline::create(ModelEntry model, const PipelineOptions& options) {
  if (model.task != ModelTask::Detector)
    return make_error(ErrorCode::InvalidArgument, "'" + model.id + "' is a classifier; pick a detector to find animals.");
  if (model.layout == DetectorLayout::None)
    return make_error(ErrorCode::UnsupportedLayout,
                      "The app does not know how to read the outputs of '" + model.id + "'. " + model.notes);
  int size = options.input_size > 0 ? options.input_size : model.input_sizes.front();
  if (size % model.stride != 0)
    return make_error(ErrorCode::InvalidArgument, "The input size " + std::to_string(size) +
                                                      " is not a multiple of the model's stride (" +
                                                      std::to_string(model.stride) + ").");
  if (!model.dynamic_hw && std::find(model.input_sizes.begin(), model.input_sizes.end(), size) == model.input_sizes.end())
    return make_error(ErrorCode::InvalidArgument, "'" + model.id + "' has a fixed input size of " +
                                                      std::to_string(model.input_sizes.front()) + "; it cannot run at " +
                                                      std::to_string(size) + ".");
  float threshold = options.threshold.value_or(model.thresholds.candidate);
  if (!(threshold >= 0 && threshold < 1))
    return make_error(ErrorCode::InvalidArgument, "The confidence threshold must be at least 0 and below 1.");
  return DetectionPipeline(std::move(model), size, threshold, options.keep_image);
}

Result<void> DetectionPipeline::begin(std::string file, std::span<const std::uint8_t> bytes, InferenceEngine& engine) {
  if (!can_begin()) return make_error(ErrorCode::Internal, "Two images are already queued.");
  PrepareOptions options;
  options.keep_image = keep_image_;
  options.buffer = std::move(spare_);
  return begin(std::move(file), prepare_image(bytes, spec_, std::move(options)), engine);
}

Result<void> DetectionPipeline::begin(std::string file, PreparedInput input, InferenceEngine& engine) {
  if (!can_begin()) return make_error(ErrorCode::Internal, "Two images are already queued.");
  Slot slot;
  slot.out.file = std::move(file);
  slot.out.width = input.width();
  slot.out.height = input.height();
  slot.out.warning = std::move(input.warning);
  slot.out.facts = std::move(input.facts);
  slot.out.timings.decode_ms = input.decode_ms;
  slot.out.timings.preprocess_ms = input.preprocess_ms;
  if (keep_image_) slot.out.image = std::move(input.image);
  if (input.failure) {
    slot.out.failure = std::move(input.failure);
    slot.done = true;
    if (spare_.empty()) spare_ = std::move(input.tensor);
  } else {
    slot.frame = input.frame;
    slot.tensor = std::move(input.tensor);
    slot.shape = input.shape;
  }
  return enqueue(std::move(slot), engine);
}

Result<void> DetectionPipeline::begin_prepared(std::string file, const ImageRgb8& network_input, int orig_width,
                                               int orig_height, InferenceEngine& engine) {
  if (!can_begin()) return make_error(ErrorCode::Internal, "Two images are already queued.");
  if (orig_width <= 0 || orig_height <= 0 || network_input.width <= 0 || network_input.height <= 0)
    return make_error(ErrorCode::InvalidArgument, "begin_prepared needs positive image sizes.");
  PreparedInput input;
  input.frame.orig_width = orig_width;
  input.frame.orig_height = orig_height;
  input.tensor = std::move(spare_);
  write_network_input(network_input, spec_, input);
  return begin(std::move(file), std::move(input), engine);
}

Result<void> DetectionPipeline::enqueue(Slot slot, InferenceEngine& engine) {
  if (running_) {
    staged_.emplace(std::move(slot));
    return {};
  }
  running_.emplace(std::move(slot));
  launch(*running_, engine);
  return {};
}

void DetectionPipeline::launch(Slot& slot, InferenceEngine& engine) {
  if (slot.done) return;
  slot.run_started_ms = now_ms();
  std::vector<SideInput> side;
  if (!model_.size_input.empty())
    side.push_back(SideInput{model_.size_input, {1, 2}, {slot.frame.orig_width, slot.frame.orig_height}});
  auto started = engine.start(slot.tensor, slot.shape, side);
  // The engine copied the input: the buffer can serve the next image.
  spare_ = std::move(slot.tensor);
  slot.tensor = {};
  if (!started) {
    // The engine refused to start (e.g. the runtime is gone): this image fails, the batch goes on.
    slot.out.failure = "Inference could not start: " + started.error().message;
    slot.done = true;
  }
}

std::optional<ImageDetections> DetectionPipeline::poll(InferenceEngine& engine) {
  if (!running_) return std::nullopt;
  Slot& slot = *running_;
  if (!slot.done) {
    auto outputs = engine.poll();
    if (!outputs) return std::nullopt;
    slot.out.timings.inference_ms = now_ms() - slot.run_started_ms;
    if (!outputs->ok()) {
      slot.out.failure = "Inference failed: " + outputs->error().message;
    } else {
      double t0 = now_ms();
      auto dets = postprocess_detections(outputs->value(), model_, slot.frame, {threshold_});
      slot.out.timings.postprocess_ms = now_ms() - t0;
      if (dets) slot.out.detections = std::move(dets.value());
      else slot.out.failure = dets.error().message;
    }
  }
  ImageDetections finished = std::move(slot.out);
  running_ = std::move(staged_);
  staged_.reset();
  if (running_) launch(*running_, engine);
  return finished;
}

}  // namespace wl
