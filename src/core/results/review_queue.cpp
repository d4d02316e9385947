#include "core/results/review_queue.h"

#include <algorithm>

#include "core/results/image_digest.h"
#include "core/results/species.h"

namespace wl {

QueueThresholds queue_thresholds(const DetectorInfo& detector, double fallback_typical, double classification) {
  QueueThresholds t;
  t.classification = classification;
  const auto& typical = detector.typical_threshold;
  const auto& conservative = detector.conservative_threshold;
  if (typical) {
    t.typical = *typical;
    t.conservative = conservative ? *conservative : *typical / 2;
  } else if (conservative) {
    t.conservative = *conservative;
    t.typical = std::min(1.0, *conservative * 2);
  } else {
    t.typical = fallback_typical;
    t.conservative = fallback_typical / 2;
  }
  if (!(t.conservative < t.typical)) t.conservative = t.typical / 2;
  return t;
}

std::optional<QueueEntry> queue_entry(const ImageRecord& image, const KindTable& kinds,
                                      const CategoryNames& classification_categories, const QueueThresholds& t,
                                      double detection_threshold) {
  if (image.failed()) return std::nullopt;
  const ImageDigest d = digest_image(image, kinds, detection_threshold);
  if (d.reviewed) return std::nullopt;
  QueueEntry e;
  e.best_conf = d.best_conf;
  e.margin = 2;  // above any real margin until a reason sets it
  if (d.best_conf >= 0 && d.best_conf >= t.conservative && d.best_conf < t.typical) {
    e.reasons |= kQueueDetection;
    e.margin = std::clamp((t.typical - d.best_conf) / (t.typical - t.conservative), 0.0, 1.0);
  }
  if (auto call = image_species(image, classification_categories, detection_threshold, t.classification);
      call && call->unknown && call->conf) {
    e.reasons |= kQueueSpecies;
    e.species_conf = call->conf;
    const double m = t.classification > 0 ? std::clamp((t.classification - *call->conf) / t.classification, 0.0, 1.0) : 0.0;
    e.margin = std::min(e.margin, m);
  }
  if (e.reasons == 0) return std::nullopt;
  return e;
}

std::vector<QueueEntry> review_queue(std::span<const QueryImage> images, const CategoryNames& detection_categories,
                                     const CategoryNames& classification_categories, const QueueThresholds& thresholds,
                                     double detection_threshold) {
  const KindTable kinds(detection_categories);
  std::vector<QueueEntry> out;
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (!images[i].record) continue;
    if (auto e = queue_entry(*images[i].record, kinds, classification_categories, thresholds, detection_threshold)) {
      e->index = static_cast<std::uint32_t>(i);
      out.push_back(*e);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const QueueEntry& a, const QueueEntry& b) { return a.margin < b.margin; });
  return out;
}

std::optional<std::size_t> queue_step(std::span<const QueueEntry> queue, std::optional<std::uint32_t> from,
                                      std::size_t cursor, int step) {
  if (queue.empty() || step == 0) return std::nullopt;
  const auto n = static_cast<std::ptrdiff_t>(queue.size());
  std::ptrdiff_t target;
  const auto at = from ? std::find_if(queue.begin(), queue.end(), [&](const QueueEntry& e) { return e.index == *from; })
                       : queue.end();
  if (at != queue.end()) {
    target = (at - queue.begin()) + step;
  } else if (!from) {
    target = step > 0 ? step - 1 : n + step;
  } else {
    // The image shown left the queue (reviewed) or was never in it: the walk goes on from
    // where it was, the entry now at `cursor` being the one after it.
    target = static_cast<std::ptrdiff_t>(std::min<std::size_t>(cursor, queue.size())) + (step > 0 ? step - 1 : step);
  }
  if (target < 0 || target >= n) return std::nullopt;
  return static_cast<std::size_t>(target);
}

}  // namespace wl
