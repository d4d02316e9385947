// resize_bilinear_u8: OpenCV INTER_LINEAR in fixed point. Bit-exactness with OpenCV 4.6
// is shown by the letterbox parity test; here: agreement with a textbook double-precision
// bilinear, OpenCV's special cases, and proof that the parity tolerances would catch an
// area/antialiased resize or a half-pixel shift.
#include <catch.hpp>

#include <cstdint>
#include <random>
#include <string>

#include "core/image/decode.h"
#include "core/preprocess/letterbox.h"
#include "core/preprocess/resize_bilinear.h"
#include "fixtures.h"
#include "pixel_stats.h"
#include "reference_resize.h"

namespace {

wl::ImageRgb8 random_image(int w, int h, unsigned seed) {
  std::mt19937 rng(seed);
  wl::ImageRgb8 img;
  img.width = w;
  img.height = h;
  img.pixels.resize(static_cast<std::size_t>(w) * h * 3);
  for (auto& p : img.pixels) p = static_cast<std::uint8_t>(rng());
  return img;
}

}  // namespace

TEST_CASE("Fixed-point bilinear stays within one level of double-precision bilinear", "[resize]") {
  const int sizes[][4] = {{100, 75, 640, 480}, {97, 61, 31, 17}, {64, 48, 640, 480}, {300, 200, 301, 199},
                          {13, 7, 5, 3},       {5, 3, 13, 7},    {1, 1, 4, 4},       {640, 480, 1280, 960}};
  unsigned seed = 1;
  for (const auto& s : sizes) {
    INFO(s[0] << "x" << s[1] << " -> " << s[2] << "x" << s[3]);
    const wl::ImageRgb8 src = random_image(s[0], s[1], seed++);
    const wl::ImageRgb8 ours = wl::resize_bilinear_u8(src, s[2], s[3]);
    const wl::ImageRgb8 exact = wl::test::resize_bilinear_double(src, s[2], s[3]);
    const auto stats = wl::test::diff_stats(ours, exact);
    INFO(stats.summary());
    CHECK(stats.max <= 1);
    CHECK(stats.mean < 0.3);
  }
}

TEST_CASE("A constant image stays constant at any size", "[resize]") {
  for (std::uint8_t v : {0, 1, 114, 254, 255}) {
    wl::ImageRgb8 src;
    src.width = 7;
    src.height = 5;
    src.pixels.assign(7 * 5 * 3, v);
    for (auto [w, h] : {std::pair{3, 2}, std::pair{640, 640}, std::pair{14, 10}, std::pair{1, 1}}) {
      const auto out = wl::resize_bilinear_u8(src, w, h);
      CHECK(out.pixels == std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * 3, v));
    }
  }
}

TEST_CASE("An exact 2x downscale is OpenCV's rounded 2x2 mean", "[resize]") {
  const wl::ImageRgb8 src = random_image(10, 6, 99);
  const wl::ImageRgb8 out = wl::resize_bilinear_u8(src, 5, 3);
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 5; ++x)
      for (int c = 0; c < 3; ++c) {
        const int sum = src.row(2 * y)[(2 * x) * 3 + c] + src.row(2 * y)[(2 * x + 1) * 3 + c] +
                        src.row(2 * y + 1)[(2 * x) * 3 + c] + src.row(2 * y + 1)[(2 * x + 1) * 3 + c];
        CHECK(out.row(y)[x * 3 + c] == (sum + 2) / 4);
      }
}

TEST_CASE("Resizing to the same size returns the image unchanged", "[resize]") {
  const wl::ImageRgb8 src = random_image(33, 17, 5);
  CHECK(wl::resize_bilinear_u8(src, 33, 17).pixels == src.pixels);
}

TEST_CASE("The output buffer is reused across sizes", "[resize]") {
  const wl::ImageRgb8 src = random_image(50, 40, 8);
  wl::ImageRgb8 out;
  wl::resize_bilinear_u8(src, 80, 64, out);
  const auto* first = out.pixels.data();
  wl::resize_bilinear_u8(src, 20, 16, out);  // smaller: no reallocation
  CHECK(out.pixels.data() == first);
  CHECK(out.pixels == wl::resize_bilinear_u8(src, 20, 16).pixels);
}

TEST_CASE("The parity tolerance catches area, antialiased and half-pixel-shifted resizes", "[resize][fixtures]") {
  // The same letterbox as the parity test, with the resize swapped for a wrong one: each
  // must land far outside the 0.25-level tolerance that the right resize meets.
  const std::string image = "speciesnet_test/african_elephants_cmyk.jpg";
  const std::string key = wl::test::fixture_key(image);
  auto decoded = wl::decode_image(wl::test::read_fixture("images/" + image));
  REQUIRE(decoded.ok());
  const wl::ImageRgb8 reference = wl::test::load_fixture_rgb("stages/yolov5n/" + key + ".letterbox640.png");

  wl::LetterboxParams params;
  params.target_width = params.target_height = 640;
  auto ours = wl::letterbox(decoded->image, params);
  REQUIRE(ours.ok());
  const auto& g = ours->geometry;

  auto boxed_with = [&](const wl::ImageRgb8& resized) {
    wl::ImageRgb8 out = ours->image;
    for (int y = 0; y < resized.height; ++y)
      std::copy(resized.row(y), resized.row(y) + resized.row_bytes(), out.row(y + g.top) + g.left * 3);
    return out;
  };
  const auto right = wl::test::diff_stats(ours->image, reference);
  const auto area = wl::test::diff_stats(
      boxed_with(wl::test::resize_area_double(decoded->image, g.resized_width, g.resized_height)), reference);
  const auto shifted = wl::test::diff_stats(
      boxed_with(wl::test::resize_bilinear_double(decoded->image, g.resized_width, g.resized_height, wl::test::SampleGrid::TopLeft)),
      reference);
  INFO("right: " << right.summary() << "; area: " << area.summary() << "; shifted: " << shifted.summary());
  CHECK(right.mean <= 0.25);
  CHECK(area.mean >= 0.7);
  CHECK(shifted.mean >= 2.5);
}

TEST_CASE("Resizing into a strided frame writes only the target rectangle", "[resize]") {
  const wl::ImageRgb8 src = random_image(30, 20, 11);
  const wl::ImageRgb8 plain = wl::resize_bilinear_u8(src, 12, 9);
  const std::size_t stride = 20 * 3;                          // frame 20 pixels wide
  std::vector<std::uint8_t> frame(stride * 13, 7);             // 13 rows
  const std::size_t offset = 2 * stride + 5 * 3;               // rectangle at (5, 2)
  wl::resize_bilinear_u8_into(src, 12, 9, std::span<std::uint8_t>(frame).subspan(offset), stride);
  for (int y = 0; y < 13; ++y)
    for (int x = 0; x < 20; ++x)
      for (int c = 0; c < 3; ++c) {
        const bool inside = x >= 5 && x < 17 && y >= 2 && y < 11;
        const std::uint8_t want = inside ? plain.row(y - 2)[(x - 5) * 3 + c] : 7;
        CHECK(frame[static_cast<std::size_t>(y) * stride + static_cast<std::size_t>(x) * 3 + c] == want);
      }
}
