#include "core/results/json_fields.h"

#include <cmath>
#include <limits>

namespace wl::results_detail {

const char* describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "a list";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "true/false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    default: return "an unknown value";
  }
}

void fail_type(const std::string& path, const char* expected, const Json& found) {
  std::string shown;
  if (found.is_string() || found.is_number() || found.is_boolean()) {
    shown = found.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (shown.size() > 40) shown = shown.substr(0, 40) + "...";
    shown = " (" + shown + ")";
  }
  throw ReadFailure{ErrorCode::Corrupt,
                    path + " should be " + expected + ", but it is " + describe(found) + shown};
}

const Json* member(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

double to_number(const Json& value, const std::string& path) {
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) {
    // Parsing the text as JSON accepts exactly JSON's number syntax and ignores the locale.
    Json parsed = Json::parse(value.get<std::string>(), nullptr, false);
    if (!parsed.is_discarded() && parsed.is_number()) return parsed.get<double>();
  }
  fail_type(path, "a number", value);
}

int to_int(const Json& value, const std::string& path) {
  double v = to_number(value, path);
  if (v != std::floor(v) || v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
    fail_type(path, "a whole number", value);
  return static_cast<int>(v);
}

std::string to_text(const Json& value, const std::string& path) {
  if (!value.is_string()) fail_type(path, "text", value);
  return value.get<std::string>();
}

std::string to_id(const Json& value, const std::string& path) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();
  fail_type(path, "a category id", value);
}

std::optional<double> opt_number(const Json& object, const char* name, const std::string& path) {
  const Json* v = member(object, name);
  if (!v) return std::nullopt;
  return to_number(*v, path + "." + name);
}

std::optional<int> opt_int(const Json& object, const char* name, const std::string& path) {
  const Json* v = member(object, name);
  if (!v) return std::nullopt;
  return to_int(*v, path + "." + name);
}

std::string opt_text(const Json& object, const char* name, const std::string& path) {
  const Json* v = member(object, name);
  if (!v) return {};
  return to_text(*v, path + "." + name);
}

}  // namespace wl::results_detail
