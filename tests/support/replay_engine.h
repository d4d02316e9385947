#pragma once
// The unit tests' stand-in for ONNX Runtime: an InferenceEngine that answers every run with
// saved outputs, after a few pending polls as an asynchronous runtime would, and keeps a copy
// of everything it was asked to run so tests can check what the pipeline fed it.
#include <optional>
#include <string>
#include <vector>

#include "core/models/manifest.h"
#include "core/pipeline/detect_pipeline.h"
#include "core/pipeline/engine.h"

namespace wl::test {

class ReplayEngine : public InferenceEngine {
 public:
  std::vector<TensorF32> outputs;  // the answer to every run
  std::optional<Error> fail_with;  // answer runs with this error instead
  int delay_polls = 2;             // pending polls before each answer

  // Every run started, in order.
  std::vector<std::vector<float>> inputs;
  std::vector<std::vector<std::int64_t>> shapes;
  std::vector<std::vector<SideInput>> side_inputs;
  int starts() const { return static_cast<int>(inputs.size()); }

  Result<void> start(std::span<const float> input, std::span<const std::int64_t> shape,
                     std::span<const SideInput> side) override;
  std::optional<Result<std::vector<TensorF32>>> poll() override;

 private:
  int pending_ = 0;
};

// An entry of tests/models/fixtures.json (the test manifest of the fixture models); throws
// when there is none with that id.
ModelEntry fixture_model_entry(const std::string& id);

// Polls until the pipeline hands back its oldest image; throws if it never does.
ImageDetections run_to_end(DetectionPipeline& pipeline, InferenceEngine& engine);

}  // namespace wl::test
