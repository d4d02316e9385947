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

void DetectionPipeline::finish_failed(std::string message) {
  current_.failure = std::move(message);
  state_ = State::Done;
}

Result<void> DetectionPipeline::begin(std::string file, std::span<const std::uint8_t> bytes, InferenceEngine& engine) {
  if (busy()) return make_error(ErrorCode::Internal, "An image is already being processed.");
  current_ = ImageDetections{};
  current_.file = std::move(file);
  double t0 = now_ms();
  auto decoded = decode_image(bytes);
  current_.timings.decode_ms = now_ms() - t0;
  if (!decoded) {
    finish_failed(decoded.error().message);
    return {};
  }
  current_.warning = decoded->warning;
  const ImageRgb8& img = decoded->image;
  current_.width = img.width;
  current_.height = img.height;

  t0 = now_ms();
  ImageRgb8 network_input;
  if (model_.resize == ResizeMode::Stretch) {
    auto s = stretch_resize(img, input_size_, input_size_);
    if (!s) {
      finish_failed(s.error().message);
      return {};
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
      finish_failed(lb.error().message);
      return {};
    }
    network_input = std::move(lb->image);
  }
  if (keep_image_) current_.image = std::move(decoded->image);
  decoded = make_error(ErrorCode::Internal, "released");  // free the full-size pixels before inference
  auto started = start_engine(network_input, engine);
  current_.timings.preprocess_ms = now_ms() - t0;
  return started;
}

Result<void> DetectionPipeline::begin_prepared(std::string file, const ImageRgb8& network_input, int orig_width,
                                               int orig_height, InferenceEngine& engine) {
  if (busy()) return make_error(ErrorCode::Internal, "An image is already being processed.");
  if (orig_width <= 0 || orig_height <= 0 || network_input.width <= 0 || network_input.height <= 0)
    return make_error(ErrorCode::InvalidArgument, "begin_prepared needs positive image sizes.");
  current_ = ImageDetections{};
  current_.file = std::move(file);
  current_.width = orig_width;
  current_.height = orig_height;
  return start_engine(network_input, engine);
}

Result<void> DetectionPipeline::start_engine(const ImageRgb8& network_input, InferenceEngine& engine) {
  frame_ = {network_input.width, network_input.height, current_.width, current_.height};
  tensor_.resize(nchw_float_count(network_input));
  TensorNormalization norm;
  norm.mean = model_.mean;
  norm.std = model_.std;
  if (auto w = write_nchw_float(network_input, norm, tensor_); !w) return w;
  const std::int64_t shape[4] = {1, 3, network_input.height, network_input.width};
  run_started_ms_ = now_ms();
  if (auto s = engine.start(tensor_, shape); !s) {
    // The engine refused to start (e.g. the runtime is gone): this image fails, the batch goes on.
    finish_failed("Inference could not start: " + s.error().message);
    return {};
  }
  state_ = State::Running;
  return {};
}

std::optional<ImageDetections> DetectionPipeline::poll(InferenceEngine& engine) {
  if (state_ == State::Idle) return std::nullopt;
  if (state_ == State::Running) {
    auto outputs = engine.poll();
    if (!outputs) return std::nullopt;
    current_.timings.inference_ms = now_ms() - run_started_ms_;
    if (!outputs->ok()) {
      current_.failure = "Inference failed: " + outputs->error().message;
    } else {
      double t0 = now_ms();
      auto dets = postprocess_detections(outputs->value(), model_, frame_, {threshold_});
      current_.timings.postprocess_ms = now_ms() - t0;
      if (dets) current_.detections = std::move(dets.value());
      else current_.failure = dets.error().message;
    }
  }
  state_ = State::Idle;
  return std::move(current_);
}

}  // namespace wl
