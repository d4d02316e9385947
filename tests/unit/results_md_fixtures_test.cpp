// The real MegaDetector files in ../shared/fixtures/annotations read into the model and
// write back (at full precision) without losing any value they carry.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include "core/results/md_json_reader.h"
#include "core/results/md_json_writer.h"
#include "fixtures.h"
#include "json_compare.h"

namespace {

using nlohmann::json;

std::string text_of(const std::vector<std::uint8_t>& bytes) { return std::string(bytes.begin(), bytes.end()); }

wl::RunResults read_ok(const std::vector<std::uint8_t>& bytes, const wl::MdJsonReadOptions& options = {}) {
  auto run = wl::read_md_json(bytes, options);
  INFO((run.ok() ? std::string() : run.error().message));
  REQUIRE(run.ok());
  return std::move(run).value();
}

std::string write_full(const wl::RunResults& run) {
  wl::MdJsonWriteOptions options;
  options.exp.full_precision = true;
  auto text = wl::write_md_json(run, options);
  REQUIRE(text.ok());
  return *text;
}

// Compares a fixture with what we wrote from it: every image member and every category
// must come back equal (tolerance 0). The writer's own format_version and app members are
// the only expected differences; max_detection_conf is derived data we do not carry.
void check_round_trip(const std::string& fixture) {
  auto bytes = wl::test::read_fixture(fixture);
  wl::RunResults run = read_ok(bytes);
  json original = json::parse(text_of(bytes));
  json written = json::parse(write_full(run));

  for (auto& image : original["images"]) {
    if (image.contains("max_detection_conf")) {
      // It is what it claims to be, so dropping it loses nothing.
      double max_conf = 0;
      for (const auto& det : image["detections"]) max_conf = std::max(max_conf, det["conf"].get<double>());
      CHECK(image["max_detection_conf"].get<double>() == max_conf);
      image.erase("max_detection_conf");
    }
  }
  CHECK(wl::test::json_difference(original["images"], written["images"]) == "");
  CHECK(wl::test::json_difference(original["detection_categories"], written["detection_categories"]) == "");
  CHECK(written["info"]["format_version"] == "1.5");
  for (auto it = original["info"].begin(); it != original["info"].end(); ++it) {
    if (it.key() == "format_version") continue;
    CHECK(wl::test::json_difference(it.value(), written["info"][it.key()]) == "");
  }
  // Reading our own output gives the same model back.
  std::string text = write_full(run);
  wl::RunResults again = read_ok(std::vector<std::uint8_t>(text.begin(), text.end()));
  again.format_version = run.format_version;
  again.info_extra.erase("app");
  again.info_extra.erase("app_version");
  CHECK(again == run);
}

}  // namespace

TEST_CASE("MDv5a output (format 1.1) reads with its values") {
  wl::RunResults run = read_ok(wl::test::read_fixture("annotations/megadetector_test__md_v5a_output.json"));
  CHECK(run.format_version == "1.1");
  CHECK(run.detector.name == "megadetector_v5_camonly_mosaic_xlarge_dist_5a_last");
  CHECK(run.detection_categories == wl::megadetector_default_categories());
  REQUIRE(run.images.size() == 31);
  const wl::ImageRecord& first = run.images[0];
  CHECK(first.file == "snapshot_camdeboo_CDB_S1_A05_A05_R2_CDB_S1_A05_R2_IMAG0084.JPG");
  REQUIRE(first.detections.size() == 6);
  CHECK(first.detections[0].category == "1");
  CHECK(*first.detections[0].conf == 0.01235);
  CHECK(first.detections[0].bbox == wl::NormBox{0.5007, 0.4415, 0.08564, 0.0825});
  CHECK(*first.detections[5].conf == 0.9402);
  CHECK(first.extra.empty());  // max_detection_conf is not kept as an unknown member
  for (const auto& image : run.images) CHECK_FALSE(image.failed());
}

TEST_CASE("MDv5a output (format 1.1) writes back without loss") {
  check_round_trip("annotations/megadetector_test__md_v5a_output.json");
}

TEST_CASE("SpeciesNet's expected MDv5 detections (format 1.4) read and write back without loss") {
  wl::RunResults run = read_ok(wl::test::read_fixture("annotations/speciesnet_test__expected_mdv5_detections.json"));
  CHECK(run.format_version == "1.4");
  REQUIRE(run.images.size() == 14);
  CHECK(run.images[0].file == "blank.jpg");
  CHECK(run.images[0].detections.empty());
  CHECK(run.detection_categories.at("2") == "human");  // the file's own names win over MD's defaults
  // An integer 0 in a bbox reads as 0.0.
  CHECK(run.images[2].detections.at(0).bbox.y == 0.0);
  check_round_trip("annotations/speciesnet_test__expected_mdv5_detections.json");
}

TEST_CASE("The 2019 demo results need the frame size their pixels refer to") {
  auto bytes = wl::test::read_fixture("annotations/snapshot_serengeti_gallery__detector_results.json");
  auto refused = wl::read_md_json(bytes);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == wl::ErrorCode::UnsupportedFormat);
  CHECK(refused.error().message.find("size of the frame") != std::string::npos);
}

TEST_CASE("The 2019 demo results read as normalised boxes of a 2048x1536 frame and survive a round trip") {
  auto bytes = wl::test::read_fixture("annotations/snapshot_serengeti_gallery__detector_results.json");
  wl::MdJsonReadOptions options;
  options.legacy_frame_width = 2048;  // SOURCES.md: pixels of the original 2048x1536 frame
  options.legacy_frame_height = 1536;
  wl::RunResults run = read_ok(bytes, options);
  json original = json::parse(text_of(bytes));
  REQUIRE(run.images.size() == original.size());

  json written = json::parse(write_full(run));
  REQUIRE(written["images"].size() == original.size());
  std::size_t boxes = 0;
  for (const auto& image : written["images"]) {
    const json& source = original.at(image["file"].get<std::string>());
    CHECK(image["width"] == 2048);
    CHECK(image["height"] == 1536);
    REQUIRE(image["detections"].size() == source["bboxes"].size());
    for (std::size_t i = 0; i < source["bboxes"].size(); ++i) {
      const json& px = source["bboxes"][i];
      const json& det = image["detections"][i];
      CHECK(det["category"] == "1");  // "Animal Detected"
      CHECK_FALSE(det.contains("conf"));  // the demo never recorded one
      // Back to pixels: exact up to the division's rounding.
      CHECK(det["bbox"][0].get<double>() * 2048 == Approx(px["x"].get<double>()).epsilon(1e-15));
      CHECK(det["bbox"][1].get<double>() * 1536 == Approx(px["y"].get<double>()).epsilon(1e-15));
      CHECK(det["bbox"][2].get<double>() * 2048 == Approx(px["w"].get<double>()).epsilon(1e-15));
      CHECK(det["bbox"][3].get<double>() * 1536 == Approx(px["h"].get<double>()).epsilon(1e-15));
      ++boxes;
    }
  }
  CHECK(boxes == 41);
  // Our MD file of it reads back to the same model, bit for bit.
  std::string text = write_full(run);
  wl::RunResults again = read_ok(std::vector<std::uint8_t>(text.begin(), text.end()));
  again.format_version = run.format_version;
  again.info_extra.clear();
  CHECK(again == run);
}

TEST_CASE("MDv5a output written in MegaDetector's rounding matches Python's round()") {
  wl::RunResults run = read_ok(wl::test::read_fixture("annotations/megadetector_test__md_v5a_output.json"));
  json written = json::parse(*wl::write_md_json(run));
  const json& dets = written["images"][0]["detections"];
  // Reference values from Python 3.11: [round(d['conf'], 3) ...] and round(v, 4) on this file.
  json confs = json::array();
  for (const auto& det : dets) confs.push_back(det["conf"]);
  CHECK(confs == json({0.012, 0.014, 0.216, 0.829, 0.916, 0.94}));
  CHECK(dets[0]["bbox"] == json({0.5007, 0.4415, 0.0856, 0.0825}));
  CHECK(dets[1]["bbox"] == json({0.8186, 0.5515, 0.0116, 0.021}));
  CHECK(dets[2]["bbox"] == json({0.5405, 0.462, 0.042, 0.0535}));  // 0.04205 sits just below the tie
}
