#pragma once
// The pipeline's InferenceEngine (src/core/pipeline/engine.h) over an ONNX Runtime session
// of the inference seam. One run in flight at a time; the timings of the last finished run
// are kept for progress reports.
#include <optional>
#include <string>

#include "core/pipeline/engine.h"
#include "platform/inference.h"

namespace wl::inference {

class OrtEngine : public InferenceEngine {
 public:
  explicit OrtEngine(Session& session) : session_(session), input_name_(session.info().inputs.at(0).name) {}

  Result<void> start(std::span<const float> input, std::span<const std::int64_t> shape,
                     std::span<const SideInput> side) override;
  std::optional<Result<std::vector<TensorF32>>> poll() override;

  const RunTimings& last_timings() const { return last_timings_; }

 private:
  Session& session_;
  std::string input_name_;
  std::optional<PendingRun> running_;
  RunTimings last_timings_;
};

}  // namespace wl::inference
