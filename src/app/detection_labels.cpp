#include "app/detection_labels.h"

#include <imgui.h>

#include <cstdio>

namespace wl::app {

unsigned int category_colour(CategoryKind kind) {
  switch (kind) {
    case CategoryKind::Animal: return IM_COL32(110, 220, 110, 255);
    case CategoryKind::Person: return IM_COL32(255, 140, 80, 255);
    case CategoryKind::Vehicle: return IM_COL32(90, 170, 255, 255);
    case CategoryKind::Other: return IM_COL32(220, 220, 120, 255);
  }
  return IM_COL32_WHITE;
}

std::string detection_label(const DetectionRecord& d, const CategoryNames& detection_names,
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

}  // namespace wl::app
