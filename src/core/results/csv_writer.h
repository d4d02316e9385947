#pragma once
// Writes a run as CSV for spreadsheets and R/pandas: one row per exported detection, one
// row for each image without detections (category "empty") and one for each failed image
// (its message in the failure column).
//
// Columns: file, width, height, datetime, category, label, confidence, x_min, y_min,
// bbox_width, bbox_height, classification, classification_confidence, reviewed, failure,
// species, species_confidence, species_reviewed, top3, detection_threshold,
// classification_threshold, frame_number, frame_time_s (new columns are appended, so the older
// ones keep their place).
//   width/height: image size in pixels; x_min..bbox_height: the normalised box (named
//   bbox_* so no two columns share a name); category: the detection category's name (the
//   reviewer's when relabelled); label: the image's species (species.h image_species, at the
//   export's thresholds) where one is called, else the image label; classification /
//   classification_confidence: the top entry of the model's classifications; reviewed:
//   accepted / changed / rejected or empty.
//   species: the detection's species (species.h detection_species): the reviewer's, else the
//   model's best class when it reaches the classification threshold, else "unknown"; empty
//   when the detection was not classified. species_confidence: the model's confidence in it,
//   empty for a reviewer's species and for "unknown". species_reviewed: "yes" when a reviewer
//   named the species. top3: the model's three best classes, "name:conf|name:conf|name:conf"
//   (fewer when the model listed fewer; conf rounded like every confidence).
//   detection_threshold / classification_threshold: what the export applied (the same on
//   every row; classification_threshold empty when the run has no species).
//   frame_number / frame_time_s: for a clip, the frame the detection is in and its time in
//   seconds from the clip's start (frame / frame rate, to the ms); a clip's row per detection
//   is then a row per analysed frame with detections. Empty for images.
//
// RFC 4180: fields with a comma, quote, CR or LF are quoted, quotes doubled, rows end in
// CRLF. Text fields starting with = + - @, tab or CR get a leading apostrophe, so a file
// name such as "=HYPERLINK(...)" stays text instead of running as a formula (the OWASP
// CSV-injection advice); numbers are written as numbers.
#include <string>

#include "core/results/export_options.h"
#include "core/results/run_results.h"

namespace wl {

struct CsvWriteOptions {
  ExportOptions exp;
  // Excel reads CSV as the system's legacy code page unless the file starts with a UTF-8
  // byte-order mark; most other tools prefer no mark.
  bool utf8_bom = false;
};

std::string write_results_csv(const RunResults& run, const CsvWriteOptions& options = {});

// One RFC 4180 field: quoted when needed, formula-guarded when `text_cell`.
std::string csv_field(const std::string& value, bool text_cell = true);

}  // namespace wl
