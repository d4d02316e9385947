// MDv6-architecture YOLOv10-N (BN-calibrated random weights) raw outputs [1,300,6] -> end-to-end
// decode -> Ultralytics scale_boxes, against Ultralytics 8.2.50's DetectionPredictor.postprocess
// (fixtures/stages/mdv6-yolov10n-c-nc3-bncalib, README section 4).
#include <catch.hpp>
#include <nlohmann/json.hpp>

#include "core/detect/decode_yolov10.h"
#include "core/detect/md_output.h"
#include "core/detect/scale_boxes.h"
#include "detection_match.h"
#include "fixtures.h"
#include "npy.h"
#include "pixel_stats.h"

namespace {

using nlohmann::json;
using wl::test::Comparable;

std::array<double, 4> box4(const json& a) { return {a[0].get<double>(), a[1].get<double>(), a[2].get<double>(), a[3].get<double>()}; }
std::array<double, 4> box4(const wl::BoxXyxy& b) { return {b.x1, b.y1, b.x2, b.y2}; }

}  // namespace

TEST_CASE("YOLOv10 end-to-end decode + Ultralytics scale_boxes reproduce the Ultralytics reference") {
  std::size_t total = 0;
  for (const std::string& image : wl::test::stage_images()) {
    const std::string key = wl::test::fixture_key(image);
    const std::string base = std::string("stages/mdv6-yolov10n-c-nc3-bncalib/") + key;
    INFO(base);
    const auto raw = wl::test::parse_npy(wl::test::read_fixture(base + ".raw_output.npy"));
    const json ref = json::parse(wl::test::read_text_file(wl::test::fixture_path(base + ".postprocess.json")));
    const int width = ref["width"];
    const int height = ref["height"];
    const int input = ref["letterbox"]["input_hw"][0];
    REQUIRE(raw.shape == std::vector<std::int64_t>{1, 300, 6});

    auto dets = wl::decode_yolov10(raw.view(), {.conf_threshold = ref["conf_thres"].get<double>()});
    REQUIRE(dets.ok());
    REQUIRE(dets->size() == ref["detections"].size());
    CHECK(dets->size() == ref["candidates"]["rows_score_gt_conf"].get<std::size_t>());

    // Ultralytics' pads are whole pixels equal to the letterbox's left/top pad.
    const wl::ScaleGeometry g = wl::ultralytics_scale_geometry(input, input, width, height);
    CHECK(g.pad_y == ref["letterbox"]["pad_top_bottom_left_right"][0].get<double>());
    CHECK(g.pad_x == ref["letterbox"]["pad_top_bottom_left_right"][2].get<double>());
    CHECK(g.gain_x == Approx(ref["letterbox"]["ratio"].get<double>()).epsilon(1e-12));
    wl::scale_boxes(*dets, g);

    std::vector<Comparable> expected_px, actual_px, expected_norm, actual_norm;
    for (const json& d : ref["detections"]) {
      expected_px.push_back({d["category"].get<int>(), d["conf"].get<double>(), box4(d["xyxy_px"])});
      expected_norm.push_back({d["category"].get<int>(), d["conf"].get<double>(), box4(d["bbox"])});
    }
    for (const wl::Detection& d : *dets) {
      actual_px.push_back({d.class_id, d.confidence, box4(d.box)});
      actual_norm.push_back({d.class_id, d.confidence, wl::md_normalized_bbox(d.box, width, height)});
    }
    auto norm = wl::test::match_as_sets(expected_norm, actual_norm, 1e-5, 1e-4);
    INFO(norm.report);
    CHECK(norm.equal());
    auto px = wl::test::match_as_sets(expected_px, actual_px, 1e-5, 1e-2);
    INFO(px.report);
    CHECK(px.equal());
    total += dets->size();
  }
  // README: 204 + 300 + 300 + 300 + 9 + 300 rows pass 0.25 over the six images.
  CHECK(total == 1413);
}

TEST_CASE("YOLOv10 decode keeps scores strictly above the threshold and rejects bad layouts") {
  // Three rows: a score exactly at the threshold (dropped), one above, one below.
  const std::vector<float> v = {10, 20, 30, 40, 0.25f, 2,  //
                                1,  2,  3,  4,  0.5f,  0,  //
                                5,  6,  7,  8,  0.1f,  1};
  const wl::TensorView t{v, {1, 3, 6}};
  auto dets = wl::decode_yolov10(t, {.conf_threshold = 0.25});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 1);
  CHECK((*dets)[0].class_id == 0);
  CHECK((*dets)[0].confidence == 0.5f);
  CHECK((*dets)[0].box.x1 == 1.0f);
  CHECK((*dets)[0].box.y2 == 4.0f);

  CHECK(wl::decode_yolov10(wl::TensorView{v, {1, 2, 9}}, {.conf_threshold = 0.25}).error().code ==
        wl::ErrorCode::UnsupportedLayout);
  CHECK(wl::decode_yolov10(wl::TensorView{v, {1, 4, 6}}, {.conf_threshold = 0.25}).error().code ==
        wl::ErrorCode::InvalidArgument);
  const std::vector<float> bad_class = {1, 2, 3, 4, 0.9f, 1.5f};
  CHECK(wl::decode_yolov10(wl::TensorView{bad_class, {1, 1, 6}}, {.conf_threshold = 0.25}).error().code ==
        wl::ErrorCode::Corrupt);
}
