#include "core/detect/decode_rtdetr_topk.h"

#include <algorithm>
#include <cmath>

#include "core/detect/decode_common.h"

namespace wl {

Result<std::vector<Detection>> decode_rtdetr_topk(const TensorView& output, const RtDetrTopkDecodeParams& params) {
  if (auto ok = check_tensor(output, 3, "[1, rows, 6]"); !ok) return ok.error();
  if (output.dim(0) != 1 || output.dim(2) != 6) {
    return make_error(ErrorCode::UnsupportedLayout,
                      "expected an rtdetr_topk output of shape [1, rows, 6], got " + shape_to_string(output.shape));
  }
  const auto rows = static_cast<std::size_t>(output.dim(1));
  std::vector<Detection> out;
  for (std::size_t r = 0; r < rows; ++r) {
    const float* row = output.data.data() + r * 6;
    if (!std::isfinite(row[4])) return make_error(ErrorCode::Corrupt, "the model output holds a score that is not a number");
    if (!detail::above(row[4], params.conf_threshold)) continue;
    for (int k = 0; k < 4; ++k)
      if (!std::isfinite(row[k])) return make_error(ErrorCode::Corrupt, "the model output holds a box that is not a number");
    // The class travels as a float; 2^24 is where floats stop holding every integer.
    const float cls = row[5];
    if (!(cls >= 0.0f && cls < 16777216.0f) || std::floor(cls) != cls) {
      return make_error(ErrorCode::Corrupt, "the model output holds a class index that is not a whole number (" +
                                                std::to_string(cls) + ")");
    }
    BoxXyxy b = detail::cxcywh_to_xyxy(row[0], row[1], row[2], row[3]);
    b.x1 *= params.frame_width;
    b.x2 *= params.frame_width;
    b.y1 *= params.frame_height;
    b.y2 *= params.frame_height;
    out.push_back(Detection{static_cast<int>(cls), row[4], b});
  }
  std::stable_sort(out.begin(), out.end(), [](const Detection& a, const Detection& b) { return a.confidence > b.confidence; });
  return out;
}

}  // namespace wl
