// The labels half of sparrow_manifest.h: a SPARROW package's labels file -> class names, and
// from them the mapping to MegaDetector's categories.
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "core/models/sparrow_manifest.h"

namespace wl {
namespace {

// No class id above this: a typo such as "animal,1000000000" must not allocate a billion names.
constexpr std::size_t kMaxIndex = 100000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string unknown_name(std::size_t id) { return "unknown_" + std::to_string(id); }

// The lines of `text` without their line ends ("\n" or "\r\n"), as Rust's str::lines gives them.
std::vector<std::string_view> lines_of(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

Error bad_line(std::size_t line_no, const std::string& what) {
  return make_error(ErrorCode::InvalidArgument,
                    "The package's labels file, line " + std::to_string(line_no) + ": " + what + ".");
}

std::optional<std::size_t> parse_index(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);  // Rust's usize parse takes a '+'
  if (s.empty() || s.size() > 9) return std::nullopt;
  std::size_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::size_t>(c - '0');
  }
  return v;
}

Result<std::vector<std::string>> parse_csv(const std::vector<std::string_view>& lines, bool index_first) {
  std::vector<std::string> names;
  std::vector<std::size_t> line_of_index;  // 0 = not given yet
  const char* shape = index_first ? "'index,name'" : "'name,index'";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t line_no = i + 1;
    const std::string_view line = trim(lines[i]);
    if (line.empty()) continue;
    const std::size_t comma = line.find(',');
    if (comma == std::string_view::npos)
      return bad_line(line_no, "expected " + std::string(shape) + ", got '" + std::string(line) + "'");
    std::string_view first = trim(line.substr(0, comma)), second = trim(line.substr(comma + 1));
    const std::string_view name = index_first ? second : first, index_text = index_first ? first : second;
    const auto index = parse_index(index_text);
    if (!index) return bad_line(line_no, "the index '" + std::string(index_text) + "' is not a whole number");
    if (*index > kMaxIndex)
      return bad_line(line_no, "the index " + std::to_string(*index) + " is above " + std::to_string(kMaxIndex));
    if (*index >= names.size()) {
      names.resize(*index + 1);
      line_of_index.resize(*index + 1, 0);
    }
    if (line_of_index[*index] != 0)
      return bad_line(line_no, "index " + std::to_string(*index) + " is given twice (also on line " +
                                   std::to_string(line_of_index[*index]) + ")");
    line_of_index[*index] = line_no;
    names[*index] = std::string(name);
  }
  return names;
}

std::optional<MdCategory> md_category_named(std::string_view label) {
  std::string s;
  for (char c : trim(label)) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "animal") return MdCategory::Animal;
  if (s == "person" || s == "human" || s == "people") return MdCategory::Person;
  if (s == "vehicle" || s == "car") return MdCategory::Vehicle;
  return std::nullopt;
}

}  // namespace

Result<std::vector<std::string>> parse_sparrow_labels(std::string_view labels_text, std::string_view labels_format) {
  const std::vector<std::string_view> lines = lines_of(labels_text);
  Result<std::vector<std::string>> parsed = std::vector<std::string>{};
  if (labels_format == "one_per_line") {
    std::vector<std::string> names;
    for (std::string_view line : lines)
      if (!line.empty()) names.emplace_back(trim(line));  // the engine skips empty lines, keeps blank ones
    parsed = std::move(names);
  } else if (labels_format == "name_index_csv" || labels_format == "index_name_csv") {
    parsed = parse_csv(lines, labels_format == "index_name_csv");
  } else {
    return make_error(ErrorCode::InvalidArgument, "'" + std::string(labels_format) +
                                                      "' is not a SPARROW labels format (one_per_line, name_index_csv, "
                                                      "index_name_csv).");
  }
  if (!parsed) return parsed;
  std::vector<std::string>& names = parsed.value();
  if (names.empty()) return make_error(ErrorCode::InvalidArgument, "The package's labels file holds no labels.");
  for (std::size_t id = 0; id < names.size(); ++id)
    if (names[id].empty()) names[id] = unknown_name(id);
  return parsed;
}

Result<void> apply_sparrow_labels(SparrowPackage& package, std::string_view labels_text) {
  if (package.labels_format.empty())
    return make_error(ErrorCode::InvalidArgument,
                      "The package's manifest names no labels file ([labels]), so there are no labels to apply.");
  auto names = parse_sparrow_labels(labels_text, package.labels_format);
  if (!names) {
    Error err = names.error();
    const std::string prefix = "The package's labels file";
    if (err.message.rfind(prefix, 0) == 0 && !package.labels_file.empty())
      err.message.insert(prefix.size(), " (" + package.labels_file + ")");
    return err;
  }
  ModelEntry& e = package.entry;
  e.class_names = std::move(names.value());
  e.md_category.clear();
  std::vector<std::optional<MdCategory>> md;
  for (const std::string& name : e.class_names) {
    const auto category = md_category_named(name);
    if (!category) return {};  // a species list (or any other): the class names are the categories
    md.push_back(category);
  }
  e.md_category = std::move(md);
  return {};
}

}  // namespace wl
