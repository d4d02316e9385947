#pragma once
// Finds the EXIF (TIFF-structured) block inside an image file (internal to exif.cpp).
// JPEG: the first APP1 segment starting "Exif\0". PNG: the eXIf chunk. WebP: the EXIF chunk.
// A bare TIFF file is its own EXIF block.
#include <cstdint>
#include <span>

#include "core/image/exif_tiff.h"

namespace wl::exif_detail {

// The EXIF block's bytes, or an empty span when the file has none or is of another format.
// A segment or chunk that claims more bytes than the file holds is returned cut to what is
// there, with a warning: the tags at its start are often still readable.
std::span<const std::uint8_t> find_exif_block(std::span<const std::uint8_t> file, WarningLog& warnings);

}  // namespace wl::exif_detail
