#pragma once
// The species a detection and an image are given, decided at the user's thresholds when asked
// (views, exports), never baked into the records: moving the classification threshold slider
// re-labels everything at once, and the stored classifications stay as the model gave them.
//
// A reviewer's species wins over the classifier's. A classified detection whose best class is
// below the classification threshold is "unknown". An image takes the most confident species
// among its detections that are shown at the detection threshold; a reviewer's species counts
// as the most confident.
#include <optional>
#include <string>

#include "core/results/run_results.h"

namespace wl {

struct SpeciesCall {
  std::string category;         // classification category id; empty when unknown
  std::string name;             // the category's name, or "unknown"
  std::optional<double> conf;   // the classifier's confidence; absent for a reviewer's species
  bool reviewed = false;        // named by a reviewer
  bool unknown = false;         // classified, but no class reached the threshold
  bool operator==(const SpeciesCall&) const = default;
};

// The name every view and export uses for a classification below the threshold.
inline constexpr const char* kUnknownSpecies = "unknown";

// nullopt when the detection was not classified and no reviewer named its species.
// Classification entries named "unknown" (written by older versions) are not species.
std::optional<SpeciesCall> detection_species(const DetectionRecord& detection, const CategoryNames& names,
                                             double classification_threshold);

// The image's species, over its detections at or above `detection_threshold` that a reviewer
// did not reject (accepted or relabelled ones count whatever their confidence). nullopt when
// none of them has a species call.
std::optional<SpeciesCall> image_species(const ImageRecord& image, const CategoryNames& names,
                                         double detection_threshold, double classification_threshold);

}  // namespace wl
