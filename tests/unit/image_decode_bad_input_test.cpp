// Files that are not (usable) images: each gets an error that tells the user what the
// file seems to be, and none crashes (this file also runs under ASan/UBSan).
#include <catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/image/decode.h"
#include "fixtures.h"
#include "test_image_files.h"

namespace {

wl::Error decode_error(const std::vector<std::uint8_t>& bytes) {
  auto r = wl::decode_image(bytes);
  if (r.ok()) FAIL("expected an error, got a " << r->image.width << "x" << r->image.height << " image");
  return r.error();
}

std::vector<std::uint8_t> with_prefix(const std::string& magic, std::size_t total) {
  std::vector<std::uint8_t> b(magic.begin(), magic.end());
  while (b.size() < total) b.push_back(static_cast<std::uint8_t>(b.size() * 31 + 7));
  return b;
}

}  // namespace

TEST_CASE("Zero bytes: the file is empty", "[decode][bad]") {
  const auto e = decode_error({});
  CHECK(e.code == wl::ErrorCode::Empty);
  CHECK(e.message == "the file is empty (0 bytes)");
}

TEST_CASE("Text, HTML, PDF and archives are named as such", "[decode][bad]") {
  auto e = decode_error(wl::test::bytes_of("Camera 12, card 3: 2041 pictures\nsee notes.txt\n"));
  CHECK(e.code == wl::ErrorCode::NotAnImage);
  CHECK(e.message == "this is a text file, not an image");

  e = decode_error(wl::test::bytes_of("\xEF\xBB\xBF  <!DOCTYPE html><html><body>404 Not Found</body></html>"));
  CHECK(e.code == wl::ErrorCode::NotAnImage);
  CHECK(e.message.find("HTML web page") != std::string::npos);

  e = decode_error(with_prefix("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", 300));
  CHECK(e.code == wl::ErrorCode::NotAnImage);
  CHECK(e.message == "this is a PDF document, not an image");

  e = decode_error(with_prefix(std::string("PK\x03\x04", 4), 300));
  CHECK(e.message == "this is a ZIP archive, not an image");

  e = decode_error(with_prefix(std::string("\x00\x00\x00\x18""ftypmp42", 12), 300));
  CHECK(e.code == wl::ErrorCode::NotAnImage);
  CHECK(e.message.find("video") != std::string::npos);
}

TEST_CASE("Image formats we cannot decode say so", "[decode][bad]") {
  auto e = decode_error(with_prefix(std::string("RIFF\x40\x00\x00\x00WEBPVP8 ", 16), 300));
  CHECK(e.code == wl::ErrorCode::UnsupportedFormat);
  CHECK(e.message.rfind("WebP is not supported yet", 0) == 0);

  e = decode_error(with_prefix(std::string("II*\x00\x08\x00\x00\x00", 8), 300));
  CHECK(e.code == wl::ErrorCode::UnsupportedFormat);
  CHECK(e.message.find("TIFF") != std::string::npos);

  e = decode_error(with_prefix(std::string("\x00\x00\x00\x18""ftypheic", 12), 300));
  CHECK(e.code == wl::ErrorCode::UnsupportedFormat);
  CHECK(e.message.find("HEIC") != std::string::npos);
}

TEST_CASE("Random bytes are not an image", "[decode][bad]") {
  std::mt19937 rng(12345);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::uint8_t> junk(1 + rng() % 2000);
    for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
    junk[0] = static_cast<std::uint8_t>(0x80 | junk[0]);  // not ASCII, so never "text"
    auto r = wl::decode_image(junk);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == wl::ErrorCode::NotAnImage);
    CHECK_FALSE(r.error().message.empty());
  }
}

TEST_CASE("A text file named .jpg is still a text file", "[decode][bad]") {
  // What the name says does not matter: the core never sees names, only bytes.
  const auto e = decode_error(wl::test::bytes_of("GPS log 2023-04-01 12:00:00 N 1.234 E 103.5\n"));
  CHECK(e.message == "this is a text file, not an image");
}

TEST_CASE("Damaged JPEG and PNG files give errors or flagged images, never crashes", "[decode][bad]") {
  const auto jpeg = wl::test::read_fixture("images/camtrapR_sabah/StationA/PBE/StationA__2009-04-22__20-19-00(1).JPG");
  const std::vector<std::uint8_t> png =
      wl::test::make_png({4, 4, 8, 2, std::vector<std::uint8_t>(48, 77), {}, {}});
  const auto full_jpeg = wl::decode_image(jpeg);
  REQUIRE(full_jpeg.ok());
  std::mt19937 rng(7);
  for (const auto* original : {&jpeg, &png}) {
    // Cut at many lengths, from inside the header to just before the end.
    for (std::size_t len = 3; len < original->size(); len += 1 + original->size() / 97) {
      std::vector<std::uint8_t> cut(original->begin(), original->begin() + static_cast<std::ptrdiff_t>(len));
      auto r = wl::decode_image(cut);
      INFO("cut at " << len << " of " << original->size());
      if (r.ok() && r->format == "jpeg") {
        // A JPEG whose scan data was cut decodes, flagged; one cut only in its last
        // padding bits or end marker is complete.
        CHECK((r->truncated || r->image.pixels == full_jpeg->image.pixels));
      } else if (r.ok()) {
        // stb accepts a PNG whose IEND chunk is cut once all pixel data is there.
        CHECK(len >= png.size() - 12);
        CHECK(r->image.pixels == std::vector<std::uint8_t>(48, 77));
      } else if (len < 8 && original == &png) {
        CHECK(r.error().code == wl::ErrorCode::NotAnImage);  // not even the signature
      } else {
        CHECK(r.error().code == wl::ErrorCode::Corrupt);
        CHECK_FALSE(r.error().message.empty());
      }
    }
    // Flip random bytes after the signature.
    for (int round = 0; round < 60; ++round) {
      std::vector<std::uint8_t> bent = *original;
      for (int k = 0; k < 8; ++k) bent[8 + rng() % (bent.size() - 8)] = static_cast<std::uint8_t>(rng());
      auto r = wl::decode_image(bent);
      if (r.ok()) {
        CHECK(r->image.pixels.size() == static_cast<std::size_t>(r->image.width) * r->image.height * 3);
      } else {
        CHECK_FALSE(r.error().message.empty());
      }
    }
  }
}
