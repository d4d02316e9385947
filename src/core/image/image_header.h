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
  // JPEG only: progressive coding, and the size of one MCU (minimum coded unit) of an
  // interleaved scan in pixels (8 x 8 for one component, 8*Hmax x 8*Vmax otherwise).
  bool jpeg_progressive = false;
  int jpeg_mcu_width = 0;
  int jpeg_mcu_height = 0;
};

// `kind` must be one of the decodable kinds (Jpeg, Png, Bmp, Gif). Fails with Corrupt
// when the header is cut short or malformed.
Result<ImageHeader> read_image_header(std::span<const std::uint8_t> bytes, FileKind kind);

}  // namespace wl
