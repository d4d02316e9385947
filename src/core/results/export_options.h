#pragma once
// Choices shared by every results export (MegaDetector JSON, CSV, COCO Camera Traps), and
// the one rule that picks which detections an export writes, so the formats agree.
#include <optional>
#include <vector>

#include "core/results/run_results.h"

namespace wl {

struct ExportOptions {
  // Detections below this confidence are left out. Unset: keep everything the run kept
  // (its DetectorInfo::output_threshold, when known). Detections without a confidence
  // (legacy files) are always kept: nothing says they fall below.
  std::optional<double> min_conf;
  // A detection's species is written only when its best classification reaches this; below
  // it the species is "unknown" (its classifications are still listed). Unset: the
  // classifier's typical threshold (ClassifierInfo::typical_threshold), else every species.
  // A reviewer's species is always written.
  std::optional<double> min_classification_conf;
  // Reviewer-rejected detections are dropped unless this is set (the app's own save file
  // sets it so a review can be resumed; exports for other tools leave it off).
  bool include_rejected = false;
  // Write values unrounded. Off: conf (and classification conf) with 3 decimals and bbox
  // with 4, as MegaDetector writes them.
  bool full_precision = false;
  // GPS positions of camera traps can point poachers to rare animals, so they are written
  // only on request.
  bool include_gps = false;
};

// The detections of `image` that an export with `options` writes, in their stored order.
std::vector<const DetectionRecord*> exported_detections(const ImageRecord& image, const RunResults& run,
                                                        const ExportOptions& options);

// The detection threshold exported_detections applies: min_conf, else the run's output
// threshold, else 0 (nothing is dropped). Exports write it into the file.
double export_detection_threshold(const RunResults& run, const ExportOptions& options);

// The classification threshold species calls are made at: min_classification_conf, else the
// classifier's typical threshold, else 0 (every best class is a species).
double export_classification_threshold(const RunResults& run, const ExportOptions& options);

// Whether the run has species to write: a classifier ran or classification categories are
// known (a reviewer may name species without one).
bool run_has_species(const RunResults& run);

// The confidence an export writes: rounded to 3 decimals unless full precision is asked for.
double export_conf(double conf, const ExportOptions& options);
// A bbox coordinate as an export writes it: rounded to 4 decimals unless full precision.
double export_coord(double coord, const ExportOptions& options);

}  // namespace wl
