// Annotated image exports: rectangles and text burnt into RGB pixels (core/image/draw.h,
// text_render.h), JPEG/PNG encoding (encode.h), and the whole export on a real, EXIF-rotated
// camera-trap photo (core/results/annotated_image.h). The caption font is the UI's DejaVu
// Sans from Debian's fonts-dejavu-core, which scripts/setup installs.
#include <catch.hpp>

#include <algorithm>
#include <fstream>

#include "core/image/decode.h"
#include "core/image/draw.h"
#include "core/image/encode.h"
#include "core/image/text_render.h"
#include "core/results/annotated_image.h"
#include "core/results/detection_style.h"
#include "fixtures.h"

using namespace wl;

namespace {

const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

ImageRgb8 grey(int w, int h, std::uint8_t v = 100) {
  ImageRgb8 img;
  img.width = w;
  img.height = h;
  img.pixels.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3, v);
  return img;
}

Rgb at(const ImageRgb8& img, int x, int y) {
  const std::uint8_t* p = img.row(y) + static_cast<std::size_t>(x) * 3;
  return {p[0], p[1], p[2]};
}

bool near(Rgb a, Rgb b, int tolerance) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance && std::abs(a.b - b.b) <= tolerance;
}

}  // namespace

TEST_CASE("outlines, dashes and fills are clipped to the image") {
  ImageRgb8 img = grey(40, 30);
  const Rgb red{255, 0, 0};
  draw_rect_outline(img, {5, 5, 25, 20}, red, 2);
  CHECK(near(at(img, 5, 5), red, 0));
  CHECK(near(at(img, 24, 19), red, 0));
  CHECK(near(at(img, 6, 12), red, 0));    // left side, 2 px wide
  CHECK(near(at(img, 7, 12), {100, 100, 100}, 0));  // inside stays
  CHECK(near(at(img, 25, 12), {100, 100, 100}, 0)); // x1 is exclusive

  ImageRgb8 dashed = grey(40, 30);
  draw_rect_outline(dashed, {0, 0, 40, 30}, red, 1, 4);
  CHECK(near(at(dashed, 1, 0), red, 0));
  CHECK(near(at(dashed, 5, 0), {100, 100, 100}, 0));  // the first gap
  CHECK(near(at(dashed, 9, 0), red, 0));

  ImageRgb8 clipped = grey(10, 10);
  fill_rect(clipped, {-5, -5, 3, 3}, red);
  fill_rect(clipped, {8, 8, 50, 50}, {0, 0, 255}, 0.5f);
  CHECK(near(at(clipped, 0, 0), red, 0));
  CHECK(near(at(clipped, 9, 9), {50, 50, 178}, 1));
}

TEST_CASE("text is drawn with a TrueType font; UTF-8 is decoded") {
  CHECK(decode_utf8("a·✓") == std::vector<char32_t>{U'a', U'·', U'✓'});
  CHECK(decode_utf8("\xff" "b") == std::vector<char32_t>{0xFFFD, U'b'});
  CHECK_FALSE(TextRenderer::create({}, 12).ok());
  const std::vector<std::uint8_t> junk(100, 7);
  CHECK(TextRenderer::create(junk, 12).error().code == ErrorCode::Corrupt);

  const auto font = test::read_file(kFont);
  auto text = TextRenderer::create(font, 20);
  REQUIRE(text.ok());
  CHECK(text->line_height() >= 20);
  CHECK(text->width("animal 0.87") > text->width("animal"));
  ImageRgb8 img = grey(200, 40, 255);
  text->draw(img, 4, 4, "animal 0.87 ✓", {0, 0, 0});
  int dark = 0;
  for (int y = 0; y < 40; ++y)
    for (int x = 0; x < 200; ++x) dark += at(img, x, y).r < 128;
  CHECK(dark > 100);  // ink where the letters are
  CHECK(at(img, 199, 39).r == 255);  // and none past them
}

TEST_CASE("annotated JPEG of a real photo: upright, boxes in their colours, captions") {
  const auto bytes = test::read_fixture("images/speciesnet_test/african_elephants_with_exif_orientation.jpg");
  const auto font = test::read_file(kFont);
  ImageRecord record;
  record.file = "african_elephants_with_exif_orientation.jpg";
  DetectionRecord elephant;  // from reference/yolov5n/all.json, mapped to MegaDetector's animal
  elephant.category = "1";
  elephant.conf = 0.7316;
  elephant.bbox = {0.8388671875, 0.4967447916666667, 0.09912109375, 0.12369791666666667};
  DetectionRecord person = elephant;
  person.category = "2";
  person.conf = 0.66;
  person.bbox = {0.5625, 0.421875, 0.09521484375, 0.16666666666666666};
  person.review = {ReviewState::Relabelled, "1"};  // drawn as the reviewer's animal
  DetectionRecord rejected = elephant;
  rejected.bbox = {0.1, 0.1, 0.2, 0.2};
  rejected.review.state = ReviewState::Rejected;
  DetectionRecord faint = elephant;
  faint.conf = 0.05;
  faint.bbox = {0.1, 0.6, 0.2, 0.2};
  record.detections = {elephant, person, rejected, faint};

  AnnotateOptions options;
  options.threshold = 0.2;
  options.font = font;
  const CategoryNames md = megadetector_default_categories();
  auto jpeg = annotated_jpeg(bytes, record, md, {}, options);
  REQUIRE(jpeg.ok());
  CHECK(jpeg->size() > 100000);
  {
    std::ofstream out(test::scratch_dir() + "/annotated_elephants.jpg", std::ios::binary);
    out.write(reinterpret_cast<const char*>(jpeg->data()), static_cast<std::streamsize>(jpeg->size()));
  }
  auto back = decode_image(*jpeg);
  REQUIRE(back.ok());
  const ImageRgb8& img = back->image;
  REQUIRE(img.width == 2048);  // stored 1536x2048 with orientation 6: drawn on the upright image
  REQUIRE(img.height == 1536);
  {
    // A crop around the boxes as PNG, for a person to look at (build/*/scratch).
    ImageRgb8 crop = grey(900, 600);
    for (int y = 0; y < crop.height; ++y)
      std::copy_n(img.row(550 + y) + 1100 * 3, crop.row_bytes(), crop.row(y));
    auto png = encode_png(crop);
    REQUIRE(png.ok());
    std::ofstream out(test::scratch_dir() + "/annotated_elephants_crop.png", std::ios::binary);
    out.write(reinterpret_cast<const char*>(png->data()), static_cast<std::streamsize>(png->size()));
  }
  auto original = decode_image(bytes);
  REQUIRE(original.ok());

  const Rgb green = kind_colour(CategoryKind::Animal);
  // The left edge of each shown box, halfway down, is the animal colour (JPEG: a tolerance).
  for (const DetectionRecord* d : {&elephant, &person}) {
    const int x = static_cast<int>(d->bbox.x * 2048) + 2, y = static_cast<int>((d->bbox.y + d->bbox.h / 2) * 1536);
    INFO("box at " << x << "," << y);
    CHECK(near(at(img, x, y), green, 40));
  }
  // Rejected and below-threshold boxes are not drawn: the pixels there match the original.
  for (const DetectionRecord* d : {&rejected, &faint}) {
    const int x = static_cast<int>(d->bbox.x * 2048) + 2, y = static_cast<int>((d->bbox.y + d->bbox.h / 2) * 1536);
    CHECK(near(at(img, x, y), at(original->image, x, y), 40));
  }
  // A caption sits above the elephant's box: a green band with dark letters.
  const int label_y = static_cast<int>(elephant.bbox.y * 1536) - 20;
  int dark = 0, coloured = 0;
  for (int x = static_cast<int>(elephant.bbox.x * 2048); x < static_cast<int>(elephant.bbox.x * 2048) + 150; ++x) {
    const Rgb p = at(img, x, label_y);
    dark += p.g < 80;
    coloured += near(p, green, 40);
  }
  CHECK(dark > 5);
  CHECK(coloured > 50);

  // A file that is not an image fails with the decoder's message.
  const std::vector<std::uint8_t> text_file = {'h', 'e', 'l', 'l', 'o'};
  CHECK_FALSE(annotated_jpeg(text_file, record, md, {}, options).ok());
}

TEST_CASE("encoders refuse broken images and write readable files") {
  ImageRgb8 bad = grey(10, 10);
  bad.pixels.resize(5);
  CHECK(encode_jpeg(bad).error().code == ErrorCode::InvalidArgument);
  CHECK(encode_png(ImageRgb8{}).error().code == ErrorCode::InvalidArgument);
  ImageRgb8 img = grey(33, 17, 200);
  fill_rect(img, {0, 0, 10, 10}, {255, 0, 0});
  auto png = encode_png(img);
  REQUIRE(png.ok());
  auto back = decode_image(*png);
  REQUIRE(back.ok());
  CHECK(back->image.pixels == img.pixels);  // PNG is lossless
}
