#pragma once
// Reads an image's pixel size from its header without decoding anything, so that
// oversized images ("decompression bombs": a few KB of PNG claiming 40000x40000) are
// refused before a single pixel buffer is allocated.
#include <cstdint>
#include <span>

#include "core/image/file_kind.h"
#include "core/util/result.h"

namespace wl {

struct ImageHeader {
  int width = 0;
  int height = 0;
  int components = 0;  // colour channels as stored (JPEG: 1, 3 or 4; 0 where not read)
};

// `kind` must be one of the decodable kinds (Jpeg, Png, Bmp, Gif). Fails with Corrupt
// when the header is cut short or malformed.
Result<ImageHeader> read_image_header(std::span<const std::uint8_t> bytes, FileKind kind);

// True when a JPEG's last scan is followed by an end-of-image marker. A file cut short
// (an interrupted copy or download) lacks it. Entropy-coded data cannot contain FF D9, and
// an EXIF thumbnail's own FF D9 comes before the main image's scans, so we look after the
// last start-of-scan marker only.
bool jpeg_has_end_marker(std::span<const std::uint8_t> bytes);

}  // namespace wl
