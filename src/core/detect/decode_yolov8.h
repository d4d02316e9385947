#pragma once
// Ultralytics YOLOv8 / YOLOv9 / YOLO11 detection output: [1, 4 + C, N], channels first, with
// cx, cy, w, h (input pixels) then C class scores after the sigmoid. There is no objectness.
// The MegaDetector v6 YOLOv9 models use this layout.
//
// Mirrors ultralytics.utils.ops.non_max_suppression (8.2.50) up to the NMS call:
//   candidates: max class score > conf (strict)
//   multi_label false: best score and its first index, kept when > conf
//   multi_label true:  every (anchor, class) with score > conf, in anchor-then-class order
// The result is in anchor order, in input (letterbox) pixels; nms() sorts it.
#include <vector>

#include "core/detect/detection.h"
#include "core/detect/tensor_view.h"
#include "core/util/result.h"

namespace wl {

struct ClassScoreDecodeParams {
  double conf_threshold = 0;
  bool multi_label = false;
  // 0: every channel after the box is a class. Otherwise the number of classes; channels after
  // them (mask coefficients, keypoints) are ignored, as Ultralytics' `nc` argument does.
  int num_classes = 0;
};

Result<std::vector<Detection>> decode_yolov8(const TensorView& output, const ClassScoreDecodeParams& params);

}  // namespace wl
