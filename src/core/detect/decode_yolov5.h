#pragma once
// YOLOv5-style output rows: [1, N, 5 + C] with cx, cy, w, h (input pixels), objectness, then C
// class probabilities, all after the sigmoid. This is the MegaDetector v5 layout, and YOLOX's
// layout once its grid offsets are decoded (see decode_yolox.h).
//
// Mirrors utils.general.non_max_suppression of YOLOv5 v7.0 up to (not including) the NMS call:
//   candidates: objectness > conf (strict)
//   score of class c = cls_c * objectness (float32 product)
//   multi_label false: the best product and its first index, kept when > conf (strict)
//   multi_label true:  every (row, class) whose product is > conf, in row-then-class order
// The result is in row order, in input (letterbox) pixels; nms() sorts it.
#include <span>
#include <vector>

#include "core/detect/detection.h"
#include "core/detect/tensor_view.h"
#include "core/util/result.h"

namespace wl {

struct ObjectnessDecodeParams {
  double conf_threshold = 0;  // MegaDetector v5 uses 0.005 for its full output, YOLOv5 detect.py 0.25
  bool multi_label = false;
  // 0: every column after the objectness is a class. Otherwise the number of classes; columns
  // after them (a segmentation model's mask coefficients) are ignored.
  int num_classes = 0;
};

Result<std::vector<Detection>> decode_yolov5(const TensorView& output, const ObjectnessDecodeParams& params);

// The same scoring, with the four box columns replaced by `boxes_cxcywh` (N x 4, row-major) when
// it is not empty. Used by decoders whose raw box columns need their own transform first.
Result<std::vector<Detection>> decode_objectness_rows(const TensorView& output, std::span<const float> boxes_cxcywh,
                                                      const ObjectnessDecodeParams& params);

}  // namespace wl
