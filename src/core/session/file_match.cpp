#include "core/session/file_match.h"

#include <algorithm>

namespace wl {
namespace {

std::string file_name_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// True when `shorter` is `longer` with one or more leading folders removed.
bool is_folder_suffix(const std::string& longer, const std::string& shorter) {
  return longer.size() > shorter.size() && longer.compare(longer.size() - shorter.size(), shorter.size(), shorter) == 0 &&
         longer[longer.size() - shorter.size() - 1] == '/';
}

}  // namespace

std::string normalise_relative_path(std::string path) {
  std::replace(path.begin(), path.end(), '\\', '/');
  for (;;) {
    if (path.rfind("./", 0) == 0) path.erase(0, 2);
    else if (!path.empty() && path.front() == '/') path.erase(0, 1);
    else break;
  }
  return path;
}

FileMatcher::FileMatcher(const std::vector<MatchEntry>& entries) {
  entries_.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) add(i, entries[i]);
}

void FileMatcher::add(std::size_t index, const MatchEntry& entry) {
  Candidate c{index, normalise_relative_path(entry.path), entry.size, false};
  by_name_[file_name_of(c.path)].push_back(entries_.size());
  entries_.push_back(std::move(c));
  ++unclaimed_;
}

std::optional<std::size_t> FileMatcher::match(const std::string& raw_path, std::uint64_t size) {
  const std::string path = normalise_relative_path(raw_path);
  auto it = by_name_.find(file_name_of(path));
  if (it == by_name_.end()) return std::nullopt;
  const std::vector<std::size_t>& same_name = it->second;
  const auto fits = [&](const Candidate& c) { return !c.claimed && (!c.size || *c.size == size); };

  Candidate* chosen = nullptr;
  for (std::size_t pos : same_name)
    if (fits(entries_[pos]) && entries_[pos].path == path) { chosen = &entries_[pos]; break; }
  if (!chosen) {
    bool tied = false;  // two entries equally close: the file could be either, so neither
    for (std::size_t pos : same_name) {
      Candidate& c = entries_[pos];
      if (!fits(c) || !(is_folder_suffix(path, c.path) || is_folder_suffix(c.path, path))) continue;
      if (chosen && c.path.size() == chosen->path.size()) tied = true;
      if (!chosen || c.path.size() > chosen->path.size()) { chosen = &c; tied = false; }
    }
    if (tied) chosen = nullptr;
  }
  if (!chosen && same_name.size() == 1 && fits(entries_[same_name.front()])) chosen = &entries_[same_name.front()];
  if (!chosen) return std::nullopt;
  chosen->claimed = true;
  --unclaimed_;
  return chosen->index;
}

}  // namespace wl
