#include "platform/js/ort_engine.h"

namespace wl::inference {

Result<void> OrtEngine::start(std::span<const float> input, std::span<const std::int64_t> shape,
                              std::span<const SideInput> side) {
  if (running_) return make_error(ErrorCode::Internal, "A run is already in flight on this engine.");
  std::vector<InputTensor> inputs;
  inputs.push_back(InputTensor{input_name_, std::vector<std::int64_t>(shape.begin(), shape.end()), input, {}});
  for (const SideInput& s : side) inputs.push_back(InputTensor{s.name, s.shape, {}, s.values});
  running_.emplace(session_.run(inputs));
  return {};
}

std::optional<Result<std::vector<TensorF32>>> OrtEngine::poll() {
  if (!running_) return Result<std::vector<TensorF32>>(make_error(ErrorCode::Internal, "No run was started."));
  auto r = running_->poll();
  if (!r) return std::nullopt;
  running_.reset();
  if (!r->ok()) return Result<std::vector<TensorF32>>(r->error());
  last_timings_ = r->value().timings;
  return Result<std::vector<TensorF32>>(std::move(r->value().outputs));
}

}  // namespace wl::inference
