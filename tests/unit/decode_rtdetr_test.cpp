// Hand-built RT-DETR outputs: the Ultralytics single tensor and the labels/boxes/scores triple.
#include <catch.hpp>

#include "core/detect/decode_rtdetr.h"

TEST_CASE("RT-DETR decode: normalised cxcywh to xyxy in the frame, best class, strict threshold") {
  // [1, 3, 4 + 3]
  const std::vector<float> out = {
      0.5f,  0.25f, 0.5f,  0.5f,  0.1f,  0.8f,  0.3f,   // -> class 1
      0.5f,  0.5f,  1.0f,  1.0f,  0.2f,  0.2f,  0.2f,   // below
      0.75f, 0.75f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f,  // exactly at the threshold: dropped
  };
  auto dets = wl::decode_rtdetr(wl::TensorView{out, {1, 3, 7}},
                                {.conf_threshold = 0.25, .frame_width = 640, .frame_height = 480});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 1);
  const wl::Detection& d = (*dets)[0];
  CHECK(d.class_id == 1);
  CHECK(d.confidence == 0.8f);
  CHECK(d.box.x1 == 160.0f);  // (0.5 - 0.25) * 640
  CHECK(d.box.y1 == 0.0f);    // (0.25 - 0.25) * 480
  CHECK(d.box.x2 == 480.0f);  // (0.5 + 0.25) * 640
  CHECK(d.box.y2 == 240.0f);  // (0.25 + 0.25) * 480
}

TEST_CASE("RT-DETR decode applies the sigmoid to logits when asked") {
  const std::vector<float> out = {0.5f, 0.5f, 0.5f, 0.5f, 0.0f, 2.0f, -1.0f};
  auto dets = wl::decode_rtdetr(wl::TensorView{out, {1, 1, 7}},
                                {.conf_threshold = 0.5, .frame_width = 1, .frame_height = 1, .scores_are_logits = true});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 1);
  CHECK((*dets)[0].class_id == 1);
  CHECK((*dets)[0].confidence == Approx(0.8807970779778823).epsilon(1e-6));  // 1 / (1 + e^-2)
  CHECK((*dets)[0].box.x1 == 0.25f);

  // Without the flag the raw 2.0 is taken as the score.
  auto raw = wl::decode_rtdetr(wl::TensorView{out, {1, 1, 7}}, {.conf_threshold = 0.5});
  REQUIRE(raw.ok());
  CHECK((*raw)[0].confidence == 2.0f);
}

TEST_CASE("DETR triple decode: int64 labels, pixel xyxy boxes, scores") {
  const std::vector<std::int64_t> labels = {3, 1, 0};
  const std::vector<float> boxes = {10, 20, 30, 40, 1, 2, 3, 4, 5, 6, 7, 8};
  const std::vector<float> scores = {0.9f, 0.1f, 0.5f};
  auto dets = wl::decode_detr_triple(wl::Int64TensorView{labels, {1, 3}}, wl::TensorView{boxes, {1, 3, 4}},
                                     wl::TensorView{scores, {1, 3}}, {.conf_threshold = 0.5});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 1);  // 0.5 is not above 0.5
  CHECK((*dets)[0].class_id == 3);
  CHECK((*dets)[0].confidence == 0.9f);
  CHECK((*dets)[0].box.x1 == 10.0f);
  CHECK((*dets)[0].box.y2 == 40.0f);
}

TEST_CASE("DETR triple decode: float labels, normalised cxcywh boxes scaled to the frame") {
  const std::vector<float> labels = {2.0f, 0.5f};
  const std::vector<float> boxes = {0.5f, 0.5f, 0.25f, 0.5f, 0, 0, 0, 0};
  const std::vector<float> scores = {0.75f, 0.1f};
  const wl::DetrTripleDecodeParams params{
      .conf_threshold = 0.3, .box_format = wl::BoxFormat::Cxcywh, .scale_x = 100, .scale_y = 200};
  auto dets = wl::decode_detr_triple(wl::TensorView{labels, {1, 2}}, wl::TensorView{boxes, {1, 2, 4}},
                                     wl::TensorView{scores, {1, 2}}, params);
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 1);
  CHECK((*dets)[0].class_id == 2);
  CHECK((*dets)[0].box.x1 == 37.5f);   // (0.5 - 0.125) * 100
  CHECK((*dets)[0].box.y1 == 50.0f);   // (0.5 - 0.25) * 200
  CHECK((*dets)[0].box.x2 == 62.5f);
  CHECK((*dets)[0].box.y2 == 150.0f);

  // A kept row whose label is not a whole number is corrupt output.
  auto bad = wl::decode_detr_triple(wl::TensorView{labels, {1, 2}}, wl::TensorView{boxes, {1, 2, 4}},
                                    wl::TensorView{scores, {1, 2}}, {.conf_threshold = 0.05});
  CHECK(bad.error().code == wl::ErrorCode::Corrupt);
  // Mismatched query counts.
  CHECK(wl::decode_detr_triple(wl::TensorView{scores, {1, 2}}, wl::TensorView{boxes, {1, 1, 8}},
                               wl::TensorView{scores, {1, 2}}, params)
            .error()
            .code == wl::ErrorCode::UnsupportedLayout);
}
