// Letterbox parity with the reference fixtures: our decode + orientation + letterbox
// against the uint8 network inputs that YOLOv5 (640) and Ultralytics (1280) produced from
// PIL-decoded images. Geometry must match exactly; pixels within the decoder difference
// (stb_image vs libjpeg-turbo), which TOOLCHAIN.md measured at a mean of <= 0.094 levels.
//
// The whole path runs as the app runs it: decode_image (stb + EXIF orientation from
// parse_exif) -> letterbox. The decoded facts (stored size, EXIF orientation, upright
// size) must equal the reference record's.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "core/image/decode.h"
#include "core/preprocess/letterbox.h"
#include "fixtures.h"
#include "pixel_stats.h"

namespace {

nlohmann::json read_json(const std::string& relative) {
  return nlohmann::json::parse(wl::test::read_text_file(wl::test::fixture_path(relative)));
}

// Decodes a stage image and checks what the decoder found against the reference record.
wl::ImageRgb8 upright_image(const std::string& image, const nlohmann::json& record) {
  const auto bytes = wl::test::read_fixture("images/" + image);
  auto decoded = wl::decode_image(bytes);
  if (!decoded) FAIL("decode failed: " << decoded.error().message);
  const int expected_orientation = record["exif_orientation"].is_null() ? 1 : record["exif_orientation"].get<int>();
  CHECK(decoded->exif_orientation == expected_orientation);
  CHECK(decoded->stored_width == record["stored_width"].get<int>());
  CHECK(decoded->stored_height == record["stored_height"].get<int>());
  CHECK(decoded->image.width == record["width"].get<int>());
  CHECK(decoded->image.height == record["height"].get<int>());
  CHECK_FALSE(decoded->truncated);
  return std::move(decoded->image);
}

void check_geometry(const wl::LetterboxGeometry& g, const nlohmann::json& ref) {
  CHECK(g.ratio == ref["ratio"].get<double>());
  CHECK(g.resized_width == ref["resized_wh"][0].get<int>());
  CHECK(g.resized_height == ref["resized_wh"][1].get<int>());
  if (ref.contains("pad_dw_dh_float")) {
    CHECK(g.pad_w == ref["pad_dw_dh_float"][0].get<double>());
    CHECK(g.pad_h == ref["pad_dw_dh_float"][1].get<double>());
  }
  const auto& tblr = ref["pad_top_bottom_left_right"];
  CHECK(g.top == tblr[0].get<int>());
  CHECK(g.bottom == tblr[1].get<int>());
  CHECK(g.left == tblr[2].get<int>());
  CHECK(g.right == tblr[3].get<int>());
  CHECK(g.output_width == ref["input_hw"][1].get<int>());
  CHECK(g.output_height == ref["input_hw"][0].get<int>());
}

void check_stage(const std::string& image, int size, const std::string& stage_png, const nlohmann::json& letterbox_ref,
                 const nlohmann::json& record) {
  INFO(image << " @" << size);
  const wl::ImageRgb8 upright = upright_image(image, record);
  wl::LetterboxParams params;
  params.target_width = size;
  params.target_height = size;
  auto boxed = wl::letterbox(upright, params);
  REQUIRE(boxed.ok());
  check_geometry(boxed->geometry, letterbox_ref);

  const wl::ImageRgb8 reference = wl::test::load_fixture_rgb(stage_png);
  const wl::test::DiffStats stats = wl::test::diff_stats(boxed->image, reference);
  std::printf("letterbox%d %-40.40s %s\n", size, wl::test::fixture_key(image).c_str(), stats.summary().c_str());
  INFO(stats.summary());
  CHECK(stats.mean <= 0.25);
  CHECK(stats.p99 <= 2);
}

}  // namespace

TEST_CASE("Letterbox 640 matches the YOLOv5 stage fixtures", "[preprocess][fixtures]") {
  for (const std::string& image : wl::test::stage_images()) {
    const std::string key = wl::test::fixture_key(image);
    const nlohmann::json record = read_json("reference/yolov5n/" + key + ".json");
    check_stage(image, 640, "stages/yolov5n/" + key + ".letterbox640.png", record["letterbox"], record);
  }
}

TEST_CASE("Letterbox 1280 matches the Ultralytics stage fixtures", "[preprocess][fixtures]") {
  for (const std::string& image : wl::test::stage_images()) {
    const std::string key = wl::test::fixture_key(image);
    const nlohmann::json record = read_json("reference/yolov5n/" + key + ".json");
    const nlohmann::json post = read_json("stages/mdv6-yolov10n-c-nc3-bncalib/" + key + ".postprocess.json");
    check_stage(image, 1280, "stages/mdv6-yolov10n-c-nc3-bncalib/" + key + ".letterbox1280.png", post["letterbox"],
                record);
  }
}
