#pragma once
// Pytorch-Wildlife's classifier input for one detection: PIL's Image.crop of the box, then
// PIL bilinear resize (torchvision Resize) to width x height. (Declaration agreed with the
// implementation in pw_crop.cpp.)
#include "core/image/image.h"
#include "core/preprocess/classifier_crop.h"
#include "core/util/result.h"

namespace wl {

// Crops smaller than this on a side (after rounding) are not classified.
constexpr int kMinCropPixels = 8;

Result<ImageRgb8> pw_classifier_crop(const ImageRgb8& upright, const PixelBox& box, int width, int height);

}  // namespace wl
