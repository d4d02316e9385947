#pragma once
// Cut a detection out of the upright image for a species classifier: optionally square
// it and add context around it, then resize to the classifier's S x S input.
//
// Squaring keeps the animal's proportions (a classifier trained on square crops sees a
// stretched animal otherwise). Where the enlarged box reaches past the image border, the
// missing area is filled with a constant colour instead of shifting the box, so the
// animal stays centred. Normalisation (ImageNet mean/std) is the tensor step's job: pass
// the crop to write_nchw_float with the classifier's TensorNormalization.
#include <cstdint>

#include "core/image/image.h"
#include "core/util/result.h"

namespace wl {

// A box in upright-image pixels, continuous xyxy: a full-width box is [0, width].
struct PixelBox {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
};

struct ClassifierCropParams {
  int size = 0;               // output is size x size
  bool square = true;         // grow the shorter side to the longer one, about the centre
  double pad_fraction = 0.0;  // extra context on every side, as a fraction of the (squared) box side
  std::uint8_t fill = 0;      // colour of the area outside the image
};

// The region that will be cut, after squaring and padding (before clipping to the
// image). Exposed so a UI can draw what the classifier sees.
PixelBox classifier_crop_region(const PixelBox& box, const ClassifierCropParams& params);

// Errors: InvalidArgument for a size <= 0, a non-finite or empty box, or a box that does
// not overlap the image.
Result<ImageRgb8> classifier_crop(const ImageRgb8& image, const PixelBox& box, const ClassifierCropParams& params);

}  // namespace wl
