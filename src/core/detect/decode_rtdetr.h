#pragma once
// RT-DETR outputs. A DETR-style model predicts a fixed set of queries and needs no NMS.
//
// 1. Ultralytics export: one tensor [1, Q, 4 + C] = cx, cy, w, h normalised to 0..1, then C
//    class scores (already after the sigmoid in Ultralytics' export). Mirrors
//    RTDETRPredictor.postprocess (8.2.50): best class (first index), keep score > conf (strict),
//    xywh2xyxy, then x times frame width and y times frame height. Ultralytics uses the original
//    image size as the frame (its input is a plain resize, so normalised input = normalised image)
//    and does not clip; for clipped boxes, use the input size as the frame and scale back with
//    plain_resize_geometry().
//
// 2. The RT-DETR reference deploy export (lyuwenyu/RT-DETR, PaddleDetection): three tensors
//    labels [1, Q] (int64, or float), boxes [1, Q, 4], scores [1, Q]. The graph has already chosen
//    the class of each query and, in that export, scaled xyxy boxes to the `orig_target_sizes`
//    input. Rows with score > conf (strict) are kept in output order.
#include <vector>

#include "core/detect/detection.h"
#include "core/detect/tensor_view.h"
#include "core/util/result.h"

namespace wl {

struct RtDetrDecodeParams {
  double conf_threshold = 0;
  float frame_width = 1;   // the normalised boxes are multiplied by these
  float frame_height = 1;
  bool scores_are_logits = false;  // true: apply the sigmoid here (exports that leave it out)
};

Result<std::vector<Detection>> decode_rtdetr(const TensorView& output, const RtDetrDecodeParams& params);

enum class BoxFormat { Xyxy, Cxcywh };

struct DetrTripleDecodeParams {
  double conf_threshold = 0;
  BoxFormat box_format = BoxFormat::Xyxy;
  float scale_x = 1;  // 1 when the graph already produced pixels; the frame size for 0..1 boxes
  float scale_y = 1;
};

Result<std::vector<Detection>> decode_detr_triple(const Int64TensorView& labels, const TensorView& boxes,
                                                  const TensorView& scores, const DetrTripleDecodeParams& params);
Result<std::vector<Detection>> decode_detr_triple(const TensorView& labels, const TensorView& boxes,
                                                  const TensorView& scores, const DetrTripleDecodeParams& params);

}  // namespace wl
