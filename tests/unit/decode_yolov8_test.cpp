// Hand-built Ultralytics [1, 4 + C, N] outputs (channels first, no objectness).
#include <catch.hpp>

#include "core/detect/decode_yolov8.h"

namespace {

// [1, 4 + 2, 3]: one plane per channel, one column per anchor.
const std::vector<float> kOut = {
    10,   100,  7,     // cx
    20,   50,   7,     // cy
    4,    10,   2,     // w
    6,    2,    2,     // h
    0.1f, 0.3f, 0.2f,  // class 0
    0.7f, 0.3f, 0.1f,  // class 1
};

}  // namespace

TEST_CASE("YOLOv8 decode: best class with the first index on ties, strict threshold") {
  auto dets = wl::decode_yolov8(wl::TensorView{kOut, {1, 6, 3}}, {.conf_threshold = 0.25, .multi_label = false});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 2);
  CHECK((*dets)[0].class_id == 1);
  CHECK((*dets)[0].confidence == 0.7f);
  CHECK((*dets)[0].box.x1 == 8.0f);
  CHECK((*dets)[0].box.y1 == 17.0f);
  CHECK((*dets)[0].box.x2 == 12.0f);
  CHECK((*dets)[0].box.y2 == 23.0f);
  CHECK((*dets)[1].class_id == 0);  // 0.3 and 0.3 tie: torch's max gives the first
  CHECK((*dets)[1].box.x1 == 95.0f);
  CHECK((*dets)[1].box.y2 == 51.0f);

  auto strict = wl::decode_yolov8(wl::TensorView{kOut, {1, 6, 3}}, {.conf_threshold = 0.3, .multi_label = false});
  REQUIRE(strict.ok());
  CHECK(strict->size() == 1);
}

TEST_CASE("YOLOv8 decode, multi-label: anchor then class order") {
  auto dets = wl::decode_yolov8(wl::TensorView{kOut, {1, 6, 3}}, {.conf_threshold = 0.25, .multi_label = true});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 3);
  CHECK((*dets)[0].class_id == 1);
  CHECK((*dets)[1].class_id == 0);
  CHECK((*dets)[2].class_id == 1);
  CHECK((*dets)[2].box.x2 == 105.0f);
}

TEST_CASE("YOLOv8 decode rejects a rows-first tensor that does not fit") {
  CHECK(wl::decode_yolov8(wl::TensorView{kOut, {1, 3, 6}}, {.conf_threshold = 0.25}).error().code ==
        wl::ErrorCode::UnsupportedLayout);
  CHECK(wl::decode_yolov8(wl::TensorView{kOut, {1, 6, 4}}, {.conf_threshold = 0.25}).error().code ==
        wl::ErrorCode::InvalidArgument);
}

TEST_CASE("YOLOv8 decode with an explicit class count ignores the channels after the classes") {
  auto dets = wl::decode_yolov8(wl::TensorView{kOut, {1, 6, 3}}, {.conf_threshold = 0.25, .num_classes = 1});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 1);  // only anchor 1's class-0 score (0.3) passes
  CHECK((*dets)[0].class_id == 0);
  CHECK((*dets)[0].box.x1 == 95.0f);
  CHECK(wl::decode_yolov8(wl::TensorView{kOut, {1, 6, 3}}, {.conf_threshold = 0.25, .num_classes = 5}).error().code ==
        wl::ErrorCode::UnsupportedLayout);
}
