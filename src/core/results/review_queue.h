#pragma once
// The "needs a look" queue: the images a person should validate, most uncertain first.
//
// An image is queued when
//   - its best detection confidence lies in the detector's grey zone, at or above the run's
//     conservative threshold and below its typical one (the detector half saw something), or
//   - its species is "unknown": it was classified, but its best class is below the
//     classification threshold (core/results/species.h decides it at the view's thresholds).
// Reviewed images leave the queue (a person decided about a box, tagged the image or named a
// species: ImageDigest::reviewed); failed images and images not run yet are never queued.
//
// Uncertainty is the distance to the threshold that decides, as a fraction of the zone:
//   detection: (typical - best) / (typical - conservative), 0 just under typical, 1 at conservative;
//   species:   (threshold - conf) / threshold, 0 just under the threshold, 1 at confidence 0.
// An image's margin is the smaller of the two where both apply; the queue is sorted by margin
// (smallest, the closest call, first), then by the order the images were added.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/results/image_query.h"
#include "core/results/run_results.h"

namespace wl {

struct QueueThresholds {
  double typical = 0.2;        // the detector's: at or above, a detection is taken as real
  double conservative = 0.1;   // below it, as nothing
  double classification = 0.5; // the species threshold (the view's)
  bool operator==(const QueueThresholds&) const = default;
};

// The detector's zone from the run's metadata: both thresholds when known; where only one is,
// conservative is half of typical (typical twice conservative, at most 1); where neither is,
// `fallback_typical` (the model's or the view's) and half of it. A conservative threshold at
// or above typical is taken as half of typical.
QueueThresholds queue_thresholds(const DetectorInfo& detector, double fallback_typical, double classification);

enum QueueReason : unsigned {
  kQueueDetection = 1u << 0,  // best confidence in [conservative, typical)
  kQueueSpecies = 1u << 1,    // species below the classification threshold
};

struct QueueEntry {
  std::uint32_t index = 0;  // into the caller's list
  double margin = 0;        // 0: on a threshold (most uncertain) ... 1
  unsigned reasons = 0;     // QueueReason bits
  double best_conf = -1;    // the image's best detection confidence (-1: none)
  std::optional<double> species_conf;  // the unknown species' best class confidence
  bool operator==(const QueueEntry&) const = default;
};

// `detection_threshold` is the view's: the species is decided over the detections shown.
// One pass over the images; a few milliseconds for 20,000 (the unit test prints it).
std::vector<QueueEntry> review_queue(std::span<const QueryImage> images, const CategoryNames& detection_categories,
                                     const CategoryNames& classification_categories, const QueueThresholds& thresholds,
                                     double detection_threshold);

// The entry for one image (nullopt when it is not queued), as review_queue decides it.
std::optional<QueueEntry> queue_entry(const ImageRecord& image, const KindTable& kinds,
                                      const CategoryNames& classification_categories, const QueueThresholds& thresholds,
                                      double detection_threshold);

// Walking the queue with the keyboard: the image after (step > 0) or before (step < 0) the
// one shown. `from` is the image shown; `cursor` the queue position it was found at last
// (kept by the caller, so that after it was reviewed, and so left the queue, "next" is the
// image that took its place). Returns the queue position to go to, or nullopt at either end
// or when the queue is empty.
std::optional<std::size_t> queue_step(std::span<const QueueEntry> queue, std::optional<std::uint32_t> from,
                                      std::size_t cursor, int step);

}  // namespace wl
