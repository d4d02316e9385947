#pragma once
// Detections in MegaDetector's output convention: a category string and a box normalised to the
// image, [x_min, y_min, width, height].
//
// Two forms are kept apart on purpose. The unrounded values (double, straight from the float
// pixel box) are what the app computes with and what the parity tests compare. MegaDetector's
// JSON files round coordinates to 4 decimals and confidences to 3; md_rounded() applies that only
// when writing such a file.
#include <array>
#include <span>
#include <string>
#include <vector>

#include "core/detect/category_map.h"
#include "core/detect/detection.h"

namespace wl {

struct MdDetection {
  std::string category;
  double conf = 0;
  std::array<double, 4> bbox{};  // x_min, y_min, width, height, each in 0..1 of the image
};

// [x1/W, y1/H, (x2-x1)/W, (y2-y1)/H], in double from the float pixel box (the fixtures' "bbox").
std::array<double, 4> md_normalized_bbox(const BoxXyxy& px, int image_width, int image_height);

// Detections in original-image pixels -> MD detections, in the same order. Classes the map
// drops are left out.
std::vector<MdDetection> to_md_detections(std::span<const Detection> detections, int image_width, int image_height,
                                          const CategoryMap& categories);

// Python's round(v, digits): the decimal nearest to v's exact binary value (ties to even), read
// back as the nearest double.
double round_decimal(double v, int digits);

struct MdRounding {
  int coord_digits = 0;
  int conf_digits = 0;
};

// The precision of MegaDetector's batch-output JSON format (a property of that file format, not
// of any model): COORD_DIGITS = 4 and CONF_DIGITS = 3 in MegaDetector's detector code, applied by
// rounding. (Its "classic" compatibility mode truncates to significant digits instead; that mode
// is not reproduced here.)
inline constexpr MdRounding kMegaDetectorJsonRounding{4, 3};

MdDetection md_rounded(const MdDetection& d, const MdRounding& rounding);

}  // namespace wl
