#pragma once
// Compares two JSON documents member by member and reports the first difference by path,
// so a failing round-trip test says where it lost something ("images[3].detections[0].conf:
// 0.0123 vs 0.012"). Numbers compare by value (0 equals 0.0) with a tolerance.
#include <string>

#include <nlohmann/json.hpp>

namespace wl::test {

// Empty when equal; otherwise a description of the first difference.
std::string json_difference(const nlohmann::json& expected, const nlohmann::json& actual, double tolerance = 0.0,
                            const std::string& path = "");

}  // namespace wl::test
