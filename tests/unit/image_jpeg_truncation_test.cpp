// The pieces of truncated-JPEG handling on small synthetic inputs.
#include <catch.hpp>

#include <cstdint>
#include <vector>

#include "core/image/jpeg_truncation.h"

namespace {

wl::ImageRgb8 flat(int w, int h, std::uint8_t v) {
  wl::ImageRgb8 img;
  img.width = w;
  img.height = h;
  img.pixels.assign(static_cast<std::size_t>(w) * h * 3, v);
  return img;
}

}  // namespace

TEST_CASE("The scan walk skips a thumbnail's markers inside APP1", "[truncation]") {
  // SOI, an APP1 holding a thumbnail's SOS and EOI, then the main SOS and its data
  // (with a stuffed FF 00 and a restart marker) and no end marker of its own.
  std::vector<std::uint8_t> cut = {0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x08, 0xFF, 0xDA, 0xFF, 0xD9, 0x00, 0x00,
                                   0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78};
  auto info = wl::jpeg_scan_info(cut);
  CHECK_FALSE(info.has_end);
  CHECK(info.scans == 1);
  auto whole = cut;
  whole.insert(whole.end(), {0xFF, 0xD9});
  CHECK(wl::jpeg_scan_info(whole).has_end);
  CHECK(wl::jpeg_scan_info(wl::complete_truncated_jpeg(cut, false)).has_end);
  CHECK(wl::jpeg_scan_info(wl::complete_truncated_jpeg(cut, true)).has_end);
  // A second scan (progressive or non-interleaved files) is counted.
  auto two = cut;
  two.insert(two.end(), {0xFF, 0xDA, 0x00, 0x02, 0x9A, 0xFF, 0xD9});
  info = wl::jpeg_scan_info(two);
  CHECK(info.scans == 2);
  CHECK(info.has_end);
}

TEST_CASE("Completion stuffs a dangling FF so the appended bytes stay data", "[truncation]") {
  const std::vector<std::uint8_t> cut = {0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF};
  const auto done = wl::complete_truncated_jpeg(cut, false);
  const std::vector<std::uint8_t> want = {0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0x00, 0xFF, 0xD9};
  CHECK(done == want);
  CHECK(wl::complete_truncated_jpeg(cut, true).size() == want.size() + 64);
}

TEST_CASE("MCUs after the first differing one become grey", "[truncation]") {
  // 4 x 3 MCUs of 16 x 8. The decodes differ from MCU 5 (row 1, column 1) on.
  wl::ImageRgb8 zeros = flat(64, 24, 50);
  wl::ImageRgb8 ones = flat(64, 24, 50);
  for (int y = 8; y < 24; ++y)
    for (int x = 0; x < 64; ++x) {
      const bool after = y >= 16 || x >= 16;
      if (after) ones.row(y)[x * 3] = 99;
    }
  // Bleed: the edge column of MCU 4 and the bottom row of MCU 1 differ too; ignored.
  ones.row(10)[15 * 3] = 99;
  ones.row(7)[20 * 3] = 99;
  const long first = wl::grey_out_missing_mcus(zeros, ones, 16, 8, 128);
  CHECK(first == 5);
  for (int y = 0; y < 24; ++y)
    for (int x = 0; x < 64; ++x) {
      const bool greyed = (y >= 8 && y < 16 && x >= 32) || y >= 16;
      INFO(x << "," << y);
      CHECK(zeros.row(y)[x * 3] == (greyed ? 128 : 50));
    }
}

TEST_CASE("Equal decodes change nothing", "[truncation]") {
  wl::ImageRgb8 a = flat(20, 10, 7);
  const wl::ImageRgb8 b = flat(20, 10, 7);
  CHECK(wl::grey_out_missing_mcus(a, b, 16, 16, 128) == -1);
  CHECK(a.pixels == b.pixels);
}
