#pragma once
// Compressed image bytes -> 8-bit RGB pixels as stored in the file (no EXIF rotation).
// JPEG (baseline, progressive, greyscale, Adobe CMYK/YCCK), PNG (1-16 bit, palette,
// alpha), BMP and GIF (first frame), through stb_image.
//
// Colour conversion follows PIL's `.convert("RGB")`, which the reference pipelines use:
//   * greyscale is replicated to R = G = B;
//   * alpha is dropped, not composited over a background;
//   * 16-bit samples keep their high byte (PIL's RGB;16B unpacking). One deliberate
//     difference: PIL 9.4 opens a 16-bit *greyscale* PNG as mode "I" and its
//     convert("RGB") clips every value above 255 to 255 (checked: 256..65535 -> 255),
//     which turns such images almost white. We keep the high byte there too;
//   * Adobe CMYK: R = round((255 - C) * (255 - K) / 255) on un-inverted data, which is
//     PIL's `nk - ((t >> 8) + t) >> 8` with t = C * nk + 128, nk = 255 - K, rewritten
//     for the inverted samples Adobe stores (stb's CMYK path computes the same integers).
// stb's JPEG decoder is not libjpeg-turbo: its IDCT and chroma upsampling differ by a
// few levels on some pixels (see TOOLCHAIN.md), which tests allow for.
#include <cstdint>
#include <span>
#include <string>

#include "core/image/file_kind.h"
#include "core/image/image.h"
#include "core/util/result.h"

namespace wl {

struct StoredImage {
  ImageRgb8 image;
  std::string format;   // "jpeg", "png", "bmp", "gif"
  int components = 0;   // channels as stored (1 grey, 2 grey+alpha, 3, 4 RGBA or CMYK)
  bool truncated = false;
  std::string warning;  // for the user, empty when all went well
};

// Refuses, before decoding, images whose header gives more than `max_pixels` pixels
// (ErrorCode::TooLarge). Non-image files get NotAnImage or UnsupportedFormat with a
// message saying what the file seems to be.
Result<StoredImage> decode_stored_pixels(std::span<const std::uint8_t> bytes, std::uint64_t max_pixels);

}  // namespace wl
