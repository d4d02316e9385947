#pragma once
// EXIF orientation (tag 0x0112) applied to pixels, the way PIL's ImageOps.exif_transpose
// does it. Cameras store the sensor's pixels as they were read out and record how the
// camera was held; the image the user saw, and the frame every detection box refers to,
// is the transformed one.
//
//   1 as stored            5 transpose (mirror across the main diagonal)
//   2 mirror left-right    6 rotate 90 degrees clockwise
//   3 rotate 180           7 transverse (mirror across the anti-diagonal)
//   4 mirror top-bottom    8 rotate 90 degrees counter-clockwise
#include "core/image/image.h"

namespace wl {

// True for 1..8. Other values (0, 9, 65535 seen in the wild) are treated as 1.
bool is_valid_exif_orientation(int orientation);

// Returns the upright image. Orientations 5..8 swap width and height. Invalid values
// return a copy of the input unchanged.
ImageRgb8 apply_orientation(const ImageRgb8& image, int orientation);

// The orientation that undoes `orientation` (6 and 8 swap; the others are their own inverse).
int inverse_orientation(int orientation);

}  // namespace wl
