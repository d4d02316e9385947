#pragma once
// Statistics of the absolute difference between two images of the same size, used to
// compare our pipeline's pixels with the reference fixtures.
#include <cstdint>
#include <string>

#include "core/image/image.h"

namespace wl::test {

struct DiffStats {
  double mean = 0;        // mean |a - b| over all samples (levels)
  int p99 = 0;            // 99th percentile of |a - b|
  int max = 0;
  double equal_fraction = 0;  // samples with a == b
  std::string summary() const;
};

// Throws std::invalid_argument when the sizes differ.
DiffStats diff_stats(const ImageRgb8& a, const ImageRgb8& b);

// Decodes a PNG/JPEG fixture straight through stb_image (no EXIF), for reference images.
ImageRgb8 load_fixture_rgb(const std::string& relative);

// "megadetector_test/x.jpg" -> "megadetector_test__x.jpg", the fixtures' file key.
std::string fixture_key(const std::string& image_relative_path);

}  // namespace wl::test
