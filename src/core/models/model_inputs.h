#pragma once
// Does a model take the inputs its configuration says the app will feed? The app feeds the
// image as the first input and, for entries with input.size_input, the image size as an int64
// [1, 2] tensor. A mismatch would otherwise surface as a runtime error about a missing feed
// deep inside ONNX Runtime; this says what to change in the configuration instead.
#include <vector>

#include "core/models/manifest.h"
#include "core/models/tensor.h"
#include "core/util/result.h"

namespace wl {

// `inputs` as the ONNX file or the runtime lists them (image first).
Result<void> check_model_inputs(const std::vector<TensorInfo>& inputs, const ModelEntry& entry);

}  // namespace wl
