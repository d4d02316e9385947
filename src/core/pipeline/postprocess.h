#pragma once
// Raw model outputs -> detections in original-image pixels, for every detector layout a
// manifest can name. This is where a model entry's numbers (thresholds, NMS, box rescaling)
// meet the decoders of src/core/detect.
#include <vector>

#include "core/detect/detection.h"
#include "core/models/manifest.h"
#include "core/models/tensor.h"
#include "core/util/result.h"

namespace wl {

// How the network input was made from the original (upright) image.
struct InputFrame {
  int input_width = 0;   // the tensor's W and H
  int input_height = 0;
  int orig_width = 0;    // the upright image
  int orig_height = 0;
};

struct PostprocessParams {
  float conf_threshold = 0;  // keep detections scoring above this (strict, as the references)
};

// Decodes `outputs` as the entry's layout, applies NMS where the layout needs it, keeps at
// most thresholds.max_det, and maps boxes back to the original image. Order: by descending
// confidence (NMS layouts) or the model's own order (end-to-end layouts).
Result<std::vector<Detection>> postprocess_detections(const std::vector<TensorF32>& outputs, const ModelEntry& model,
                                                      const InputFrame& frame, const PostprocessParams& params);

}  // namespace wl
