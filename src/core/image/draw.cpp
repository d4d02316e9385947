#include "core/image/draw.h"

#include <algorithm>

namespace wl {

void fill_rect(ImageRgb8& image, PixelRect rect, Rgb colour, float alpha) {
  const int x0 = std::max(rect.x0, 0), x1 = std::min(rect.x1, image.width);
  const int y0 = std::max(rect.y0, 0), y1 = std::min(rect.y1, image.height);
  if (x0 >= x1 || y0 >= y1) return;
  const float a = std::clamp(alpha, 0.0f, 1.0f);
  const std::uint8_t c[3] = {colour.r, colour.g, colour.b};
  for (int y = y0; y < y1; ++y) {
    std::uint8_t* p = image.row(y) + static_cast<std::size_t>(x0) * 3;
    for (int x = x0; x < x1; ++x, p += 3) {
      for (int k = 0; k < 3; ++k) {
        p[k] = a >= 1.0f ? c[k] : static_cast<std::uint8_t>(p[k] + (c[k] - p[k]) * a + 0.5f);
      }
    }
  }
}

namespace {

// One side as a run of segments: the whole side, or dashes of `dash` pixels with equal gaps.
void side(ImageRgb8& image, bool horizontal, int from, int to, int across0, int across1, Rgb colour, int dash) {
  const int step = dash > 0 ? dash * 2 : to - from;
  if (step <= 0) return;
  for (int s = from; s < to; s += step) {
    const int e = std::min(to, dash > 0 ? s + dash : to);
    if (horizontal) fill_rect(image, {s, across0, e, across1}, colour);
    else fill_rect(image, {across0, s, across1, e}, colour);
  }
}

}  // namespace

void draw_rect_outline(ImageRgb8& image, PixelRect r, Rgb colour, int thickness, int dash) {
  if (r.x1 <= r.x0 || r.y1 <= r.y0 || thickness <= 0) return;
  const int t = std::min({thickness, (r.x1 - r.x0 + 1) / 2, (r.y1 - r.y0 + 1) / 2});
  side(image, true, r.x0, r.x1, r.y0, r.y0 + t, colour, dash);      // top
  side(image, true, r.x0, r.x1, r.y1 - t, r.y1, colour, dash);      // bottom
  side(image, false, r.y0 + t, r.y1 - t, r.x0, r.x0 + t, colour, dash);  // left
  side(image, false, r.y0 + t, r.y1 - t, r.x1 - t, r.x1, colour, dash);  // right
}

}  // namespace wl
