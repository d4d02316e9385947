#include "core/preprocess/classifier_crop.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "core/preprocess/resize_bilinear.h"

namespace wl {

PixelBox classifier_crop_region(const PixelBox& box, const ClassifierCropParams& p) {
  const double cx = (box.x1 + box.x2) / 2;
  const double cy = (box.y1 + box.y2) / 2;
  double w = box.x2 - box.x1;
  double h = box.y2 - box.y1;
  if (p.square) w = h = std::max(w, h);
  w *= 1.0 + 2.0 * p.pad_fraction;
  h *= 1.0 + 2.0 * p.pad_fraction;
  return {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
}

Result<ImageRgb8> classifier_crop(const ImageRgb8& image, const PixelBox& box, const ClassifierCropParams& p) {
  if (p.size <= 0) {
    return make_error(ErrorCode::InvalidArgument, "the classifier input size must be positive, not " + std::to_string(p.size));
  }
  if (!(p.pad_fraction >= 0.0) || !std::isfinite(p.pad_fraction)) {
    return make_error(ErrorCode::InvalidArgument, "the crop padding must be a non-negative fraction");
  }
  const bool finite = std::isfinite(box.x1) && std::isfinite(box.y1) && std::isfinite(box.x2) && std::isfinite(box.y2);
  if (!finite || box.x2 <= box.x1 || box.y2 <= box.y1) {
    return make_error(ErrorCode::InvalidArgument, "the detection box is empty or not a number, so there is nothing to classify");
  }
  if (image.width <= 0 || image.height <= 0) return make_error(ErrorCode::InvalidArgument, "the image is empty");

  const PixelBox r = classifier_crop_region(box, p);
  // Whole pixels covering the region; at least one pixel each way.
  const double fx1 = std::floor(r.x1), fy1 = std::floor(r.y1);
  const double fx2 = std::max(std::ceil(r.x2), fx1 + 1), fy2 = std::max(std::ceil(r.y2), fy1 + 1);
  if (fx2 <= 0 || fy2 <= 0 || fx1 >= image.width || fy1 >= image.height) {
    return make_error(ErrorCode::InvalidArgument, "the detection box lies outside the image");
  }
  // The region can be far larger than the image for a huge pad; bound it by what can
  // matter: the image plus the region's own overhang, in int range.
  const double limit = 4.0 * std::max(image.width, image.height) + 4.0 * p.size;
  if (fx2 - fx1 > limit || fy2 - fy1 > limit) {
    return make_error(ErrorCode::InvalidArgument, "the crop region is far larger than the image");
  }
  const int x1 = static_cast<int>(fx1), y1 = static_cast<int>(fy1);
  const int cw = static_cast<int>(fx2) - x1, ch = static_cast<int>(fy2) - y1;

  ImageRgb8 crop;
  crop.width = cw;
  crop.height = ch;
  crop.pixels.assign(static_cast<std::size_t>(cw) * ch * 3, p.fill);
  const int ix1 = std::max(x1, 0), ix2 = std::min(x1 + cw, image.width);
  const int iy1 = std::max(y1, 0), iy2 = std::min(y1 + ch, image.height);
  for (int y = iy1; y < iy2; ++y) {
    std::memcpy(crop.row(y - y1) + static_cast<std::size_t>(ix1 - x1) * 3, image.row(y) + static_cast<std::size_t>(ix1) * 3,
                static_cast<std::size_t>(ix2 - ix1) * 3);
  }
  if (cw == p.size && ch == p.size) return crop;
  return resize_bilinear_u8(crop, p.size, p.size);
}

}  // namespace wl
