#include "core/results/csv_writer.h"

#include <cmath>

#include "core/results/number_format.h"

namespace wl {
namespace {

constexpr const char* kHeader[] = {"file",   "width",          "height",          "datetime",
                                   "category", "label",        "confidence",      "x_min",
                                   "y_min",  "bbox_width",     "bbox_height",     "classification",
                                   "classification_confidence", "reviewed",       "failure"};
constexpr std::size_t kColumns = sizeof kHeader / sizeof kHeader[0];

struct Row {
  std::string cells[kColumns];
  bool text[kColumns] = {true,  false, false, true,  true,  true,  false, false,
                         false, false, false, true,  false, true,  true};
};

void append_row(std::string& out, const Row& row) {
  for (std::size_t i = 0; i < kColumns; ++i) {
    if (i) out += ',';
    out += csv_field(row.cells[i], row.text[i]);
  }
  out += "\r\n";
}

// A number cell; empty for NaN or infinity, which no spreadsheet reads as a number.
std::string number_cell(double value) { return std::isfinite(value) ? format_number(value) : std::string(); }

Row image_row(const ImageRecord& image) {
  Row row;
  row.cells[0] = image.file;
  if (image.width) row.cells[1] = std::to_string(*image.width);
  if (image.height) row.cells[2] = std::to_string(*image.height);
  row.cells[3] = image.exif.datetime;
  if (image.label) row.cells[5] = image.label->name;
  return row;
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
  std::string out;
  if (options.utf8_bom) out += "\xEF\xBB\xBF";
  Row header;
  for (std::size_t i = 0; i < kColumns; ++i) header.cells[i] = kHeader[i];
  append_row(out, header);

  for (const ImageRecord& image : run.images) {
    if (image.failed()) {
      Row row = image_row(image);
      row.cells[14] = *image.failure;
      append_row(out, row);
      continue;
    }
    const auto detections = exported_detections(image, run, exp);
    if (detections.empty()) {
      Row row = image_row(image);
      row.cells[4] = "empty";
      append_row(out, row);
      continue;
    }
    for (const DetectionRecord* det : detections) {
      Row row = image_row(image);
      row.cells[4] = category_name(run.detection_categories, det->effective_category());
      if (det->conf) row.cells[6] = number_cell(export_conf(*det->conf, exp));
      const double box[] = {det->bbox.x, det->bbox.y, det->bbox.w, det->bbox.h};
      for (int k = 0; k < 4; ++k) row.cells[7 + k] = number_cell(export_coord(box[k], exp));
      if (!det->classifications.empty()) {
        // The list is kept sorted, but a caller may have filled it by hand.
        std::vector<Classification> sorted = det->classifications;
        sort_classifications(sorted);
        row.cells[11] = category_name(run.classification_categories, sorted.front().category);
        row.cells[12] = number_cell(export_conf(sorted.front().conf, exp));
      }
      row.cells[13] = to_string(det->review.state);
      append_row(out, row);
    }
  }
  return out;
}

}  // namespace wl
