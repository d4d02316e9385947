#include "core/results/export_options.h"

#include "core/results/number_format.h"

namespace wl {

std::vector<const DetectionRecord*> exported_detections(const ImageRecord& image, const RunResults& run,
                                                        const ExportOptions& options) {
  std::vector<const DetectionRecord*> out;
  if (image.failed()) return out;
  const std::optional<double> threshold = options.min_conf ? options.min_conf : run.detector.output_threshold;
  for (const auto& det : image.detections) {
    if (det.review.state == ReviewState::Rejected && !options.include_rejected) continue;
    // A reviewer who accepted or relabelled a box has vouched for it, whatever its score.
    const bool vouched = det.review.state == ReviewState::Accepted || det.review.state == ReviewState::Relabelled;
    if (threshold && det.conf && *det.conf < *threshold && !vouched) continue;
    out.push_back(&det);
  }
  return out;
}

double export_detection_threshold(const RunResults& run, const ExportOptions& options) {
  if (options.min_conf) return *options.min_conf;
  return run.detector.output_threshold.value_or(0.0);
}

double export_classification_threshold(const RunResults& run, const ExportOptions& options) {
  if (options.min_classification_conf) return *options.min_classification_conf;
  return run.classifier.typical_threshold.value_or(0.0);
}

bool run_has_species(const RunResults& run) {
  return !run.classifier.name.empty() || !run.classification_categories.empty();
}

double export_conf(double conf, const ExportOptions& options) {
  return options.full_precision ? conf : round_decimals(conf, 3);
}

double export_coord(double coord, const ExportOptions& options) {
  return options.full_precision ? coord : round_decimals(coord, 4);
}

}  // namespace wl
