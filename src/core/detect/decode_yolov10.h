#pragma once
// End-to-end YOLOv10 output (also the MegaDetector v6 YOLOv10 models): [1, K, 6] rows of
// x1, y1, x2, y2 (input pixels), score, class (a float holding an integer). The model has
// already picked its top K and sorted them, so there is no NMS: rows with score > conf (strict)
// are kept in output order, as Ultralytics' DetectionPredictor does for a last dimension of 6.
#include <vector>

#include "core/detect/detection.h"
#include "core/detect/tensor_view.h"
#include "core/util/result.h"

namespace wl {

struct EndToEndDecodeParams {
  double conf_threshold = 0;
};

// Fails with ErrorCode::Corrupt when a kept row's class is not a non-negative whole number.
Result<std::vector<Detection>> decode_yolov10(const TensorView& output, const EndToEndDecodeParams& params);

}  // namespace wl
