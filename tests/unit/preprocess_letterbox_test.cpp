// letterbox geometry for the cases the fixtures do not cover: stride-multiple ("auto")
// rectangles, non-square targets, no upscaling, uncentred padding; and pixel placement.
#include <catch.hpp>

#include "core/preprocess/letterbox.h"

namespace {

wl::LetterboxGeometry geometry(int w, int h, const wl::LetterboxParams& p) {
  auto g = wl::letterbox_geometry(w, h, p);
  if (!g) FAIL(g.error().message);
  return *g;
}

wl::LetterboxParams square(int s) {
  wl::LetterboxParams p;
  p.target_width = p.target_height = s;
  return p;
}

}  // namespace

TEST_CASE("Square letterbox of a 4:3 image pads top and bottom equally", "[letterbox]") {
  const auto g = geometry(2048, 1536, square(640));
  CHECK(g.ratio == 0.3125);
  CHECK(g.resized_width == 640);
  CHECK(g.resized_height == 480);
  CHECK(g.pad_h == 80.0);
  CHECK(g.top == 80);
  CHECK(g.bottom == 80);
  CHECK(g.left == 0);
  CHECK(g.output_width == 640);
  CHECK(g.output_height == 640);
}

TEST_CASE("An odd total pad puts the extra pixel at the bottom", "[letterbox]") {
  // 5152x3968 -> 640x493: 147 rows of padding, 73 on top and 74 below.
  const auto g = geometry(5152, 3968, square(640));
  CHECK(g.resized_height == 493);
  CHECK(g.pad_h == 73.5);
  CHECK(g.top == 73);
  CHECK(g.bottom == 74);
}

TEST_CASE("Python rounding: halves go to the even neighbour", "[letterbox]") {
  // 1000x5 at 640: r = 0.64, h*r = 3.2 -> 3. 5x3 at 3: r = 0.6, h*r = 1.8 -> 2.
  // A real half: 4x1 into 10 wide, 3 high: r = min(3/1, 10/4) = 2.5, h*r = 2.5 -> 2
  // (even), not 3.
  CHECK(geometry(1000, 5, square(640)).resized_height == 3);
  CHECK(geometry(5, 3, square(3)).resized_height == 2);
  wl::LetterboxParams p;
  p.target_width = 10;
  p.target_height = 3;
  const auto g = geometry(4, 1, p);
  CHECK(g.ratio == 2.5);
  CHECK(g.resized_width == 10);
  CHECK(g.resized_height == 2);  // round(2.5) == 2 in Python
  CHECK(g.top == 0);             // dh = 0.5: round(0.4) = 0
  CHECK(g.bottom == 1);          //           round(0.6) = 1
}

TEST_CASE("Stride-multiple (auto) letterbox gives the smallest stride-aligned rectangle", "[letterbox]") {
  // The reference ran the dynamic model at 640x480 this way for a 4:3 image.
  wl::LetterboxParams p = square(640);
  p.stride_multiple = true;
  p.stride = 32;
  const auto g = geometry(2048, 1536, p);
  CHECK(g.output_width == 640);
  CHECK(g.output_height == 480);
  CHECK(g.top + g.bottom == 0);
  // 16:9 at 1280: 1280x720 is already a multiple of 32.
  const auto wide = geometry(1920, 1080, [] {
    wl::LetterboxParams q = square(1280);
    q.stride_multiple = true;
    return q;
  }());
  CHECK(wide.output_height == 736);  // 720 + (560 mod 32 = 16) -> 8 + 8
  CHECK(wide.top == 8);
  CHECK(wide.bottom == 8);
  // 5152x3968 at 640: 493 rows + (147 mod 32 = 19) = 512, pads 9 and 10.
  p.stride = 32;
  const auto kruger = geometry(5152, 3968, p);
  CHECK(kruger.output_height == 512);
  CHECK(kruger.top == 9);
  CHECK(kruger.bottom == 10);
}

TEST_CASE("Rectangular targets, no upscaling, and uncentred padding", "[letterbox]") {
  wl::LetterboxParams p;
  p.target_width = 640;
  p.target_height = 384;
  const auto g = geometry(1000, 1000, p);
  CHECK(g.resized_width == 384);
  CHECK(g.resized_height == 384);
  CHECK(g.left == 128);
  CHECK(g.right == 128);
  CHECK(g.output_width == 640);
  CHECK(g.output_height == 384);

  wl::LetterboxParams no_up = square(640);
  no_up.scale_up = false;
  const auto small = geometry(100, 75, no_up);
  CHECK(small.ratio == 1.0);
  CHECK(small.resized_width == 100);
  CHECK(small.left == 270);
  CHECK(small.right == 270);
  CHECK(small.top == 282);
  CHECK(small.bottom == 283);

  wl::LetterboxParams corner = square(640);
  corner.center = false;
  const auto c = geometry(2048, 1536, corner);
  CHECK(c.top == 0);
  CHECK(c.left == 0);
  CHECK(c.bottom == 160);
  CHECK(c.output_height == 640);
}

TEST_CASE("Pixels land inside the padding frame and the fill is the caller's colour", "[letterbox]") {
  wl::ImageRgb8 src;
  src.width = 4;
  src.height = 2;
  src.pixels.assign(4 * 2 * 3, 9);
  wl::LetterboxParams p = square(8);
  p.fill = 200;
  auto out = wl::letterbox(src, p);
  REQUIRE(out.ok());
  const auto& g = out->geometry;
  REQUIRE(g.resized_width == 8);
  REQUIRE(g.resized_height == 4);
  REQUIRE(g.top == 2);
  for (int y = 0; y < 8; ++y) {
    const bool inside = y >= 2 && y < 6;
    for (int x = 0; x < 8 * 3; ++x) CHECK(out->image.row(y)[x] == (inside ? 9 : 200));
  }
}

TEST_CASE("Unusable sizes are errors, not crashes", "[letterbox]") {
  CHECK_FALSE(wl::letterbox_geometry(0, 10, square(640)).ok());
  CHECK_FALSE(wl::letterbox_geometry(10, 10, square(0)).ok());
  wl::LetterboxParams p = square(640);
  p.stride_multiple = true;
  p.stride = 0;
  CHECK(wl::letterbox_geometry(10, 10, p).error().code == wl::ErrorCode::InvalidArgument);
  wl::ImageRgb8 empty;
  CHECK_FALSE(wl::letterbox(empty, square(640)).ok());
}

TEST_CASE("Letterboxing image after image reuses the output buffer", "[letterbox]") {
  wl::ImageRgb8 a;
  a.width = 40;
  a.height = 30;
  a.pixels.assign(40 * 30 * 3, 50);
  wl::ImageRgb8 b = a;
  b.pixels.assign(40 * 30 * 3, 60);
  wl::LetterboxedImage out;
  REQUIRE(wl::letterbox(a, square(64), out).ok());
  const auto* buffer = out.image.pixels.data();
  REQUIRE(wl::letterbox(b, square(64), out).ok());
  CHECK(out.image.pixels.data() == buffer);
  CHECK(out.image.row(32)[0] == 60);   // inside: the new image
  CHECK(out.image.row(0)[0] == 114);   // pad row: fill again
}
