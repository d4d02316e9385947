#include "core/detect/md_output.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace wl {

std::array<double, 4> md_normalized_bbox(const BoxXyxy& px, int image_width, int image_height) {
  const double w = image_width;
  const double h = image_height;
  const double x1 = px.x1, y1 = px.y1, x2 = px.x2, y2 = px.y2;
  return {x1 / w, y1 / h, (x2 - x1) / w, (y2 - y1) / h};
}

std::vector<MdDetection> to_md_detections(std::span<const Detection> detections, int image_width, int image_height,
                                          const CategoryMap& categories) {
  std::vector<MdDetection> out;
  out.reserve(detections.size());
  for (const Detection& d : detections) {
    auto category = categories.category(d.class_id);
    if (!category) continue;
    out.push_back(MdDetection{std::move(*category), static_cast<double>(d.confidence),
                              md_normalized_bbox(d.box, image_width, image_height)});
  }
  return out;
}

double round_decimal(double v, int digits) {
  // printf's %.Nf is exact decimal rounding of the binary value (glibc and musl both), and
  // strtod returns the nearest double: together that is what CPython's round() does. Both use
  // the same locale for the decimal point, so the round trip holds in any locale.
  digits = std::clamp(digits, 0, 17);
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return std::strtod(buf, nullptr);
}

MdDetection md_rounded(const MdDetection& d, const MdRounding& rounding) {
  MdDetection r = d;
  r.conf = round_decimal(d.conf, rounding.conf_digits);
  for (double& c : r.bbox) c = round_decimal(c, rounding.coord_digits);
  return r;
}

}  // namespace wl
