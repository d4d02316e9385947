#include "core/image/image_header.h"

#include <algorithm>
#include <string>

namespace wl {
namespace {

std::uint32_t be16(const std::uint8_t* p) { return (std::uint32_t{p[0]} << 8) | p[1]; }
std::uint32_t be32(const std::uint8_t* p) { return (be16(p) << 16) | be16(p + 2); }
std::uint32_t le16(const std::uint8_t* p) { return (std::uint32_t{p[1]} << 8) | p[0]; }
std::uint32_t le32(const std::uint8_t* p) { return (le16(p + 2) << 16) | le16(p); }

Error cut_short(const char* format) {
  return make_error(ErrorCode::Corrupt, std::string("the ") + format + " header is incomplete: the file is cut short or damaged");
}

Result<ImageHeader> checked(long long w, long long h, int components, const char* format) {
  // Dimensions beyond int are certainly bogus; the pixel limit is the caller's business.
  if (w <= 0 || h <= 0 || w > 0x7FFFFFFF || h > 0x7FFFFFFF) {
    return make_error(ErrorCode::Corrupt, std::string("the ") + format + " header gives an impossible size of " +
                                              std::to_string(w) + "x" + std::to_string(h) + " pixels");
  }
  return ImageHeader{static_cast<int>(w), static_cast<int>(h), components};
}

bool is_sof(std::uint8_t m) {
  // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
  return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

Result<ImageHeader> jpeg_header(std::span<const std::uint8_t> b) {
  std::size_t i = 2;
  while (i + 1 < b.size()) {
    if (b[i] != 0xFF) return make_error(ErrorCode::Corrupt, "the JPEG header is damaged (no marker where one was expected)");
    std::uint8_t m = b[i + 1];
    if (m == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    i += 2;
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue;  // markers without a length
    if (m == 0xD9 || m == 0xDA) break;                   // end of image / start of scan before any frame
    if (i + 2 > b.size()) break;
    const std::uint32_t len = be16(b.data() + i);
    if (len < 2) return make_error(ErrorCode::Corrupt, "the JPEG header is damaged (bad segment length)");
    if (is_sof(m)) {
      if (i + 8 > b.size()) break;
      const std::uint8_t* p = b.data() + i;
      if (m == 0xC3 || m == 0xC7 || m == 0xCB || m == 0xCF) {
        return make_error(ErrorCode::UnsupportedFormat, "this JPEG uses lossless compression, which is not supported");
      }
      if (m >= 0xC9 && m <= 0xCB) {
        return make_error(ErrorCode::UnsupportedFormat, "this JPEG uses arithmetic coding, which is not supported");
      }
      // A height of 0 means "given later by a DNL marker"; nobody writes that in practice.
      auto header = checked(be16(p + 5), be16(p + 3), p[7], "JPEG");
      if (!header) return header;
      header->jpeg_progressive = m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE;
      int h_max = 1, v_max = 1;
      for (int c = 0; c < p[7] && i + 8 + 3 * c + 3 <= b.size(); ++c) {
        const std::uint8_t sampling = p[8 + 3 * c + 1];
        h_max = std::max(h_max, sampling >> 4);
        v_max = std::max(v_max, sampling & 0x0F);
      }
      header->jpeg_mcu_width = p[7] == 1 ? 8 : 8 * h_max;
      header->jpeg_mcu_height = p[7] == 1 ? 8 : 8 * v_max;
      return header;
    }
    i += len;
  }
  return cut_short("JPEG");
}

Result<ImageHeader> png_header(std::span<const std::uint8_t> b) {
  if (b.size() < 8 + 8 + 13) return cut_short("PNG");
  if (std::string(b.begin() + 12, b.begin() + 16) != "IHDR") {
    return make_error(ErrorCode::Corrupt, "the PNG file is damaged (its first chunk is not IHDR)");
  }
  const std::uint8_t colour_type = b[25];
  const int components = colour_type == 0 ? 1 : colour_type == 2 ? 3 : colour_type == 3 ? 3 : colour_type == 4 ? 2 : 4;
  return checked(be32(b.data() + 16), be32(b.data() + 20), components, "PNG");
}

Result<ImageHeader> bmp_header(std::span<const std::uint8_t> b) {
  if (b.size() < 26) return cut_short("BMP");
  const std::uint32_t header_size = le32(b.data() + 14);
  if (header_size == 12) return checked(le16(b.data() + 18), le16(b.data() + 20), 3, "BMP");
  // Negative height means rows stored top-down.
  const auto w = static_cast<std::int32_t>(le32(b.data() + 18));
  const auto h = static_cast<std::int32_t>(le32(b.data() + 22));
  const long long abs_h = h < 0 ? -static_cast<long long>(h) : h;
  return checked(w, abs_h, 3, "BMP");
}

Result<ImageHeader> gif_header(std::span<const std::uint8_t> b) {
  if (b.size() < 10) return cut_short("GIF");
  return checked(le16(b.data() + 6), le16(b.data() + 8), 3, "GIF");
}

}  // namespace

Result<ImageHeader> read_image_header(std::span<const std::uint8_t> bytes, FileKind kind) {
  switch (kind) {
    case FileKind::Jpeg: return jpeg_header(bytes);
    case FileKind::Png: return png_header(bytes);
    case FileKind::Bmp: return bmp_header(bytes);
    case FileKind::Gif: return gif_header(bytes);
    default: return make_error(ErrorCode::InvalidArgument, "no header reader for this kind of file");
  }
}

}  // namespace wl
