#include "core/image/exif_container.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace wl::exif_detail {

namespace {

using Bytes = std::span<const std::uint8_t>;

bool starts_with(Bytes bytes, std::size_t at, const char* text, std::size_t n) {
  return at <= bytes.size() && bytes.size() - at >= n && std::memcmp(bytes.data() + at, text, n) == 0;
}

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

std::uint32_t le32(const std::uint8_t* p) {
  return (std::uint32_t{p[3]} << 24) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[1]} << 8) | p[0];
}

// PNG and WebP specify a bare TIFF block, but some writers copied the JPEG "Exif\0\0" prefix.
Bytes strip_exif_prefix(Bytes block) {
  if (starts_with(block, 0, "Exif\0\0", 6)) return block.subspan(6);
  return block;
}

Bytes find_in_jpeg(Bytes file, WarningLog& warnings) {
  std::size_t pos = 2;  // after SOI
  while (pos < file.size()) {
    if (file[pos] != 0xFF) {
      warnings.add("JPEG segment structure broken at offset " + std::to_string(pos) + ", EXIF search stopped");
      return {};
    }
    while (pos < file.size() && file[pos] == 0xFF) ++pos;  // fill bytes before a marker
    if (pos >= file.size()) return {};
    const std::uint8_t marker = file[pos++];
    // EXIF must precede the image data, so the search ends at start-of-scan or end-of-image.
    if (marker == 0xDA || marker == 0xD9) return {};
    // Markers without a length field.
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue;
    if (marker == 0x00) {
      warnings.add("JPEG has a stray 0xFF00 at offset " + std::to_string(pos - 2) + ", EXIF search stopped");
      return {};
    }
    if (file.size() - pos < 2) return {};
    const std::size_t length = (std::size_t{file[pos]} << 8) | file[pos + 1];
    if (length < 2) {
      warnings.add("JPEG segment at offset " + std::to_string(pos - 2) + " has an impossible length " +
                   std::to_string(length) + ", EXIF search stopped");
      return {};
    }
    const std::size_t payload = pos + 2;
    const std::size_t declared = length - 2;
    const std::size_t available = std::min(declared, file.size() - payload);
    const bool exif = marker == 0xE1 && declared >= 6 && starts_with(file, payload, "Exif\0", 5);
    if (exif) {
      if (available < declared) {
        warnings.add("EXIF segment declares " + std::to_string(declared) + " bytes but the file ends after " +
                     std::to_string(available));
      }
      // "Exif\0" plus one pad byte (normally 0) precede the TIFF header.
      if (available < 6) return {};  // cut off inside those 6 bytes
      return file.subspan(payload + 6, available - 6);
    }
    if (available < declared) return {};  // the file ends inside a segment before any EXIF
    pos = payload + declared;
  }
  return {};
}

// PNG chunks: 4-byte big-endian length, 4-byte type, data, 4-byte CRC.
Bytes find_in_png(Bytes file, WarningLog& warnings) {
  std::size_t pos = 8;  // after the signature
  while (file.size() - pos >= 8) {
    const std::uint32_t length = be32(file.data() + pos);
    const std::size_t data = pos + 8;
    if (length > 0x7FFFFFFFu) {
      warnings.add("PNG chunk at offset " + std::to_string(pos) + " has an invalid length, EXIF search stopped");
      return {};
    }
    const std::size_t available = std::min<std::size_t>(length, file.size() - data);
    if (starts_with(file, pos + 4, "eXIf", 4)) {
      if (available < length) {
        warnings.add("PNG eXIf chunk declares " + std::to_string(length) + " bytes but the file ends after " +
                     std::to_string(available));
      }
      return strip_exif_prefix(file.subspan(data, available));
    }
    if (starts_with(file, pos + 4, "IEND", 4)) return {};
    if (available < length || file.size() - data - length < 4) return {};
    pos = data + length + 4;
  }
  return {};
}

// WebP (RIFF) chunks: 4-byte FourCC, 4-byte little-endian size, data padded to an even size.
Bytes find_in_webp(Bytes file, WarningLog& warnings) {
  std::size_t pos = 12;  // after "RIFF", the RIFF size and "WEBP"
  while (file.size() - pos >= 8) {
    const std::uint32_t length = le32(file.data() + pos + 4);
    const std::size_t data = pos + 8;
    const std::size_t available = std::min<std::size_t>(length, file.size() - data);
    if (starts_with(file, pos, "EXIF", 4)) {
      if (available < length) {
        warnings.add("WebP EXIF chunk declares " + std::to_string(length) + " bytes but the file ends after " +
                     std::to_string(available));
      }
      return strip_exif_prefix(file.subspan(data, available));
    }
    const std::uint64_t next = std::uint64_t{data} + length + (length & 1u);
    if (next > file.size()) return {};
    pos = static_cast<std::size_t>(next);
  }
  return {};
}

}  // namespace

std::span<const std::uint8_t> find_exif_block(std::span<const std::uint8_t> file, WarningLog& warnings) {
  if (file.size() >= 3 && file[0] == 0xFF && file[1] == 0xD8 && file[2] == 0xFF) return find_in_jpeg(file, warnings);
  if (starts_with(file, 0, "\x89PNG\r\n\x1a\n", 8)) return find_in_png(file, warnings);
  if (starts_with(file, 0, "RIFF", 4) && starts_with(file, 8, "WEBP", 4)) return find_in_webp(file, warnings);
  if (starts_with(file, 0, "II*\0", 4) || starts_with(file, 0, "MM\0*", 4)) return file;
  return {};
}

}  // namespace wl::exif_detail
