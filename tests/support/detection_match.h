#pragma once
// Compares two lists of detections as sets: the parity fixtures fix what is detected, while the
// order of near-equal scores may legitimately differ between implementations.
#include <array>
#include <string>
#include <vector>

namespace wl::test {

struct Comparable {
  int class_id = 0;
  double conf = 0;
  std::array<double, 4> box{};
};

struct SetMatch {
  std::size_t matched = 0;
  std::string report;  // one line per expected detection without a partner, and leftovers; empty when equal
  bool equal() const { return report.empty(); }
};

// Each expected detection is paired with an unused actual one of the same class whose conf
// differs by at most conf_tol and whose four box values each differ by at most box_tol (the
// closest such). The sets are equal when everything is paired.
SetMatch match_as_sets(const std::vector<Comparable>& expected, const std::vector<Comparable>& actual, double conf_tol,
                       double box_tol);

}  // namespace wl::test
