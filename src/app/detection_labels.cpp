#include "app/detection_labels.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/results/detection_style.h"
#include "core/results/image_digest.h"
#include "core/results/species.h"

namespace wl::app {

namespace {

std::string with_conf(std::string text, double conf) {
  char buf[16];
  std::snprintf(buf, sizeof buf, " %.2f", conf);
  return text + buf;
}

}  // namespace

unsigned int category_colour(CategoryKind kind) {
  const Rgb c = kind_colour(kind);  // the core's, so annotated exports use the same colours
  return IM_COL32(c.r, c.g, c.b, 255);
}

std::string species_label(const DetectionRecord& d, const CategoryNames& classification_names, double class_threshold) {
  const auto call = detection_species(d, classification_names, class_threshold);
  if (!call) return {};
  if (call->reviewed) return call->name + (species_corrected(d) ? " ✎" : " ✓");
  if (call->unknown) return call->name;
  return call->conf ? with_conf(call->name, *call->conf) : call->name;
}

std::string detection_label(const DetectionRecord& d, const CategoryNames& detection_names,
                            const CategoryNames& classification_names, double class_threshold) {
  std::string text = category_name(detection_names, d.effective_category());
  if (d.conf) text = with_conf(std::move(text), *d.conf);
  const std::string species = species_label(d, classification_names, class_threshold);
  if (!species.empty()) text += " · " + species;
  // A reviewer's species carries its own mark; the box's acceptance goes without saying.
  if (d.review.state == ReviewState::Accepted && d.review.species.empty()) text += " ✓";
  if (d.review.state == ReviewState::Relabelled) text += " (changed)";
  return text;
}

std::string species_top3(const DetectionRecord& d, const CategoryNames& classification_names, double class_threshold) {
  std::vector<Classification> top = d.classifications;
  sort_classifications(top);
  std::string out;
  if (!d.review.species.empty())
    out = "Reviewer: " + category_name(classification_names, d.review.species) + (species_corrected(d) ? " (corrected)" : " (confirmed)");
  if (top.empty()) return out;
  char head[64];
  std::snprintf(head, sizeof head, "Classifier's top %zu (species from %.2f):", std::min<std::size_t>(top.size(), 3),
                class_threshold);
  out += (out.empty() ? "" : "\n") + std::string(head);
  for (std::size_t i = 0; i < std::min<std::size_t>(top.size(), 3); ++i)
    out += "\n  " + with_conf(category_name(classification_names, top[i].category), top[i].conf);
  return out;
}

}  // namespace wl::app
