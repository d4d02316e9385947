#include "core/preprocess/letterbox.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/preprocess/python_round.h"
#include "core/preprocess/resize_bilinear.h"

namespace wl {

Result<LetterboxGeometry> letterbox_geometry(int src_width, int src_height, const LetterboxParams& p) {
  if (src_width <= 0 || src_height <= 0) {
    return make_error(ErrorCode::InvalidArgument,
                      "cannot letterbox an image of " + std::to_string(src_width) + "x" + std::to_string(src_height) + " pixels");
  }
  if (p.target_width <= 0 || p.target_height <= 0) {
    return make_error(ErrorCode::InvalidArgument, "the model input size " + std::to_string(p.target_width) + "x" +
                                                      std::to_string(p.target_height) + " is not a valid letterbox target");
  }
  if (p.stride_multiple && p.stride <= 0) {
    return make_error(ErrorCode::InvalidArgument, "the stride for a stride-multiple letterbox must be positive, not " +
                                                      std::to_string(p.stride));
  }

  LetterboxGeometry g;
  // Same operation order as the Python code: new_shape is (h, w), r = min(h'/h, w'/w).
  double r = std::min(static_cast<double>(p.target_height) / src_height, static_cast<double>(p.target_width) / src_width);
  if (!p.scale_up) r = std::min(r, 1.0);
  g.ratio = r;
  g.resized_width = std::max(1, python_round_int(src_width * r));
  g.resized_height = std::max(1, python_round_int(src_height * r));

  double dw = p.target_width - g.resized_width;
  double dh = p.target_height - g.resized_height;
  if (p.stride_multiple) {
    // np.mod: non-negative remainder
    const int s = p.stride;
    dw = static_cast<double>(((static_cast<int>(dw) % s) + s) % s);
    dh = static_cast<double>(((static_cast<int>(dh) % s) + s) % s);
  }
  if (p.center) {
    dw /= 2;
    dh /= 2;
    g.top = python_round_int(dh - 0.1);
    g.left = python_round_int(dw - 0.1);
  } else {
    g.top = 0;
    g.left = 0;
  }
  g.bottom = python_round_int(dh + 0.1);
  g.right = python_round_int(dw + 0.1);
  g.pad_w = dw;
  g.pad_h = dh;
  g.output_width = g.resized_width + g.left + g.right;
  g.output_height = g.resized_height + g.top + g.bottom;
  return g;
}

Result<void> letterbox(const ImageRgb8& src, const LetterboxParams& params, LetterboxedImage& out) {
  auto geometry = letterbox_geometry(src.width, src.height, params);
  if (!geometry) return geometry.error();
  const LetterboxGeometry& g = *geometry;
  out.geometry = g;

  ImageRgb8& dst = out.image;
  dst.width = g.output_width;
  dst.height = g.output_height;
  dst.pixels.assign(static_cast<std::size_t>(dst.width) * dst.height * 3, params.fill);

  std::uint8_t* const first = dst.row(g.top) + static_cast<std::size_t>(g.left) * 3;
  const std::size_t offset = static_cast<std::size_t>(first - dst.pixels.data());
  if (g.resized_width != src.width || g.resized_height != src.height) {
    // Resize straight into the frame: no scratch image per call.
    resize_bilinear_u8_into(src, g.resized_width, g.resized_height, std::span<std::uint8_t>(dst.pixels).subspan(offset),
                            dst.row_bytes());
  } else {
    for (int y = 0; y < src.height; ++y) std::memcpy(first + static_cast<std::size_t>(y) * dst.row_bytes(), src.row(y), src.row_bytes());
  }
  return {};
}

Result<LetterboxedImage> letterbox(const ImageRgb8& src, const LetterboxParams& params) {
  LetterboxedImage out;
  auto r = letterbox(src, params, out);
  if (!r) return r.error();
  return out;
}

}  // namespace wl
