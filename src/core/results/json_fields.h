#pragma once
// Typed access to members of parsed JSON for the results readers (internal to results/).
// Every failure names where in the file it happened ("images[3].detections[0].conf") and
// what was found there, because the person reading the message has only the file.
//
// Tolerance, because files come from many tools and versions: numbers written as strings
// ("0.93") are accepted, integers where a float is expected are accepted, and a null
// member counts as absent.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/util/result.h"

namespace wl::results_detail {

using Json = nlohmann::ordered_json;

// Thrown by the helpers below and turned into a Result by the reader's entry point.
struct ReadFailure {
  ErrorCode code;
  std::string message;
};

[[noreturn]] void fail_type(const std::string& path, const char* expected, const Json& found);

// "a string", "a number", ... for messages.
const char* describe(const Json& value);

// A member, or nullptr when absent or null.
const Json* member(const Json& object, const char* name);

double to_number(const Json& value, const std::string& path);
int to_int(const Json& value, const std::string& path);
std::string to_text(const Json& value, const std::string& path);
// Category ids: strings, or integers written without quotes.
std::string to_id(const Json& value, const std::string& path);

std::optional<double> opt_number(const Json& object, const char* name, const std::string& path);
std::optional<int> opt_int(const Json& object, const char* name, const std::string& path);
std::string opt_text(const Json& object, const char* name, const std::string& path);

}  // namespace wl::results_detail
