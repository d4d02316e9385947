#include "core/models/model_url.h"

#include <cctype>

namespace wl {
namespace {

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace

Result<std::string> check_model_url(std::string_view text) {
  const std::string_view url = trim(text);
  if (url.empty()) return make_error(ErrorCode::InvalidArgument, "Type or paste the address of an ONNX file (https://…).");
  std::size_t scheme = 0;
  if (starts_with_nocase(url, "https://")) scheme = 8;
  else if (starts_with_nocase(url, "http://")) scheme = 7;
  // A page can only fetch http(s); a path on this computer needs the file picker instead.
  if (scheme == 0)
    return make_error(ErrorCode::InvalidArgument,
                      "Only http:// and https:// addresses can be opened. For a file on this computer, use "
                      "Model → Open model file (ONNX or package)… instead.");
  const std::string_view rest = url.substr(scheme);
  if (rest.empty() || rest.find_first_of("/?#") == 0)
    return make_error(ErrorCode::InvalidArgument, "\"" + std::string(url) +
                                                      "\" names no server; a model address looks like "
                                                      "https://example.org/models/detector.onnx.");
  return std::string(url);
}

std::string model_file_name_from_url(std::string_view url) {
  url = trim(url);
  if (const auto end = url.find_first_of("?#"); end != std::string_view::npos) url = url.substr(0, end);
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) url = url.substr(scheme + 3);
  const auto slash = url.find('/');
  if (slash == std::string_view::npos) return "model.onnx";  // only a host
  std::string_view path = url.substr(slash);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const std::string name = percent_decode(path.substr(path.find_last_of('/') + 1));
  // The name goes into messages and the results file: no folder separators, never empty.
  return name.empty() || name.find_first_of("/\\") != std::string::npos ? "model.onnx" : name;
}

const ModelEntry* zoo_entry_for_url(const std::vector<ModelEntry>& zoo, std::string_view url, const WeightFile** weight) {
  const std::string_view wanted = trim(url);
  for (const ModelEntry& m : zoo) {
    if (m.task != ModelTask::Detector || m.layout == DetectorLayout::None) continue;
    for (const WeightFile& w : m.weights) {
      if (w.format == "onnx" && !w.url.empty() && w.url == wanted) {
        if (weight) *weight = &w;
        return &m;
      }
    }
  }
  return nullptr;
}

}  // namespace wl
