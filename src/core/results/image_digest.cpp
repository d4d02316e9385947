#include "core/results/image_digest.h"

#include <algorithm>

namespace wl {

KindTable::KindTable(const CategoryNames& names) {
  for (const auto& [id, name] : names) kinds_[id] = category_kind_of_name(name);
}

CategoryKind KindTable::kind(const std::string& id) const {
  auto it = kinds_.find(id);
  // An id the run does not name is shown by its id (category_name), which is not a kind name.
  return it == kinds_.end() ? CategoryKind::Other : it->second;
}

std::optional<CategoryKind> human_tag(const ImageRecord& image) {
  if (!image.label || image.label->source != kHumanLabelSource) return std::nullopt;
  const CategoryKind kind = category_kind_of_name(image.label->name);
  if (kind == CategoryKind::Other) return std::nullopt;
  return kind;
}

int capture_hour(const std::string& iso) {
  // "YYYY-MM-DDTHH..." (the EXIF module writes 'T'; a space, as in raw EXIF "YYYY:MM:DD HH:MM:SS"
  // or other tools' files, is accepted too).
  if (iso.size() < 13 || (iso[10] != 'T' && iso[10] != ' ')) return -1;
  const char a = iso[11], b = iso[12];
  if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
  const int hour = (a - '0') * 10 + (b - '0');
  return hour < 24 ? hour : -1;
}

bool species_corrected(const DetectionRecord& det) {
  if (det.review.species.empty()) return false;
  // The list is normally sorted, most likely first; files from other tools need not be.
  const Classification* best = nullptr;
  for (const Classification& c : det.classifications)
    if (!best || c.conf > best->conf) best = &c;
  return !best || best->category != det.review.species;
}

ImageDigest digest_image(const ImageRecord& image, const KindTable& kinds, double threshold) {
  ImageDigest d;
  d.processed = true;
  d.hour = capture_hour(image.exif.datetime);
  if (image.failed()) {
    d.failed = true;
    return d;
  }
  for (const auto& det : image.detections) {
    const ReviewState state = det.review.state;
    if (state != ReviewState::Unreviewed) d.reviewed = true;
    if (state == ReviewState::Rejected || state == ReviewState::Relabelled) d.corrected = true;
    if (!det.review.species.empty()) {
      d.reviewed = true;
      if (state != ReviewState::Rejected && species_corrected(det)) d.corrected = true;
    }
    if (state == ReviewState::Rejected) continue;
    if (det.conf) d.best_conf = std::max(d.best_conf, *det.conf);
    if (!detection_visible(det, threshold)) continue;
    switch (kinds.kind(det.effective_category())) {
      case CategoryKind::Animal: ++d.counts.animal; break;
      case CategoryKind::Person: ++d.counts.person; break;
      case CategoryKind::Vehicle: ++d.counts.vehicle; break;
      case CategoryKind::Other: ++d.counts.other; break;
    }
  }
  d.tagged = human_tag(image);
  if (d.tagged) d.reviewed = d.corrected = true;
  d.empty = d.counts.total() == 0 && !d.tagged;
  return d;
}

}  // namespace wl
