#pragma once
// What the pipeline needs from an inference runtime, and nothing more: start one run on an
// NCHW float tensor, then poll until its outputs are there. The browser and Node implement it
// over ONNX Runtime (src/platform/js/ort_engine.h); unit tests use a fake that replays saved
// outputs. Polling (rather than a blocking call or a callback) lets one pipeline serve both a
// frame loop that must never block and a headless loop that awaits between polls.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/models/tensor.h"
#include "core/util/result.h"

namespace wl {

// A small integer input some exports take beside the image, e.g. RT-DETRv2's
// `orig_target_sizes` [1, 2] = the original image's (width, height), which its graph uses to
// scale the boxes to image pixels.
struct SideInput {
  std::string name;
  std::vector<std::int64_t> shape;
  std::vector<std::int64_t> values;
};

class InferenceEngine {
 public:
  virtual ~InferenceEngine() = default;

  // Starts one run. `input` (shape `shape`, e.g. {1, 3, H, W}) and `side` are only read during
  // the call. At most one run is in flight per engine.
  virtual Result<void> start(std::span<const float> input, std::span<const std::int64_t> shape,
                             std::span<const SideInput> side = {}) = 0;

  // nullopt while the run is in flight; then its outputs, in the model's output order.
  virtual std::optional<Result<std::vector<TensorF32>>> poll() = 0;
};

}  // namespace wl
