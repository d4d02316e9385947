// Hand-built YOLOX output with the grid decode left to us.
#include <catch.hpp>

#include <cmath>

#include "core/detect/decode_yolox.h"

namespace {

// Input 32 wide x 16 high, strides 8 and 16: grids 4x2 (rows 0..7) then 2x1 (rows 8..9).
std::vector<float> make_output() {
  std::vector<float> v(10 * 7, 0.0f);
  auto row = [&](int r) { return v.data() + r * 7; };
  // Row 6 = stride 8, gy 1, gx 2.
  float* a = row(6);
  a[0] = 0.5f;   // cx = (0.5 + 2) * 8 = 20
  a[1] = 0.25f;  // cy = (0.25 + 1) * 8 = 10
  a[2] = 0.0f;   // w = exp(0) * 8 = 8
  a[3] = 0.0f;   // h = 8
  a[4] = 0.5f;
  a[5] = 0.2f;
  a[6] = 0.9f;   // class 1, 0.45
  // Row 9 = stride 16, gy 0, gx 1.
  float* b = row(9);
  b[2] = std::log(2.0f);  // w = 2 * 16 = 32
  b[4] = 0.8f;
  b[5] = 0.5f;  // class 0, 0.4
  b[6] = 0.25f;
  return v;
}

}  // namespace

TEST_CASE("YOLOX decode: grid offsets and exp sizes per stride, then obj * cls") {
  const std::vector<float> v = make_output();
  const wl::YoloxDecodeParams params{
      .scoring = {.conf_threshold = 0.3}, .strides = {8, 16}, .input_width = 32, .input_height = 16};
  auto dets = wl::decode_yolox(wl::TensorView{v, {1, 10, 7}}, params);
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 2);
  const wl::Detection& a = (*dets)[0];
  CHECK(a.class_id == 1);
  CHECK(a.confidence == 0.9f * 0.5f);
  CHECK(a.box.x1 == 16.0f);
  CHECK(a.box.y1 == 6.0f);
  CHECK(a.box.x2 == 24.0f);
  CHECK(a.box.y2 == 14.0f);
  const wl::Detection& b = (*dets)[1];
  CHECK(b.class_id == 0);
  CHECK(b.confidence == 0.4f);
  CHECK(b.box.x1 == Approx(0.0));   // cx = (0 + 1) * 16 = 16, w = 32
  CHECK(b.box.x2 == Approx(32.0));
  CHECK(b.box.y1 == -8.0f);  // cy = 0, h = 16
  CHECK(b.box.y2 == 8.0f);
}

TEST_CASE("YOLOX decode checks the row count against the strides and the input size") {
  const std::vector<float> v = make_output();
  const wl::YoloxDecodeParams wrong_size{
      .scoring = {.conf_threshold = 0.3}, .strides = {8, 16}, .input_width = 32, .input_height = 32};
  CHECK(wl::decode_yolox(wl::TensorView{v, {1, 10, 7}}, wrong_size).error().code == wl::ErrorCode::UnsupportedLayout);
  const wl::YoloxDecodeParams no_strides{.scoring = {.conf_threshold = 0.3}, .strides = {}, .input_width = 32, .input_height = 16};
  CHECK(wl::decode_yolox(wl::TensorView{v, {1, 10, 7}}, no_strides).error().code == wl::ErrorCode::InvalidArgument);
}
