#include "test_image_files.h"

#include <algorithm>
#include <array>

namespace wl::test {
namespace {

std::uint32_t crc32(const std::uint8_t* data, std::size_t n) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i) c = table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::uint32_t adler32(const std::vector<std::uint8_t>& d) {
  std::uint32_t a = 1, b = 0;
  for (std::uint8_t v : d) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

void put_be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}
void put_le(std::vector<std::uint8_t>& out, std::uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void put_chunk(std::vector<std::uint8_t>& out, const char* type, const std::vector<std::uint8_t>& data) {
  put_be32(out, static_cast<std::uint32_t>(data.size()));
  const std::size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data.begin(), data.end());
  put_be32(out, crc32(out.data() + start, out.size() - start));
}

// zlib stream of stored blocks (at most 65535 bytes each).
std::vector<std::uint8_t> zlib_stored(const std::vector<std::uint8_t>& raw) {
  std::vector<std::uint8_t> z = {0x78, 0x01};
  std::size_t pos = 0;
  do {
    const std::size_t n = std::min<std::size_t>(65535, raw.size() - pos);
    const bool last = pos + n == raw.size();
    z.push_back(last ? 1 : 0);
    z.push_back(static_cast<std::uint8_t>(n & 0xFF));
    z.push_back(static_cast<std::uint8_t>(n >> 8));
    z.push_back(static_cast<std::uint8_t>(~n & 0xFF));
    z.push_back(static_cast<std::uint8_t>((~n >> 8) & 0xFF));
    z.insert(z.end(), raw.begin() + static_cast<std::ptrdiff_t>(pos), raw.begin() + static_cast<std::ptrdiff_t>(pos + n));
    pos += n;
  } while (pos < raw.size());
  put_be32(z, adler32(raw));
  return z;
}

std::vector<std::uint8_t> ihdr(std::uint32_t w, std::uint32_t h, int depth, int colour_type) {
  std::vector<std::uint8_t> d;
  put_be32(d, w);
  put_be32(d, h);
  d.push_back(static_cast<std::uint8_t>(depth));
  d.push_back(static_cast<std::uint8_t>(colour_type));
  d.push_back(0);  // deflate
  d.push_back(0);  // adaptive filtering
  d.push_back(0);  // not interlaced
  return d;
}

const std::vector<std::uint8_t> kSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

}  // namespace

std::vector<std::uint8_t> make_png(const PngSpec& s) {
  const int channels = s.colour_type == 0 ? 1 : s.colour_type == 2 ? 3 : s.colour_type == 3 ? 1 : s.colour_type == 4 ? 2 : 4;
  const std::size_t row_bytes = (static_cast<std::size_t>(s.width) * channels * s.bit_depth + 7) / 8;
  std::vector<std::uint8_t> raw;
  for (int y = 0; y < s.height; ++y) {
    raw.push_back(0);  // filter type None
    const auto begin = s.rows.begin() + static_cast<std::ptrdiff_t>(y * row_bytes);
    raw.insert(raw.end(), begin, begin + static_cast<std::ptrdiff_t>(row_bytes));
  }
  std::vector<std::uint8_t> out = kSignature;
  put_chunk(out, "IHDR", ihdr(static_cast<std::uint32_t>(s.width), static_cast<std::uint32_t>(s.height), s.bit_depth, s.colour_type));
  if (!s.palette.empty()) put_chunk(out, "PLTE", s.palette);
  if (!s.trns.empty()) put_chunk(out, "tRNS", s.trns);
  put_chunk(out, "IDAT", zlib_stored(raw));
  put_chunk(out, "IEND", {});
  return out;
}

std::vector<std::uint8_t> make_png_header_only(std::uint32_t width, std::uint32_t height) {
  std::vector<std::uint8_t> out = kSignature;
  put_chunk(out, "IHDR", ihdr(width, height, 8, 2));
  put_chunk(out, "IDAT", zlib_stored({0, 1, 2, 3}));
  put_chunk(out, "IEND", {});
  return out;
}

std::vector<std::uint8_t> make_bmp24(int width, int height, const std::vector<std::uint8_t>& rgb) {
  const std::uint32_t stride = (static_cast<std::uint32_t>(width) * 3 + 3) & ~3u;
  const std::uint32_t data_size = stride * static_cast<std::uint32_t>(height);
  std::vector<std::uint8_t> out = {'B', 'M'};
  put_le(out, 54 + data_size, 4);
  put_le(out, 0, 4);
  put_le(out, 54, 4);  // pixel data offset
  put_le(out, 40, 4);  // BITMAPINFOHEADER
  put_le(out, static_cast<std::uint32_t>(width), 4);
  put_le(out, static_cast<std::uint32_t>(height), 4);  // positive: bottom-up
  put_le(out, 1, 2);
  put_le(out, 24, 2);
  put_le(out, 0, 4);  // BI_RGB
  put_le(out, data_size, 4);
  put_le(out, 2835, 4);
  put_le(out, 2835, 4);
  put_le(out, 0, 4);
  put_le(out, 0, 4);
  for (int y = height - 1; y >= 0; --y) {
    for (int x = 0; x < width; ++x) {
      const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 3;
      out.push_back(rgb[i + 2]);  // BMP stores B, G, R
      out.push_back(rgb[i + 1]);
      out.push_back(rgb[i]);
    }
    for (std::uint32_t pad = static_cast<std::uint32_t>(width) * 3; pad < stride; ++pad) out.push_back(0);
  }
  return out;
}

std::vector<std::uint8_t> bytes_of(const std::string& text) { return std::vector<std::uint8_t>(text.begin(), text.end()); }

}  // namespace wl::test
