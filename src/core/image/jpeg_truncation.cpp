#include "core/image/jpeg_truncation.h"

#include <algorithm>
#include <cstring>

namespace wl {

JpegScanInfo jpeg_scan_info(std::span<const std::uint8_t> b) {
  JpegScanInfo info;
  std::size_t i = 2;  // after SOI
  while (i + 1 < b.size()) {
    if (b[i] != 0xFF) {  // stray bytes between segments: resynchronise on the next FF
      ++i;
      continue;
    }
    const std::uint8_t m = b[i + 1];
    if (m == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    i += 2;
    if (m == 0xD9) {
      info.has_end = true;
      return info;
    }
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7) || m == 0x00) continue;  // no length field
    if (i + 2 > b.size()) break;
    const std::size_t len = (std::size_t{b[i]} << 8) | b[i + 1];
    i += len;
    if (m != 0xDA) continue;
    ++info.scans;
    // Entropy-coded data runs to the next marker other than FF 00 (stuffing) and RSTn.
    while (i + 1 < b.size()) {
      if (b[i] == 0xFF && b[i + 1] != 0x00 && !(b[i + 1] >= 0xD0 && b[i + 1] <= 0xD7) && b[i + 1] != 0xFF) break;
      ++i;
    }
  }
  return info;
}

std::vector<std::uint8_t> complete_truncated_jpeg(std::span<const std::uint8_t> bytes, bool patterned) {
  std::vector<std::uint8_t> out;
  out.reserve(bytes.size() + 67);
  out.assign(bytes.begin(), bytes.end());
  // A file cut right after an FF byte would turn our first appended byte into a marker;
  // stuffing it (FF 00) keeps the appended bytes in the entropy-coded data.
  if (!out.empty() && out.back() == 0xFF) out.push_back(0x00);
  if (patterned) out.insert(out.end(), 64, 0x55);
  out.push_back(0xFF);
  out.push_back(0xD9);
  return out;
}

long grey_out_missing_mcus(ImageRgb8& a, const ImageRgb8& b, int mcu_w, int mcu_h, std::uint8_t fill) {
  if (a.width != b.width || a.height != b.height || mcu_w <= 0 || mcu_h <= 0) return -1;
  const int cols = (a.width + mcu_w - 1) / mcu_w;
  const int rows = (a.height + mcu_h - 1) / mcu_h;
  long first = -1;
  for (int my = 0; my < rows && first < 0; ++my) {
    const int y0 = my * mcu_h, y1 = std::min(a.height, y0 + mcu_h) - 1;  // skip the bottom row
    for (int mx = 0; mx < cols && first < 0; ++mx) {
      const int x0 = mx * mcu_w + 1, x1 = std::min(a.width, mx * mcu_w + mcu_w) - 1;  // skip edge columns
      for (int y = y0; y < y1 && first < 0; ++y) {
        const std::size_t from = static_cast<std::size_t>(x0) * 3, to = static_cast<std::size_t>(std::max(x0, x1)) * 3;
        if (to > from && std::memcmp(a.row(y) + from, b.row(y) + from, to - from) != 0) {
          first = static_cast<long>(my) * cols + mx;
        }
      }
    }
  }
  if (first < 0) return -1;
  // Everything after MCU `first`: the rest of its MCU row, then all rows below.
  const int my = static_cast<int>(first / cols), mx = static_cast<int>(first % cols);
  const int x_start = std::min(a.width, (mx + 1) * mcu_w);
  const int row_end = std::min(a.height, (my + 1) * mcu_h);
  for (int y = my * mcu_h; y < row_end; ++y) {
    std::memset(a.row(y) + static_cast<std::size_t>(x_start) * 3, fill, static_cast<std::size_t>(a.width - x_start) * 3);
  }
  for (int y = row_end; y < a.height; ++y) std::memset(a.row(y), fill, a.row_bytes());
  return first;
}

}  // namespace wl
