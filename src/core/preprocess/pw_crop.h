#pragma once
// Pytorch-Wildlife's classifier input for one detection (PytorchWildlife/data/datasets.py
// DetectionCrops, then the classifier's transform): PIL's Image.crop of the box, whose corners
// Pillow rounds to whole pixels the way Python's round() does (half to even), with black where
// the box leaves the image; then torchvision's Resize to the model's input, which on a PIL
// image is Pillow's antialiased bilinear (core/preprocess/resize_pil.h). ToTensor and
// Normalize are the tensor step's (write_nchw_float with the model's mean and std).
#include "core/image/image.h"
#include "core/preprocess/classifier_crop.h"
#include "core/util/result.h"

namespace wl {

// Crops smaller than this on a side (after rounding) are not classified.
constexpr int kMinCropPixels = 8;

// Errors (InvalidArgument): a box that is not finite, one that rounds to fewer than
// kMinCropPixels on a side, or a target size <= 0.
Result<ImageRgb8> pw_classifier_crop(const ImageRgb8& upright, const PixelBox& box, int width, int height);

}  // namespace wl
