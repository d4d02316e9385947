#pragma once
// YOLO-style letterbox: scale an image to fit a target size keeping its aspect ratio, then
// pad it with a constant colour. Reproduces YOLOv5 `utils.augmentations.letterbox` (v7.0)
// and Ultralytics `LetterBox` (8.2.x) number for number, including Python's
// round-half-to-even and the "-0.1/+0.1" rule that puts an odd pad pixel at the bottom/right.
//
// All parameters come from the caller (a model manifest), so nothing here assumes 640,
// stride 32 or grey 114.
#include <cstdint>

#include "core/image/image.h"
#include "core/util/result.h"

namespace wl {

struct LetterboxParams {
  int target_width = 0;   // network input width
  int target_height = 0;  // network input height
  // Allow enlarging images smaller than the target (YOLOv5/Ultralytics default: true).
  bool scale_up = true;
  // `auto=True`: pad only up to the next multiple of `stride` (a rectangle for models with
  // dynamic height/width) instead of the full target size.
  bool stride_multiple = false;
  int stride = 32;
  // Ultralytics `center`: false puts all padding at the bottom/right.
  bool center = true;
  std::uint8_t fill = 114;  // pad colour, the same in all three channels
};

// Where the resized image sits inside the letterboxed one. Boxes found in letterbox pixels
// map back to the original image with these numbers.
struct LetterboxGeometry {
  double ratio = 1.0;         // r: original pixel * r = letterbox pixel
  int resized_width = 0;      // round(w * r), Python rounding
  int resized_height = 0;
  double pad_w = 0.0;         // dw: horizontal pad per side as a float (YOLOv5 scale_boxes)
  double pad_h = 0.0;         // dh
  int top = 0, bottom = 0, left = 0, right = 0;  // integer pads actually applied
  int output_width = 0;       // resized + left + right
  int output_height = 0;      // resized + top + bottom
};

struct LetterboxedImage {
  ImageRgb8 image;
  LetterboxGeometry geometry;
};

// Computes the geometry only. Fails with InvalidArgument for non-positive sizes or stride.
Result<LetterboxGeometry> letterbox_geometry(int src_width, int src_height, const LetterboxParams& params);

// Resizes (bilinear, OpenCV-exact) and pads `src`. `out.image`'s buffer is reused.
Result<void> letterbox(const ImageRgb8& src, const LetterboxParams& params, LetterboxedImage& out);
Result<LetterboxedImage> letterbox(const ImageRgb8& src, const LetterboxParams& params);

}  // namespace wl
