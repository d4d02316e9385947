// PLACEHOLDER until the PIL-exact version lands: PIL-style crop, OpenCV-style resize.
#include "core/preprocess/pw_crop.h"

#include <cmath>
#include <cstring>

#include "core/preprocess/resize_bilinear.h"

namespace wl {

Result<ImageRgb8> pw_classifier_crop(const ImageRgb8& upright, const PixelBox& box, int width, int height) {
  const int x1 = static_cast<int>(std::lround(box.x1)), y1 = static_cast<int>(std::lround(box.y1));
  const int x2 = static_cast<int>(std::lround(box.x2)), y2 = static_cast<int>(std::lround(box.y2));
  if (x2 - x1 < kMinCropPixels || y2 - y1 < kMinCropPixels)
    return make_error(ErrorCode::InvalidArgument, "the crop is smaller than 8 pixels; it is not classified");
  ImageRgb8 crop;
  crop.width = x2 - x1;
  crop.height = y2 - y1;
  crop.pixels.assign(static_cast<std::size_t>(crop.width) * crop.height * 3, 0);
  for (int y = std::max(y1, 0); y < std::min(y2, upright.height); ++y)
    for (int x = std::max(x1, 0); x < std::min(x2, upright.width); ++x)
      std::memcpy(crop.row(y - y1) + (x - x1) * 3, upright.row(y) + x * 3, 3);
  return resize_bilinear_u8(crop, width, height);
}

}  // namespace wl
