#include "core/detect/decode_yolov5.h"

#include "core/detect/decode_common.h"

namespace wl {

Result<std::vector<Detection>> decode_objectness_rows(const TensorView& output, std::span<const float> boxes_cxcywh,
                                                      const ObjectnessDecodeParams& params) {
  if (auto ok = check_tensor(output, 3, "rows [1, N, 5 + classes]"); !ok) return ok.error();
  if (output.dim(0) != 1 || output.dim(2) < 6) {
    return make_error(ErrorCode::UnsupportedLayout, "expected a model output of shape [1, N, 5 + classes], got " +
                                                        shape_to_string(output.shape));
  }
  const auto rows = static_cast<std::size_t>(output.dim(1));
  const auto cols = static_cast<std::size_t>(output.dim(2));
  if (params.num_classes < 0 || static_cast<std::size_t>(params.num_classes) > cols - 5) {
    return make_error(ErrorCode::UnsupportedLayout, "the model output " + shape_to_string(output.shape) + " has no room for " +
                                                        std::to_string(params.num_classes) + " classes");
  }
  const std::size_t classes = params.num_classes ? static_cast<std::size_t>(params.num_classes) : cols - 5;
  if (!boxes_cxcywh.empty() && boxes_cxcywh.size() != rows * 4) {
    return make_error(ErrorCode::InvalidArgument, "decoded boxes do not match the number of output rows");
  }

  std::vector<Detection> out;
  std::vector<float> products(classes);
  for (std::size_t r = 0; r < rows; ++r) {
    const float* row = output.data.data() + r * cols;
    const float obj = row[4];
    if (!detail::above(obj, params.conf_threshold)) continue;
    const float* b = boxes_cxcywh.empty() ? row : boxes_cxcywh.data() + r * 4;
    const BoxXyxy box = detail::cxcywh_to_xyxy(b[0], b[1], b[2], b[3]);
    // YOLOv5 multiplies in place (x[:, 5:] *= x[:, 4:5]) and then takes the max of the products.
    // Two class probabilities can round to the same product, so the argmax must be taken over the
    // products, not over the raw probabilities.
    for (std::size_t c = 0; c < classes; ++c) products[c] = row[5 + c] * obj;
    if (params.multi_label) {
      for (std::size_t c = 0; c < classes; ++c) {
        if (detail::above(products[c], params.conf_threshold)) {
          out.push_back(Detection{static_cast<int>(c), products[c], box});
        }
      }
    } else {
      const detail::BestClass best = detail::best_class(products.data(), classes, 1);
      if (detail::above(best.score, params.conf_threshold)) out.push_back(Detection{best.index, best.score, box});
    }
  }
  return out;
}

Result<std::vector<Detection>> decode_yolov5(const TensorView& output, const ObjectnessDecodeParams& params) {
  return decode_objectness_rows(output, {}, params);
}

}  // namespace wl
