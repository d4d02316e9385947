#pragma once
// How the UI names and colours a detection: by the kind of its category (animal / person /
// vehicle / other), with the reviewer's category when relabelled and its species as every
// view decides it at the classification threshold (core/results/species.h).
#include <string>

#include "core/results/category_kind.h"
#include "core/results/run_results.h"

namespace wl::app {

unsigned int category_colour(CategoryKind kind);  // ImGui packed ABGR

// "animal 0.87", "person 0.91 ✓" (accepted), "animal 0.66 (changed)" (relabelled),
// "animal 0.87 · Loxodonta africana 0.92" (a species at or above `class_threshold`),
// "animal 0.87 · unknown" (below it), "animal 0.87 · Equus quagga ✎" (a reviewer's species
// that corrects the classifier's), "… · Panthera leo ✓" (one that confirms it).
std::string detection_label(const DetectionRecord& detection, const CategoryNames& detection_names,
                            const CategoryNames& classification_names, double class_threshold);

// The species part alone: "Loxodonta africana 0.92", "unknown", "Equus quagga ✎"; "" when the
// detection has no species (not classified, nobody named one).
std::string species_label(const DetectionRecord& detection, const CategoryNames& classification_names,
                          double class_threshold);

// The classifier's top 3 for the tooltip, one per line ("Panthera leo 0.62"), with the
// reviewer's species first when there is one; "" when not classified.
std::string species_top3(const DetectionRecord& detection, const CategoryNames& classification_names,
                         double class_threshold);

}  // namespace wl::app
