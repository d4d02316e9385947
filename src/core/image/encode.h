#pragma once
// RGB image -> JPEG or PNG file bytes (stb_image_write), for downloads of annotated images.
#include <cstdint>
#include <vector>

#include "core/image/image.h"
#include "core/util/result.h"

namespace wl {

// quality 1-100. Errors: InvalidArgument for an empty image or a pixel buffer of the wrong size.
Result<std::vector<std::uint8_t>> encode_jpeg(const ImageRgb8& image, int quality = 90);
Result<std::vector<std::uint8_t>> encode_png(const ImageRgb8& image);

}  // namespace wl
