#pragma once
// The numbers of the Summary panel, from the records of a run at the view's thresholds: how
// many images show an animal, a person or a vehicle, how many are empty or failed, the
// distribution of confidences, the hours of day animals were seen, and the species counts
// when a classifier named them.
//
// Counts follow the same rules as the gallery's badges and the exports (image_digest.h):
// rejected detections are gone, relabelled ones count as the reviewer's category, accepted
// ones count whatever their confidence.
#include <array>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/results/image_digest.h"
#include "core/results/run_results.h"

namespace wl {

inline constexpr int kConfidenceBins = 20;  // [0, 0.05), [0.05, 0.1), ... [0.95, 1]

// Species are decided as every view decides them (core/results/species.h): a reviewer's
// species, else the classifier's best class at or above the classification threshold, else
// "unknown" (kUnknownSpecies, counted like a species so the threshold's effect shows).
struct SpeciesCount {
  std::string name;
  int detections = 0;  // detections shown whose species this is
  int images = 0;      // images with at least one of them (or labelled with it)
};

struct RunSummary {
  int images = 0;     // images with results: processed + failed
  int processed = 0;  // ran without failure
  int failed = 0;
  int empty = 0;      // processed, nothing shown at the threshold, not tagged by a person
  std::array<int, kKindCount> images_with{};  // by CategoryKind: images showing at least one
  KindCounts detections;                      // detections shown, by kind
  // All detections not rejected, whatever the threshold (so the threshold can be drawn on
  // it), by kind and confidence bin. Detections without a confidence are left out.
  std::array<std::array<int, kConfidenceBins>, kKindCount> confidence{};
  // Detections shown, by the hour of day the image was taken (EXIF time).
  std::array<int, 24> detections_by_hour{};
  int images_with_time = 0;  // processed images whose capture time is known
  int reviewed_images = 0, corrected_images = 0;
  std::vector<SpeciesCount> species;  // most detections first (then most images), "unknown" last

  double empty_rate() const { return processed > 0 ? static_cast<double>(empty) / processed : 0.0; }
  int with(CategoryKind kind) const { return images_with[static_cast<std::size_t>(kind)]; }
};

// Confidence bin of a value in [0, 1] (values outside are clamped).
int confidence_bin(double conf);

// Adds images one at a time, for callers that keep records inside their own structures.
class SummaryBuilder {
 public:
  // `class_threshold`: the classification threshold (0: every best class is a species).
  SummaryBuilder(const CategoryNames& detection_categories, const CategoryNames& classification_categories,
                 double threshold, double class_threshold = 0.0);
  void add(const ImageRecord& image);
  RunSummary finish();

 private:
  KindTable kinds_;
  const CategoryNames& classes_;
  double threshold_, class_threshold_;
  RunSummary s_;
  std::map<std::string, SpeciesCount> species_;
};

RunSummary summarize(std::span<const ImageRecord> images, const CategoryNames& detection_categories,
                     const CategoryNames& classification_categories, double threshold, double class_threshold = 0.0);

}  // namespace wl
