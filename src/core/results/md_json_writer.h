#pragma once
// Writes a run as a MegaDetector batch-output JSON file, format version 1.5 (the version
// MegaDetector's run_detector_batch writes since 2023; Timelapse, AddaxAI and MegaDetector's
// own postprocessing read it). Spec: https://lila.science/megadetector-output-format
//
// What 1.5 means here:
//   info: format_version "1.5", detector, detection_completion_time, detector_metadata
//     {megadetector_version, typical_detection_threshold, conservative_detection_threshold,
//     image_size, confidence_threshold} when known (confidence_threshold: the detection
//     threshold this file was written with), classifier / classification_completion_time /
//     classifier_metadata {typical_classification_threshold, classification_threshold} when a
//     classifier ran or species are named (classification_threshold: the one the export's
//     species calls assume; the classifications themselves are all listed), and our own
//     members: app, app_version, model_sha256, detector_metadata.nms_iou_threshold and
//     export_thresholds {"detection": x, "classification": y} (what this export applied;
//     "classification" only with species). The reader drops export_thresholds and
//     classification_threshold again: they describe the export, not the run.
//   detection_categories always; classification_categories (+ _descriptions) when known or
//     used (an id used but not named is written with its id as name).
//   images[]: file; detections ([] when empty, null when failed); failure for failed files;
//     video files carry frame_rate, frames_processed and per-detection frame_number.
// Members that are not in the spec but that other tools ignore: width, height, datetime,
// exif {make, model, gps}, label, warning, seq_id / frame_num / seq_num_frames, and on
// detections "reviewed" ("accepted" / "changed" / "rejected") with "original_category" for a
// relabelled box, whose "category" is the reviewer's. A detection's classifications are the
// model's [id, conf] list, highest first; when a reviewer named the species, they are
// [[reviewer's id, 1.0]] and the model's list moves to "original_classifications" (written
// even when empty), the way "category" / "original_category" work.
//
// Rounding: conf 3 decimals, bbox 4, as MegaDetector writes them; ExportOptions::full_precision
// keeps the stored doubles exactly (they read back bit-identical).
#include <string>

#include "core/results/export_options.h"
#include "core/results/run_results.h"
#include "core/util/result.h"

namespace wl {

inline constexpr const char* kMdFormatVersion = "1.5";

struct MdJsonWriteOptions {
  ExportOptions exp;
  int indent = 1;  // MegaDetector's own files use 1; -1 writes one line
  // Adds the per-image max_detection_conf of formats 1.0-1.2 (the highest exported
  // confidence, 0.0 without detections) for tools that still expect it.
  bool max_detection_conf = false;
};

// The file's bytes (UTF-8). Fails only for a run that cannot be written, e.g. a detection
// whose category id is missing from detection_categories.
Result<std::string> write_md_json(const RunResults& run, const MdJsonWriteOptions& options = {});

// One `images[]` entry on its own, as written inside a file with `options` (indent included),
// for stores that keep a run image by image (the app's session storage). No run-level
// threshold applies: only options.exp.min_conf and the review filter choose detections.
Result<std::string> write_md_image_json(const ImageRecord& image, const MdJsonWriteOptions& options = {});

}  // namespace wl
