#pragma once
// Finds which listed image a file the user adds belongs to: a stored batch's images when the
// same folder is added again after a reload, or the images of imported results when their
// folder is added. Paths are relative paths as the browser gives them ("folder/sub/a.jpg";
// a plain file pick gives "a.jpg").
//
// Rules, first that applies wins (a listed size must be equal, when both are known):
//   1. the same relative path;
//   2. one path is the other with leading folders removed (the folder was picked one level
//      higher or lower than before, or the results file lists paths relative to the folder
//      while the browser adds the folder's own name): the longest such entry;
//   3. the same file name, when exactly one listed image has that name.
// Each listed image takes at most one file. Lookups go through a map of file names, so
// matching 10,000 files against 10,000 entries stays linear.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace wl {

struct MatchEntry {
  std::string path;
  std::optional<std::uint64_t> size;
};

class FileMatcher {
 public:
  FileMatcher() = default;
  explicit FileMatcher(const std::vector<MatchEntry>& entries);

  // Adds one listed image with index `index` (the caller's numbering).
  void add(std::size_t index, const MatchEntry& entry);

  // The index of the listed image `path` belongs to, claiming it; nullopt when none fits.
  std::optional<std::size_t> match(const std::string& path, std::uint64_t size);

  bool empty() const { return unclaimed_ == 0; }

 private:
  struct Candidate {
    std::size_t index;
    std::string path;  // normalised
    std::optional<std::uint64_t> size;
    bool claimed = false;
  };
  std::vector<Candidate> entries_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_name_;  // file name -> positions in entries_
  std::size_t unclaimed_ = 0;
};

// "./a\\b.jpg" -> "a/b.jpg": forward slashes, no leading "./" or "/".
std::string normalise_relative_path(std::string path);

}  // namespace wl
