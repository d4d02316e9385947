// Scale-back geometry: YOLOv5 float pads, Ultralytics whole-pixel pads, plain resize, clipping.
#include <catch.hpp>

#include "core/detect/scale_boxes.h"

TEST_CASE("Python round: ties to even") {
  CHECK(wl::round_half_even(0.5) == 0.0);
  CHECK(wl::round_half_even(1.5) == 2.0);
  CHECK(wl::round_half_even(2.5) == 2.0);
  CHECK(wl::round_half_even(-1.5) == -2.0);
  CHECK(wl::round_half_even(-2.5) == -2.0);
  CHECK(wl::round_half_even(2.4999) == 2.0);
  CHECK(wl::round_half_even(73.44) == 73.0);
}

TEST_CASE("YOLOv5 and Ultralytics geometries differ only in the pads") {
  // 5152x3968 into 640: gain 640/5152, scaled height 492.92, room 147.08.
  const auto v5 = wl::yolov5_scale_geometry(640, 640, 5152, 3968);
  const auto ul = wl::ultralytics_scale_geometry(640, 640, 5152, 3968);
  CHECK(v5.gain_x == 640.0 / 5152.0);
  CHECK(v5.gain_y == 640.0 / 5152.0);
  CHECK(v5.pad_x == 0.0);
  CHECK(v5.pad_y == Approx((640 - 3968 * 640.0 / 5152.0) / 2).margin(1e-12));  // 73.5404
  CHECK(ul.gain_x == v5.gain_x);
  CHECK(ul.pad_x == 0.0);   // round(0 - 0.1) = 0
  CHECK(ul.pad_y == 73.0);  // round(73.54 - 0.1): the letterbox's top pad
  // Upscaling: 100x75 into 640 -> gain 6.4, vertical room 80 each side.
  const auto up = wl::ultralytics_scale_geometry(640, 640, 100, 75);
  CHECK(up.gain_x == 6.4);
  CHECK(up.pad_y == 80.0);
}

TEST_CASE("scale_box subtracts the pads, divides by the gain, and clips to the image") {
  const auto g = wl::letterbox_geometry(0.5, 10, 20, 100, 50);
  const wl::BoxXyxy b = wl::scale_box({20, 30, 40, 35}, g);
  CHECK(b.x1 == 20.0f);
  CHECK(b.y1 == 20.0f);
  CHECK(b.x2 == 60.0f);
  CHECK(b.y2 == 30.0f);
  // Outside the image on every side: clipped to [0, 100] x [0, 50].
  const wl::BoxXyxy c = wl::scale_box({0, 0, 200, 200}, g);
  CHECK(c.x1 == 0.0f);
  CHECK(c.y1 == 0.0f);
  CHECK(c.x2 == 100.0f);
  CHECK(c.y2 == 50.0f);
  auto no_clip = g;
  no_clip.clip = false;
  const wl::BoxXyxy d = wl::scale_box({0, 0, 200, 200}, no_clip);
  CHECK(d.x1 == -20.0f);
  CHECK(d.y1 == -40.0f);
  CHECK(d.x2 == 380.0f);
  CHECK(d.y2 == 360.0f);
}

TEST_CASE("Plain resize scales each axis on its own") {
  // 704x176 squashed into 352x352: x halves, y doubles.
  const auto g = wl::plain_resize_geometry(352, 352, 704, 176);
  CHECK(g.gain_x == 0.5);
  CHECK(g.gain_y == 2.0);
  std::vector<wl::Detection> dets = {{1, 0.5f, {10, 20, 30, 40}}, {0, 0.4f, {0, 0, 352, 352}}};
  wl::scale_boxes(dets, g);
  CHECK(dets[0].box.x1 == 20.0f);
  CHECK(dets[0].box.y1 == 10.0f);
  CHECK(dets[0].box.x2 == 60.0f);
  CHECK(dets[0].box.y2 == 20.0f);
  CHECK(dets[1].box.x2 == 704.0f);
  CHECK(dets[1].box.y2 == 176.0f);
  CHECK(dets[0].class_id == 1);
  CHECK(dets[0].confidence == 0.5f);
}
