#pragma once
// Plain resize to the network size, ignoring aspect ratio (e.g. RT-DETR exports that take
// a fixed 640x640 input without letterboxing). Same OpenCV-exact bilinear as the
// letterbox, so one model family does not see different pixels from another.
#include "core/image/image.h"
#include "core/util/result.h"

namespace wl {

struct StretchGeometry {
  double scale_x = 1.0;  // network pixel = original pixel * scale_x
  double scale_y = 1.0;
  int output_width = 0;
  int output_height = 0;
};

struct StretchedImage {
  ImageRgb8 image;
  StretchGeometry geometry;
};

// Fails with InvalidArgument for an empty image or a non-positive target.
Result<void> stretch_resize(const ImageRgb8& src, int target_width, int target_height, StretchedImage& out);
Result<StretchedImage> stretch_resize(const ImageRgb8& src, int target_width, int target_height);

}  // namespace wl
