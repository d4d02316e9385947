#include "core/detect/decode_rtdetr.h"

#include <cmath>

#include "core/detect/decode_common.h"

namespace wl {

Result<std::vector<Detection>> decode_rtdetr(const TensorView& output, const RtDetrDecodeParams& params) {
  if (auto ok = check_tensor(output, 3, "[1, queries, 4 + classes]"); !ok) return ok.error();
  if (output.dim(0) != 1 || output.dim(2) < 5) {
    return make_error(ErrorCode::UnsupportedLayout, "expected an RT-DETR output of shape [1, queries, 4 + classes], got " +
                                                        shape_to_string(output.shape));
  }
  const auto queries = static_cast<std::size_t>(output.dim(1));
  const auto cols = static_cast<std::size_t>(output.dim(2));
  const std::size_t classes = cols - 4;
  std::vector<Detection> out;
  std::vector<float> probs(classes);
  for (std::size_t q = 0; q < queries; ++q) {
    const float* row = output.data.data() + q * cols;
    const float* cls = row + 4;
    if (params.scores_are_logits) {
      for (std::size_t c = 0; c < classes; ++c) probs[c] = detail::sigmoid(row[4 + c]);
      cls = probs.data();
    }
    const detail::BestClass best = detail::best_class(cls, classes, 1);
    if (!detail::above(best.score, params.conf_threshold)) continue;
    BoxXyxy b = detail::cxcywh_to_xyxy(row[0], row[1], row[2], row[3]);
    b.x1 *= params.frame_width;
    b.x2 *= params.frame_width;
    b.y1 *= params.frame_height;
    b.y2 *= params.frame_height;
    out.push_back(Detection{best.index, best.score, b});
  }
  return out;
}

namespace {

template <class Label>
Result<std::vector<Detection>> decode_triple(const BasicTensorView<Label>& labels, const TensorView& boxes,
                                             const TensorView& scores, const DetrTripleDecodeParams& params) {
  if (auto ok = check_tensor(labels, 2, "labels [1, queries]"); !ok) return ok.error();
  if (auto ok = check_tensor(boxes, 3, "boxes [1, queries, 4]"); !ok) return ok.error();
  if (auto ok = check_tensor(scores, 2, "scores [1, queries]"); !ok) return ok.error();
  const std::int64_t q = boxes.dim(1);
  if (boxes.dim(0) != 1 || boxes.dim(2) != 4 || labels.dim(0) != 1 || scores.dim(0) != 1 || labels.dim(1) != q ||
      scores.dim(1) != q) {
    return make_error(ErrorCode::UnsupportedLayout, "expected labels [1, Q], boxes [1, Q, 4] and scores [1, Q], got " +
                                                        shape_to_string(labels.shape) + ", " +
                                                        shape_to_string(boxes.shape) + " and " +
                                                        shape_to_string(scores.shape));
  }
  std::vector<Detection> out;
  for (std::size_t i = 0; i < static_cast<std::size_t>(q); ++i) {
    const float s = scores.data[i];
    if (!detail::above(s, params.conf_threshold)) continue;
    const Label label = labels.data[i];
    if (!(label >= 0 && label < Label(16777216)) || static_cast<Label>(static_cast<std::int64_t>(label)) != label) {
      return make_error(ErrorCode::Corrupt, "the model output holds an invalid class label");
    }
    const float* v = boxes.data.data() + i * 4;
    BoxXyxy b = params.box_format == BoxFormat::Xyxy ? BoxXyxy{v[0], v[1], v[2], v[3]}
                                                     : detail::cxcywh_to_xyxy(v[0], v[1], v[2], v[3]);
    b.x1 *= params.scale_x;
    b.x2 *= params.scale_x;
    b.y1 *= params.scale_y;
    b.y2 *= params.scale_y;
    out.push_back(Detection{static_cast<int>(label), s, b});
  }
  return out;
}

}  // namespace

Result<std::vector<Detection>> decode_detr_triple(const Int64TensorView& labels, const TensorView& boxes,
                                                  const TensorView& scores, const DetrTripleDecodeParams& params) {
  return decode_triple(labels, boxes, scores, params);
}

Result<std::vector<Detection>> decode_detr_triple(const TensorView& labels, const TensorView& boxes,
                                                  const TensorView& scores, const DetrTripleDecodeParams& params) {
  return decode_triple(labels, boxes, scores, params);
}

}  // namespace wl
