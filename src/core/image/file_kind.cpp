#include "core/image/file_kind.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace wl {
namespace {

bool starts_with(std::span<const std::uint8_t> b, std::size_t offset, const char* magic, std::size_t n) {
  return b.size() >= offset + n && std::memcmp(b.data() + offset, magic, n) == 0;
}
// Takes the literal's array size, so magic numbers may contain zero bytes.
template <std::size_t N>
bool starts_with(std::span<const std::uint8_t> b, const char (&magic)[N]) {
  return starts_with(b, 0, magic, N - 1);
}

// Case-insensitive prefix test after skipping a UTF-8 byte-order mark and white space:
// HTML error pages saved as "photo.jpg" are a common way to get here.
bool text_starts_with(std::span<const std::uint8_t> b, const char* word) {
  std::size_t i = 0;
  if (starts_with(b, "\xEF\xBB\xBF")) i = 3;
  while (i < b.size() && std::isspace(b[i])) ++i;
  const std::size_t n = std::strlen(word);
  if (b.size() < i + n) return false;
  for (std::size_t k = 0; k < n; ++k) {
    if (std::tolower(b[i + k]) != std::tolower(static_cast<unsigned char>(word[k]))) return false;
  }
  return true;
}

// Plain text: the first 4 KiB are printable ASCII, white space or well-formed multi-byte
// UTF-8 sequences. Binary formats have control bytes or invalid UTF-8 almost at once.
bool looks_like_text(std::span<const std::uint8_t> b) {
  const std::size_t n = std::min<std::size_t>(b.size(), 4096);
  std::size_t i = 0;
  while (i < n) {
    const std::uint8_t c = b[i];
    if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || (c >= 0x20 && c < 0x7F)) {
      ++i;
      continue;
    }
    int extra = 0;
    if ((c & 0xE0) == 0xC0) extra = 1;
    else if ((c & 0xF0) == 0xE0) extra = 2;
    else if ((c & 0xF8) == 0xF0) extra = 3;
    else return false;
    if (i + extra >= n) return i > 0;  // a sequence cut by the 4 KiB window
    for (int k = 1; k <= extra; ++k) {
      if ((b[i + k] & 0xC0) != 0x80) return false;
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

FileKindInfo iso_media_kind(std::span<const std::uint8_t> b) {
  // ISO base media: size(4) "ftyp" brand(4). HEIF/AVIF stills share the box format with video.
  static const char* const image_brands[] = {"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis"};
  for (const char* brand : image_brands) {
    if (starts_with(b, 8, brand, 4)) return {FileKind::Heif, "HEIF/HEIC/AVIF image"};
  }
  return {FileKind::Video, "video file (MP4/MOV)"};
}

}  // namespace

FileKindInfo sniff_file_kind(std::span<const std::uint8_t> b) {
  if (b.empty()) return {FileKind::Empty, "empty file"};
  if (starts_with(b, "\xFF\xD8\xFF")) return {FileKind::Jpeg, "jpeg"};
  if (starts_with(b, "\x89PNG\r\n\x1A\n")) return {FileKind::Png, "png"};
  if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) return {FileKind::Gif, "gif"};
  // "BM" alone is too weak (text can start with it): also require a known header size.
  if (starts_with(b, "BM") && b.size() >= 18) {
    const std::uint32_t hs = b[14] | (b[15] << 8) | (b[16] << 16) | (static_cast<std::uint32_t>(b[17]) << 24);
    if (hs == 12 || hs == 40 || hs == 52 || hs == 56 || hs == 64 || hs == 108 || hs == 124) return {FileKind::Bmp, "bmp"};
  }
  if (starts_with(b, "RIFF") && starts_with(b, 8, "WEBP", 4)) return {FileKind::WebP, "WebP image"};
  if (starts_with(b, "RIFF") && starts_with(b, 8, "AVI ", 4)) return {FileKind::Video, "video file (AVI)"};
  if (starts_with(b, "II*\0") || starts_with(b, "MM\0*")) return {FileKind::Tiff, "TIFF image (or camera raw file)"};
  if (starts_with(b, 4, "ftyp", 4)) return iso_media_kind(b);
  if (starts_with(b, "\x1A\x45\xDF\xA3")) return {FileKind::Video, "video file (MKV/WebM)"};
  if (starts_with(b, "8BPS")) return {FileKind::Psd, "Photoshop document"};
  if (starts_with(b, "%PDF")) return {FileKind::Pdf, "PDF document"};
  if (starts_with(b, "PK\x03\x04") || starts_with(b, "PK\x05\x06")) return {FileKind::Zip, "ZIP archive"};
  if (starts_with(b, "\x1F\x8B")) return {FileKind::Gzip, "gzip-compressed file"};
  if (starts_with(b, "7z\xBC\xAF\x27\x1C")) return {FileKind::OtherArchive, "7-Zip archive"};
  if (starts_with(b, "Rar!\x1A\x07")) return {FileKind::OtherArchive, "RAR archive"};
  if (text_starts_with(b, "<!doctype html") || text_starts_with(b, "<html") || text_starts_with(b, "<head")) {
    return {FileKind::Html, "HTML web page"};
  }
  if (text_starts_with(b, "<svg") || (text_starts_with(b, "<?xml") && looks_like_text(b))) {
    // An XML file is only SVG if it says so; otherwise it is plain text to us.
    const std::size_t n = std::min<std::size_t>(b.size(), 4096);
    const std::string head(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
    if (head.find("<svg") != std::string::npos) return {FileKind::Svg, "SVG drawing"};
  }
  if (looks_like_text(b)) return {FileKind::Text, "text file"};
  return {FileKind::Unknown, "unrecognised file"};
}

}  // namespace wl
