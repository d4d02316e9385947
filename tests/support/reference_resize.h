#pragma once
// Plain floating-point resizes, written from the textbook definitions, to test the
// fixed-point OpenCV-exact resize against (it must stay within one level of the first)
// and to show that the parity tolerances catch a wrong interpolation (the others).
#include "core/image/image.h"

namespace wl::test {

enum class SampleGrid {
  HalfPixel,     // src = (dst + 0.5) * scale - 0.5 (OpenCV, PIL, torchvision align_corners=False)
  TopLeft,       // src = dst * scale: the classic half-pixel shift bug
};

// Bilinear in double, source coordinates clamped to the image, rounded to nearest.
ImageRgb8 resize_bilinear_double(const ImageRgb8& src, int w, int h, SampleGrid grid = SampleGrid::HalfPixel);

// Box-filter (area) average in double, as INTER_AREA or an antialiased downscale does.
ImageRgb8 resize_area_double(const ImageRgb8& src, int w, int h);

}  // namespace wl::test
