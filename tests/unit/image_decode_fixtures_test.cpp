// decode_image on the real camera-trap fixture files: the awkward ones (greyscale, CMYK,
// 20 MP, thumbnail, EXIF-rotated, truncated).
#include <catch.hpp>

#include <string>

#include "core/image/decode.h"
#include "fixtures.h"
#include "pixel_stats.h"

namespace {

wl::DecodedImage decode_fixture(const std::string& relative, const wl::DecodeOptions& opts = {}) {
  const auto bytes = wl::test::read_fixture(relative);
  auto decoded = wl::decode_image(bytes, opts);
  if (!decoded) FAIL(relative << ": " << decoded.error().message);
  return std::move(*decoded);
}

}  // namespace

TEST_CASE("A 1-channel greyscale JPEG becomes RGB with equal channels", "[decode][fixtures]") {
  const auto d = decode_fixture("images/speciesnet_test/african_elephants_bw.jpg");
  CHECK(d.format == "jpeg");
  REQUIRE(d.image.width == 2048);
  REQUIRE(d.image.height == 1536);
  bool all_grey = true;
  int distinct_levels = 0;
  bool seen[256] = {};
  for (std::size_t i = 0; i < d.image.pixels.size(); i += 3) {
    const auto* p = &d.image.pixels[i];
    all_grey = all_grey && p[0] == p[1] && p[1] == p[2];
    if (!seen[p[0]]) {
      seen[p[0]] = true;
      ++distinct_levels;
    }
  }
  CHECK(all_grey);
  CHECK(distinct_levels > 200);  // a real photo, not a flat fill
  CHECK_FALSE(d.truncated);
  CHECK(d.warning.empty());
}

TEST_CASE("An Adobe CMYK JPEG converts like PIL and looks like the colour original", "[decode][fixtures]") {
  const auto cmyk = decode_fixture("images/speciesnet_test/african_elephants_cmyk.jpg");
  const auto rgb = decode_fixture("images/speciesnet_test/african_elephants.jpg");
  REQUIRE(cmyk.image.width == rgb.image.width);
  REQUIRE(cmyk.image.height == rgb.image.height);
  // The CMYK file is a conversion of the colour one: same picture, small colour error.
  // Inverted (not un-inverted) data or a missing K would give a mean of ~100 or more.
  const auto stats = wl::test::diff_stats(cmyk.image, rgb.image);
  INFO(stats.summary());
  CHECK(stats.mean < 12.0);
  // The exact PIL arithmetic is covered by the letterbox parity test (mean ~0.005).
}

TEST_CASE("The 20 MP kruger image and the 100x75 thumbnail decode at full size", "[decode][fixtures]") {
  const auto big = decode_fixture("images/megadetector_test/snapshot_kruger_KRU_S1_25_25_R1_KRU_S1_25_R1_IMAG0012.JPG");
  CHECK(big.image.width == 5152);
  CHECK(big.image.height == 3968);
  CHECK(big.image.pixels.size() == 5152u * 3968u * 3u);
  const auto small = decode_fixture("images/camtrapR_sabah/StationA/PBE/StationA__2009-04-22__20-19-00(1).JPG");
  CHECK(small.image.width == 100);
  CHECK(small.image.height == 75);
}

TEST_CASE("The 20 MP image is refused under a lower pixel limit, before decoding", "[decode][fixtures]") {
  const auto bytes = wl::test::read_fixture("images/megadetector_test/snapshot_kruger_KRU_S1_25_25_R1_KRU_S1_25_R1_IMAG0012.JPG");
  wl::DecodeOptions opts;
  opts.max_pixels = 12'000'000;
  auto r = wl::decode_image(bytes, opts);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == wl::ErrorCode::TooLarge);
  CHECK(r.error().message == "the JPEG image is 5152\u00D73968 (20 MP), above the 12 MP limit");
}

TEST_CASE("EXIF orientation 6 is applied, and can be turned off", "[decode][fixtures]") {
  const std::string path = "images/speciesnet_test/african_elephants_with_exif_orientation.jpg";
  const auto upright = decode_fixture(path);
  CHECK(upright.exif_orientation == 6);
  CHECK(upright.stored_width == 1536);
  CHECK(upright.stored_height == 2048);
  CHECK(upright.image.width == 2048);
  CHECK(upright.image.height == 1536);

  wl::DecodeOptions as_stored;
  as_stored.apply_exif_orientation = false;
  const auto raw = decode_fixture(path, as_stored);
  CHECK(raw.exif_orientation == 6);
  CHECK(raw.image.width == 1536);
  CHECK(raw.image.height == 2048);

  // The upright image is the same picture as the unrotated original file.
  const auto original = decode_fixture("images/speciesnet_test/african_elephants.jpg");
  const auto stats = wl::test::diff_stats(upright.image, original.image);
  INFO(stats.summary());
  CHECK(stats.mean < 3.0);
}

TEST_CASE("A truncated JPEG decodes what is there and says it was cut short", "[decode][fixtures]") {
  const auto bytes = wl::test::read_fixture("images/speciesnet_test/african_elephants_truncated_file.jpg");
  auto d = wl::decode_image(bytes);
  REQUIRE(d.ok());
  CHECK(d->truncated);
  CHECK(d->warning.find("cut short") != std::string::npos);
  CHECK(d->image.width == 2048);
  CHECK(d->image.height == 1536);

  // The top of the picture is real image data: it matches the complete original there.
  const auto original = decode_fixture("images/speciesnet_test/african_elephants.jpg");
  wl::ImageRgb8 top_cut, top_full;
  for (auto* pair : {&top_cut, &top_full}) {
    pair->width = 2048;
    pair->height = 64;
  }
  top_cut.pixels.assign(d->image.pixels.begin(), d->image.pixels.begin() + 2048 * 64 * 3);
  top_full.pixels.assign(original.image.pixels.begin(), original.image.pixels.begin() + 2048 * 64 * 3);
  const auto stats = wl::test::diff_stats(top_cut, top_full);
  INFO(stats.summary());
  CHECK(stats.mean < 3.0);

  // The missing part is flat grey, as libjpeg leaves it: PIL (libjpeg-turbo) with
  // LOAD_TRUNCATED_IMAGES gives this file intact rows above 1328 and only 128 from row
  // 1344 on (the MCU row in between holds the block where the data stops).
  bool grey_below = true;
  for (int y = 1344; y < 1536; ++y)
    for (int x = 0; x < 2048 * 3; ++x) grey_below = grey_below && d->image.row(y)[x] == 128;
  CHECK(grey_below);
  wl::ImageRgb8 kept_cut, kept_full;
  for (auto* img : {&kept_cut, &kept_full}) {
    img->width = 2048;
    img->height = 1328;
  }
  kept_cut.pixels.assign(d->image.pixels.begin(), d->image.pixels.begin() + 2048 * 1328 * 3);
  kept_full.pixels.assign(original.image.pixels.begin(), original.image.pixels.begin() + 2048 * 1328 * 3);
  const auto kept = wl::test::diff_stats(kept_cut, kept_full);
  INFO(kept.summary());
  CHECK(kept.mean < 1.0);

  // Complete files are not flagged.
  CHECK_FALSE(original.truncated);
}

TEST_CASE("A JPEG missing only its end marker is complete, not truncated", "[decode][fixtures]") {
  auto bytes = wl::test::read_fixture("images/camtrapR_sabah/StationA/PBE/StationA__2009-04-22__20-19-00(1).JPG");
  auto full = wl::decode_image(bytes);
  REQUIRE(full.ok());
  REQUIRE(bytes.size() > 2);
  REQUIRE(bytes[bytes.size() - 2] == 0xFF);
  REQUIRE(bytes[bytes.size() - 1] == 0xD9);
  bytes.resize(bytes.size() - 2);
  auto no_end = wl::decode_image(bytes);
  REQUIRE(no_end.ok());
  CHECK_FALSE(no_end->truncated);
  CHECK(no_end->warning.empty());
  CHECK(no_end->image.pixels == full->image.pixels);

  // Without the last 200 bytes of scan data the last blocks are missing: truncated.
  // (A single byte may hold only the padding bits after the last block.)
  bytes.resize(bytes.size() - 200);
  auto cut = wl::decode_image(bytes);
  REQUIRE(cut.ok());
  CHECK(cut->truncated);
}
