#pragma once
// The classifier's input for one image: every requested detection box cut from the upright
// image the way Pytorch-Wildlife cuts it (PIL crop, PIL bilinear resize; see
// core/preprocess/pw_crop.h), normalised, and packed into one tensor so a classifier with a
// dynamic batch axis takes the whole image in one run. The image worker calls this on the
// image it has just decoded; native hosts and the runner call it directly.
#include "core/image/image.h"
#include "core/pipeline/image_preparer.h"

namespace wl {

// Never fails as a call: boxes too small are counted in `too_small`, other unusable boxes
// (empty, outside the image) are left out of `cut`; `failure` is set for a bad spec.
PreparedCrops cut_crops(const ImageRgb8& upright, const CropRequest& request);

// Floats per crop in the tensor (3 x width x height).
std::size_t crop_float_count(const CropSpec& spec);

}  // namespace wl
