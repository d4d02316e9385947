#pragma once
// Pillow's Image.resize(size, Image.BILINEAR) for 8-bit RGB, bit for bit: what
// torchvision's Resize does to a PIL image, and so what Pytorch-Wildlife's classifiers are fed.
//
// Unlike OpenCV's bilinear (core/preprocess/resize_bilinear.h), Pillow's is a convolution with
// a triangle filter whose support grows with the downscaling factor (antialiased), computed
// separably (horizontal pass, then vertical) with coefficients in 22-bit fixed point and an
// 8-bit image between the passes. Reproduced from Pillow's resampling as documented and
// checked against the Pillow installed here (tests/unit/preprocess_resize_pil_test.cpp).
#include "core/image/image.h"
#include "core/util/result.h"

namespace wl {

// Errors: InvalidArgument for an empty source or a target size <= 0.
Result<ImageRgb8> resize_pil_bilinear(const ImageRgb8& src, int width, int height);

}  // namespace wl
