#pragma once
// Number text for the result writers. Emscripten 3.1.6 has no floating-point to_chars, and
// printf/strtod follow the C locale (a decimal comma under some locales), so rounding and
// printing are done here in a locale-free way.
#include <string>

namespace wl {

// Rounds to `digits` decimals the way Python's round(x, digits) does (MegaDetector writes
// conf with 3 and bbox with 4): correctly rounded from the exact binary value, half to even
// on exact ties. The result is the double nearest to that decimal. Non-finite values and
// values too large for the digits are returned unchanged.
double round_decimals(double value, int digits);

// The shortest text that reads back as exactly `value` ("0.926", "1.0", "3e-05").
std::string format_number(double value);

}  // namespace wl
