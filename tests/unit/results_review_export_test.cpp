// A review on real results reaches every export alike: the MegaDetector v5a output fixture,
// one box rejected, one relabelled, an empty image tagged by a person, written as MD JSON, CSV
// and COCO Camera Traps. The summary of the reviewed records equals the summary of the MD
// JSON read back, so the Summary panel shows what the export says.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include <sstream>

#include "core/results/cct_writer.h"
#include "core/results/csv_writer.h"
#include "core/results/image_digest.h"
#include "core/results/md_json_reader.h"
#include "core/results/md_json_writer.h"
#include "core/results/summary.h"
#include "fixtures.h"

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

TEST_CASE("a review on the MegaDetector v5a fixture reaches MD JSON, CSV and COCO alike") {
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
