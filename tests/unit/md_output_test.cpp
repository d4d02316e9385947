// MegaDetector output helpers: normalised boxes, Python-exact rounding, category mapping.
#include <catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

#include "core/detect/category_map.h"
#include "core/detect/decode_yolov5.h"
#include "core/detect/md_output.h"
#include "core/detect/nms.h"
#include "core/detect/scale_boxes.h"
#include "fixtures.h"
#include "npy.h"

namespace {

// The COCO -> MegaDetector table a caller would supply for a COCO detector.
const std::vector<std::pair<std::string, std::string>> kCocoToMd = {
    {"person", "2"},   {"bicycle", "3"}, {"car", "3"},   {"motorcycle", "3"}, {"airplane", "3"},
    {"bus", "3"},      {"train", "3"},   {"truck", "3"}, {"boat", "3"},       {"bird", "1"},
    {"cat", "1"},      {"dog", "1"},     {"horse", "1"}, {"sheep", "1"},      {"cow", "1"},
    {"elephant", "1"}, {"bear", "1"},    {"zebra", "1"}, {"giraffe", "1"},
};

std::vector<std::string> coco_names() {
  std::istringstream in(wl::test::read_text_file(wl::test::fixture_path("models/yolov5n-coco.names")));
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) names.push_back(line);
  }
  return names;
}

}  // namespace

TEST_CASE("MD normalised box is [x1/W, y1/H, w/W, h/H] in double") {
  const auto b = wl::md_normalized_bbox({10, 20, 110, 70}, 200, 100);
  CHECK(b[0] == 0.05);
  CHECK(b[1] == 0.2);
  CHECK(b[2] == 0.5);
  CHECK(b[3] == 0.5);
}

TEST_CASE("round_decimal matches Python's round(x, n), including the binary value of ties") {
  CHECK(wl::round_decimal(0.12345, 4) == 0.1235);
  CHECK(wl::round_decimal(2.675, 2) == 2.67);   // 2.675 is 2.67499999... in binary
  CHECK(wl::round_decimal(0.125, 2) == 0.12);   // exact tie: to even
  CHECK(wl::round_decimal(0.375, 2) == 0.38);
  CHECK(wl::round_decimal(0.00015, 4) == 0.0001);  // round(x * 1e4) / 1e4 would give 0.0002
  CHECK(wl::round_decimal(0.00025, 4) == 0.0003);
  CHECK(wl::round_decimal(0.99995, 4) == 1.0);
  const double neg_zero = wl::round_decimal(-0.00004, 4);
  CHECK(neg_zero == 0.0);
  CHECK(std::signbit(neg_zero));
}

TEST_CASE("md_rounded rounds a copy: 4 decimals for boxes, 3 for confidence") {
  const wl::MdDetection d{"1", 0.8998342752456665,
                          {0.00023025274276733398, 0.016337100536592545, 0.2797919833882255, 0.6375512942191093}};
  const wl::MdDetection r = wl::md_rounded(d, {.coord_digits = 4, .conf_digits = 3});
  CHECK(r.category == "1");
  CHECK(r.conf == 0.9);
  CHECK(r.bbox == std::array<double, 4>{0.0002, 0.0163, 0.2798, 0.6376});
  CHECK(d.conf == 0.8998342752456665);  // the original keeps its unrounded values
}

TEST_CASE("CategoryMap from a COCO name table: mapped, dropped, kept by policy, and table errors") {
  const auto names = coco_names();
  REQUIRE(names.size() == 80);
  auto drop = wl::CategoryMap::from_names(names, kCocoToMd, wl::UnmappedClassPolicy::Drop);
  REQUIRE(drop.ok());
  CHECK(drop->category(0) == "2");   // person
  CHECK(drop->category(2) == "3");   // car
  CHECK(drop->category(4) == "3");   // airplane
  CHECK(drop->category(20) == "1");  // elephant
  CHECK_FALSE(drop->category(39).has_value());  // bottle
  CHECK_FALSE(drop->category(80).has_value());
  CHECK_FALSE(drop->category(-1).has_value());

  auto keep = wl::CategoryMap::from_names(names, kCocoToMd, wl::UnmappedClassPolicy::Keep, "other");
  REQUIRE(keep.ok());
  CHECK(keep->category(39) == "other");
  CHECK(keep->category(0) == "2");

  const std::vector<std::pair<std::string, std::string>> typo = {{"persn", "2"}};
  CHECK(wl::CategoryMap::from_names(names, typo, wl::UnmappedClassPolicy::Drop).error().code ==
        wl::ErrorCode::InvalidArgument);
  const std::vector<std::pair<std::string, std::string>> twice = {{"car", "3"}, {"car", "1"}};
  CHECK_FALSE(wl::CategoryMap::from_names(names, twice, wl::UnmappedClassPolicy::Drop).ok());

  // An MD model: class i is category i + 1.
  const auto md = wl::CategoryMap::from_table({"1", "2", "3"}, wl::UnmappedClassPolicy::Drop);
  CHECK(md.category(1) == "2");
  CHECK_FALSE(md.category(3).has_value());
}

TEST_CASE("From YOLOv5 raw output to MegaDetector detections on the kruger stage image") {
  const std::string base =
      "stages/yolov5n/megadetector_test__snapshot_kruger_KRU_S1_25_25_R1_KRU_S1_25_R1_IMAG0012.JPG";
  const auto raw = wl::test::parse_npy(wl::test::read_fixture(base + ".raw_output.npy"));
  const auto ref = nlohmann::json::parse(wl::test::read_text_file(wl::test::fixture_path(base + ".nms.json")));
  auto cands = wl::decode_yolov5(raw.view(), {.conf_threshold = 0.005});
  REQUIRE(cands.ok());
  auto kept = wl::nms(*cands, {.iou_threshold = 0.45, .max_det = 300, .max_nms = 30000, .class_offset = 7680});
  wl::scale_boxes(kept, wl::yolov5_scale_geometry(640, 640, 5152, 3968));
  const auto names = coco_names();
  auto map = wl::CategoryMap::from_names(names, kCocoToMd, wl::UnmappedClassPolicy::Drop);
  REQUIRE(map.ok());
  const auto md = wl::to_md_detections(kept, 5152, 3968, *map);

  // Expected: the reference detections whose COCO label is in the table, in the same order.
  std::vector<nlohmann::json> expected;
  for (const auto& d : ref["detections"]) {
    for (const auto& [name, cat] : kCocoToMd) {
      if (d["label"] == name) expected.push_back(d);
    }
  }
  REQUIRE(md.size() == expected.size());
  REQUIRE(md.size() < kept.size());  // some classes (not in the table) were dropped
  CHECK(md[0].category == "1");      // the elephant
  for (std::size_t i = 0; i < md.size(); ++i) {
    CHECK(md[i].conf == Approx(expected[i]["conf"].get<double>()).margin(1e-6));
    for (int k = 0; k < 4; ++k) CHECK(md[i].bbox[k] == Approx(expected[i]["bbox_unrounded"][k].get<double>()).margin(1e-6));
  }
  const auto rounded = wl::md_rounded(md[0], wl::kMegaDetectorJsonRounding);
  CHECK(rounded.conf == 0.9);
  CHECK(rounded.bbox == std::array<double, 4>{0.0002, 0.0163, 0.2798, 0.6376});
}
