#include "core/results/csv_writer.h"

#include <cmath>

#include "core/results/number_format.h"
#include "core/results/species.h"

namespace wl {
namespace {

enum Column : std::size_t {
  kFile, kWidth, kHeight, kDatetime, kCategory, kLabel, kConfidence, kXMin, kYMin, kBoxWidth, kBoxHeight,
  kClassification, kClassificationConf, kReviewed, kFailure, kSpecies, kSpeciesConf, kSpeciesReviewed, kTop3,
  kDetectionThreshold, kClassificationThreshold, kFrameNumber, kFrameTime, kColumns
};

constexpr const char* kHeader[kColumns] = {
    "file",           "width",      "height",         "datetime",          "category",
    "label",          "confidence", "x_min",          "y_min",             "bbox_width",
    "bbox_height",    "classification", "classification_confidence", "reviewed", "failure",
    "species",        "species_confidence", "species_reviewed", "top3", "detection_threshold",
    "classification_threshold", "frame_number", "frame_time_s"};

// Number columns are written as they are; the others are text (formula-guarded).
constexpr bool is_number_column(std::size_t c) {
  return c == kWidth || c == kHeight || c == kConfidence || c == kXMin || c == kYMin || c == kBoxWidth ||
         c == kBoxHeight || c == kClassificationConf || c == kSpeciesConf || c == kDetectionThreshold ||
         c == kClassificationThreshold || c == kFrameNumber || c == kFrameTime;
}

struct Row {
  std::string cells[kColumns];
};

void append_row(std::string& out, const Row& row) {
  for (std::size_t i = 0; i < kColumns; ++i) {
    if (i) out += ',';
    out += csv_field(row.cells[i], !is_number_column(i));
  }
  out += "\r\n";
}

// A number cell; empty for NaN or infinity, which no spreadsheet reads as a number.
std::string number_cell(double value) { return std::isfinite(value) ? format_number(value) : std::string(); }

// What every row of the file shares.
struct Context {
  const RunResults& run;
  const ExportOptions& exp;
  bool species = false;
  double detection_threshold = 0, classification_threshold = 0;
};

Row image_row(const ImageRecord& image, const Context& ctx) {
  Row row;
  row.cells[kFile] = image.file;
  if (image.width) row.cells[kWidth] = std::to_string(*image.width);
  if (image.height) row.cells[kHeight] = std::to_string(*image.height);
  row.cells[kDatetime] = image.exif.datetime;
  // The image's species where one was called, else its label (a person's tag, an imported label).
  const auto call =
      image_species(image, ctx.run.classification_categories, ctx.detection_threshold, ctx.classification_threshold);
  if (call)
    row.cells[kLabel] = call->name;
  else if (image.label)
    row.cells[kLabel] = image.label->name;
  row.cells[kDetectionThreshold] = number_cell(ctx.detection_threshold);
  if (ctx.species) row.cells[kClassificationThreshold] = number_cell(ctx.classification_threshold);
  return row;
}

void add_species(Row& row, const DetectionRecord& det, const Context& ctx) {
  const CategoryNames& names = ctx.run.classification_categories;
  if (!det.classifications.empty()) {
    // The list is kept sorted, but a caller may have filled it by hand.
    std::vector<Classification> sorted = det.classifications;
    sort_classifications(sorted);
    row.cells[kClassification] = category_name(names, sorted.front().category);
    row.cells[kClassificationConf] = number_cell(export_conf(sorted.front().conf, ctx.exp));
    std::string top3;
    for (std::size_t i = 0; i < sorted.size() && i < 3; ++i) {
      if (i) top3 += '|';
      top3 += category_name(names, sorted[i].category) + ":" + number_cell(export_conf(sorted[i].conf, ctx.exp));
    }
    row.cells[kTop3] = top3;
  }
  const auto call = detection_species(det, names, ctx.classification_threshold);
  if (!call) return;
  row.cells[kSpecies] = call->name;
  if (call->conf && !call->unknown) row.cells[kSpeciesConf] = number_cell(export_conf(*call->conf, ctx.exp));
  if (call->reviewed) row.cells[kSpeciesReviewed] = "yes";
}

}  // namespace

std::string csv_field(const std::string& value, bool text_cell) {
  std::string cell = value;
  if (text_cell && !cell.empty()) {
    const char c = cell.front();
    if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') cell.insert(cell.begin(), '\'');
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char ch : cell) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  quoted += '"';
  return quoted;
}

std::string write_results_csv(const RunResults& run, const CsvWriteOptions& options) {
  const ExportOptions& exp = options.exp;
  Context ctx{run, exp};
  ctx.species = run_has_species(run);
  ctx.detection_threshold = export_detection_threshold(run, exp);
  ctx.classification_threshold = export_classification_threshold(run, exp);
  std::string out;
  if (options.utf8_bom) out += "\xEF\xBB\xBF";
  Row header;
  for (std::size_t i = 0; i < kColumns; ++i) header.cells[i] = kHeader[i];
  append_row(out, header);

  for (const ImageRecord& image : run.images) {
    if (image.failed()) {
      Row row = image_row(image, ctx);
      row.cells[kFailure] = *image.failure;
      append_row(out, row);
      continue;
    }
    const auto detections = exported_detections(image, run, exp);
    if (detections.empty()) {
      Row row = image_row(image, ctx);
      row.cells[kCategory] = "empty";
      append_row(out, row);
      continue;
    }
    const Row base = image_row(image, ctx);
    for (const DetectionRecord* det : detections) {
      Row row = base;
      row.cells[kCategory] = category_name(run.detection_categories, det->effective_category());
      if (det->conf) row.cells[kConfidence] = number_cell(export_conf(*det->conf, exp));
      const double box[] = {det->bbox.x, det->bbox.y, det->bbox.w, det->bbox.h};
      for (int k = 0; k < 4; ++k) row.cells[kXMin + k] = number_cell(export_coord(box[k], exp));
      add_species(row, *det, ctx);
      if (det->frame_number) {
        row.cells[kFrameNumber] = std::to_string(*det->frame_number);
        if (image.frame_rate && *image.frame_rate > 0)
          row.cells[kFrameTime] = number_cell(std::round(*det->frame_number / *image.frame_rate * 1000) / 1000);
      }
      row.cells[kReviewed] = to_string(det->review.state);
      append_row(out, row);
    }
  }
  return out;
}

}  // namespace wl
