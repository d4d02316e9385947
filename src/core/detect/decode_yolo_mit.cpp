#include "core/detect/decode_yolo_mit.h"

#include "core/detect/decode_common.h"

namespace wl {
namespace {

Error layout_error(const std::string& why) {
  return make_error(ErrorCode::UnsupportedLayout,
                    "the outputs are not the MIT YOLO layout (per stride: class logits [1, C, h, w], distance "
                    "distribution [1, 16, 4, h, w], box distances [1, 4, h, w]): " + why);
}

}  // namespace

Result<std::vector<Detection>> decode_yolo_mit(const std::vector<TensorView>& outputs, const YoloMitDecodeParams& params) {
  if (outputs.size() != 9 && outputs.size() != 18)
    return layout_error("the model gave " + std::to_string(outputs.size()) + " outputs, not 9 (or 18 with the auxiliary head)");
  if (params.input_width <= 0 || params.input_height <= 0) return make_error(ErrorCode::InvalidArgument, "no input size given");
  std::int64_t classes = -1;
  std::vector<Detection> out;
  for (std::size_t s = 0; s < 3; ++s) {
    const TensorView& cls = outputs[3 * s];
    const TensorView& dist = outputs[3 * s + 1];
    const TensorView& vec = outputs[3 * s + 2];
    const std::string scale = "stride group " + std::to_string(s + 1) + ": ";
    if (cls.rank() != 4 || vec.rank() != 4 || dist.rank() != 5)
      return layout_error(scale + "shapes " + shape_to_string(cls.shape) + ", " + shape_to_string(dist.shape) + ", " +
                          shape_to_string(vec.shape));
    if (auto ok = check_tensor(cls, 4, "class logits"); !ok) return ok.error();
    if (auto ok = check_tensor(vec, 4, "box distances"); !ok) return ok.error();
    const std::int64_t h = cls.dim(2), w = cls.dim(3);
    if (cls.dim(0) != 1 || vec.dim(0) != 1 || vec.dim(1) != 4 || vec.dim(2) != h || vec.dim(3) != w || h <= 0 || w <= 0)
      return layout_error(scale + "class logits " + shape_to_string(cls.shape) + " and box distances " +
                          shape_to_string(vec.shape) + " do not describe the same grid");
    if (classes < 0) classes = cls.dim(1);
    if (cls.dim(1) != classes || classes <= 0) return layout_error(scale + "the class count differs between strides");
    if (params.input_width % w != 0 || params.input_height % h != 0 || params.input_width / w != params.input_height / h)
      return layout_error(scale + "a " + std::to_string(w) + "x" + std::to_string(h) + " grid does not divide the " +
                          std::to_string(params.input_width) + "x" + std::to_string(params.input_height) + " input");
    const float stride = static_cast<float>(params.input_width / w);
    const std::size_t plane = static_cast<std::size_t>(h * w);
    const float* logits = cls.data.data();
    const float* d = vec.data.data();
    for (std::int64_t y = 0; y < h; ++y) {
      for (std::int64_t x = 0; x < w; ++x) {
        const std::size_t cell = static_cast<std::size_t>(y * w + x);
        bool boxed = false;
        BoxXyxy box{};
        for (std::int64_t c = 0; c < classes; ++c) {
          const float score = detail::sigmoid(logits[static_cast<std::size_t>(c) * plane + cell]);
          if (!detail::above(score, params.conf_threshold)) continue;
          if (!boxed) {
            const float ax = (static_cast<float>(x) + 0.5f) * stride;
            const float ay = (static_cast<float>(y) + 0.5f) * stride;
            box = BoxXyxy{ax - d[cell] * stride, ay - d[plane + cell] * stride, ax + d[2 * plane + cell] * stride,
                          ay + d[3 * plane + cell] * stride};
            boxed = true;
          }
          out.push_back(Detection{static_cast<int>(c), score, box});
        }
      }
    }
  }
  return out;
}

}  // namespace wl
