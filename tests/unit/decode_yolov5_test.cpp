// Hand-built YOLOv5 rows: thresholds, single- and multi-label scoring, layout errors.
#include <catch.hpp>

#include "core/detect/decode_yolov5.h"

namespace {

// [1, 3, 5 + 2]: cx, cy, w, h, obj, cls0, cls1.
const std::vector<float> kRows = {
    50, 50, 20, 10, 0.5f, 0.5f, 0.4f,  // products 0.25 and 0.2 (0.4f * 0.5f is exactly 0.2f)
    10, 10, 4,  4,  0.2f, 1.0f, 1.0f,  // objectness exactly at the threshold: not a candidate
    30, 30, 2,  2,  0.9f, 0.1f, 0.1f,  // products 0.09: below
};

}  // namespace

TEST_CASE("YOLOv5 decode: obj > conf, then best obj*cls > conf, compared in float32") {
  auto dets = wl::decode_yolov5(wl::TensorView{kRows, {1, 3, 7}}, {.conf_threshold = 0.2, .multi_label = false});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 1);
  const wl::Detection& d = (*dets)[0];
  CHECK(d.class_id == 0);
  CHECK(d.confidence == 0.25f);
  CHECK(d.box.x1 == 40.0f);
  CHECK(d.box.y1 == 45.0f);
  CHECK(d.box.x2 == 60.0f);
  CHECK(d.box.y2 == 55.0f);
}

TEST_CASE("YOLOv5 decode, multi-label: every class product above the threshold, strictly") {
  // The class-1 product equals float(0.2); a double comparison (0.2f > 0.2) would wrongly keep it.
  auto dets = wl::decode_yolov5(wl::TensorView{kRows, {1, 3, 7}}, {.conf_threshold = 0.2, .multi_label = true});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 1);
  CHECK((*dets)[0].class_id == 0);

  auto lower = wl::decode_yolov5(wl::TensorView{kRows, {1, 3, 7}}, {.conf_threshold = 0.05, .multi_label = true});
  REQUIRE(lower.ok());
  // Row then class order: row 0 (cls 0, cls 1), row 1 (cls 0, cls 1), row 2 (cls 0, cls 1).
  REQUIRE(lower->size() == 6);
  CHECK((*lower)[0].class_id == 0);
  CHECK((*lower)[1].class_id == 1);
  CHECK((*lower)[1].confidence == 0.2f);
  CHECK((*lower)[2].box.x1 == 8.0f);
  CHECK((*lower)[5].class_id == 1);
  CHECK((*lower)[5].box.x2 == 31.0f);
}

TEST_CASE("YOLOv5 decode rejects shapes it cannot read") {
  CHECK(wl::decode_yolov5(wl::TensorView{kRows, {3, 7}}, {.conf_threshold = 0.2}).error().code ==
        wl::ErrorCode::UnsupportedLayout);
  CHECK(wl::decode_yolov5(wl::TensorView{kRows, {1, 7, 3}}, {.conf_threshold = 0.2}).error().code ==
        wl::ErrorCode::UnsupportedLayout);
  CHECK(wl::decode_yolov5(wl::TensorView{kRows, {1, 4, 7}}, {.conf_threshold = 0.2}).error().code ==
        wl::ErrorCode::InvalidArgument);
  CHECK(wl::decode_yolov5(wl::TensorView{kRows, {1, -3, -7}}, {.conf_threshold = 0.2}).error().code ==
        wl::ErrorCode::UnsupportedLayout);
}

TEST_CASE("YOLOv5 decode with an explicit class count ignores the columns after the classes") {
  // Only class 0 counts; column 6 plays a mask coefficient.
  auto dets = wl::decode_yolov5(wl::TensorView{kRows, {1, 3, 7}},
                                {.conf_threshold = 0.05, .multi_label = true, .num_classes = 1});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 3);
  for (const auto& d : *dets) CHECK(d.class_id == 0);
  CHECK((*dets)[2].confidence == 0.1f * 0.9f);
  CHECK(wl::decode_yolov5(wl::TensorView{kRows, {1, 3, 7}}, {.conf_threshold = 0.05, .num_classes = 3}).error().code ==
        wl::ErrorCode::UnsupportedLayout);
}
