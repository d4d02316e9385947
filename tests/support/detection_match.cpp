#include "detection_match.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace wl::test {

SetMatch match_as_sets(const std::vector<Comparable>& expected, const std::vector<Comparable>& actual, double conf_tol,
                       double box_tol) {
  SetMatch m;
  std::vector<bool> used(actual.size(), false);
  std::ostringstream report;
  report.precision(9);
  for (std::size_t e = 0; e < expected.size(); ++e) {
    const Comparable& x = expected[e];
    std::size_t best = actual.size();
    double best_err = std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < actual.size(); ++a) {
      if (used[a] || actual[a].class_id != x.class_id) continue;
      const double dc = std::abs(actual[a].conf - x.conf);
      double db = 0;
      for (int k = 0; k < 4; ++k) db = std::max(db, std::abs(actual[a].box[k] - x.box[k]));
      if (dc <= conf_tol && db <= box_tol && db < best_err) {
        best = a;
        best_err = db;
      }
    }
    if (best == actual.size()) {
      report << "expected #" << e << " class " << x.class_id << " conf " << x.conf << " box [" << x.box[0] << ", "
             << x.box[1] << ", " << x.box[2] << ", " << x.box[3] << "] has no match\n";
    } else {
      used[best] = true;
      ++m.matched;
    }
  }
  for (std::size_t a = 0; a < actual.size(); ++a) {
    if (!used[a]) {
      report << "unexpected actual #" << a << " class " << actual[a].class_id << " conf " << actual[a].conf << "\n";
    }
  }
  m.report = report.str();
  return m;
}

}  // namespace wl::test
