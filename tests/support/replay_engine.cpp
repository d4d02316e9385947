#include "replay_engine.h"

#include <stdexcept>

#include "fixtures.h"

namespace wl::test {

Result<void> ReplayEngine::start(std::span<const float> input, std::span<const std::int64_t> shape,
                                 std::span<const SideInput> side) {
  inputs.emplace_back(input.begin(), input.end());
  shapes.emplace_back(shape.begin(), shape.end());
  side_inputs.emplace_back(side.begin(), side.end());
  pending_ = delay_polls;
  return {};
}

std::optional<Result<std::vector<TensorF32>>> ReplayEngine::poll() {
  if (pending_-- > 0) return std::nullopt;
  if (fail_with) return Result<std::vector<TensorF32>>(*fail_with);
  return Result<std::vector<TensorF32>>(outputs);
}

ModelEntry fixture_model_entry(const std::string& id) {
  auto zoo = parse_model_zoo(read_text_file(std::string(WL_SOURCE_DIR) + "/tests/models/fixtures.json"));
  if (!zoo) throw std::runtime_error("tests/models/fixtures.json: " + zoo.error().message);
  for (auto& m : zoo.value())
    if (m.id == id) return m;
  throw std::runtime_error("tests/models/fixtures.json has no entry '" + id + "'");
}

ImageDetections run_to_end(DetectionPipeline& pipeline, InferenceEngine& engine) {
  for (int i = 0; i < 100; ++i)
    if (auto r = pipeline.poll(engine)) return std::move(*r);
  throw std::runtime_error("the pipeline never finished the image");
}

}  // namespace wl::test
