#pragma once
// Image file bytes -> upright 8-bit RGB image, the first step of every pipeline.
//
// Equivalent to the reference code's PIL `Image.open` -> `ImageOps.exif_transpose` ->
// `.convert("RGB")`, except that a JPEG cut short is decoded as far as it goes and
// flagged (`truncated`), as with PIL's LOAD_TRUNCATED_IMAGES (MegaDetector's setting),
// where plain PIL would refuse it. Formats: JPEG, PNG, BMP, GIF (first frame). WebP,
// TIFF, HEIC and others are recognised and refused with a message that says so.
#include <cstdint>
#include <span>
#include <string>

#include "core/image/image.h"
#include "core/util/result.h"

namespace wl {

struct DecodeOptions {
  // Images with more pixels (by their header) are refused with ErrorCode::TooLarge before
  // any pixel memory is allocated.
  std::uint64_t max_pixels = 100'000'000;
  // Rotate/mirror by the EXIF Orientation tag. Off gives the pixels as stored.
  bool apply_exif_orientation = true;
};

struct DecodedImage {
  ImageRgb8 image;         // upright (if apply_exif_orientation) RGB
  std::string format;      // "jpeg", "png", "bmp", "gif"
  int stored_width = 0;    // pixel size as stored in the file, before orientation
  int stored_height = 0;
  int exif_orientation = 1;  // 1..8 from EXIF, 1 if none or unreadable
  bool truncated = false;    // the file ended early; part of `image` is filler
  std::string warning;       // for the user: truncation, unreadable EXIF; empty if none
};

// Errors: Empty (zero bytes), NotAnImage (text, HTML, PDF, ZIP, video, unknown bytes),
// UnsupportedFormat (WebP, TIFF, HEIC, ...), TooLarge, Corrupt.
Result<DecodedImage> decode_image(std::span<const std::uint8_t> bytes, const DecodeOptions& opts = {});

}  // namespace wl
