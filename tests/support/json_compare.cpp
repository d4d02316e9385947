#include "json_compare.h"

#include <cmath>

namespace wl::test {

std::string json_difference(const nlohmann::json& expected, const nlohmann::json& actual, double tolerance,
                            const std::string& path) {
  const std::string where = path.empty() ? "(root)" : path;
  if (expected.is_number() && actual.is_number()) {
    double a = expected.get<double>(), b = actual.get<double>();
    if (std::fabs(a - b) > tolerance) return where + ": " + expected.dump() + " vs " + actual.dump();
    return {};
  }
  if (expected.type() != actual.type()) return where + ": " + expected.dump() + " vs " + actual.dump();
  if (expected.is_object()) {
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      if (!actual.contains(it.key())) return where + "." + it.key() + ": missing";
      std::string d = json_difference(it.value(), actual[it.key()], tolerance, path + "." + it.key());
      if (!d.empty()) return d;
    }
    for (auto it = actual.begin(); it != actual.end(); ++it)
      if (!expected.contains(it.key())) return where + "." + it.key() + ": unexpected member";
    return {};
  }
  if (expected.is_array()) {
    if (expected.size() != actual.size())
      return where + ": " + std::to_string(expected.size()) + " elements vs " + std::to_string(actual.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      std::string d = json_difference(expected[i], actual[i], tolerance, path + "[" + std::to_string(i) + "]");
      if (!d.empty()) return d;
    }
    return {};
  }
  if (expected != actual) return where + ": " + expected.dump() + " vs " + actual.dump();
  return {};
}

}  // namespace wl::test
