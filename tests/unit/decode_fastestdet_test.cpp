// Hand-built FastestDet output: one channels-first grid.
#include <catch.hpp>

#include <cmath>

#include "core/detect/decode_fastestdet.h"

namespace {

// [1, 5 + 2, 2, 2]: planes obj, x, y, w, h, cls0, cls1; cells (y, x) row-major.
std::vector<float> make_output() {
  std::vector<float> v(7 * 4, 0.0f);
  auto at = [&](int channel, int y, int x) -> float& { return v[static_cast<std::size_t>(channel * 4 + y * 2 + x)]; };
  // Cell (y 1, x 0): centred on the cell's corner, half the image in size.
  at(0, 1, 0) = 0.25f;  // obj
  at(5, 1, 0) = 0.36f;
  at(6, 1, 0) = 0.64f;  // class 1
  // Cell (y 0, x 1): offset by tanh(atanh(0.5)) = 0.5 cells in x.
  at(0, 0, 1) = 1.0f;
  at(1, 0, 1) = std::atanh(0.5f);
  at(5, 0, 1) = 1.0f;
  return v;
}

}  // namespace

TEST_CASE("FastestDet decode: obj^a * cls^b, tanh offsets, sigmoid sizes, normalised to the frame") {
  const std::vector<float> v = make_output();
  const wl::FastestDetDecodeParams params{.conf_threshold = 0.3,
                                          .objectness_exponent = 0.5f,
                                          .class_exponent = 0.5f,
                                          .frame_width = 100,
                                          .frame_height = 200};
  auto dets = wl::decode_fastestdet(wl::TensorView{v, {1, 7, 2, 2}}, params);
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 2);
  // Cell order: (0,1) first, then (1,0).
  const wl::Detection& a = (*dets)[0];
  CHECK(a.class_id == 0);
  CHECK(a.confidence == Approx(1.0));
  // cx = (1 + 0.5) / 2 = 0.75, cy = 0, w = h = sigmoid(0) = 0.5
  CHECK(a.box.x1 == Approx(50.0).margin(1e-4));   // (0.75 - 0.25) * 100
  CHECK(a.box.x2 == Approx(100.0).margin(1e-4));
  CHECK(a.box.y1 == Approx(-50.0).margin(1e-4));  // (0 - 0.25) * 200
  CHECK(a.box.y2 == Approx(50.0).margin(1e-4));
  const wl::Detection& b = (*dets)[1];
  CHECK(b.class_id == 1);
  CHECK(b.confidence == Approx(0.4).epsilon(1e-6));  // sqrt(0.25) * sqrt(0.64)
  CHECK(b.box.x1 == -25.0f);  // cx = 0, cy = 0.5
  CHECK(b.box.y1 == 50.0f);
  CHECK(b.box.x2 == 25.0f);
  CHECK(b.box.y2 == 150.0f);

  // FastestDet's own exponents: 0.25^0.6 * 0.64^0.4 = 0.435275 * 0.836512 = 0.364113.
  const wl::FastestDetDecodeParams repo{.conf_threshold = 0.3,
                                        .objectness_exponent = 0.6f,
                                        .class_exponent = 0.4f,
                                        .frame_width = 100,
                                        .frame_height = 200};
  auto with_repo = wl::decode_fastestdet(wl::TensorView{v, {1, 7, 2, 2}}, repo);
  REQUIRE(with_repo.ok());
  REQUIRE(with_repo->size() == 2);
  CHECK((*with_repo)[1].confidence == Approx(0.364113).epsilon(1e-5));
}

TEST_CASE("FastestDet decode rejects a flat output") {
  const std::vector<float> v = make_output();
  CHECK(wl::decode_fastestdet(wl::TensorView{v, {1, 7, 4}}, {.conf_threshold = 0.3}).error().code ==
        wl::ErrorCode::UnsupportedLayout);
}
