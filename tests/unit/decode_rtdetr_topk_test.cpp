// SPARROW's rtdetr_topk output: [1, K, 6] normalised cx, cy, w, h, score, class. Hand-worked boxes.
#include <catch.hpp>

#include "core/detect/decode_rtdetr_topk.h"
#include "core/pipeline/postprocess.h"

using namespace wl;

TEST_CASE("rtdetr_topk decode: normalised cxcywh to xyxy in the frame, strict threshold, sorted by score", "[rtdetr_topk]") {
  // [1, 4, 6]
  const std::vector<float> out = {
      0.5f,  0.25f, 0.5f,  0.5f,  0.6f,  2.0f,  // kept, second after sorting
      0.5f,  0.5f,  1.0f,  1.0f,  0.1f,  0.0f,  // below
      0.75f, 0.75f, 0.25f, 0.25f, 0.25f, 1.0f,  // exactly at the threshold: dropped
      0.25f, 0.5f,  0.5f,  1.0f,  0.9f,  0.0f,  // kept, first after sorting
  };
  auto dets = decode_rtdetr_topk(TensorView{out, {1, 4, 6}}, {.conf_threshold = 0.25, .frame_width = 640, .frame_height = 480});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 2);
  const Detection& a = (*dets)[0];
  CHECK(a.class_id == 0);
  CHECK(a.confidence == 0.9f);
  CHECK(a.box.x1 == 0.0f);    // (0.25 - 0.25) * 640
  CHECK(a.box.y1 == 0.0f);    // (0.5 - 0.5) * 480
  CHECK(a.box.x2 == 320.0f);  // (0.25 + 0.25) * 640
  CHECK(a.box.y2 == 480.0f);  // (0.5 + 0.5) * 480
  const Detection& b = (*dets)[1];
  CHECK(b.class_id == 2);
  CHECK(b.confidence == 0.6f);
  CHECK(b.box.x1 == 160.0f);  // (0.5 - 0.25) * 640
  CHECK(b.box.y1 == 0.0f);    // (0.25 - 0.25) * 480
  CHECK(b.box.x2 == 480.0f);  // (0.5 + 0.25) * 640
  CHECK(b.box.y2 == 240.0f);  // (0.25 + 0.25) * 480
}

TEST_CASE("rtdetr_topk decode: equal scores keep the model's order", "[rtdetr_topk]") {
  const std::vector<float> out = {
      0.5f, 0.5f, 0.2f, 0.2f, 0.5f, 1.0f,  //
      0.5f, 0.5f, 0.2f, 0.2f, 0.5f, 0.0f,  //
      0.5f, 0.5f, 0.2f, 0.2f, 0.7f, 2.0f,  //
  };
  auto dets = decode_rtdetr_topk(TensorView{out, {1, 3, 6}}, {.conf_threshold = 0.1});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 3);
  CHECK((*dets)[0].class_id == 2);
  CHECK((*dets)[1].class_id == 1);
  CHECK((*dets)[2].class_id == 0);
}

TEST_CASE("rtdetr_topk decode refuses other shapes and broken rows", "[rtdetr_topk]") {
  SECTION("seven columns") {
    const std::vector<float> out(7, 0.5f);
    auto r = decode_rtdetr_topk(TensorView{out, {1, 1, 7}}, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::UnsupportedLayout);
  }
  SECTION("a class that is not a whole number") {
    const std::vector<float> out = {0.5f, 0.5f, 0.2f, 0.2f, 0.9f, 1.5f};
    auto r = decode_rtdetr_topk(TensorView{out, {1, 1, 6}}, {.conf_threshold = 0.5});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Corrupt);
  }
  SECTION("a negative class below the threshold is never looked at") {
    const std::vector<float> out = {0.5f, 0.5f, 0.2f, 0.2f, 0.1f, -1.0f};
    auto r = decode_rtdetr_topk(TensorView{out, {1, 1, 6}}, {.conf_threshold = 0.5});
    REQUIRE(r.ok());
    CHECK(r->empty());
  }
}

TEST_CASE("postprocess: rtdetr_topk boxes go from the stretched input back to the image, clipped", "[rtdetr_topk]") {
  ModelEntry m;
  m.id = "t";
  m.layout = DetectorLayout::RtDetrTopk;
  m.resize = ResizeMode::Stretch;
  m.class_names = {"animal", "person", "vehicle"};
  m.thresholds.max_det = 1;  // the second detection is cut by the cap, after sorting
  TensorF32 out;
  out.shape = {1, 2, 6};
  out.data = {
      0.5f, 0.5f, 0.25f, 0.5f, 0.8f, 0.0f,  //
      0.9f, 0.5f, 0.4f,  0.2f, 0.3f, 1.0f,  //
  };
  const InputFrame frame{640, 640, 1280, 960};
  auto dets = postprocess_detections({out}, m, frame, {.conf_threshold = 0.2f});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 1);
  const Detection& d = (*dets)[0];
  CHECK(d.class_id == 0);
  // Input pixels: x (0.5 -/+ 0.125) * 640 = 240 .. 400, y (0.5 -/+ 0.25) * 640 = 160 .. 480.
  // Image: x / (640 / 1280) = 480 .. 800, y / (640 / 960) = 240 .. 720.
  CHECK(d.box.x1 == Approx(480.0f));
  CHECK(d.box.x2 == Approx(800.0f));
  CHECK(d.box.y1 == Approx(240.0f));
  CHECK(d.box.y2 == Approx(720.0f));

  m.thresholds.max_det = 300;
  dets = postprocess_detections({out}, m, frame, {.conf_threshold = 0.2f});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 2);
  // Second box: x (0.9 -/+ 0.2) * 640 = 448 .. 704 -> 896 .. 1408, clipped to the image's 1280.
  CHECK((*dets)[1].box.x1 == Approx(896.0f));
  CHECK((*dets)[1].box.x2 == Approx(1280.0f));

  SECTION("a class beyond the labels is refused") {
    m.class_names = {"animal"};
    auto bad = postprocess_detections({out}, m, frame, {.conf_threshold = 0.2f});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::UnsupportedLayout);
  }
}
