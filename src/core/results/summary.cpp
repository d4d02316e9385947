#include "core/results/summary.h"

#include <algorithm>
#include <set>

#include "core/results/species.h"

namespace wl {

int confidence_bin(double conf) {
  const int bin = static_cast<int>(conf * kConfidenceBins);
  return std::clamp(bin, 0, kConfidenceBins - 1);
}

SummaryBuilder::SummaryBuilder(const CategoryNames& detection_categories,
                               const CategoryNames& classification_categories, double threshold,
                               double class_threshold)
    : kinds_(detection_categories),
      classes_(classification_categories),
      threshold_(threshold),
      class_threshold_(class_threshold) {}

void SummaryBuilder::add(const ImageRecord& image) {
  const ImageDigest d = digest_image(image, kinds_, threshold_);
  ++s_.images;
  if (d.failed) {
    ++s_.failed;
    return;
  }
  ++s_.processed;
  if (d.empty) ++s_.empty;
  if (d.reviewed) ++s_.reviewed_images;
  if (d.corrected) ++s_.corrected_images;
  for (int k = 0; k < kKindCount; ++k)
    if (d.has(static_cast<CategoryKind>(k))) ++s_.images_with[static_cast<std::size_t>(k)];
  s_.detections.animal += d.counts.animal;
  s_.detections.person += d.counts.person;
  s_.detections.vehicle += d.counts.vehicle;
  s_.detections.other += d.counts.other;
  if (d.hour >= 0) {
    ++s_.images_with_time;
    s_.detections_by_hour[static_cast<std::size_t>(d.hour)] += d.counts.total();
  }

  std::set<std::string> species_here;
  for (const auto& det : image.detections) {
    if (det.review.state == ReviewState::Rejected) continue;
    if (det.conf) {
      const auto kind = static_cast<std::size_t>(kinds_.kind(det.effective_category()));
      ++s_.confidence[kind][static_cast<std::size_t>(confidence_bin(*det.conf))];
    }
    if (!detection_visible(det, threshold_)) continue;
    const auto call = detection_species(det, classes_, class_threshold_);
    if (!call) continue;
    ++species_[call->name].detections;
    species_here.insert(call->name);
  }
  // A classifier's label for the whole image counts the image even when its crops were not
  // kept (an imported file may carry only the label). A person's tag is a kind, not a species.
  if (image.label && image.label->source != kHumanLabelSource && !d.empty) species_here.insert(image.label->name);
  for (const auto& name : species_here) ++species_[name].images;
}

RunSummary SummaryBuilder::finish() {
  s_.species.clear();
  for (auto& [name, count] : species_) {
    count.name = name;
    s_.species.push_back(count);
  }
  // "unknown" last: it is what is left to name, not a species.
  std::stable_sort(s_.species.begin(), s_.species.end(), [](const SpeciesCount& a, const SpeciesCount& b) {
    const bool ua = a.name == kUnknownSpecies, ub = b.name == kUnknownSpecies;
    if (ua != ub) return ub;
    return a.detections != b.detections ? a.detections > b.detections : a.images > b.images;
  });
  return s_;
}

RunSummary summarize(std::span<const ImageRecord> images, const CategoryNames& detection_categories,
                     const CategoryNames& classification_categories, double threshold, double class_threshold) {
  SummaryBuilder builder(detection_categories, classification_categories, threshold, class_threshold);
  for (const auto& image : images) builder.add(image);
  return builder.finish();
}

}  // namespace wl
