#pragma once
// YOLOX output with the box decode left out of the graph (Megvii's ONNX export default, and the
// fixture models/yolox_nano): [1, N, 5 + C] with raw x/y offsets, raw log w/h, objectness and
// class probabilities (the last two after the sigmoid). N covers one grid per stride, each cell
// row-major (y, then x), strides in the order given (8, 16, 32 for the standard head).
//
// The grid step is YOLOX's demo_postprocess:
//   cx = (o0 + gx) * s,  cy = (o1 + gy) * s,  w = exp(o2) * s,  h = exp(o3) * s
// after which the rows are YOLOv5-shaped and are scored by decode_objectness_rows
// (score = obj * cls). YOLOX pastes the image at the top-left of its canvas, so the scale back is
// a letterbox with zero pads (make_topleft_geometry in scale_boxes.h).
//
// Note: YOLOX's own demo NMS (numpy) measures boxes with the old "+1" pixel convention; nms()
// here follows torchvision, which YOLOX's training/eval code uses.
#include <vector>

#include "core/detect/decode_yolov5.h"
#include "core/detect/detection.h"
#include "core/detect/tensor_view.h"
#include "core/util/result.h"

namespace wl {

struct YoloxDecodeParams {
  ObjectnessDecodeParams scoring;
  std::vector<int> strides;  // e.g. {8, 16, 32}
  int input_width = 0;       // the network input size the grids are cut from
  int input_height = 0;
};

Result<std::vector<Detection>> decode_yolox(const TensorView& output, const YoloxDecodeParams& params);

}  // namespace wl
