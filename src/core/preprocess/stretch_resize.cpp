#include "core/preprocess/stretch_resize.h"

#include <string>

#include "core/preprocess/resize_bilinear.h"

namespace wl {

Result<void> stretch_resize(const ImageRgb8& src, int target_width, int target_height, StretchedImage& out) {
  if (src.width <= 0 || src.height <= 0) {
    return make_error(ErrorCode::InvalidArgument, "cannot resize an empty image");
  }
  if (target_width <= 0 || target_height <= 0) {
    return make_error(ErrorCode::InvalidArgument, "the model input size " + std::to_string(target_width) + "x" +
                                                      std::to_string(target_height) + " is not a valid resize target");
  }
  out.geometry.scale_x = static_cast<double>(target_width) / src.width;
  out.geometry.scale_y = static_cast<double>(target_height) / src.height;
  out.geometry.output_width = target_width;
  out.geometry.output_height = target_height;
  if (target_width == src.width && target_height == src.height) {
    out.image = src;  // cv::resize to the same size is a copy too
  } else {
    resize_bilinear_u8(src, target_width, target_height, out.image);
  }
  return {};
}

Result<StretchedImage> stretch_resize(const ImageRgb8& src, int target_width, int target_height) {
  StretchedImage out;
  auto r = stretch_resize(src, target_width, target_height, out);
  if (!r) return r.error();
  return out;
}

}  // namespace wl
