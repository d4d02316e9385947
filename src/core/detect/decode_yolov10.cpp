#include "core/detect/decode_yolov10.h"

#include <cmath>

#include "core/detect/decode_common.h"

namespace wl {

Result<std::vector<Detection>> decode_yolov10(const TensorView& output, const EndToEndDecodeParams& params) {
  if (auto ok = check_tensor(output, 3, "[1, rows, 6]"); !ok) return ok.error();
  if (output.dim(0) != 1 || output.dim(2) != 6) {
    return make_error(ErrorCode::UnsupportedLayout,
                      "expected an end-to-end model output of shape [1, rows, 6], got " + shape_to_string(output.shape));
  }
  const auto rows = static_cast<std::size_t>(output.dim(1));
  std::vector<Detection> out;
  for (std::size_t r = 0; r < rows; ++r) {
    const float* row = output.data.data() + r * 6;
    if (!detail::above(row[4], params.conf_threshold)) continue;
    // The class travels as a float; 2^24 is where floats stop holding every integer.
    const float cls = row[5];
    if (!(cls >= 0.0f && cls < 16777216.0f) || std::floor(cls) != cls) {
      return make_error(ErrorCode::Corrupt, "the model output holds a class index that is not a whole number (" +
                                                std::to_string(cls) + ")");
    }
    out.push_back(Detection{static_cast<int>(cls), row[4], BoxXyxy{row[0], row[1], row[2], row[3]}});
  }
  return out;
}

}  // namespace wl
