#include "core/image/exif_text.h"

namespace wl::exif_detail {

namespace {

// Length of the valid UTF-8 sequence starting at bytes[i], or 0 when there is none. Follows
// RFC 3629: no overlong forms, no UTF-16 surrogates, nothing above U+10FFFF.
std::size_t utf8_sequence_length(std::span<const std::uint8_t> bytes, std::size_t i) {
  const std::uint8_t lead = bytes[i];
  std::size_t length = 0;
  std::uint8_t low = 0x80, high = 0xBF;  // allowed range of the first continuation byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (bytes.size() - i < length) return 0;
  if (bytes[i + 1] < low || bytes[i + 1] > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF) return 0;
  }
  return length;
}

}  // namespace

std::string clean_exif_text(std::span<const std::uint8_t> bytes) {
  std::size_t end = 0;
  while (end < bytes.size() && bytes[end] != 0) ++end;
  bytes = bytes.first(end);

  std::string text;
  text.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const std::uint8_t b = bytes[i];
    if (b < 0x80) {
      text += (b < 0x20 || b == 0x7F) ? '?' : static_cast<char>(b);
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(bytes, i);
    if (length == 0) {
      text += '?';
      ++i;
      continue;
    }
    text.append(reinterpret_cast<const char*>(bytes.data() + i), length);
    i += length;
  }
  const auto first = text.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

}  // namespace wl::exif_detail
