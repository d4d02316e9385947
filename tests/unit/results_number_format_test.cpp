#include <catch.hpp>

#include <cmath>
#include <limits>

#include "core/results/number_format.h"

// Expected values are what Python's round(x, n) gives (MegaDetector rounds with it).
TEST_CASE("round_decimals rounds like Python's round()") {
  CHECK(wl::round_decimals(0.926457, 3) == 0.926);
  CHECK(wl::round_decimals(0.123456789, 4) == 0.1235);
  CHECK(wl::round_decimals(0.4999999, 4) == 0.5);
  // 2.675 is stored as 2.67499999..., so it rounds down; a naive x*100 rounds it up.
  CHECK(wl::round_decimals(2.675, 2) == 2.67);
  // 0.0125 is stored slightly above the tie and rounds up.
  CHECK(wl::round_decimals(0.0125, 3) == 0.013);
  // 0.125 is an exact tie: half to even.
  CHECK(wl::round_decimals(0.125, 2) == 0.12);
  CHECK(wl::round_decimals(0.375, 2) == 0.38);
  CHECK(wl::round_decimals(-0.926457, 3) == -0.926);
  CHECK(wl::round_decimals(0.99951, 3) == 1.0);
  CHECK(wl::round_decimals(7.0, 4) == 7.0);
}

TEST_CASE("round_decimals leaves what it cannot round alone") {
  CHECK(std::isnan(wl::round_decimals(std::numeric_limits<double>::quiet_NaN(), 3)));
  CHECK(wl::round_decimals(1e300, 3) == 1e300);
  CHECK(wl::round_decimals(0.123456, -1) == 0.123456);
}

TEST_CASE("format_number writes the shortest text that reads back exactly") {
  CHECK(wl::format_number(0.926) == "0.926");
  CHECK(wl::format_number(1.0) == "1.0");
  CHECK(wl::format_number(0.0) == "0.0");
  CHECK(wl::format_number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(wl::format_number(0.123456789) == "0.123456789");
}
