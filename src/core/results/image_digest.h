#pragma once
// What the gallery, its filters and the summary need to know about one image at a given
// confidence threshold, computed in one pass over its record: detections by kind, the best
// confidence, whether a person reviewed or corrected it, and the hour it was taken.
//
// One definition for all three, so a badge, a filter and a summary count never disagree.
#include <map>
#include <optional>
#include <string>

#include "core/results/category_kind.h"
#include "core/results/run_results.h"

namespace wl {

// ImageLabel::source of a label a person gave in the app ("this image shows a person").
inline constexpr const char* kHumanLabelSource = "human";

// The kind of each category id, looked up once per run: category_kind() copies and lowers
// the name on every call, which adds up over 10,000 images.
class KindTable {
 public:
  explicit KindTable(const CategoryNames& names);
  CategoryKind kind(const std::string& id) const;

 private:
  std::map<std::string, CategoryKind> kinds_;
};

struct ImageDigest {
  bool processed = false;  // false: not run yet; nothing below is known
  bool failed = false;
  KindCounts counts;       // detections shown at the threshold, by kind (count_kinds' rule)
  // The kind a person tagged the whole image with (an image with no boxes that does show an
  // animal, say); nullopt when untagged.
  std::optional<CategoryKind> tagged;
  bool empty = false;      // processed, nothing shown at the threshold, not tagged
  // Highest confidence among the detections not rejected, whatever the threshold (so a
  // range filter can look below it); -1 when there is none.
  double best_conf = -1;
  // A person decided about at least one detection (or named its species), or tagged it.
  bool reviewed = false;
  // ... and changed something: rejected, relabelled, tagged, or gave a species other than
  // the classifier's best class (species_corrected).
  bool corrected = false;
  int hour = -1;           // hour of capture (0-23) from the EXIF time; -1 when unknown

  bool has(CategoryKind kind) const { return counts.of(kind) > 0 || tagged == kind; }
};

ImageDigest digest_image(const ImageRecord& image, const KindTable& kinds, double threshold);

// A reviewer named this detection's species, and it is not the classifier's best class (a
// reviewer who picks the classifier's own answer confirms it: reviewed, not corrected).
bool species_corrected(const DetectionRecord& detection);

// The kind a person tagged the image with, from a label whose source is kHumanLabelSource
// and whose name is a kind ("animal", "person", "vehicle").
std::optional<CategoryKind> human_tag(const ImageRecord& image);

// Hour of day from an ISO 8601 local time ("2010-08-19T18:24:57", or with a space for the T);
// -1 when absent or malformed.
int capture_hour(const std::string& iso_datetime);

}  // namespace wl
