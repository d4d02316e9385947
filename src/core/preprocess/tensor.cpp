#include "core/preprocess/tensor.h"

#include <string>

namespace wl {

std::size_t nchw_float_count(const ImageRgb8& image) {
  return static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3;
}

Result<void> write_nchw_float(const ImageRgb8& image, const TensorNormalization& norm, std::span<float> out) {
  const std::size_t need = nchw_float_count(image);
  if (out.size() != need) {
    return make_error(ErrorCode::InvalidArgument, "the tensor buffer holds " + std::to_string(out.size()) +
                                                      " floats, but a 3x" + std::to_string(image.height) + "x" +
                                                      std::to_string(image.width) + " image needs " + std::to_string(need));
  }
  for (int c = 0; c < 3; ++c) {
    if (norm.std[static_cast<std::size_t>(c)] == 0.f) {
      return make_error(ErrorCode::InvalidArgument, "the normalisation std of channel " + std::to_string(c) + " is zero");
    }
  }
  if (!(norm.divisor > 0.f)) {
    return make_error(ErrorCode::InvalidArgument, "the normalisation divisor must be positive");
  }
  const std::size_t plane = need / 3;
  for (int c = 0; c < 3; ++c) {
    const int src_c = norm.bgr ? 2 - c : c;
    const float mean = norm.mean[static_cast<std::size_t>(c)];
    const float sd = norm.std[static_cast<std::size_t>(c)];
    float* dst = out.data() + plane * static_cast<std::size_t>(c);
    const std::uint8_t* src = image.pixels.data() + src_c;
    // A lookup table per channel: 256 values computed once, exactly as the formula says.
    float table[256];
    for (int v = 0; v < 256; ++v) {
      table[v] = (static_cast<float>(v) / norm.divisor - mean) / sd;
    }
    for (std::size_t i = 0; i < plane; ++i) dst[i] = table[src[i * 3]];
  }
  return {};
}

}  // namespace wl
