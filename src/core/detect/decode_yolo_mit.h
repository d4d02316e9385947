#pragma once
// The MIT-licensed YOLO (MultimediaTechLab/YOLO, "YOLOv9 MIT"; MegaDetector v6's MIT models)
// as its ONNX export gives it: no single detection tensor, but three tensors per stride, in
// the order the network's main head produces them:
//   class logits          [1, C, h, w]      (before the sigmoid)
//   distance distribution [1, 16, 4, h, w]  (already reduced into the next tensor; ignored)
//   box distances         [1, 4, h, w]      left, top, right, bottom in units of the stride
// for strides 8, 16, 32 (h, w = input / stride). A plain torch.onnx export of the training
// model appends the auxiliary head's nine tensors; only the first nine (the main head) count,
// as the project's own ONNX loader does.
//
// Mirrors the PytorchWildlife/upstream post-processing up to NMS:
//  - anchors at cell centres, (x + 0.5) * stride and (y + 0.5) * stride, row-major per stride,
//    strides in output order;
//  - box = centre - (l, t) * stride, centre + (r, b) * stride, in input (letterbox) pixels;
//  - score = sigmoid(logit) per class, and every (anchor, class) with score > conf (strict) is a
//    candidate (multi-label), in anchor-then-class order. nms() sorts them.
#include <vector>

#include "core/detect/detection.h"
#include "core/detect/tensor_view.h"
#include "core/util/result.h"

namespace wl {

struct YoloMitDecodeParams {
  double conf_threshold = 0;
  int input_width = 0;   // the network input, to tell each scale's stride from its grid
  int input_height = 0;
};

// `outputs`: the model's outputs in order (9, or 18 with the auxiliary head).
Result<std::vector<Detection>> decode_yolo_mit(const std::vector<TensorView>& outputs, const YoloMitDecodeParams& params);

}  // namespace wl
