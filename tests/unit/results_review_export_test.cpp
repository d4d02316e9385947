// A review on real results reaches every export alike: the MegaDetector v5a output fixture,
// one box rejected, one relabelled, an empty image tagged by a person, written as MD JSON, CSV
// and COCO Camera Traps. The summary of the reviewed records equals the summary of the MD
// JSON read back, so the Summary panel shows what the export says.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "core/results/cct_writer.h"
#include "core/results/csv_writer.h"
#include "core/results/image_digest.h"
#include "core/results/md_json_reader.h"
#include "core/results/md_json_writer.h"
#include "core/results/summary.h"
#include "core/results/export_options.h"
#include "core/results/number_format.h"
#include "core/results/species.h"
#include "fixtures.h"
#include "sample_runs.h"

using namespace wl;
using nlohmann::json;

namespace {

std::vector<std::vector<std::string>> csv_rows_of(const std::string& csv, const std::string& file) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream fields(line);  // the fixture's names and values hold no commas or quotes
    while (std::getline(fields, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    if (!cells.empty() && cells[0] == file) rows.push_back(cells);
  }
  return rows;
}

}  // namespace

TEST_CASE("a review on the MegaDetector v5a fixture reaches MD JSON, CSV and COCO alike", "[results][review]") {
  auto read = read_md_json(test::read_fixture("annotations/megadetector_test__md_v5a_output.json"));
  REQUIRE(read.ok());
  RunResults run = std::move(read).value();
  for (auto& image : run.images) image.width = 2048, image.height = 1536;  // COCO boxes are in pixels

  ImageRecord& first = run.images[0];  // six animal boxes; the two most confident are 0.9402 and 0.9157
  REQUIRE(first.detections.size() == 6);
  const DetectionRecord rejected = first.detections[5], relabelled = first.detections[4];
  first.detections[5].review = {ReviewState::Rejected, ""};
  first.detections[4].review = {ReviewState::Relabelled, "2"};
  // An image with nothing at 0.2, which a person says shows a vehicle.
  const KindTable kinds(run.detection_categories);
  std::size_t blank = run.images.size();
  for (std::size_t i = 1; i < run.images.size() && blank == run.images.size(); ++i)
    if (digest_image(run.images[i], kinds, 0.2).empty) blank = i;
  REQUIRE(blank < run.images.size());
  run.images[blank].label = ImageLabel{"vehicle", std::nullopt, kHumanLabelSource};

  // MD JSON
  auto md_text = write_md_json(run);
  REQUIRE(md_text.ok());
  const json md = json::parse(*md_text);
  const json& dets = md["images"][0]["detections"];
  REQUIRE(dets.size() == 5);
  // Boxes are told apart by their corner (the fixture writes 4 decimals there, as the writer does).
  const auto box_of = [](const DetectionRecord& d) { return json::array({d.bbox.x, d.bbox.y}); };
  const auto corner = [](const json& d) { return json::array({d["bbox"][0], d["bbox"][1]}); };
  for (const auto& d : dets) CHECK(corner(d) != box_of(rejected));
  CHECK(dets[4]["category"] == "2");
  CHECK(dets[4]["reviewed"] == "changed");
  CHECK(dets[4]["original_category"] == "1");
  CHECK(corner(dets[4]) == box_of(relabelled));
  CHECK(md["images"][blank]["label"] == json({{"name", "vehicle"}, {"source", "human"}}));

  // CSV: one row per detection written
  const std::string csv = write_results_csv(run);
  const auto rows = csv_rows_of(csv, first.file);
  REQUIRE(rows.size() == 5);
  int changed = 0;
  for (const auto& r : rows) {
    REQUIRE(r.size() >= 14);
    CHECK(r[6] != "0.94");
    if (r[13] == "changed") {
      ++changed;
      CHECK(r[4] == "person");
    }
  }
  CHECK(changed == 1);
  const auto blank_rows = csv_rows_of(csv, run.images[blank].file);
  REQUIRE_FALSE(blank_rows.empty());
  CHECK(blank_rows[0][5] == "vehicle");

  // COCO Camera Traps
  auto cct_text = write_coco_camera_traps(run);
  REQUIRE(cct_text.ok());
  const json cct = json::parse(*cct_text);
  int annotations = 0, persons = 0;
  for (const auto& ann : cct["annotations"]) {
    if (ann["image_id"] != first.file) continue;
    ++annotations;
    if (ann.contains("reviewed") && ann["reviewed"] == "changed") {
      CHECK(ann["category_id"] == 2);
      ++persons;
    }
  }
  CHECK(annotations == 5);
  CHECK(persons == 1);

  // The summary of what was reviewed is the summary of what was exported.
  auto back = read_md_json(*md_text);
  REQUIRE(back.ok());
  for (double t : {0.1, 0.2, 0.5, 0.95}) {
    const RunSummary mine = summarize(run.images, run.detection_categories, {}, t);
    const RunSummary exported = summarize(back->images, back->detection_categories, {}, t);
    INFO("threshold " << t);
    CHECK(mine.empty == exported.empty);
    CHECK(mine.images_with == exported.images_with);
    CHECK(mine.detections.person == exported.detections.person);
    CHECK(mine.detections.animal == exported.detections.animal);
    CHECK(mine.corrected_images == exported.corrected_images);
    CHECK(mine.with(CategoryKind::Vehicle) >= 1);  // the tag counts
  }
}

namespace {

// CSV rows as column -> value maps (the species run's names hold no commas or quotes).
std::vector<std::map<std::string, std::string>> csv_table(const std::string& csv) {
  std::vector<std::vector<std::string>> lines;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::string cell;
    for (char c : line) {
      if (c == ',') {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += c;
      }
    }
    cells.push_back(cell);
    lines.push_back(cells);
  }
  std::vector<std::map<std::string, std::string>> rows;
  for (std::size_t r = 1; r < lines.size(); ++r) {
    REQUIRE(lines[r].size() == lines[0].size());
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < lines[0].size(); ++c) row[lines[0][c]] = lines[r][c];
    rows.push_back(row);
  }
  return rows;
}

struct ThreeFormats {
  json md, cct;
  std::vector<std::map<std::string, std::string>> csv;
};

ThreeFormats write_all(const RunResults& run, const ExportOptions& exp) {
  ThreeFormats out;
  MdJsonWriteOptions md;
  md.exp = exp;
  auto md_text = write_md_json(run, md);
  REQUIRE(md_text.ok());
  out.md = json::parse(*md_text);
  CsvWriteOptions csv;
  csv.exp = exp;
  out.csv = csv_table(write_results_csv(run, csv));
  CctWriteOptions cct;
  cct.exp = exp;
  auto cct_text = write_coco_camera_traps(run, cct);
  REQUIRE(cct_text.ok());
  out.cct = json::parse(*cct_text);
  return out;
}

}  // namespace

TEST_CASE("the detection threshold makes the same images empty in MD JSON, CSV and COCO", "[results][review][species]") {
  const RunResults run = test::species_run();
  const KindTable kinds(run.detection_categories);
  std::map<double, std::set<std::string>> empties;
  for (double t : {0.0, 0.05, 0.1, 0.2, 0.55, 0.75, 0.85, 0.92, 0.99}) {
    INFO("detection threshold " << t);
    ExportOptions exp;
    exp.min_conf = t;
    exp.min_classification_conf = 0.5;
    const ThreeFormats f = write_all(run, exp);

    std::set<std::string> expected, md, csv, cct, views;
    for (const auto& image : run.images) {
      if (!image.failed() && exported_detections(image, run, exp).empty()) expected.insert(image.file);
      if (digest_image(image, kinds, t).empty) views.insert(image.file);
    }
    for (const auto& image : f.md["images"])
      if (image["detections"] == json::array()) md.insert(image["file"].get<std::string>());
    for (const auto& row : f.csv)
      if (row.at("category") == "empty") csv.insert(row.at("file"));
    for (const auto& ann : f.cct["annotations"])
      if (ann["category_id"] == 0) cct.insert(ann["image_id"].get<std::string>());
    CHECK(md == expected);
    CHECK(csv == expected);
    CHECK(cct == expected);
    CHECK(views == expected);  // what the gallery and summary call empty
    empties[t] = expected;

    // Each file says which threshold it applied.
    CHECK(f.md["info"]["export_thresholds"]["detection"] == t);
    CHECK(f.md["info"]["detector_metadata"]["confidence_threshold"] == t);
    CHECK(f.cct["info"]["confidence_threshold"] == t);
    for (const auto& row : f.csv) CHECK(row.at("detection_threshold") == format_number(t));
  }
  CHECK(empties[0.0] == std::set<std::string>{"rejected.jpg", "blank.jpg"});
  CHECK(empties[0.2].count("faint.jpg") == 1);
  CHECK(empties[0.1].count("faint.jpg") == 0);  // at the threshold is shown
  // At 0.99 only the accepted box is left.
  CHECK(empties[0.99] == std::set<std::string>{"lion.jpg", "unsure.jpg", "reviewed.jpg", "old_unknown.jpg",
                                               "faint.jpg", "rejected.jpg", "blank.jpg"});
}

TEST_CASE("species and the reviewer's species read the same in MD JSON, CSV and COCO", "[results][review][species]") {
  RunResults run = test::species_run();
  run.classification_categories["6"] = "honey badger";  // typed by the reviewer
  run.images[test::image_index(run, "lion.jpg")].detections[1].review.species = "6";
  for (double ct : {0.0, 0.3, 0.5, 0.95, 1.0}) {
    INFO("classification threshold " << ct);
    ExportOptions exp;
    exp.min_conf = 0.0;
    exp.min_classification_conf = ct;
    const ThreeFormats f = write_all(run, exp);
    CHECK(f.md["info"]["export_thresholds"]["classification"] == ct);
    CHECK(f.md["info"]["classifier_metadata"]["classification_threshold"] == ct);
    CHECK(f.cct["info"]["classification_threshold"] == ct);

    // MD JSON read back, its species called at the threshold it says it was written with.
    auto back = read_md_json(f.md.dump());
    REQUIRE(back.ok());
    const double written = f.md["info"]["export_thresholds"]["classification"].get<double>();
    std::vector<std::string> md, csv, cct;
    std::vector<bool> md_reviewed, csv_reviewed, cct_reviewed;
    for (const auto& image : back->images) {
      if (image.failed()) continue;
      if (image.detections.empty()) {
        md.push_back(""), md_reviewed.push_back(false);
        continue;
      }
      for (const auto& det : image.detections) {
        auto call = detection_species(det, back->classification_categories, written);
        md.push_back(call ? call->name : "");
        md_reviewed.push_back(call && call->reviewed);
      }
    }
    for (const auto& row : f.csv) {
      if (!row.at("failure").empty()) continue;
      csv.push_back(row.at("species"));
      csv_reviewed.push_back(row.at("species_reviewed") == "yes");
      CHECK(row.at("classification_threshold") == format_number(ct));
    }
    for (const auto& ann : f.cct["annotations"]) {
      cct.push_back(ann.value("species", ""));
      cct_reviewed.push_back(ann.value("species_reviewed", false));
    }
    CHECK(md == csv);
    CHECK(cct == csv);
    CHECK(md_reviewed == csv_reviewed);
    CHECK(cct_reviewed == csv_reviewed);
    // The reviewer's species hold at every threshold; "unknown" appears where the best class falls below.
    CHECK(std::count(csv.begin(), csv.end(), "leopard") >= 1);
    CHECK(std::count(csv.begin(), csv.end(), "honey badger") == 1);
    CHECK(std::count(csv.begin(), csv.end(), "aardwolf") == 1);
    CHECK(std::count(csv_reviewed.begin(), csv_reviewed.end(), true) == 3);
    const auto unknowns = std::count(csv.begin(), csv.end(), "unknown");
    if (ct == 0.0) CHECK(unknowns == 0);
    if (ct == 0.5) CHECK(unknowns == 1);  // unsure.jpg's 0.4 leopard
    if (ct == 1.0) CHECK(unknowns == 5);  // every classified box the reviewer left alone
  }
}
