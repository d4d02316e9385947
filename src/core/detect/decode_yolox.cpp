#include "core/detect/decode_yolox.h"

#include <cmath>

namespace wl {

Result<std::vector<Detection>> decode_yolox(const TensorView& output, const YoloxDecodeParams& params) {
  if (auto ok = check_tensor(output, 3, "rows [1, N, 5 + classes]"); !ok) return ok.error();
  if (output.dim(0) != 1 || output.dim(2) < 6) {
    return make_error(ErrorCode::UnsupportedLayout,
                      "expected a YOLOX output of shape [1, N, 5 + classes], got " + shape_to_string(output.shape));
  }
  if (params.strides.empty() || params.input_width <= 0 || params.input_height <= 0) {
    return make_error(ErrorCode::InvalidArgument, "YOLOX decoding needs the strides and the network input size");
  }
  // The grid sizes use floor division, as YOLOX does (img_size // stride).
  std::size_t expected_rows = 0;
  for (int s : params.strides) {
    if (s <= 0) return make_error(ErrorCode::InvalidArgument, "YOLOX strides must be positive");
    expected_rows += static_cast<std::size_t>(params.input_height / s) * static_cast<std::size_t>(params.input_width / s);
  }
  const auto rows = static_cast<std::size_t>(output.dim(1));
  if (rows != expected_rows) {
    return make_error(ErrorCode::UnsupportedLayout,
                      "the YOLOX output has " + std::to_string(rows) + " rows, but the strides and the input size " +
                          std::to_string(params.input_width) + "x" + std::to_string(params.input_height) + " give " +
                          std::to_string(expected_rows));
  }
  const auto cols = static_cast<std::size_t>(output.dim(2));

  // numpy adds the int64 grid to the float32 outputs in float64 and stores back to float32; the
  // same happens here so that the decoded boxes round like the reference's.
  std::vector<float> boxes(rows * 4);
  std::size_t r = 0;
  for (int s : params.strides) {
    const int gw = params.input_width / s;
    const int gh = params.input_height / s;
    const double sd = s;
    for (int gy = 0; gy < gh; ++gy) {
      for (int gx = 0; gx < gw; ++gx, ++r) {
        const float* row = output.data.data() + r * cols;
        float* b = boxes.data() + r * 4;
        b[0] = static_cast<float>((static_cast<double>(row[0]) + gx) * sd);
        b[1] = static_cast<float>((static_cast<double>(row[1]) + gy) * sd);
        b[2] = static_cast<float>(static_cast<double>(std::exp(row[2])) * sd);
        b[3] = static_cast<float>(static_cast<double>(std::exp(row[3])) * sd);
      }
    }
  }
  return decode_objectness_rows(output, boxes, params.scoring);
}

}  // namespace wl
