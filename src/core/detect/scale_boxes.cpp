#include "core/detect/scale_boxes.h"

#include <algorithm>
#include <cmath>

namespace wl {

double round_half_even(double v) {
  // std::nearbyint honours the current rounding mode, which is to-nearest-even unless someone
  // changed it; computing it by hand avoids depending on that global state.
  const double f = std::floor(v);
  const double diff = v - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return std::fmod(f, 2.0) == 0.0 ? f : f + 1;
}

ScaleGeometry yolov5_scale_geometry(int input_width, int input_height, int orig_width, int orig_height) {
  const double gain = std::min(static_cast<double>(input_height) / orig_height, static_cast<double>(input_width) / orig_width);
  ScaleGeometry g;
  g.gain_x = g.gain_y = gain;
  g.pad_x = (input_width - orig_width * gain) / 2;
  g.pad_y = (input_height - orig_height * gain) / 2;
  g.orig_width = orig_width;
  g.orig_height = orig_height;
  return g;
}

ScaleGeometry ultralytics_scale_geometry(int input_width, int input_height, int orig_width, int orig_height) {
  ScaleGeometry g = yolov5_scale_geometry(input_width, input_height, orig_width, orig_height);
  g.pad_x = round_half_even(g.pad_x - 0.1);
  g.pad_y = round_half_even(g.pad_y - 0.1);
  return g;
}

ScaleGeometry plain_resize_geometry(int input_width, int input_height, int orig_width, int orig_height) {
  ScaleGeometry g;
  g.gain_x = static_cast<double>(input_width) / orig_width;
  g.gain_y = static_cast<double>(input_height) / orig_height;
  g.orig_width = orig_width;
  g.orig_height = orig_height;
  return g;
}

ScaleGeometry letterbox_geometry(double ratio, double pad_x, double pad_y, int orig_width, int orig_height) {
  ScaleGeometry g;
  g.gain_x = g.gain_y = ratio;
  g.pad_x = pad_x;
  g.pad_y = pad_y;
  g.orig_width = orig_width;
  g.orig_height = orig_height;
  return g;
}

BoxXyxy scale_box(const BoxXyxy& b, const ScaleGeometry& g) {
  // PyTorch: boxes[..., 0] -= pad[0]; boxes[..., :4] /= gain, each a float32 tensor op with the
  // Python scalar converted to float32.
  const auto px = static_cast<float>(g.pad_x);
  const auto py = static_cast<float>(g.pad_y);
  const auto gx = static_cast<float>(g.gain_x);
  const auto gy = static_cast<float>(g.gain_y);
  BoxXyxy r{(b.x1 - px) / gx, (b.y1 - py) / gy, (b.x2 - px) / gx, (b.y2 - py) / gy};
  if (g.clip) {
    const auto w = static_cast<float>(g.orig_width);
    const auto h = static_cast<float>(g.orig_height);
    // max then min, like torch.clamp_(0, W); a NaN coordinate stays NaN.
    r.x1 = std::min(std::max(r.x1, 0.0f), w);
    r.x2 = std::min(std::max(r.x2, 0.0f), w);
    r.y1 = std::min(std::max(r.y1, 0.0f), h);
    r.y2 = std::min(std::max(r.y2, 0.0f), h);
  }
  return r;
}

void scale_boxes(std::span<Detection> detections, const ScaleGeometry& g) {
  for (Detection& d : detections) d.box = scale_box(d.box, g);
}

}  // namespace wl
