// parse_exif on generated EXIF blocks: every field, both byte orders, every container, and the
// rules for fallbacks and odd-but-readable values. (Broken and hostile blocks are in
// exif_robustness_test.cpp.)
#include <catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/image/exif.h"
#include "exif_builder.h"

using wl::test::ByteOrder;
using wl::test::CameraExif;

namespace {

wl::ExifInfo parse_jpeg(wl::test::TiffWriter& w) {
  const auto file = wl::test::jpeg_with_exif(w.build());
  auto result = wl::parse_exif(file);
  REQUIRE(result.ok());
  return std::move(result).value();
}

std::optional<std::string> text(const char* s) { return std::string(s); }

}  // namespace

TEST_CASE("All fields of a camera block are read in both byte orders and all containers") {
  for (ByteOrder order : {ByteOrder::Little, ByteOrder::Big}) {
    auto w = wl::test::camera_exif(order);
    const auto tiff = w.build();
    const std::vector<std::vector<std::uint8_t>> files = {wl::test::jpeg_with_exif(tiff), wl::test::png_with_exif(tiff),
                                                          wl::test::webp_with_exif(tiff), tiff};
    for (std::size_t i = 0; i < files.size(); ++i) {
      INFO("byte order " << (order == ByteOrder::Big ? "MM" : "II") << ", container " << i);
      const auto result = wl::parse_exif(files[i]);
      REQUIRE(result.ok());
      const wl::ExifInfo& info = *result;
      CHECK(info.warning.empty());
      CHECK(info.orientation == 6);
      CHECK(info.make == text("CamTrapCo"));
      CHECK(info.model == text("CT-1 Pro"));
      CHECK(info.datetime_original == text("2019:05:04 13:02:11"));
      CHECK(info.subsec_time_original == text("25"));
      CHECK(info.offset_time_original == text("+02:00"));
      CHECK(info.iso8601_datetime() == text("2019-05-04T13:02:11.25+02:00"));
      REQUIRE(info.gps.has_value());
      CHECK(info.gps->latitude == Approx(CameraExif::kLatitude).epsilon(1e-12));
      CHECK(info.gps->longitude == Approx(CameraExif::kLongitude).epsilon(1e-12));
      REQUIRE(info.gps->altitude_m.has_value());
      CHECK(*info.gps->altitude_m == Approx(CameraExif::kAltitude));
    }
  }
}

TEST_CASE("PNG and WebP blocks that keep the JPEG 'Exif' prefix are read too") {
  auto w = wl::test::camera_exif(ByteOrder::Little);
  auto tiff = w.build();
  tiff.insert(tiff.begin(), {'E', 'x', 'i', 'f', 0, 0});
  for (const auto& file : {wl::test::png_with_exif(tiff), wl::test::webp_with_exif(tiff)}) {
    const auto info = wl::parse_exif(file);
    REQUIRE(info.ok());
    CHECK(info->orientation == 6);
    CHECK(info->warning.empty());
  }
}

TEST_CASE("Container walking: WebP odd-size chunk padding, PNG eXIf after the image data") {
  auto w = wl::test::camera_exif(ByteOrder::Big);
  const auto tiff = w.build();
  SECTION("WebP") {
    auto webp = wl::test::webp_with_exif(tiff);
    const std::size_t after_vp8x = 12 + 18;
    REQUIRE(webp[after_vp8x] == 'E');
    // A 3-byte chunk is followed by one pad byte; a walker that ignores it misses EXIF.
    const std::vector<std::uint8_t> odd = {'I', 'C', 'C', 'P', 3, 0, 0, 0, 1, 2, 3, 0};
    webp.insert(webp.begin() + after_vp8x, odd.begin(), odd.end());
    const auto info = wl::parse_exif(webp);
    REQUIRE(info.ok());
    CHECK(info->orientation == 6);
    CHECK(info->warning.empty());
  }
  SECTION("PNG") {
    auto png = wl::test::png_with_exif(tiff);
    const std::size_t after_ihdr = 8 + 25;
    REQUIRE(png[after_ihdr + 4] == 'e');
    const std::vector<std::uint8_t> idat = {0, 0, 0, 2, 'I', 'D', 'A', 'T', 0x78, 0x9C, 0, 0, 0, 0};
    png.insert(png.begin() + after_ihdr, idat.begin(), idat.end());
    const auto info = wl::parse_exif(png);
    REQUIRE(info.ok());
    CHECK(info->orientation == 6);
    CHECK(info->warning.empty());
  }
}

TEST_CASE("Without DateTimeOriginal, DateTime and its own subsecond and offset tags are used") {
  wl::test::TiffWriter w(ByteOrder::Big);
  const int exif = w.add_ifd();
  w.add_ascii(0, 0x0132, "2021:02:28 23:59:59");
  w.add_link(0, 0x8769, exif);
  w.add_ascii(exif, 0x9291, "5");       // SubSecTimeOriginal: belongs to the missing date
  w.add_ascii(exif, 0x9290, "75");      // SubSecTime: belongs to DateTime
  w.add_ascii(exif, 0x9010, "-05:00");  // OffsetTime
  const auto info = parse_jpeg(w);
  CHECK(info.datetime_original == text("2021:02:28 23:59:59"));
  CHECK(info.subsec_time_original == text("75"));
  CHECK(info.iso8601_datetime() == text("2021-02-28T23:59:59.75-05:00"));
  CHECK(info.warning.empty());
}

TEST_CASE("An invalid DateTimeOriginal falls back to DateTime with a warning; a blank one silently") {
  auto w = wl::test::camera_exif(ByteOrder::Little);
  SECTION("invalid month") {
    w.add_ascii(CameraExif::kExif, 0x9003, "placeholder");  // second copy: ignored, first wins
    auto tiff = w.build();
    // Overwrite the first DateTimeOriginal's month "05" with "13".
    const std::string dto = "2019:05:04 13:02:11";
    const auto at = std::search(tiff.begin(), tiff.end(), dto.begin(), dto.end());
    REQUIRE(at != tiff.end());
    at[5] = '1';
    at[6] = '3';
    const auto info = wl::parse_exif(wl::test::jpeg_with_exif(tiff));
    REQUIRE(info.ok());
    CHECK(info->datetime_original == text("2019:05:04 13:00:00"));
    CHECK(info->warning.find("DateTimeOriginal") != std::string::npos);
  }
  SECTION("EXIF's 'unknown' date") {
    wl::test::TiffWriter u(ByteOrder::Little);
    const int exif = u.add_ifd();
    u.add_ascii(0, 0x0132, "2019:05:04 13:00:00");
    u.add_link(0, 0x8769, exif);
    u.add_ascii(exif, 0x9003, "0000:00:00 00:00:00");
    const auto info = parse_jpeg(u);
    CHECK(info.datetime_original == text("2019:05:04 13:00:00"));
    CHECK(info.warning.empty());
  }
  SECTION("both blank") {
    wl::test::TiffWriter u(ByteOrder::Little);
    const int exif = u.add_ifd();
    u.add_ascii(0, 0x0132, "    :  :     :  :  ");
    u.add_link(0, 0x8769, exif);
    u.add_ascii(exif, 0x9003, "");
    const auto info = parse_jpeg(u);
    CHECK_FALSE(info.datetime_original.has_value());
    CHECK_FALSE(info.iso8601_datetime().has_value());
    CHECK(info.warning.empty());
  }
}

TEST_CASE("A long invalid value quoted in the warning is shortened without splitting a character") {
  wl::test::TiffWriter w(ByteOrder::Little);
  const int exif = w.add_ifd();
  w.add_link(0, 0x8769, exif);
  std::string date = "2019:05:04 13:02:11";
  for (int i = 0; i < 20; ++i) date += "\xC3\xA9";  // é: its bytes straddle the 40-byte cut
  w.add_ascii(exif, 0x9003, date);
  const auto info = parse_jpeg(w);
  CHECK_FALSE(info.datetime_original.has_value());
  CHECK(info.warning.find("13:02:11\xC3\xA9") != std::string::npos);
  CHECK(info.warning.find("...") != std::string::npos);
  CHECK_NOTHROW(nlohmann::json(info.warning).dump());
}

TEST_CASE("Malformed subsecond and offset strings are dropped with a warning") {
  wl::test::TiffWriter w(ByteOrder::Little);
  const int exif = w.add_ifd();
  w.add_link(0, 0x8769, exif);
  w.add_ascii(exif, 0x9003, "2019:05:04 13:02:11");
  w.add_ascii(exif, 0x9291, "2.5");
  w.add_ascii(exif, 0x9011, "+2:00");
  const auto info = parse_jpeg(w);
  CHECK(info.datetime_original == text("2019:05:04 13:02:11"));
  CHECK_FALSE(info.subsec_time_original.has_value());
  CHECK_FALSE(info.offset_time_original.has_value());
  CHECK(info.iso8601_datetime() == text("2019-05-04T13:02:11"));
  CHECK(info.warning.find("SubSecTimeOriginal") != std::string::npos);
  CHECK(info.warning.find("OffsetTimeOriginal") != std::string::npos);
}

TEST_CASE("Orientation: any integer type is accepted, values outside 1..8 and other types are not") {
  struct Case {
    std::uint16_t type;
    std::vector<std::uint8_t> value;  // little-endian
    int expected;
    bool warns;
  };
  const Case cases[] = {
      {3, {8, 0}, 8, false},         // SHORT, the normal case
      {4, {3, 0, 0, 0}, 3, false},   // LONG
      {1, {5}, 5, false},            // BYTE
      {3, {9, 0}, 1, true},          // out of range
      {3, {0, 0}, 1, true},          // out of range
      {8, {0xFF, 0xFF}, 1, true},    // SSHORT -1
      {2, {'6', 0}, 1, true},        // ASCII "6"
      {5, {6, 0, 0, 0, 1, 0, 0, 0}, 1, true},  // RATIONAL: stored out of line, still refused
      {99, {6, 0, 0, 0}, 1, true},   // a type TIFF does not define
  };
  for (const Case& c : cases) {
    wl::test::TiffWriter w(ByteOrder::Little);
    w.add_raw(0, 0x0112, c.type, 1, c.value);
    const auto info = parse_jpeg(w);
    INFO("type " << c.type);
    CHECK(info.orientation == c.expected);
    CHECK(info.warning.empty() == !c.warns);
  }
}

TEST_CASE("Strings: missing NUL, empty, padded, control characters, wrong type, repeated tag") {
  wl::test::TiffWriter w(ByteOrder::Big);
  w.add_raw(0, 0x010F, 2, 9, {'C', 'a', 'm', 'T', 'r', 'a', 'p', 'C', 'o'});  // no NUL
  w.add_raw(0, 0x010F, 2, 4, {'B', 'a', 'd', 0});                           // repeat: ignored
  w.add_raw(0, 0x0110, 2, 0, {});                                           // count 0
  SECTION("unterminated and empty") {
    const auto info = parse_jpeg(w);
    CHECK(info.make == text("CamTrapCo"));
    CHECK_FALSE(info.model.has_value());
    CHECK(info.warning.empty());
  }
  SECTION("padding, NUL in the middle, control characters, UNDEFINED type") {
    wl::test::TiffWriter u(ByteOrder::Big);
    u.add_raw(0, 0x010F, 7, 12, {' ', 'A', '\n', 'B', ' ', ' ', 0, 'x', 'y', 'z', 0, 0});
    u.add_ascii(0, 0x0110, "   ");
    const auto info = parse_jpeg(u);
    CHECK(info.make == text("A?B"));
    CHECK_FALSE(info.model.has_value());
    CHECK(info.warning.empty());
  }
  SECTION("UTF-8 kept, Latin-1 replaced, EXIF 3.0 UTF-8 type accepted") {
    wl::test::TiffWriter u(ByteOrder::Little);
    u.add_raw(0, 0x010F, 2, 6, {'C', 'a', 'f', 0xC3, 0xA9, 0});
    u.add_raw(0, 0x0110, 129, 5, {'C', 'a', 'f', 0xE9, 0});
    const auto info = parse_jpeg(u);
    CHECK(info.make == text("Caf\xC3\xA9"));
    CHECK(info.model == text("Caf?"));
    CHECK(info.warning.empty());
  }
  SECTION("wrong type") {
    wl::test::TiffWriter u(ByteOrder::Little);
    u.add_short(0, 0x010F, 77);
    u.add_ascii(0, 0x0110, "Model");
    const auto info = parse_jpeg(u);
    CHECK_FALSE(info.make.has_value());
    CHECK(info.model == text("Model"));
    CHECK(info.warning.find("Make") != std::string::npos);
  }
}

TEST_CASE("GPS: hemispheres, altitude below sea level, pointer in the Exif IFD") {
  wl::test::TiffWriter w(ByteOrder::Little);
  const int exif = w.add_ifd();
  const int gps = w.add_ifd();
  w.add_link(0, 0x8769, exif);
  w.add_link(exif, 0x8825, gps);  // misplaced, but some writers do it
  w.add_ascii(gps, 0x0001, "S");
  w.add_rationals(gps, 0x0002, {{3, 1}, {30, 1}, {0, 1}});
  w.add_ascii(gps, 0x0003, "E");
  w.add_rationals(gps, 0x0004, {{1125, 10}, {0, 1}, {0, 1}});  // decimal degrees in the first value
  w.add_byte(gps, 0x0005, 1);
  w.add_rationals(gps, 0x0006, {{20, 1}});
  const auto info = parse_jpeg(w);
  REQUIRE(info.gps.has_value());
  CHECK(info.gps->latitude == Approx(-3.5));
  CHECK(info.gps->longitude == Approx(112.5));
  CHECK(info.gps->altitude_m == std::optional<double>(-20.0));
  CHECK(info.warning.empty());
}

TEST_CASE("GPS: no fix, out of range, half a position, missing reference") {
  auto base = [] {
    wl::test::TiffWriter w(ByteOrder::Big);
    const int gps = w.add_ifd();
    w.add_link(0, 0x8825, gps);
    w.add_raw(gps, 0x0000, 1, 4, {2, 3, 0, 0});
    return w;
  };
  SECTION("a GPS IFD with only the version: no position, no warning") {
    auto w = base();
    const auto info = parse_jpeg(w);
    CHECK_FALSE(info.gps.has_value());
    CHECK(info.warning.empty());
  }
  SECTION("0/0 everywhere, as written by cameras without a fix") {
    auto w = base();
    w.add_ascii(1, 0x0001, "N");
    w.add_rationals(1, 0x0002, {{0, 0}, {0, 0}, {0, 0}});
    w.add_ascii(1, 0x0003, "E");
    w.add_rationals(1, 0x0004, {{0, 0}, {0, 0}, {0, 0}});
    const auto info = parse_jpeg(w);
    CHECK_FALSE(info.gps.has_value());
    CHECK(info.warning.empty());
  }
  SECTION("latitude above 90 degrees") {
    auto w = base();
    w.add_ascii(1, 0x0001, "N");
    w.add_rationals(1, 0x0002, {{91, 1}, {0, 1}, {0, 1}});
    w.add_ascii(1, 0x0003, "E");
    w.add_rationals(1, 0x0004, {{10, 1}, {0, 1}, {0, 1}});
    const auto info = parse_jpeg(w);
    CHECK_FALSE(info.gps.has_value());
    CHECK(info.warning.find("GPSLatitude") != std::string::npos);
  }
  SECTION("latitude only") {
    auto w = base();
    w.add_ascii(1, 0x0001, "N");
    w.add_rationals(1, 0x0002, {{1, 1}, {0, 1}, {0, 1}});
    const auto info = parse_jpeg(w);
    CHECK_FALSE(info.gps.has_value());
    CHECK(info.warning.find("only one") != std::string::npos);
  }
  SECTION("references missing: positive assumed, with a warning") {
    auto w = base();
    w.add_rationals(1, 0x0002, {{1, 2}, {0, 1}, {0, 1}});
    w.add_rationals(1, 0x0004, {{3, 2}, {0, 1}, {0, 1}});
    const auto info = parse_jpeg(w);
    REQUIRE(info.gps.has_value());
    CHECK(info.gps->latitude == 0.5);
    CHECK(info.gps->longitude == 1.5);
    CHECK_FALSE(info.gps->altitude_m.has_value());
    CHECK(info.warning.find("GPSLatitudeRef is missing") != std::string::npos);
  }
  SECTION("a zero denominator in one part, or a wrong reference letter") {
    auto w = base();
    w.add_ascii(1, 0x0001, "X");
    w.add_rationals(1, 0x0002, {{1, 1}, {0, 1}, {0, 1}});
    w.add_ascii(1, 0x0003, "E");
    w.add_rationals(1, 0x0004, {{1, 0}, {0, 1}, {0, 1}});
    const auto info = parse_jpeg(w);
    CHECK_FALSE(info.gps.has_value());
    CHECK(info.warning.find("GPSLatitudeRef") != std::string::npos);
    CHECK(info.warning.find("GPSLongitude has a zero denominator") != std::string::npos);
  }
}

TEST_CASE("iso8601_datetime checks the calendar and formats every part") {
  wl::ExifInfo info;
  CHECK_FALSE(info.iso8601_datetime().has_value());
  info.datetime_original = "2020:02:29 00:00:60";
  CHECK(info.iso8601_datetime() == text("2020-02-29T00:00:60"));
  info.offset_time_original = "+14:00";
  info.subsec_time_original = "007";
  CHECK(info.iso8601_datetime() == text("2020-02-29T00:00:60.007+14:00"));
  info.offset_time_original = "+19:00";  // not a real offset: left out
  info.subsec_time_original = "";
  CHECK(info.iso8601_datetime() == text("2020-02-29T00:00:60"));
  for (const char* bad : {"2019:02:29 00:00:00", "2019:04:31 00:00:00", "2019:01:01 24:00:00",
                          "2019:01:01 00:60:00", "2019-01-01 00:00:00", "2019:01:01 00:00:00 ", "2019:1:01 00:00:00",
                          "0000:01:01 00:00:00", "2019:00:10 10:10:10", "abcd:ef:gh ij:kl:mn"}) {
    info.datetime_original = bad;
    INFO(bad);
    CHECK_FALSE(info.iso8601_datetime().has_value());
  }
}
