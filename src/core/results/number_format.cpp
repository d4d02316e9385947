#include "core/results/number_format.h"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace wl {

double round_decimals(double value, int digits) {
  if (!std::isfinite(value) || digits < 0 || digits > 15) return value;
  // Above 2^53 / 10^digits the decimal does not fit the exact integer used below, and a
  // double that large has no fraction worth rounding anyway.
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const double scale = kPow10[digits];
  if (std::fabs(value) >= 9007199254740992.0 / scale) return value;

  // printf's %f rounds the exact binary value correctly (glibc and musl both do), which is
  // what Python's round() does. Its decimal point may be a comma under some locales, so the
  // digits are read back by hand instead of with strtod.
  char text[64];
  int n = std::snprintf(text, sizeof text, "%.*f", digits, std::fabs(value));
  if (n <= 0 || n >= static_cast<int>(sizeof text)) return value;
  std::uint64_t scaled = 0;
  for (int i = 0; i < n; ++i) {
    if (text[i] >= '0' && text[i] <= '9') scaled = scaled * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  // An exact integer divided by an exact power of ten gives the correctly rounded double.
  double rounded = static_cast<double>(scaled) / scale;
  return std::signbit(value) ? -rounded : rounded;
}

std::string format_number(double value) {
  // nlohmann writes doubles with the shortest round-trip digits (its own Grisu code, so no
  // to_chars is needed) and keeps a ".0" on whole numbers, so readers still see a float.
  return nlohmann::json(value).dump();
}

}  // namespace wl
