#pragma once
// HWC uint8 RGB image -> NCHW float32 network input, written into a caller-owned buffer so
// one allocation serves every image of a batch run.
//
// value = (pixel / divisor - mean[c]) / std[c], in float32, in that order: it is what
// YOLOv5/Ultralytics (`im /= 255`) and torchvision (ToTensor, then Normalize's sub/div) do.
// Multiplying by 1/255 instead differs in the last bit for some values.
// Detectors (YOLOv5, Ultralytics, RT-DETR): divisor 255, mean 0, std 1 (the default).
// ImageNet classifiers: divisor 255, mean {0.485, 0.456, 0.406}, std {0.229, 0.224, 0.225}.
// The numbers come from the model manifest; the defaults only reproduce "divide by 255".
#include <array>
#include <cstddef>
#include <span>

#include "core/image/image.h"
#include "core/util/result.h"

namespace wl {

struct TensorNormalization {
  float divisor = 255.0f;
  std::array<float, 3> mean = {0.f, 0.f, 0.f};
  std::array<float, 3> std = {1.f, 1.f, 1.f};
  // Reverse the channel order (BGR models); the image itself is always RGB.
  bool bgr = false;
};

// Number of floats for one 3 x height x width image.
std::size_t nchw_float_count(const ImageRgb8& image);

// Writes `image` into `out` as planes R, G, B (or B, G, R). `out` must hold exactly
// nchw_float_count(image) floats; otherwise nothing is written and InvalidArgument returns.
Result<void> write_nchw_float(const ImageRgb8& image, const TensorNormalization& norm, std::span<float> out);

}  // namespace wl
