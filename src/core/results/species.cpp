#include "core/results/species.h"

namespace wl {
namespace {

bool is_unknown_name(const std::string& name) { return name == kUnknownSpecies; }

}  // namespace

std::optional<SpeciesCall> detection_species(const DetectionRecord& d, const CategoryNames& names,
                                             double classification_threshold) {
  if (!d.review.species.empty()) {
    SpeciesCall call;
    call.category = d.review.species;
    call.name = category_name(names, d.review.species);
    call.reviewed = true;
    return call;
  }
  // The best entry that is a real class; the list is normally sorted, but files from other
  // tools need not be.
  const Classification* best = nullptr;
  for (const Classification& c : d.classifications) {
    if (is_unknown_name(category_name(names, c.category))) continue;
    if (!best || c.conf > best->conf) best = &c;
  }
  if (!best) return std::nullopt;
  SpeciesCall call;
  call.conf = best->conf;
  if (best->conf >= classification_threshold) {
    call.category = best->category;
    call.name = category_name(names, best->category);
  } else {
    call.name = kUnknownSpecies;
    call.unknown = true;
  }
  return call;
}

std::optional<SpeciesCall> image_species(const ImageRecord& image, const CategoryNames& names,
                                         double detection_threshold, double classification_threshold) {
  if (image.failed()) return std::nullopt;
  std::optional<SpeciesCall> best;
  for (const DetectionRecord& d : image.detections) {
    if (d.review.state == ReviewState::Rejected) continue;
    const bool vouched = d.review.state == ReviewState::Accepted || d.review.state == ReviewState::Relabelled;
    if (!vouched && d.conf && *d.conf < detection_threshold) continue;
    auto call = detection_species(d, names, classification_threshold);
    if (!call) continue;
    // Ranking: a reviewer's species, then a known species by confidence, then unknown.
    auto rank = [](const SpeciesCall& s) { return s.reviewed ? 2 : (s.unknown ? 0 : 1); };
    if (!best || rank(*call) > rank(*best) ||
        (rank(*call) == rank(*best) && call->conf.value_or(0) > best->conf.value_or(0)))
      best = std::move(call);
  }
  return best;
}

}  // namespace wl
