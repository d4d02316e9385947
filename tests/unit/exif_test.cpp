// parse_exif on the real camera-trap fixtures. Expected orientations come from the YOLOv5
// reference run (PIL's reading of tag 0x0112); dates, makes and models were read with exiftool
// and cross-checked against the capture time that camtrapR encodes in its file names.
#include <catch.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/image/exif.h"
#include "fixtures.h"

namespace {

wl::ExifInfo parse_fixture(const std::string& relative) {
  const auto bytes = wl::test::read_fixture("images/" + relative);
  auto result = wl::parse_exif(bytes);
  INFO(relative);
  REQUIRE(result.ok());
  return std::move(result).value();
}

}  // namespace

TEST_CASE("EXIF orientation of every reference image equals the reference run's") {
  const auto all = nlohmann::json::parse(wl::test::read_text_file(wl::test::fixture_path("reference/yolov5n/all.json")));
  const auto& images = all.at("images");
  REQUIRE(images.size() >= 60);
  int rotated = 0;
  for (const auto& image : images) {
    const std::string file = image.at("file").get<std::string>();
    // Null means PIL found no tag 0x0112; the key is missing where PIL could not open the file.
    const auto expected_json = image.value("exif_orientation", nlohmann::json());
    const int expected = expected_json.is_null() ? 1 : expected_json.get<int>();
    const wl::ExifInfo info = parse_fixture(file);
    INFO(file << " warning: " << info.warning);
    CHECK(info.orientation == expected);
    // None of these files has broken EXIF, so any warning would be the parser's own mistake.
    CHECK(info.warning.empty());
    if (expected != 1) ++rotated;
  }
  // The set must include a rotated image, or this test could not tell a parser that always
  // answers 1 from a working one.
  CHECK(rotated >= 1);
}

TEST_CASE("EXIF of a big-endian image with Orientation 6") {
  const auto info = parse_fixture("speciesnet_test/african_elephants_with_exif_orientation.jpg");
  CHECK(info.orientation == 6);
  CHECK(info.datetime_original == std::optional<std::string>("2010:08:04 08:43:15"));
  CHECK(info.iso8601_datetime() == std::optional<std::string>("2010-08-04T08:43:15"));
  CHECK_FALSE(info.make.has_value());
  CHECK_FALSE(info.gps.has_value());
  CHECK(info.warning.empty());
}

TEST_CASE("EXIF date, make and model of camera-trap images") {
  struct Case {
    const char* file;
    const char* datetime;
    const char* make;
    const char* model;
  };
  const Case cases[] = {
      // Cuddeback, big-endian, Make padded with spaces ("G6.1     \0").
      {"camtrapR_sabah/StationB/PBE/StationB__2009-04-10__04-08-00(1).JPG", "2009:04:10 04:08:00", "G6.1", "CUDDEBACK"},
      {"camtrapR_sabah/StationA/PBE/StationA__2009-04-22__20-19-00(1).JPG", "2009:04:22 20:19:00", "G4", "CUDDEBACK"},
      {"megadetector_test/snapshot_kruger_KRU_S1_25_25_R1_KRU_S1_25_R1_IMAG0012.JPG", "2018:06:18 16:21:20",
       "CUDDEBACK", "C2"},
      {"megadetector_test/nacti_part3_sub308_CA-11_0001325.jpg", "2015:04:11 23:02:16", "RECONYX",
       "HC550 HYPERFIRE"},
      {"gopher_tortoise_hiltonml/Image_2.JPG", "2021:04:03 16:28:01", "Meidase", "SL122 Pro"},
      {"speciesnet_test/domestic_dog.jpg", "2017:07:13 12:09:23", "RECONYX", "PC800 PROFESSIONAL"},
  };
  for (const Case& c : cases) {
    const auto info = parse_fixture(c.file);
    INFO(c.file << " warning: " << info.warning);
    CHECK(info.datetime_original == std::optional<std::string>(c.datetime));
    CHECK(info.make == std::optional<std::string>(c.make));
    CHECK(info.model == std::optional<std::string>(c.model));
    CHECK_FALSE(info.subsec_time_original.has_value());
    CHECK_FALSE(info.offset_time_original.has_value());
    CHECK(info.warning.empty());
  }
}

TEST_CASE("EXIF Make and Model made only of NUL bytes read as absent") {
  // african_elephants.jpg stores Make and Model as 8 NUL bytes each.
  const auto info = parse_fixture("speciesnet_test/african_elephants.jpg");
  CHECK_FALSE(info.make.has_value());
  CHECK_FALSE(info.model.has_value());
  CHECK(info.orientation == 1);
  CHECK(info.datetime_original == std::optional<std::string>("2010:08:04 08:43:15"));
  CHECK(info.warning.empty());
}

TEST_CASE("A capture time kept only in a maker note is not reported") {
  // american_black_bear.jpg (Reconyx) has an Exif IFD but neither DateTimeOriginal nor
  // DateTime: its capture time lives only in Reconyx's maker note, which is not parsed.
  const auto info = parse_fixture("speciesnet_test/american_black_bear.jpg");
  CHECK_FALSE(info.datetime_original.has_value());
  CHECK_FALSE(info.iso8601_datetime().has_value());
  CHECK(info.warning.empty());
}

TEST_CASE("A JPEG without EXIF gives the defaults and no warning") {
  for (const char* file : {"snapshot_serengeti_gallery/S1_F10_R1_PICT0104.JPG", "ena24_via_zamba/2480.jpg",
                           "speciesnet_test/african_elephants_cmyk.jpg"}) {
    const auto info = parse_fixture(file);
    INFO(file);
    CHECK(info.orientation == 1);
    CHECK_FALSE(info.datetime_original.has_value());
    CHECK_FALSE(info.make.has_value());
    CHECK_FALSE(info.model.has_value());
    CHECK_FALSE(info.gps.has_value());
    CHECK(info.warning.empty());
  }
}

TEST_CASE("The EXIF of a truncated JPEG is still read") {
  // The file is cut inside its image data, long after the EXIF segment.
  const auto info = parse_fixture("speciesnet_test/african_elephants_truncated_file.jpg");
  CHECK(info.orientation == 1);
  CHECK(info.datetime_original == std::optional<std::string>("2010:08:04 08:43:15"));
}

TEST_CASE("parse_exif refuses an empty buffer, and ignores bytes that are not an image") {
  const auto empty = wl::parse_exif({});
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().code == wl::ErrorCode::Empty);

  const std::string text = "just some text, not an image";
  const auto other = wl::parse_exif(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  REQUIRE(other.ok());
  CHECK(other->orientation == 1);
  CHECK(other->warning.empty());
}
