#include "core/results/detection_style.h"

#include <cstdio>

namespace wl {

Rgb kind_colour(CategoryKind kind) {
  switch (kind) {
    case CategoryKind::Animal: return {110, 220, 110};
    case CategoryKind::Person: return {255, 140, 80};
    case CategoryKind::Vehicle: return {90, 170, 255};
    case CategoryKind::Other: return {220, 220, 120};
  }
  return {255, 255, 255};
}

std::string detection_caption(const DetectionRecord& d, const CategoryNames& detection_names,
                              const CategoryNames& classification_names) {
  std::string text = category_name(detection_names, d.effective_category());
  if (!d.classifications.empty()) text += " · " + category_name(classification_names, d.classifications.front().category);
  if (d.conf) {
    char conf[16];
    std::snprintf(conf, sizeof conf, " %.2f", *d.conf);
    text += conf;
  }
  if (d.review.state == ReviewState::Accepted) text += " ✓";
  if (d.review.state == ReviewState::Relabelled) text += " (changed)";
  return text;
}

}  // namespace wl
