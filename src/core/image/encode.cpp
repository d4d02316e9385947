#include "core/image/encode.h"

#include <stb_image_write.h>

#include <limits>

namespace wl {
namespace {

void append(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(context);
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  out->insert(out->end(), bytes, bytes + size);
}

Result<void> check(const ImageRgb8& image) {
  if (image.width <= 0 || image.height <= 0) return make_error(ErrorCode::InvalidArgument, "the image to save is empty");
  if (image.pixels.size() != image.row_bytes() * static_cast<std::size_t>(image.height))
    return make_error(ErrorCode::InvalidArgument, "the image to save has the wrong number of pixels");
  // stb_image_write works in int and in 16-bit JPEG dimensions.
  if (image.width > 65500 || image.height > 65500)
    return make_error(ErrorCode::TooLarge, "the image is too large to save as JPEG (more than 65500 pixels a side)");
  return {};
}

}  // namespace

Result<std::vector<std::uint8_t>> encode_jpeg(const ImageRgb8& image, int quality) {
  if (auto ok = check(image); !ok) return ok.error();
  std::vector<std::uint8_t> out;
  if (!stbi_write_jpg_to_func(append, &out, image.width, image.height, 3, image.pixels.data(), quality))
    return make_error(ErrorCode::Internal, "the JPEG encoder failed");
  return out;
}

Result<std::vector<std::uint8_t>> encode_png(const ImageRgb8& image) {
  if (auto ok = check(image); !ok) return ok.error();
  if (image.row_bytes() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return make_error(ErrorCode::TooLarge, "the image is too wide to save as PNG");
  std::vector<std::uint8_t> out;
  if (!stbi_write_png_to_func(append, &out, image.width, image.height, 3, image.pixels.data(),
                              static_cast<int>(image.row_bytes())))
    return make_error(ErrorCode::Internal, "the PNG encoder failed");
  return out;
}

}  // namespace wl
