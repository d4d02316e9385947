// apply_orientation for all 8 EXIF values, checked against the definitions PIL's
// exif_transpose uses (FLIP_LEFT_RIGHT, ROTATE_180, FLIP_TOP_BOTTOM, TRANSPOSE,
// ROTATE_270, TRANSVERSE, ROTATE_90), written here as plain coordinate formulas.
#include <catch.hpp>

#include <cstdint>

#include "core/image/orientation.h"

namespace {

// 4x3 image whose every pixel encodes its own (x, y).
wl::ImageRgb8 coordinate_image(int w, int h) {
  wl::ImageRgb8 img;
  img.width = w;
  img.height = h;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) img.pixels.insert(img.pixels.end(), {static_cast<std::uint8_t>(x), static_cast<std::uint8_t>(y), 200});
  return img;
}

struct Coord {
  int x, y;
};

Coord source_of(const wl::ImageRgb8& out, int x, int y) {
  const std::uint8_t* p = out.row(y) + x * 3;
  return {p[0], p[1]};
}

}  // namespace

TEST_CASE("Each EXIF orientation maps pixels as PIL's exif_transpose does", "[orientation]") {
  const int w = 4, h = 3;
  const wl::ImageRgb8 src = coordinate_image(w, h);
  for (int o = 1; o <= 8; ++o) {
    INFO("orientation " << o);
    const wl::ImageRgb8 out = wl::apply_orientation(src, o);
    const bool swapped = o >= 5;
    REQUIRE(out.width == (swapped ? h : w));
    REQUIRE(out.height == (swapped ? w : h));
    for (int y = 0; y < out.height; ++y) {
      for (int x = 0; x < out.width; ++x) {
        Coord want{x, y};
        switch (o) {
          case 2: want = {w - 1 - x, y}; break;          // mirror left-right
          case 3: want = {w - 1 - x, h - 1 - y}; break;  // rotate 180
          case 4: want = {x, h - 1 - y}; break;          // mirror top-bottom
          case 5: want = {y, x}; break;                  // transpose
          case 6: want = {y, h - 1 - x}; break;          // rotate 90 clockwise
          case 7: want = {w - 1 - y, h - 1 - x}; break;  // transverse
          case 8: want = {w - 1 - y, x}; break;          // rotate 90 counter-clockwise
          default: break;
        }
        const Coord got = source_of(out, x, y);
        CHECK(got.x == want.x);
        CHECK(got.y == want.y);
      }
    }
  }
}

TEST_CASE("Orientation 6 puts the stored bottom-left corner at the top-left", "[orientation]") {
  // A camera held rotated 90 degrees clockwise stores a picture whose top is on the left.
  const wl::ImageRgb8 src = coordinate_image(4, 3);
  const wl::ImageRgb8 out = wl::apply_orientation(src, 6);
  CHECK(source_of(out, 0, 0).x == 0);
  CHECK(source_of(out, 0, 0).y == 2);
  CHECK(source_of(out, out.width - 1, 0).x == 0);  // stored top-left ends at top-right
  CHECK(source_of(out, out.width - 1, 0).y == 0);
}

TEST_CASE("inverse_orientation undoes every orientation", "[orientation]") {
  const wl::ImageRgb8 src = coordinate_image(5, 2);
  for (int o = 1; o <= 8; ++o) {
    const wl::ImageRgb8 back = wl::apply_orientation(wl::apply_orientation(src, o), wl::inverse_orientation(o));
    CHECK(back.width == src.width);
    CHECK(back.height == src.height);
    CHECK(back.pixels == src.pixels);
  }
}

TEST_CASE("Invalid orientation values leave the image as stored", "[orientation]") {
  const wl::ImageRgb8 src = coordinate_image(3, 2);
  for (int o : {0, 9, -1, 65535}) {
    CHECK_FALSE(wl::is_valid_exif_orientation(o));
    CHECK(wl::apply_orientation(src, o).pixels == src.pixels);
  }
}
