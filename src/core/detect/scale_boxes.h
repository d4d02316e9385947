#pragma once
// From network-input pixels back to original-image pixels.
//
// A ScaleGeometry says how the original image was placed in the network input:
//   x_orig = (x_input - pad_x) / gain_x,  y_orig = (y_input - pad_y) / gain_y
// then, when `clip` is set, x is clamped to [0, W] and y to [0, H] (continuous xyxy, a full-width
// box is [0, W]). The arithmetic is float32, as in the PyTorch references, with the double
// parameters rounded to float32 first: that reproduces YOLOv5's scale_boxes bit for bit on the
// fixtures.
//
// Three ways to get one, each matching a reference implementation:
//   * YOLOv5 (utils.general.scale_boxes, v7.0): gain = min(in_h/H, in_w/W); pads are the FLOAT
//     half of the unused room, (in_w - W*gain)/2, even though the letterbox padded whole pixels.
//   * Ultralytics (ops.scale_boxes, 8.x): same gain; pads = round(room/2 - 0.1), whole pixels
//     equal to the letterbox's left/top pad (Python round: half to even).
//   * Plain resize (RT-DETR style, FastestDet): gain_x = in_w/W, gain_y = in_h/H, no pad.
#include <span>
#include <vector>

#include "core/detect/detection.h"

namespace wl {

struct ScaleGeometry {
  double gain_x = 1;
  double gain_y = 1;
  double pad_x = 0;
  double pad_y = 0;
  int orig_width = 0;
  int orig_height = 0;
  bool clip = true;
};

ScaleGeometry yolov5_scale_geometry(int input_width, int input_height, int orig_width, int orig_height);
ScaleGeometry ultralytics_scale_geometry(int input_width, int input_height, int orig_width, int orig_height);
ScaleGeometry plain_resize_geometry(int input_width, int input_height, int orig_width, int orig_height);
// A known letterbox: its ratio and the pad of its left/top edge (fractional pads allowed).
ScaleGeometry letterbox_geometry(double ratio, double pad_x, double pad_y, int orig_width, int orig_height);

BoxXyxy scale_box(const BoxXyxy& box, const ScaleGeometry& g);
// In place, every box.
void scale_boxes(std::span<Detection> detections, const ScaleGeometry& g);

// Python's round(): to nearest, ties to even. Exposed for the letterbox code, which must pad with
// the same integers.
double round_half_even(double v);

}  // namespace wl
