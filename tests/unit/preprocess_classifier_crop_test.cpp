// classifier_crop: squaring, context padding, fill outside the image, resize to S x S.
#include <catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

#include "core/preprocess/classifier_crop.h"
#include "core/preprocess/resize_bilinear.h"

namespace {

// 20x10 image: left half colour A, right half colour B, so crops show where they came from.
wl::ImageRgb8 halves() {
  wl::ImageRgb8 img;
  img.width = 20;
  img.height = 10;
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 20; ++x) {
      if (x < 10) img.pixels.insert(img.pixels.end(), {200, 10, 10});
      else img.pixels.insert(img.pixels.end(), {10, 10, 200});
    }
  return img;
}

const std::uint8_t* px(const wl::ImageRgb8& img, int x, int y) { return img.row(y) + x * 3; }

}  // namespace

TEST_CASE("The crop region is squared about the box centre and padded", "[crop]") {
  wl::ClassifierCropParams p;
  p.size = 8;
  p.square = true;
  p.pad_fraction = 0.25;
  const wl::PixelBox r = wl::classifier_crop_region({10, 20, 30, 30}, p);  // 20 wide, 10 high
  // Square side 20, a quarter of it added on each side: 30, centred on (20, 25).
  CHECK(r.x1 == 5.0);
  CHECK(r.x2 == 35.0);
  CHECK(r.y1 == 10.0);
  CHECK(r.y2 == 40.0);
  p.square = false;
  p.pad_fraction = 0.0;
  const wl::PixelBox same = wl::classifier_crop_region({10, 20, 30, 30}, p);
  CHECK(same.x1 == 10.0);
  CHECK(same.y2 == 30.0);
}

TEST_CASE("A crop inside the image takes exactly those pixels", "[crop]") {
  const auto img = halves();
  wl::ClassifierCropParams p;
  p.size = 4;
  p.square = false;
  auto left = wl::classifier_crop(img, {2, 2, 6, 6}, p);
  REQUIRE(left.ok());
  REQUIRE(left->width == 4);
  REQUIRE(left->height == 4);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) CHECK(px(*left, x, y)[0] == 200);

  auto right = wl::classifier_crop(img, {12, 2, 16, 6}, p);
  REQUIRE(right.ok());
  CHECK(px(*right, 0, 0)[2] == 200);
}

TEST_CASE("A square crop past the border is filled, keeping the box centred", "[crop]") {
  const auto img = halves();
  wl::ClassifierCropParams p;
  p.size = 20;
  p.square = true;
  p.fill = 0;
  // Box 20 wide and 4 high in the middle: the square is 20x20, rows -3..17 of which
  // only 0..9 exist, so rows above and below are filled with black.
  auto crop = wl::classifier_crop(img, {0, 3, 20, 7}, p);
  REQUIRE(crop.ok());
  REQUIRE(crop->width == 20);
  REQUIRE(crop->height == 20);
  CHECK(px(*crop, 5, 0)[0] == 0);    // above the image
  CHECK(px(*crop, 5, 19)[0] == 0);   // below the image
  CHECK(px(*crop, 5, 5)[0] == 200);  // left half of the image
  CHECK(px(*crop, 15, 5)[2] == 200); // right half
}

TEST_CASE("The crop is resized with the same bilinear as the detector input", "[crop]") {
  const auto img = halves();
  wl::ClassifierCropParams p;
  p.size = 7;
  p.square = false;
  auto crop = wl::classifier_crop(img, {0, 0, 20, 10}, p);
  REQUIRE(crop.ok());
  CHECK(crop->pixels == wl::resize_bilinear_u8(img, 7, 7).pixels);
}

TEST_CASE("Unusable boxes and sizes are errors", "[crop]") {
  const auto img = halves();
  wl::ClassifierCropParams p;
  p.size = 8;
  CHECK(wl::classifier_crop(img, {5, 5, 5, 9}, p).error().code == wl::ErrorCode::InvalidArgument);  // empty
  CHECK_FALSE(wl::classifier_crop(img, {30, 30, 40, 40}, p).ok());                                  // outside
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_FALSE(wl::classifier_crop(img, {nan, 0, 5, 5}, p).ok());
  p.size = 0;
  CHECK_FALSE(wl::classifier_crop(img, {1, 1, 5, 5}, p).ok());
  p.size = 8;
  p.pad_fraction = 1e12;
  CHECK_FALSE(wl::classifier_crop(img, {1, 1, 5, 5}, p).ok());
}
