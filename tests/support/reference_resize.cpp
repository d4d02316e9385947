#include "reference_resize.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace wl::test {

ImageRgb8 resize_bilinear_double(const ImageRgb8& src, int w, int h, SampleGrid grid) {
  ImageRgb8 dst;
  dst.width = w;
  dst.height = h;
  dst.pixels.resize(static_cast<std::size_t>(w) * h * 3);
  const double sx = static_cast<double>(src.width) / w;
  const double sy = static_cast<double>(src.height) / h;
  const double offset = grid == SampleGrid::HalfPixel ? 0.5 : 0.0;
  for (int y = 0; y < h; ++y) {
    double fy = std::clamp((y + offset) * sy - offset, 0.0, static_cast<double>(src.height - 1));
    const int y0 = static_cast<int>(std::floor(fy));
    const int y1 = std::min(y0 + 1, src.height - 1);
    fy -= y0;
    for (int x = 0; x < w; ++x) {
      double fx = std::clamp((x + offset) * sx - offset, 0.0, static_cast<double>(src.width - 1));
      const int x0 = static_cast<int>(std::floor(fx));
      const int x1 = std::min(x0 + 1, src.width - 1);
      fx -= x0;
      for (int c = 0; c < 3; ++c) {
        auto at = [&](int xx, int yy) { return static_cast<double>(src.row(yy)[xx * 3 + c]); };
        const double top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx;
        const double bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx;
        dst.row(y)[x * 3 + c] = static_cast<std::uint8_t>(std::lround(top * (1 - fy) + bottom * fy));
      }
    }
  }
  return dst;
}

ImageRgb8 resize_area_double(const ImageRgb8& src, int w, int h) {
  ImageRgb8 dst;
  dst.width = w;
  dst.height = h;
  dst.pixels.resize(static_cast<std::size_t>(w) * h * 3);
  const double sx = static_cast<double>(src.width) / w;
  const double sy = static_cast<double>(src.height) / h;
  for (int y = 0; y < h; ++y) {
    const double ya = y * sy, yb = (y + 1) * sy;
    for (int x = 0; x < w; ++x) {
      const double xa = x * sx, xb = (x + 1) * sx;
      double sum[3] = {0, 0, 0}, area = 0;
      for (int yy = static_cast<int>(ya); yy < std::min(src.height, static_cast<int>(std::ceil(yb))); ++yy) {
        const double wy = std::min(yb, yy + 1.0) - std::max(ya, static_cast<double>(yy));
        for (int xx = static_cast<int>(xa); xx < std::min(src.width, static_cast<int>(std::ceil(xb))); ++xx) {
          const double wgt = wy * (std::min(xb, xx + 1.0) - std::max(xa, static_cast<double>(xx)));
          for (int c = 0; c < 3; ++c) sum[c] += wgt * src.row(yy)[xx * 3 + c];
          area += wgt;
        }
      }
      for (int c = 0; c < 3; ++c) dst.row(y)[x * 3 + c] = static_cast<std::uint8_t>(std::lround(sum[c] / area));
    }
  }
  return dst;
}

}  // namespace wl::test
