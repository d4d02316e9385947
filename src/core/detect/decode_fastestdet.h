#pragma once
// FastestDet (dog-qiuqiu/FastestDet): one grid, channels first, [1, 5 + C, H, W]. Per cell:
// c0 objectness (after the sigmoid), c1..c2 raw x/y offsets, c3..c4 raw w/h, c5.. class
// probabilities (after the softmax). Decoding as in the repo's example/onnx-runtime/runtime.py:
//   score = obj^a * max(cls)^b   (the repo uses a = 0.6, b = 0.4), kept when > conf (strict)
//   cx = (x + tanh(c1)) / W,  cy = (y + tanh(c2)) / H,  w = sigmoid(c3),  h = sigmoid(c4)
// The box is normalised to the whole image, because FastestDet's input is a plain resize; it is
// multiplied by the frame size given. With the original image size as the frame the boxes are
// final but unclipped (the reference does not clip either); with the network input size, scale
// them with plain_resize_geometry() to get clipping. The reference truncates the pixel box to
// integers for drawing; that is left out so detections keep sub-pixel precision.
// FastestDet's reference NMS is class-agnostic (NmsParams::agnostic).
#include <vector>

#include "core/detect/detection.h"
#include "core/detect/tensor_view.h"
#include "core/util/result.h"

namespace wl {

struct FastestDetDecodeParams {
  double conf_threshold = 0;
  float objectness_exponent = 0;
  float class_exponent = 0;
  float frame_width = 1;
  float frame_height = 1;
};

Result<std::vector<Detection>> decode_fastestdet(const TensorView& output, const FastestDetDecodeParams& params);

}  // namespace wl
