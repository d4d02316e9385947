#include "core/detect/decode_fastestdet.h"

#include <cmath>

#include "core/detect/decode_common.h"

namespace wl {

Result<std::vector<Detection>> decode_fastestdet(const TensorView& output, const FastestDetDecodeParams& params) {
  if (auto ok = check_tensor(output, 4, "[1, 5 + classes, H, W]"); !ok) return ok.error();
  if (output.dim(0) != 1 || output.dim(1) < 6 || output.dim(2) < 1 || output.dim(3) < 1) {
    return make_error(ErrorCode::UnsupportedLayout, "expected a FastestDet output of shape [1, 5 + classes, H, W], got " +
                                                        shape_to_string(output.shape));
  }
  const auto classes = static_cast<std::size_t>(output.dim(1) - 5);
  const auto gh = static_cast<std::size_t>(output.dim(2));
  const auto gw = static_cast<std::size_t>(output.dim(3));
  const std::size_t plane = gh * gw;
  const float* base = output.data.data();

  std::vector<Detection> out;
  for (std::size_t y = 0; y < gh; ++y) {
    for (std::size_t x = 0; x < gw; ++x) {
      const std::size_t cell = y * gw + x;
      const float obj = base[cell];
      const detail::BestClass best = detail::best_class(base + 5 * plane + cell, classes, plane);
      const float score = std::pow(obj, params.objectness_exponent) * std::pow(best.score, params.class_exponent);
      if (!detail::above(score, params.conf_threshold)) continue;
      const float cx = (static_cast<float>(x) + std::tanh(base[plane + cell])) / static_cast<float>(gw);
      const float cy = (static_cast<float>(y) + std::tanh(base[2 * plane + cell])) / static_cast<float>(gh);
      const float w = detail::sigmoid(base[3 * plane + cell]);
      const float h = detail::sigmoid(base[4 * plane + cell]);
      const BoxXyxy b{(cx - 0.5f * w) * params.frame_width, (cy - 0.5f * h) * params.frame_height,
                      (cx + 0.5f * w) * params.frame_width, (cy + 0.5f * h) * params.frame_height};
      out.push_back(Detection{best.index, score, b});
    }
  }
  return out;
}

}  // namespace wl
