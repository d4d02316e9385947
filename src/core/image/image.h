#pragma once
// An 8-bit RGB image in memory, rows top to bottom, pixels interleaved (HWC), no row padding.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace wl {

struct ImageRgb8 {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // width * height * 3

  std::size_t row_bytes() const { return static_cast<std::size_t>(width) * 3; }
  const std::uint8_t* row(int y) const { return pixels.data() + static_cast<std::size_t>(y) * row_bytes(); }
  std::uint8_t* row(int y) { return pixels.data() + static_cast<std::size_t>(y) * row_bytes(); }
};

}  // namespace wl
