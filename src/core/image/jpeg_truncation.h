#pragma once
// JPEG files cut short (an interrupted copy from a camera card, a partial download).
//
// libjpeg, and so PIL with LOAD_TRUNCATED_IMAGES (MegaDetector's setting), decodes the
// MCU where the data runs out from zero bits and leaves every later MCU at zero
// coefficients, which is flat grey. stb_image instead keeps decoding zero bits to the end
// of the image (a smear of the last colour) and then rejects the file for its missing
// end marker. These helpers let the decoder give stb a completed file and then grey out
// what libjpeg would have left grey, so detectors see the picture the reference saw.
#include <cstdint>
#include <span>
#include <vector>

#include "core/image/image.h"

namespace wl {

struct JpegScanInfo {
  int scans = 0;         // start-of-scan markers of the main image (1 for a sequential file)
  bool has_end = false;  // an end-of-image marker follows the last scan
};

// Walks the marker segments from the start of the file, jumping over each segment by its
// length (so an EXIF thumbnail's own markers inside APP1 are not mistaken for the main
// image's), and through each scan's entropy-coded data to the marker that ends it. A file
// cut short (an interrupted copy or download) ends without the end-of-image marker.
JpegScanInfo jpeg_scan_info(std::span<const std::uint8_t> bytes);

// The file with the end marker appended. With `patterned`, 64 bytes of 0x55 entropy data
// come first, so the missing part decodes differently from the plain completion (zero
// bits); comparing the two shows where the real data ends. (All-one bits would not do:
// long runs of ones are invalid Huffman codes and stb would reject the file.)
std::vector<std::uint8_t> complete_truncated_jpeg(std::span<const std::uint8_t> bytes, bool patterned);

// Given the decodes of the two completions (same size), keeps `zero_filled` up to and
// including the first MCU (raster order) that differs between them and sets every later
// MCU to `fill`. Pixels within one pixel of an MCU's right, left or bottom edge are not
// compared, because chroma upsampling lets neighbouring MCUs bleed into them.
// Returns the index of that first differing MCU, or -1 if the two are equal.
long grey_out_missing_mcus(ImageRgb8& zero_filled, const ImageRgb8& one_filled, int mcu_width, int mcu_height,
                           std::uint8_t fill);

}  // namespace wl
