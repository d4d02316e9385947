#include "core/preprocess/resize_pil.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace wl {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;  // Pillow's PRECISION_BITS for 8-bit images

double triangle(double x) {
  x = std::fabs(x);
  return x < 1.0 ? 1.0 - x : 0.0;
}

// For each output pixel along one axis: the first input pixel, how many are used, and their
// fixed-point weights (ksize per output pixel).
struct Coefficients {
  int ksize = 0;
  std::vector<int> first, count;
  std::vector<std::int32_t> weights;
};

Coefficients precompute(int in_size, int out_size) {
  Coefficients c;
  const double scale = static_cast<double>(in_size) / out_size;
  const double filterscale = std::max(scale, 1.0);
  const double support = 1.0 * filterscale;  // the bilinear filter's support is 1
  c.ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
  c.first.resize(static_cast<std::size_t>(out_size));
  c.count.resize(static_cast<std::size_t>(out_size));
  c.weights.assign(static_cast<std::size_t>(out_size) * c.ksize, 0);
  std::vector<double> k(static_cast<std::size_t>(c.ksize));
  for (int xx = 0; xx < out_size; ++xx) {
    const double center = (xx + 0.5) * scale;
    const double ss = 1.0 / filterscale;
    // Pillow truncates toward zero after adding 0.5 (a C cast), then clamps.
    int xmin = static_cast<int>(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    int xmax = static_cast<int>(center + support + 0.5);
    if (xmax > in_size) xmax = in_size;
    xmax -= xmin;
    double ww = 0.0;
    for (int x = 0; x < xmax; ++x) {
      const double w = triangle((x + xmin - center + 0.5) * ss);
      k[static_cast<std::size_t>(x)] = w;
      ww += w;
    }
    for (int x = 0; x < xmax; ++x) {
      double w = k[static_cast<std::size_t>(x)];
      if (ww != 0.0) w /= ww;
      const double scaled = w * (1 << kPrecisionBits);
      c.weights[static_cast<std::size_t>(xx) * c.ksize + x] = static_cast<std::int32_t>(w < 0 ? -0.5 + scaled : 0.5 + scaled);
    }
    c.first[static_cast<std::size_t>(xx)] = xmin;
    c.count[static_cast<std::size_t>(xx)] = xmax;
  }
  return c;
}

std::uint8_t clip8(std::int32_t v) {
  const std::int32_t shifted = v >> kPrecisionBits;  // arithmetic shift, as Pillow's
  return static_cast<std::uint8_t>(std::clamp<std::int32_t>(shifted, 0, 255));
}

}  // namespace

Result<ImageRgb8> resize_pil_bilinear(const ImageRgb8& src, int width, int height) {
  if (src.width <= 0 || src.height <= 0 || src.pixels.size() != static_cast<std::size_t>(src.width) * src.height * 3)
    return make_error(ErrorCode::InvalidArgument, "the image to resize is empty");
  if (width <= 0 || height <= 0)
    return make_error(ErrorCode::InvalidArgument, "the target size must be positive");
  if (width == src.width && height == src.height) return src;
  const Coefficients horiz = precompute(src.width, width);
  Coefficients vert = precompute(src.height, height);
  const bool need_horizontal = width != src.width;
  const bool need_vertical = height != src.height;

  // The horizontal pass covers only the rows the vertical pass will read.
  const int ybox_first = vert.first.front();
  const int ybox_last = vert.first.back() + vert.count.back();
  const ImageRgb8* in = &src;
  ImageRgb8 temp;
  if (need_horizontal) {
    for (int& f : vert.first) f -= ybox_first;
    temp.width = width;
    temp.height = ybox_last - ybox_first;
    temp.pixels.resize(static_cast<std::size_t>(temp.width) * temp.height * 3);
    for (int yy = 0; yy < temp.height; ++yy) {
      const std::uint8_t* row = src.row(yy + ybox_first);
      std::uint8_t* out = temp.row(yy);
      for (int xx = 0; xx < width; ++xx) {
        const std::int32_t* k = &horiz.weights[static_cast<std::size_t>(xx) * horiz.ksize];
        const int xmin = horiz.first[static_cast<std::size_t>(xx)], n = horiz.count[static_cast<std::size_t>(xx)];
        std::int32_t s0 = 1 << (kPrecisionBits - 1), s1 = s0, s2 = s0;
        for (int x = 0; x < n; ++x) {
          const std::uint8_t* p = row + static_cast<std::size_t>(x + xmin) * 3;
          s0 += p[0] * k[x];
          s1 += p[1] * k[x];
          s2 += p[2] * k[x];
        }
        out[xx * 3 + 0] = clip8(s0);
        out[xx * 3 + 1] = clip8(s1);
        out[xx * 3 + 2] = clip8(s2);
      }
    }
    in = &temp;
  }
  if (!need_vertical) return need_horizontal ? temp : src;
  ImageRgb8 out;
  out.width = in->width;
  out.height = height;
  out.pixels.resize(static_cast<std::size_t>(out.width) * height * 3);
  for (int yy = 0; yy < height; ++yy) {
    const std::int32_t* k = &vert.weights[static_cast<std::size_t>(yy) * vert.ksize];
    const int ymin = vert.first[static_cast<std::size_t>(yy)], n = vert.count[static_cast<std::size_t>(yy)];
    std::uint8_t* dst = out.row(yy);
    for (int xx = 0; xx < out.width * 3; ++xx) {
      std::int32_t s = 1 << (kPrecisionBits - 1);
      for (int y = 0; y < n; ++y) s += in->row(ymin + y)[xx] * k[y];
      dst[xx] = clip8(s);
    }
  }
  return out;
}

}  // namespace wl
