#include "core/results/category_kind.h"

#include <algorithm>
#include <cctype>

namespace wl {

CategoryKind category_kind_of_name(const std::string& name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "animal" || lower == "animals") return CategoryKind::Animal;
  if (lower == "person" || lower == "human" || lower == "people") return CategoryKind::Person;
  if (lower == "vehicle" || lower == "vehicles") return CategoryKind::Vehicle;
  return CategoryKind::Other;
}

CategoryKind category_kind(const CategoryNames& names, const std::string& id) {
  return category_kind_of_name(category_name(names, id));
}

const char* to_string(CategoryKind kind) {
  switch (kind) {
    case CategoryKind::Animal: return "animal";
    case CategoryKind::Person: return "person";
    case CategoryKind::Vehicle: return "vehicle";
    case CategoryKind::Other: return "other";
  }
  return "other";
}

int KindCounts::of(CategoryKind kind) const {
  switch (kind) {
    case CategoryKind::Animal: return animal;
    case CategoryKind::Person: return person;
    case CategoryKind::Vehicle: return vehicle;
    case CategoryKind::Other: return other;
  }
  return 0;
}

bool detection_visible(const DetectionRecord& d, double threshold) {
  if (d.review.state == ReviewState::Rejected) return false;
  if (d.review.state == ReviewState::Accepted || d.review.state == ReviewState::Relabelled) return true;
  return d.conf.value_or(1.0) >= threshold;
}

KindCounts count_kinds(const ImageRecord& image, const CategoryNames& names, double threshold) {
  KindCounts c;
  for (const auto& d : image.detections) {
    if (!detection_visible(d, threshold)) continue;
    switch (category_kind(names, d.effective_category())) {
      case CategoryKind::Animal: ++c.animal; break;
      case CategoryKind::Person: ++c.person; break;
      case CategoryKind::Vehicle: ++c.vehicle; break;
      case CategoryKind::Other: ++c.other; break;
    }
  }
  return c;
}

}  // namespace wl
