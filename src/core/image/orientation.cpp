#include "core/image/orientation.h"

#include <cstddef>
#include <cstring>

namespace wl {

bool is_valid_exif_orientation(int orientation) { return orientation >= 1 && orientation <= 8; }

int inverse_orientation(int orientation) {
  if (orientation == 6) return 8;
  if (orientation == 8) return 6;
  return orientation;
}

ImageRgb8 apply_orientation(const ImageRgb8& src, int orientation) {
  if (!is_valid_exif_orientation(orientation) || orientation == 1) return src;
  const int w = src.width;
  const int h = src.height;
  const bool swaps = orientation >= 5;
  ImageRgb8 dst;
  dst.width = swaps ? h : w;
  dst.height = swaps ? w : h;
  dst.pixels.resize(src.pixels.size());

  // Output pixel (x, y) comes from source pixel index base + x*step_x + y*step_y
  // (index = sy * w + sx). Table rows follow the orientation list in the header.
  const std::ptrdiff_t W = w, last_row = static_cast<std::ptrdiff_t>(h - 1) * W, last_col = W - 1;
  std::ptrdiff_t base = 0, step_x = 1, step_y = W;
  switch (orientation) {
    case 2: base = last_col; step_x = -1; step_y = W; break;             // sx = w-1-x, sy = y
    case 3: base = last_row + last_col; step_x = -1; step_y = -W; break; // sx = w-1-x, sy = h-1-y
    case 4: base = last_row; step_x = 1; step_y = -W; break;             // sx = x,     sy = h-1-y
    case 5: base = 0; step_x = W; step_y = 1; break;                     // sx = y,     sy = x
    case 6: base = last_row; step_x = -W; step_y = 1; break;             // sx = y,     sy = h-1-x
    case 7: base = last_row + last_col; step_x = -W; step_y = -1; break; // sx = w-1-y, sy = h-1-x
    case 8: base = last_col; step_x = W; step_y = -1; break;             // sx = w-1-y, sy = x
    default: break;
  }
  const std::uint8_t* in = src.pixels.data();
  for (int y = 0; y < dst.height; ++y) {
    std::uint8_t* out = dst.row(y);
    std::ptrdiff_t idx = base + y * step_y;
    for (int x = 0; x < dst.width; ++x, idx += step_x) {
      std::memcpy(out + static_cast<std::size_t>(x) * 3, in + idx * 3, 3);
    }
  }
  return dst;
}

}  // namespace wl
