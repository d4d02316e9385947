#include "core/pipeline/detect_pipeline.h"

#include <algorithm>
#include <chrono>

#include "core/image/decode.h"
#include "core/preprocess/letterbox.h"
#include "core/preprocess/stretch_resize.h"
#include "core/preprocess/tensor.h"

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

DetectionPipeline::Slot DetectionPipeline::prepare(std::string file, std::span<const std::uint8_t> bytes) {
  Slot slot;
  slot.out.file = std::move(file);
  double t0 = now_ms();
  auto decoded = decode_image(bytes);
  slot.out.timings.decode_ms = now_ms() - t0;
  if (!decoded) {
    slot.out.failure = decoded.error().message;
    slot.done = true;
    return slot;
  }
  slot.out.warning = decoded->warning;
  slot.out.facts = read_image_facts(bytes);
  const ImageRgb8& img = decoded->image;
  slot.out.width = img.width;
  slot.out.height = img.height;

  t0 = now_ms();
  ImageRgb8 network_input;
  if (model_.resize == ResizeMode::Stretch) {
    auto s = stretch_resize(img, input_size_, input_size_);
    if (!s) {
      slot.out.failure = s.error().message;
      slot.done = true;
      return slot;
    }
    network_input = std::move(s->image);
  } else {
    LetterboxParams lp;
    lp.target_width = lp.target_height = input_size_;
    lp.stride = model_.stride;
    lp.stride_multiple = model_.resize == ResizeMode::LetterboxStride;
    lp.fill = static_cast<std::uint8_t>(model_.pad_value);
    auto lb = letterbox(img, lp);
    if (!lb) {
      slot.out.failure = lb.error().message;
      slot.done = true;
      return slot;
    }
    network_input = std::move(lb->image);
  }
  if (keep_image_) slot.out.image = std::move(decoded->image);
  decoded = make_error(ErrorCode::Internal, "released");  // free the full-size pixels early
  set_input(slot, network_input);
  slot.out.timings.preprocess_ms = now_ms() - t0;
  return slot;
}

void DetectionPipeline::set_input(Slot& slot, const ImageRgb8& network_input) {
  slot.frame = {network_input.width, network_input.height, slot.out.width, slot.out.height};
  slot.tensor = std::move(spare_);
  slot.tensor.resize(nchw_float_count(network_input));
  TensorNormalization norm;
  norm.mean = model_.mean;
  norm.std = model_.std;
  if (auto w = write_nchw_float(network_input, norm, slot.tensor); !w) {
    slot.out.failure = w.error().message;
    slot.done = true;
    return;
  }
  slot.shape[2] = network_input.height;
  slot.shape[3] = network_input.width;
}

Result<void> DetectionPipeline::begin(std::string file, std::span<const std::uint8_t> bytes, InferenceEngine& engine) {
  if (!can_begin()) return make_error(ErrorCode::Internal, "Two images are already queued.");
  return enqueue(prepare(std::move(file), bytes), engine);
}

Result<void> DetectionPipeline::begin_prepared(std::string file, const ImageRgb8& network_input, int orig_width,
                                               int orig_height, InferenceEngine& engine) {
  if (!can_begin()) return make_error(ErrorCode::Internal, "Two images are already queued.");
  if (orig_width <= 0 || orig_height <= 0 || network_input.width <= 0 || network_input.height <= 0)
    return make_error(ErrorCode::InvalidArgument, "begin_prepared needs positive image sizes.");
  Slot slot;
  slot.out.file = std::move(file);
  slot.out.width = orig_width;
  slot.out.height = orig_height;
  set_input(slot, network_input);
  return enqueue(std::move(slot), engine);
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
  auto started = engine.start(slot.tensor, slot.shape);
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
