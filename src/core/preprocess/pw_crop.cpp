#include "core/preprocess/pw_crop.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "core/preprocess/python_round.h"
#include "core/preprocess/resize_pil.h"

namespace wl {

namespace {
constexpr double kMaxCropPixels = 100'000'000;  // the decoder's default image limit
}  // namespace

Result<ImageRgb8> pw_classifier_crop(const ImageRgb8& upright, const PixelBox& box, int width, int height) {
  if (!std::isfinite(box.x1) || !std::isfinite(box.y1) || !std::isfinite(box.x2) || !std::isfinite(box.y2))
    return make_error(ErrorCode::InvalidArgument, "the detection box is not a number, so there is nothing to classify");
  if (width <= 0 || height <= 0) return make_error(ErrorCode::InvalidArgument, "the classifier input size must be positive");
  if (upright.width <= 0 || upright.height <= 0)
    return make_error(ErrorCode::InvalidArgument, "the image is empty, so there is nothing to classify");
  // Bounded first so the int conversion cannot overflow; a box this far out is unusable anyway.
  const double limit = 4.0 * std::max(upright.width, upright.height) + 1e4;
  const auto corner = [&](double v) { return python_round_int(std::clamp(v, -limit, limit)); };
  const int x1 = corner(box.x1), y1 = corner(box.y1), x2 = corner(box.x2), y2 = corner(box.y2);
  if (x2 - x1 < kMinCropPixels || y2 - y1 < kMinCropPixels)
    return make_error(ErrorCode::InvalidArgument, "the crop is smaller than 8 pixels; it is not classified");
  // PIL would fill a box far outside the image with black; a crop that big would only exhaust
  // memory (up to ~60000 x 60000 pixels within the clamp above). A detector's boxes lie in the
  // image, so this never refuses one of them.
  if (static_cast<double>(x2 - x1) * (y2 - y1) > std::max(kMaxCropPixels, static_cast<double>(upright.width) * upright.height))
    return make_error(ErrorCode::InvalidArgument, "the detection box (" + std::to_string(x2 - x1) + " x " +
                                                      std::to_string(y2 - y1) +
                                                      " pixels) is far larger than the image; it is not classified");
  ImageRgb8 crop;
  crop.width = x2 - x1;
  crop.height = y2 - y1;
  crop.pixels.assign(static_cast<std::size_t>(crop.width) * crop.height * 3, 0);
  const int ix1 = std::max(x1, 0), ix2 = std::min(x2, upright.width);
  const int iy1 = std::max(y1, 0), iy2 = std::min(y2, upright.height);
  if (ix2 > ix1)
    for (int y = iy1; y < iy2; ++y)
      std::memcpy(crop.row(y - y1) + static_cast<std::size_t>(ix1 - x1) * 3, upright.row(y) + static_cast<std::size_t>(ix1) * 3,
                  static_cast<std::size_t>(ix2 - ix1) * 3);
  return resize_pil_bilinear(crop, width, height);
}

}  // namespace wl
