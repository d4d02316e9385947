#pragma once
// Which images the gallery shows, and in what order: a filter (kinds, empty, failed, best
// confidence, species text, review state) and a sort (order added, name, capture time, best
// confidence), answered as indices into the caller's list. One pass to digest, one sort:
// 20,000 images take a few milliseconds (tests/unit/results_image_query_test.cpp prints it).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/results/image_digest.h"
#include "core/results/run_results.h"

namespace wl {

// What a filter shows: any image that has one of the checked things. Nothing checked shows
// every image. "Empty only" is kEmpty alone, "failed only" kFailed alone.
enum ShowFlags : unsigned {
  kShowAnimal = 1u << 0,
  kShowPerson = 1u << 1,
  kShowVehicle = 1u << 2,
  kShowOther = 1u << 3,
  kShowEmpty = 1u << 4,
  kShowFailed = 1u << 5,
};
unsigned show_flag(CategoryKind kind);

enum class ReviewFilter { Any, Reviewed, NotReviewed, Corrected };

struct ImageFilter {
  unsigned show = 0;  // ShowFlags; 0: no condition
  // Best confidence (ImageDigest::best_conf) in [min_conf, max_conf]. The full range [0, 1]
  // is no condition; a narrower one leaves out images without any detection.
  double min_conf = 0.0, max_conf = 1.0;
  // Case-insensitive text found in a shown detection's species as the views show it (at the
  // classification threshold, "unknown" below it; a reviewer's species), the image's label,
  // or a shown detection's category name. Empty: no condition.
  std::string text;
  ReviewFilter review = ReviewFilter::Any;

  bool active() const;
  bool operator==(const ImageFilter&) const = default;
};

enum class SortKey { Added, Name, CaptureTime, BestConfidence };

struct ImageSort {
  SortKey key = SortKey::Added;
  bool descending = false;
  bool operator==(const ImageSort&) const = default;
};

// One image as the caller keeps it. Images not run yet have no record (nullptr): they are
// shown only while no filter is active and sort as if they had no results.
struct QueryImage {
  const ImageRecord* record = nullptr;
  std::string_view name;  // the file's path, for sorting by name
};

struct QueryContext {
  const CategoryNames& detection_categories;
  const CategoryNames& classification_categories;
  double threshold = 0.2;
  // Species at or above it are named, below it "unknown" (core/results/species.h); 0: every
  // best class is a species.
  double class_threshold = 0.0;
};

// Indices into `images` of those the filter lets through, in the sort's order. Ties (and
// images that lack the sort key, which always come last) keep the order added.
std::vector<std::uint32_t> query_images(std::span<const QueryImage> images, const QueryContext& context,
                                        const ImageFilter& filter, const ImageSort& sort);

}  // namespace wl
