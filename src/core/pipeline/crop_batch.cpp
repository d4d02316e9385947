#include "core/pipeline/crop_batch.h"

#include <chrono>
#include <span>

#include "core/preprocess/pw_crop.h"
#include "core/preprocess/tensor.h"

namespace wl {
namespace {

// torchvision's ToTensor + Normalize, written channels-last.
void write_nhwc_float(const ImageRgb8& img, const CropSpec& spec, std::span<float> out) {
  const std::size_t n = static_cast<std::size_t>(img.width) * img.height;
  for (std::size_t i = 0; i < n; ++i) {
    for (int c = 0; c < 3; ++c) {
      const int src = spec.bgr ? 2 - c : c;
      const float v = static_cast<float>(img.pixels[i * 3 + static_cast<std::size_t>(src)]) / 255.0f;
      out[i * 3 + static_cast<std::size_t>(c)] = (v - spec.mean[static_cast<std::size_t>(c)]) / spec.std[static_cast<std::size_t>(c)];
    }
  }
}

}  // namespace

std::size_t crop_float_count(const CropSpec& spec) {
  return spec.width > 0 && spec.height > 0 ? static_cast<std::size_t>(spec.width) * spec.height * 3 : 0;
}

PreparedCrops cut_crops(const ImageRgb8& upright, const CropRequest& request) {
  const auto t0 = std::chrono::steady_clock::now();
  PreparedCrops out;
  const std::size_t per = crop_float_count(request.spec);
  if (per == 0) {
    out.failure = "The classifier's input size is unknown, so no crop can be made.";
    return out;
  }
  out.tensor.reserve(per * request.boxes.size());
  TensorNormalization norm;
  norm.mean = request.spec.mean;
  norm.std = request.spec.std;
  norm.bgr = request.spec.bgr;
  for (std::size_t i = 0; i < request.boxes.size(); ++i) {
    const PixelBox& b = request.boxes[i];
    if (b.x2 - b.x1 < kMinCropPixels || b.y2 - b.y1 < kMinCropPixels) {
      ++out.too_small;
      continue;
    }
    auto crop = pw_classifier_crop(upright, b, request.spec.width, request.spec.height);
    if (!crop) {
      // Boxes that round to fewer than kMinCropPixels are "too small" as well.
      ++out.too_small;
      continue;
    }
    const std::size_t at = out.tensor.size();
    out.tensor.resize(at + per);
    const std::span<float> dest(out.tensor.data() + at, per);
    if (request.spec.nhwc) {
      write_nhwc_float(*crop, request.spec, dest);
    } else if (!write_nchw_float(*crop, norm, dest)) {
      out.tensor.resize(at);
      continue;
    }
    out.cut.push_back(static_cast<int>(i));
  }
  out.crop_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace wl
