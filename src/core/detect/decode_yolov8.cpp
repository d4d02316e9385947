#include "core/detect/decode_yolov8.h"

#include "core/detect/decode_common.h"

namespace wl {

Result<std::vector<Detection>> decode_yolov8(const TensorView& output, const ClassScoreDecodeParams& params) {
  if (auto ok = check_tensor(output, 3, "[1, 4 + classes, anchors]"); !ok) return ok.error();
  if (output.dim(0) != 1 || output.dim(1) < 5) {
    return make_error(ErrorCode::UnsupportedLayout, "expected a model output of shape [1, 4 + classes, anchors], got " +
                                                        shape_to_string(output.shape));
  }
  const auto channels = static_cast<std::size_t>(output.dim(1));
  const auto anchors = static_cast<std::size_t>(output.dim(2));
  if (params.num_classes < 0 || static_cast<std::size_t>(params.num_classes) > channels - 4) {
    return make_error(ErrorCode::UnsupportedLayout, "the model output " + shape_to_string(output.shape) + " has no room for " +
                                                        std::to_string(params.num_classes) + " classes");
  }
  const std::size_t classes = params.num_classes ? static_cast<std::size_t>(params.num_classes) : channels - 4;
  const float* base = output.data.data();

  // Channel-first: one anchor's values are `anchors` apart. The pass reads each class plane once
  // per anchor; only anchors that pass the threshold touch the box planes.
  std::vector<Detection> out;
  for (std::size_t a = 0; a < anchors; ++a) {
    const float* cls = base + 4 * anchors + a;
    const detail::BestClass best = detail::best_class(cls, classes, anchors);
    if (!detail::above(best.score, params.conf_threshold)) continue;
    const BoxXyxy box = detail::cxcywh_to_xyxy(base[a], base[anchors + a], base[2 * anchors + a], base[3 * anchors + a]);
    if (params.multi_label) {
      for (std::size_t c = 0; c < classes; ++c) {
        const float s = cls[c * anchors];
        if (detail::above(s, params.conf_threshold)) out.push_back(Detection{static_cast<int>(c), s, box});
      }
    } else {
      out.push_back(Detection{best.index, best.score, box});
    }
  }
  return out;
}

}  // namespace wl
