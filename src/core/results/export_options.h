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

// The confidence an export writes: rounded to 3 decimals unless full precision is asked for.
double export_conf(double conf, const ExportOptions& options);
// A bbox coordinate as an export writes it: rounded to 4 decimals unless full precision.
double export_coord(double coord, const ExportOptions& options);

}  // namespace wl
