#pragma once
// How the UI names and colours a detection: by the kind of its category (animal / person /
// vehicle / other), with the reviewer's category when relabelled and the species when a
// classifier named one.
#include <string>

#include "core/results/category_kind.h"
#include "core/results/run_results.h"

namespace wl::app {

unsigned int category_colour(CategoryKind kind);  // ImGui packed ABGR

// "animal 0.87", "person 0.91 ✓", "animal · Loxodonta africana 0.87".
std::string detection_label(const DetectionRecord& detection, const CategoryNames& detection_names,
                            const CategoryNames& classification_names);

}  // namespace wl::app
