#include "core/pipeline/prepare_image.h"

#include <chrono>
#include <utility>

#include "core/image/decode.h"
#include "core/preprocess/letterbox.h"
#include "core/preprocess/stretch_resize.h"
#include "core/preprocess/tensor.h"

namespace wl {
namespace {

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// Letterbox or stretch, as the model entry says.
Result<ImageRgb8> resize_for_network(const ImageRgb8& img, const PrepareSpec& spec) {
  if (spec.resize == ResizeMode::Stretch) {
    auto s = stretch_resize(img, spec.input_size, spec.input_size);
    if (!s) return s.error();
    return std::move(s->image);
  }
  LetterboxParams lp;
  lp.target_width = lp.target_height = spec.input_size;
  lp.stride = spec.stride;
  lp.stride_multiple = spec.resize == ResizeMode::LetterboxStride;
  lp.fill = static_cast<std::uint8_t>(spec.pad_value);
  auto lb = letterbox(img, lp);
  if (!lb) return lb.error();
  return std::move(lb->image);
}

}  // namespace

PrepareSpec make_prepare_spec(const ModelEntry& model, int input_size) {
  PrepareSpec spec;
  spec.input_size = input_size;
  spec.resize = model.resize;
  spec.stride = model.stride;
  spec.pad_value = model.pad_value;
  spec.mean = model.mean;
  spec.std = model.std;
  spec.bgr = model.bgr;
  return spec;
}

void write_network_input(const ImageRgb8& network_input, const PrepareSpec& spec, PreparedInput& out) {
  out.frame.input_width = network_input.width;
  out.frame.input_height = network_input.height;
  out.tensor.resize(nchw_float_count(network_input));
  TensorNormalization norm;
  norm.mean = spec.mean;
  norm.std = spec.std;
  norm.bgr = spec.bgr;
  if (auto w = write_nchw_float(network_input, norm, out.tensor); !w) {
    out.failure = w.error().message;
    out.tensor.clear();
    return;
  }
  out.shape = {1, 3, network_input.height, network_input.width};
}

PreparedInput prepare_image(std::span<const std::uint8_t> bytes, const PrepareSpec& spec, PrepareOptions options) {
  PreparedInput out;
  out.tensor = std::move(options.buffer);
  double t0 = now_ms();
  auto decoded = decode_image(bytes);
  out.decode_ms = now_ms() - t0;
  if (!decoded) {
    out.failure = decoded.error().message;
    out.tensor.clear();
    return out;
  }
  out.warning = decoded->warning;
  out.facts = read_image_facts(bytes);
  PreparedInput rest = prepare_decoded(std::move(decoded->image), spec, {options.keep_image, std::move(out.tensor)},
                                       out.decode_ms);
  rest.warning = std::move(out.warning);
  rest.facts = std::move(out.facts);
  return rest;
}

PreparedInput prepare_decoded(ImageRgb8 image, const PrepareSpec& spec, PrepareOptions options, double decode_ms) {
  PreparedInput out;
  out.tensor = std::move(options.buffer);
  out.decode_ms = decode_ms;
  out.frame.orig_width = image.width;
  out.frame.orig_height = image.height;
  const double t0 = now_ms();
  auto network_input = resize_for_network(image, spec);
  if (!network_input) {
    out.failure = network_input.error().message;
    out.tensor.clear();
    return out;
  }
  if (options.keep_image) out.image = std::move(image);
  else image = ImageRgb8{};  // free the full-size pixels early
  write_network_input(*network_input, spec, out);
  out.preprocess_ms = now_ms() - t0;
  return out;
}

PreparedInput prepare_image(std::span<const std::uint8_t> bytes, const ModelEntry& model, int input_size) {
  return prepare_image(bytes, make_prepare_spec(model, input_size));
}

}  // namespace wl
