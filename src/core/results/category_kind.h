#pragma once
// What kind of thing a detection category is, for colours, badges, counts and filters:
// MegaDetector's animal / person / vehicle, or anything else a model reports. Decided by the
// category's name, so it works the same for our runs, imported MegaDetector files and
// models with their own classes (a COCO "person" is a person).
#include <string>

#include "core/results/run_results.h"

namespace wl {

enum class CategoryKind { Animal, Person, Vehicle, Other };
inline constexpr int kKindCount = 4;  // CategoryKind values, 0 to 3 in the order above

CategoryKind category_kind_of_name(const std::string& name);
CategoryKind category_kind(const CategoryNames& names, const std::string& id);
const char* to_string(CategoryKind kind);  // "animal", "person", "vehicle", "other"

// Detections of one image at or above a confidence threshold, by kind. Rejected detections
// are not counted, relabelled ones count as the reviewer's category, and a detection a
// reviewer accepted counts whatever its confidence.
struct KindCounts {
  int animal = 0, person = 0, vehicle = 0, other = 0;
  int total() const { return animal + person + vehicle + other; }
  int of(CategoryKind kind) const;
};

// Whether a detection is shown (and exported) at this threshold, review included.
bool detection_visible(const DetectionRecord& detection, double threshold);

KindCounts count_kinds(const ImageRecord& image, const CategoryNames& names, double threshold);

}  // namespace wl
