#include "core/results/run_results.h"

#include <algorithm>

namespace wl {

const char* to_string(ReviewState state) {
  switch (state) {
    case ReviewState::Unreviewed: return "";
    case ReviewState::Accepted: return "accepted";
    case ReviewState::Rejected: return "rejected";
    case ReviewState::Relabelled: return "changed";
  }
  return "";
}

std::optional<ReviewState> review_state_from_string(const std::string& text) {
  if (text.empty()) return ReviewState::Unreviewed;
  if (text == "accepted") return ReviewState::Accepted;
  if (text == "rejected") return ReviewState::Rejected;
  if (text == "changed") return ReviewState::Relabelled;
  return std::nullopt;
}

CategoryNames megadetector_default_categories() {
  return {{"1", "animal"}, {"2", "person"}, {"3", "vehicle"}};
}

void sort_classifications(std::vector<Classification>& list) {
  std::stable_sort(list.begin(), list.end(),
                   [](const Classification& a, const Classification& b) { return a.conf > b.conf; });
}

std::string category_name(const CategoryNames& map, const std::string& id) {
  auto it = map.find(id);
  return it == map.end() ? id : it->second;
}

}  // namespace wl
