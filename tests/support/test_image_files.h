#pragma once
// Builds small PNG and BMP files byte by byte, so decoder tests can cover bit depths and
// colour types that the fixture photos do not have. PNG data goes into zlib "stored"
// (uncompressed) blocks, with real CRC-32 and Adler-32 checksums.
#include <cstdint>
#include <string>
#include <vector>

namespace wl::test {

struct PngSpec {
  int width = 0;
  int height = 0;
  int bit_depth = 8;   // 1, 2, 4, 8 or 16
  int colour_type = 2; // 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA
  // Unfiltered scanlines, packed as the PNG spec says (16-bit samples big-endian); one
  // filter byte 0 is added per row by the writer.
  std::vector<std::uint8_t> rows;
  std::vector<std::uint8_t> palette;  // PLTE: r,g,b triples
  std::vector<std::uint8_t> trns;     // tRNS: palette alphas
};

std::vector<std::uint8_t> make_png(const PngSpec& spec);

// A PNG whose IHDR claims `width` x `height`, followed by a tiny IDAT and IEND: a
// "decompression bomb" header for limit tests.
std::vector<std::uint8_t> make_png_header_only(std::uint32_t width, std::uint32_t height);

// 24-bit BMP, rows stored bottom-up with 4-byte padding; `rgb` is top-down, width*height*3.
std::vector<std::uint8_t> make_bmp24(int width, int height, const std::vector<std::uint8_t>& rgb);

std::vector<std::uint8_t> bytes_of(const std::string& text);

}  // namespace wl::test
