// write_nchw_float: layout, the division YOLOv5/torchvision do, mean/std, BGR, reuse.
#include <catch.hpp>

#include <cstdint>
#include <vector>

#include "core/preprocess/tensor.h"

namespace {

wl::ImageRgb8 two_by_two() {
  wl::ImageRgb8 img;
  img.width = 2;
  img.height = 2;
  // (x, y): (0,0) red-ish, (1,0) green-ish, (0,1) blue-ish, (1,1) white
  img.pixels = {255, 10, 20, 30, 255, 40, 50, 60, 255, 255, 255, 255};
  return img;
}

}  // namespace

TEST_CASE("HWC uint8 becomes NCHW float divided by 255", "[tensor]") {
  const auto img = two_by_two();
  std::vector<float> t(wl::nchw_float_count(img), -1.f);
  REQUIRE(t.size() == 12);
  REQUIRE(wl::write_nchw_float(img, {}, t).ok());
  // Plane R, then G, then B; within a plane row by row.
  const float want[12] = {255, 30, 50, 255, 10, 255, 60, 255, 20, 40, 255, 255};
  for (std::size_t i = 0; i < 12; ++i) {
    INFO("index " << i);
    CHECK(t[i] == want[i] / 255.0f);  // exactly YOLOv5's `im /= 255` in float32
  }
}

TEST_CASE("Every level divides exactly as float32 division does", "[tensor]") {
  wl::ImageRgb8 img;
  img.width = 256;
  img.height = 1;
  for (int v = 0; v < 256; ++v) img.pixels.insert(img.pixels.end(), {static_cast<std::uint8_t>(v), 0, 0});
  std::vector<float> t(wl::nchw_float_count(img));
  REQUIRE(wl::write_nchw_float(img, {}, t).ok());
  for (int v = 0; v < 256; ++v) CHECK(t[static_cast<std::size_t>(v)] == static_cast<float>(v) / 255.0f);
}

TEST_CASE("ImageNet mean/std and BGR order", "[tensor]") {
  const auto img = two_by_two();
  wl::TensorNormalization imagenet;
  imagenet.mean = {0.485f, 0.456f, 0.406f};
  imagenet.std = {0.229f, 0.224f, 0.225f};
  std::vector<float> t(12);
  REQUIRE(wl::write_nchw_float(img, imagenet, t).ok());
  CHECK(t[0] == (255 / 255.0f - 0.485f) / 0.229f);
  CHECK(t[4] == (10 / 255.0f - 0.456f) / 0.224f);
  CHECK(t[8] == (20 / 255.0f - 0.406f) / 0.225f);

  wl::TensorNormalization bgr;
  bgr.bgr = true;
  REQUIRE(wl::write_nchw_float(img, bgr, t).ok());
  CHECK(t[0] == 20 / 255.0f);   // first plane is blue
  CHECK(t[8] == 255 / 255.0f);  // last plane is red
}

TEST_CASE("A wrong-sized buffer is refused and left untouched", "[tensor]") {
  const auto img = two_by_two();
  std::vector<float> small(11, 7.f);
  auto r = wl::write_nchw_float(img, {}, small);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == wl::ErrorCode::InvalidArgument);
  CHECK(r.error().message == "the tensor buffer holds 11 floats, but a 3x2x2 image needs 12");
  CHECK(small == std::vector<float>(11, 7.f));

  wl::TensorNormalization bad;
  bad.std = {1.f, 0.f, 1.f};
  std::vector<float> t(12);
  CHECK_FALSE(wl::write_nchw_float(img, bad, t).ok());
}

TEST_CASE("One buffer serves image after image", "[tensor]") {
  auto img = two_by_two();
  std::vector<float> t(12);
  const float* data = t.data();
  REQUIRE(wl::write_nchw_float(img, {}, t).ok());
  img.pixels.assign(12, 0);
  REQUIRE(wl::write_nchw_float(img, {}, t).ok());
  CHECK(t.data() == data);
  CHECK(t == std::vector<float>(12, 0.f));
}
