#pragma once
// Python's built-in round(x) for floats: nearest integer, ties to even. The reference
// pre- and post-processing code is Python, and round(2.5) == 2 there, not 3.
#include <cmath>

namespace wl {

// std::nearbyint uses the current rounding mode, which is round-to-nearest-even unless a
// program changes it; nothing in this project does.
inline double python_round(double x) { return std::nearbyint(x); }
inline int python_round_int(double x) { return static_cast<int>(std::nearbyint(x)); }

}  // namespace wl
