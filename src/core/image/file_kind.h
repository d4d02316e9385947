#pragma once
// Recognises what a byte buffer is from its first bytes ("magic numbers"), so that a user
// who drops the wrong file gets told what it is ("PDF document, not an image") instead of
// a decoder's "corrupt JPEG".
#include <cstdint>
#include <span>
#include <string>

namespace wl {

enum class FileKind {
  Empty,
  // Images we decode.
  Jpeg,
  Png,
  Bmp,
  Gif,
  // Images we recognise but cannot decode (yet).
  WebP,
  Tiff,
  Heif,  // HEIC/HEIF/AVIF
  Svg,
  Psd,
  // Not images.
  Video,  // MP4/MOV/AVI/MKV
  Pdf,
  Zip,
  Gzip,
  OtherArchive,  // 7z, RAR
  Html,
  Text,
  Unknown,
};

struct FileKindInfo {
  FileKind kind = FileKind::Unknown;
  // Short lower-case format name for decodable images ("jpeg", "png", ...), otherwise a
  // human description ("PDF document").
  std::string name;
};

FileKindInfo sniff_file_kind(std::span<const std::uint8_t> bytes);

}  // namespace wl
