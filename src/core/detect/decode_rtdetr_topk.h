#pragma once
// SPARROW's `rtdetr_topk` output (MegaDetector v6 RT-DETR packages of Microsoft's SPARROW
// model zoo): [1, K, 6] rows of cx, cy, w, h normalised to 0..1 of the (stretched, not
// letterboxed) network input, score, class (a float holding an integer). The graph has
// already picked its top K, so there is no NMS.
//
// Mirrors SPARROW-Engine's postprocess::try_rtdetr_topk_with_limit: a row is kept when its
// score passes the threshold, its box is cxcywh -> xyxy, and the kept rows are sorted by
// descending score (a stable sort, so equal scores keep the model's order) before any cap.
// Two differences, both on purpose: the threshold is strict (score > conf) as in every other
// decoder here, and boxes are multiplied by the frame size (pass the network input size, then
// scale back with plain_resize_geometry(), which also clips) instead of clamped to 0..1.
#include <vector>

#include "core/detect/detection.h"
#include "core/detect/tensor_view.h"
#include "core/util/result.h"

namespace wl {

struct RtDetrTopkDecodeParams {
  double conf_threshold = 0;
  float frame_width = 1;   // the normalised boxes are multiplied by these
  float frame_height = 1;
};

// Fails with UnsupportedLayout for another shape, and with Corrupt when a kept row's class is
// not a non-negative whole number or a score or box value is not finite.
Result<std::vector<Detection>> decode_rtdetr_topk(const TensorView& output, const RtDetrTopkDecodeParams& params);

}  // namespace wl
