// Pillow's BILINEAR resize, bit for bit: our resize_pil_bilinear against the outputs Pillow
// itself wrote (tests/reference/classifier/resize/, made by make_reference.py from a synthetic
// image), up and down, square and not; plus cases worked out by hand.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "core/image/decode.h"
#include "core/preprocess/resize_pil.h"
#include "fixtures.h"

using namespace wl;

namespace {

const std::string kDir = std::string(WL_SOURCE_DIR) + "/tests/reference/classifier/";

ImageRgb8 load_png(const std::string& relative) {
  auto decoded = decode_image(test::read_file(kDir + relative));
  if (!decoded) FAIL(relative << ": " << decoded.error().message);
  return std::move(decoded->image);
}

}  // namespace

TEST_CASE("resize_pil_bilinear equals Pillow's BILINEAR at every size Pillow was asked for", "[preprocess][pil]") {
  const ImageRgb8 src = load_png("resize/source.png");
  REQUIRE(src.width == 97);
  REQUIRE(src.height == 61);
  const auto meta = nlohmann::json::parse(test::read_text_file(kDir + "crops.json"))["meta"];
  REQUIRE(meta["resize_sizes"].size() >= 5);
  for (const auto& size : meta["resize_sizes"]) {
    const int w = size[0].get<int>(), h = size[1].get<int>();
    INFO(w << "x" << h);
    const ImageRgb8 want = load_png("resize/bilinear_" + std::to_string(w) + "x" + std::to_string(h) + ".png");
    auto got = resize_pil_bilinear(src, w, h);
    REQUIRE(got.ok());
    REQUIRE(got->width == w);
    REQUIRE(got->height == h);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < want.pixels.size(); ++i) differ += got->pixels[i] != want.pixels[i];
    CHECK(differ == 0);
  }
}

TEST_CASE("resize_pil_bilinear by hand: halving averages pairs, the same size is a copy, bad sizes fail", "[preprocess][pil]") {
  ImageRgb8 img;
  img.width = 4;
  img.height = 1;
  img.pixels = {0, 0, 0, 100, 100, 100, 200, 200, 200, 255, 255, 255};
  // Scale 2: support 2, each output pixel is the triangle-weighted mean of 4 inputs
  // (weights 1/8, 3/8, 3/8, 1/8 inside the image, renormalised at the border).
  auto half = resize_pil_bilinear(img, 2, 1);
  REQUIRE(half.ok());
  // Output 0: centre 1.0, inputs 0..2 with weights 3/4, 3/4... -> (0.75*0 + 0.75*100 + 0.25*200) / 1.75 = 71.43
  CHECK(half->pixels[0] == 71);
  // Output 1: centre 3.0, inputs 1..3 with weights 0.25, 0.75, 0.75 -> (25 + 150 + 191.25) / 1.75 = 209.3
  CHECK(half->pixels[3] == 209);
  auto same = resize_pil_bilinear(img, 4, 1);
  REQUIRE(same.ok());
  CHECK(same->pixels == img.pixels);
  CHECK_FALSE(resize_pil_bilinear(img, 0, 3).ok());
  CHECK_FALSE(resize_pil_bilinear(ImageRgb8{}, 3, 3).ok());
}
