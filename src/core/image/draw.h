#pragma once
// Drawing on an RGB image in memory: rectangle outlines (solid or dashed) and filled
// rectangles, clipped to the image. For annotated exports, where boxes are burnt into the
// pixels instead of drawn by the GPU over them.
#include <cstdint>

#include "core/image/image.h"

namespace wl {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
};

// A rectangle in pixels: x0,y0 inclusive, x1,y1 exclusive. May lie partly outside the image.
struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// Fills `rect` (clipped). alpha 1 paints over; less blends with what is there.
void fill_rect(ImageRgb8& image, PixelRect rect, Rgb colour, float alpha = 1.0f);

// An outline `thickness` pixels wide, drawn inside `rect`. dash > 0 draws dashes and gaps of
// that many pixels along each side.
void draw_rect_outline(ImageRgb8& image, PixelRect rect, Rgb colour, int thickness, int dash = 0);

}  // namespace wl
