// NMS edge cases, each with boxes whose IoU is known exactly.
#include <catch.hpp>

#include <cmath>
#include <limits>

#include "core/detect/nms.h"

namespace {

wl::Detection det(int cls, float conf, float x1, float y1, float x2, float y2) { return {cls, conf, {x1, y1, x2, y2}}; }

wl::NmsParams params(double iou, std::size_t max_det = 300) {
  return {.iou_threshold = iou, .max_det = max_det, .max_nms = 30000, .agnostic = false, .class_offset = 0};
}

using Idx = std::vector<std::size_t>;

}  // namespace

TEST_CASE("NMS of nothing is nothing") {
  CHECK(wl::nms_indices({}, params(0.45)).empty());
  CHECK(wl::nms({}, params(0.45)).empty());
}

TEST_CASE("NMS keeps the higher score and suppresses an overlapping box of the same class") {
  // IoU = 16 / (20 + 20 - 16) = 2/3
  const std::vector<wl::Detection> d = {det(0, 0.5f, 0, 0, 4, 5), det(0, 0.9f, 0, 1, 4, 6)};
  CHECK(wl::nms_indices(d, params(0.45)) == Idx{1});
  CHECK(wl::nms_indices(d, params(0.7)) == Idx{1, 0});
  const auto kept = wl::nms(d, params(0.45));
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].confidence == 0.9f);
}

TEST_CASE("NMS with equal scores keeps the input order (stable sort)") {
  // Disjoint boxes, all 0.5: output = input order.
  std::vector<wl::Detection> d;
  for (int i = 0; i < 6; ++i) d.push_back(det(0, 0.5f, 10.0f * i, 0, 10.0f * i + 5, 5));
  CHECK(wl::nms_indices(d, params(0.45)) == Idx{0, 1, 2, 3, 4, 5});
  // Identical boxes with equal scores: the first one in input order survives.
  const std::vector<wl::Detection> same = {det(0, 0.5f, 0, 0, 1, 1), det(0, 0.7f, 5, 5, 6, 6), det(0, 0.5f, 0, 0, 1, 1)};
  CHECK(wl::nms_indices(same, params(0.45)) == Idx{1, 0});
}

TEST_CASE("NMS does not suppress at IoU exactly equal to the threshold") {
  // inter 2, areas 4 and 2, union 4: IoU is exactly 0.5.
  const std::vector<wl::Detection> d = {det(0, 0.9f, 0, 0, 4, 1), det(0, 0.8f, 0, 0, 2, 1)};
  CHECK(wl::nms_indices(d, params(0.5)) == Idx{0, 1});
  CHECK(wl::nms_indices(d, params(0.49)) == Idx{0});
}

TEST_CASE("NMS compares the float32 IoU with the threshold in double, as torchvision does") {
  // IoU 1/3 computed in float32 is 0.333333343..., which is above the double 1/3. torchvision
  // therefore suppresses; a float comparison (1/3f > 1/3f) would not.
  const std::vector<wl::Detection> d = {det(0, 0.9f, 0, 0, 2, 1), det(0, 0.8f, 1, 0, 3, 1)};
  CHECK(wl::nms_indices(d, params(1.0 / 3.0)) == Idx{0});
  CHECK(wl::nms_indices(d, params(0.34)) == Idx{0, 1});
}

TEST_CASE("NMS: different classes never suppress each other unless agnostic") {
  const std::vector<wl::Detection> d = {det(0, 0.9f, 0, 0, 10, 10), det(1, 0.8f, 0, 0, 10, 10), det(0, 0.7f, 0, 0, 10, 10)};
  CHECK(wl::nms_indices(d, params(0.45)) == Idx{0, 1});
  wl::NmsParams agnostic = params(0.45);
  agnostic.agnostic = true;
  CHECK(wl::nms_indices(d, agnostic) == Idx{0});
  // With YOLOv5's 7680 class offset the result is the same.
  wl::NmsParams offset = params(0.45);
  offset.class_offset = 7680;
  CHECK(wl::nms_indices(d, offset) == Idx{0, 1});
}

TEST_CASE("NMS stops at max_det, keeping the best") {
  std::vector<wl::Detection> d;
  for (int i = 0; i < 10; ++i) d.push_back(det(i % 3, 0.1f * static_cast<float>(i + 1), 10.0f * i, 0, 10.0f * i + 5, 5));
  CHECK(wl::nms_indices(d, params(0.45, 3)) == Idx{9, 8, 7});
  CHECK(wl::nms_indices(d, params(0.45, 0)).empty());
  CHECK(wl::nms_indices(d, params(0.45, 100)).size() == 10);
}

TEST_CASE("NMS considers only the max_nms best candidates") {
  std::vector<wl::Detection> d;
  for (int i = 0; i < 5; ++i) d.push_back(det(0, 0.1f * static_cast<float>(i + 1), 10.0f * i, 0, 10.0f * i + 5, 5));
  wl::NmsParams p = params(0.45);
  p.max_nms = 2;
  CHECK(wl::nms_indices(d, p) == Idx{4, 3});
}

TEST_CASE("NMS never keeps a NaN score, and NaN boxes suppress nothing") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<wl::Detection> d = {det(0, nan, 0, 0, 10, 10), det(0, 0.9f, nan, 0, 10, 10), det(0, 0.8f, 0, 0, 10, 10)};
  CHECK(wl::nms_indices(d, params(0.45)) == Idx{1, 2});
}
