// The CSV export, read back with a small RFC 4180 parser written here the way spreadsheets
// read CSV (quoted fields may hold commas, doubled quotes and line breaks).
#include <catch.hpp>

#include <limits>
#include <map>

#include "core/results/csv_writer.h"
#include "sample_runs.h"

namespace {

using Table = std::vector<std::vector<std::string>>;

// RFC 4180: records end in CRLF; a field is either plain (no quotes, commas or line breaks)
// or quoted, with "" for a quote inside. Throws on anything else, so a writer bug shows.
Table parse_rfc4180(const std::string& text) {
  Table table;
  std::vector<std::string> record;
  std::string field;
  std::size_t i = 0;
  auto end_field = [&] {
    record.push_back(field);
    field.clear();
  };
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) throw std::runtime_error("unterminated quoted field");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        if (text[i] == '"') throw std::runtime_error("quote inside an unquoted field");
        field += text[i++];
      }
    }
    if (i < text.size() && text[i] == ',') {
      end_field();
      ++i;
    } else if (i + 1 < text.size() && text[i] == '\r' && text[i + 1] == '\n') {
      end_field();
      table.push_back(record);
      record.clear();
      i += 2;
    } else if (i < text.size()) {
      throw std::runtime_error("bare CR or LF outside quotes at byte " + std::to_string(i));
    }
  }
  if (!record.empty() || !field.empty()) throw std::runtime_error("last record does not end in CRLF");
  return table;
}

// Rows as column name -> value maps.
std::vector<std::map<std::string, std::string>> rows_of(const std::string& csv) {
  Table table = parse_rfc4180(csv);
  REQUIRE_FALSE(table.empty());
  std::vector<std::map<std::string, std::string>> rows;
  for (std::size_t r = 1; r < table.size(); ++r) {
    REQUIRE(table[r].size() == table[0].size());
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < table[0].size(); ++c) row[table[0][c]] = table[r][c];
    rows.push_back(row);
  }
  return rows;
}

std::vector<std::map<std::string, std::string>> rows_for(const std::vector<std::map<std::string, std::string>>& rows,
                                                         const std::string& file) {
  std::vector<std::map<std::string, std::string>> out;
  for (const auto& row : rows)
    if (row.at("file") == file) out.push_back(row);
  return out;
}

}  // namespace

TEST_CASE("CSV: the test's own parser follows RFC 4180", "[results][csv]") {
  Table t = parse_rfc4180("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"line\r\nbreak\",,x\r\n");
  REQUIRE(t.size() == 2);
  CHECK(t[0] == std::vector<std::string>{"a", "b,c", "say \"hi\""});
  CHECK(t[1] == std::vector<std::string>{"line\r\nbreak", "", "x"});
  CHECK_THROWS(parse_rfc4180("a\"b\r\n"));
  CHECK_THROWS(parse_rfc4180("\"open\r\n"));
  CHECK_THROWS(parse_rfc4180("a\nb\r\n"));
}

TEST_CASE("CSV: header and one row per detection, empty image and failed image", "[results][csv]") {
  wl::RunResults run = wl::test::sample_run();
  std::string csv = wl::write_results_csv(run);
  Table table = parse_rfc4180(csv);
  CHECK(table[0] == std::vector<std::string>{"file", "width", "height", "datetime", "category", "label",
                                             "confidence", "x_min", "y_min", "bbox_width", "bbox_height",
                                             "classification", "classification_confidence", "reviewed", "failure",
                                             "species", "species_confidence", "species_reviewed", "top3",
                                             "detection_threshold", "classification_threshold", "frame_number",
                                             "frame_time_s"});
  auto rows = rows_of(csv);
  // 3 detections (one rejected is left out) + 1 empty + 1 failed + 1 (the 0.0049 box is
  // below the run's threshold) + 1 video detection.
  CHECK(rows.size() == 7);

  auto first = rows_for(rows, "site1/IMG_0001.JPG");
  REQUIRE(first.size() == 3);
  CHECK(first[0].at("width") == "2048");
  CHECK(first[0].at("height") == "1536");
  CHECK(first[0].at("datetime") == "2010-08-19T18:24:57");
  CHECK(first[0].at("category") == "animal");
  CHECK(first[0].at("label") == "wolf");
  CHECK(first[0].at("confidence") == "0.926");
  CHECK(first[0].at("x_min") == "0.1235");
  CHECK(first[0].at("y_min") == "0.25");
  CHECK(first[0].at("bbox_width") == "0.3333");
  CHECK(first[0].at("bbox_height") == "0.5");
  CHECK(first[0].at("classification") == "wolf");
  CHECK(first[0].at("classification_confidence") == "0.901");
  CHECK(first[0].at("reviewed") == "");
  CHECK(first[1].at("category") == "person");  // the reviewer's correction
  CHECK(first[1].at("reviewed") == "changed");
  CHECK(first[2].at("reviewed") == "accepted");
  for (const auto& row : first) CHECK(row.at("category") != "vehicle");

  CHECK(first[0].at("frame_number") == "");

  // A clip's detection names its frame and the frame's time (30 / 29.97 fps).
  auto clip = rows_for(rows, "site2/CLIP0001.MP4");
  REQUIRE(clip.size() == 1);
  CHECK(clip[0].at("frame_number") == "30");
  CHECK(clip[0].at("frame_time_s") == "1.001");

  auto empty = rows_for(rows, "site1/IMG_0002.JPG");
  REQUIRE(empty.size() == 1);
  CHECK(empty[0].at("category") == "empty");
  CHECK(empty[0].at("confidence") == "");
  CHECK(empty[0].at("datetime") == "2010-08-19T18:24:58");

  auto failed = rows_for(rows, "site1/broken.jpg");
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].at("failure") == "the file is not a JPEG or PNG image");
  CHECK(failed[0].at("category") == "");
  CHECK(failed[0].at("width") == "");
}

TEST_CASE("CSV: awkward file names read back exactly, guarded against formulas", "[results][csv]") {
  wl::RunResults run = wl::test::sample_run();
  const std::string name = run.images[3].file;  // quotes, commas, a newline, unicode
  auto rows = rows_of(wl::write_results_csv(run));
  auto awkward = rows_for(rows, name);
  REQUIRE(awkward.size() == 1);
  CHECK(awkward[0].at("confidence") == "1.0");
  CHECK(awkward[0].at("bbox_width") == "1.0");

  wl::ImageRecord formula;
  formula.file = "=HYPERLINK(\"http://x\",\"y\")";
  formula.label = wl::ImageLabel{"@SUM(A1)", std::nullopt, "human"};
  run.images.push_back(formula);
  for (const char* start : {"+1", "-1", "\tx"}) {
    wl::ImageRecord image;
    image.file = std::string(start) + ".jpg";
    run.images.push_back(image);
  }
  rows = rows_of(wl::write_results_csv(run));
  auto guarded = rows_for(rows, "'" + formula.file);
  REQUIRE(guarded.size() == 1);
  CHECK(guarded[0].at("label") == "'@SUM(A1)");
  CHECK(rows_for(rows, "'+1.jpg").size() == 1);
  CHECK(rows_for(rows, "'-1.jpg").size() == 1);
  CHECK(rows_for(rows, "'\tx.jpg").size() == 1);
}

TEST_CASE("CSV: csv_field quotes only what needs it", "[results][csv]") {
  CHECK(wl::csv_field("plain.jpg") == "plain.jpg");
  CHECK(wl::csv_field("a,b") == "\"a,b\"");
  CHECK(wl::csv_field("say \"x\"") == "\"say \"\"x\"\"\"");
  CHECK(wl::csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(wl::csv_field("=1+1") == "'=1+1");
  CHECK(wl::csv_field("=1,1") == "\"'=1,1\"");
  CHECK(wl::csv_field("-0.5", false) == "-0.5");  // numbers stay numbers
  CHECK(wl::csv_field("") == "");
}

TEST_CASE("CSV: options for precision, threshold, rejected boxes and Excel's BOM", "[results][csv]") {
  wl::RunResults run = wl::test::sample_run();
  wl::CsvWriteOptions options;
  options.exp.full_precision = true;
  options.exp.include_rejected = true;
  options.exp.min_conf = 0.0;
  options.utf8_bom = true;
  std::string csv = wl::write_results_csv(run, options);
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  auto rows = rows_of(csv.substr(3));
  auto first = rows_for(rows, "site1/IMG_0001.JPG");
  REQUIRE(first.size() == 4);
  CHECK(first[0].at("confidence") == "0.926457");
  CHECK(first[0].at("x_min") == "0.123456789");
  CHECK(first[2].at("category") == "vehicle");
  CHECK(first[2].at("reviewed") == "rejected");
  CHECK(rows_for(rows, run.images[3].file).size() == 2);

  // A threshold above every score turns images into "empty" rows, except where a reviewer vouched.
  wl::CsvWriteOptions strict;
  strict.exp.min_conf = 0.999;
  rows = rows_of(wl::write_results_csv(run, strict));
  auto video = rows_for(rows, "site2/CLIP0001.MP4");
  REQUIRE(video.size() == 1);
  CHECK(video[0].at("category") == "empty");
  CHECK(rows_for(rows, "site1/IMG_0001.JPG").size() == 2);
}

TEST_CASE("CSV: an empty run is just the header", "[results][csv]") {
  wl::RunResults run;
  CHECK(parse_rfc4180(wl::write_results_csv(run)).size() == 1);
}

TEST_CASE("CSV: a confidence that is not a number leaves its cell empty", "[results][csv]") {
  wl::RunResults run = wl::test::sample_run();
  run.images[0].detections[0].conf = std::numeric_limits<double>::quiet_NaN();
  auto rows = rows_for(rows_of(wl::write_results_csv(run)), "site1/IMG_0001.JPG");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].at("confidence") == "");
  CHECK(rows[0].at("x_min") == "0.1235");
}

TEST_CASE("CSV: species, their confidence, the reviewer's species and the top 3", "[results][csv][species]") {
  const wl::RunResults run = wl::test::species_run();
  auto rows = rows_of(wl::write_results_csv(run));

  auto lion = rows_for(rows, "lion.jpg");
  REQUIRE(lion.size() == 2);
  CHECK(lion[0].at("species") == "lion");
  CHECK(lion[0].at("species_confidence") == "0.91");
  CHECK(lion[0].at("species_reviewed") == "");
  CHECK(lion[0].at("top3") == "lion:0.91|leopard:0.05|cheetah:0.01");
  CHECK(lion[0].at("classification") == "lion");  // the model's top class, as before
  CHECK(lion[0].at("classification_confidence") == "0.91");
  CHECK(lion[1].at("category") == "person");
  CHECK(lion[1].at("species") == "");  // not classified
  CHECK(lion[1].at("top3") == "");
  for (const auto& row : lion) CHECK(row.at("label") == "lion");  // the image's species

  auto unsure = rows_for(rows, "unsure.jpg");
  REQUIRE(unsure.size() == 1);
  CHECK(unsure[0].at("species") == "unknown");  // 0.4 is below the classifier's 0.5
  CHECK(unsure[0].at("species_confidence") == "");
  CHECK(unsure[0].at("classification") == "leopard");
  CHECK(unsure[0].at("top3") == "leopard:0.4|cheetah:0.35|lion:0.2");
  CHECK(unsure[0].at("label") == "unknown");

  auto reviewed = rows_for(rows, "reviewed.jpg");
  REQUIRE(reviewed.size() == 2);
  CHECK(reviewed[0].at("species") == "leopard");
  CHECK(reviewed[0].at("species_confidence") == "");
  CHECK(reviewed[0].at("species_reviewed") == "yes");
  CHECK(reviewed[0].at("classification") == "lion");  // what the model said stays visible
  CHECK(reviewed[0].at("reviewed") == "");            // the box itself was not reviewed
  CHECK(reviewed[1].at("species") == "lion");
  CHECK(reviewed[1].at("species_reviewed") == "");
  for (const auto& row : reviewed) CHECK(row.at("label") == "leopard");

  auto named = rows_for(rows, "named.jpg");
  REQUIRE(named.size() == 1);
  CHECK(named[0].at("species") == "aardwolf");
  CHECK(named[0].at("species_reviewed") == "yes");
  CHECK(named[0].at("reviewed") == "accepted");
  CHECK(named[0].at("classification") == "");

  CHECK(rows_for(rows, "old_unknown.jpg")[0].at("species") == "cheetah");
  CHECK(rows_for(rows, "faint.jpg")[0].at("species") == "lion");  // 0.1 is above the run's 0.005
  CHECK(rows_for(rows, "rejected.jpg")[0].at("category") == "empty");
  CHECK(rows_for(rows, "rejected.jpg")[0].at("label") == "");
  CHECK(rows_for(rows, "blank.jpg")[0].at("species") == "");

  for (const auto& row : rows) {
    CHECK(row.at("detection_threshold") == "0.005");  // the run's output threshold
    CHECK(row.at("classification_threshold") == "0.5");  // the classifier's typical one
  }
}

TEST_CASE("CSV: the thresholds given are applied and written", "[results][csv][species]") {
  const wl::RunResults run = wl::test::species_run();
  wl::CsvWriteOptions options;
  options.exp.min_conf = 0.2;
  options.exp.min_classification_conf = 0.3;
  auto rows = rows_of(wl::write_results_csv(run, options));
  CHECK(rows_for(rows, "unsure.jpg")[0].at("species") == "leopard");
  CHECK(rows_for(rows, "unsure.jpg")[0].at("species_confidence") == "0.4");
  CHECK(rows_for(rows, "unsure.jpg")[0].at("label") == "leopard");
  auto faint = rows_for(rows, "faint.jpg");
  REQUIRE(faint.size() == 1);
  CHECK(faint[0].at("category") == "empty");
  CHECK(faint[0].at("species") == "");
  CHECK(faint[0].at("label") == "");
  for (const auto& row : rows) {
    CHECK(row.at("detection_threshold") == "0.2");
    CHECK(row.at("classification_threshold") == "0.3");
  }

  options.exp.min_classification_conf = 0.95;
  rows = rows_of(wl::write_results_csv(run, options));
  auto lion = rows_for(rows, "lion.jpg");
  CHECK(lion[0].at("species") == "unknown");
  CHECK(lion[0].at("label") == "unknown");
  // The reviewer's species holds at any threshold, and the image takes it.
  CHECK(rows_for(rows, "reviewed.jpg")[0].at("species") == "leopard");
  CHECK(rows_for(rows, "reviewed.jpg")[1].at("species") == "lion");  // 0.99
  CHECK(rows_for(rows, "named.jpg")[0].at("species") == "aardwolf");
}

TEST_CASE("CSV: a run without species leaves the species columns and the classification threshold empty",
          "[results][csv][species]") {
  wl::RunResults run = wl::test::sample_run();
  run.classifier = {};
  run.classification_categories.clear();
  for (auto& image : run.images)
    for (auto& det : image.detections) det.classifications.clear();
  auto rows = rows_of(wl::write_results_csv(run));
  for (const auto& row : rows) {
    CHECK(row.at("species") == "");
    CHECK(row.at("top3") == "");
    CHECK(row.at("classification_threshold") == "");
    CHECK(row.at("detection_threshold") == "0.005");
  }
  CHECK(rows_for(rows, "site1/IMG_0001.JPG")[0].at("label") == "wolf");  // the image label, as before
}

TEST_CASE("CSV: species names are guarded like every text cell", "[results][csv][species]") {
  wl::RunResults run = wl::test::species_run();
  run.classification_categories["1"] = "=lion,king";
  auto rows = rows_of(wl::write_results_csv(run));
  auto lion = rows_for(rows, "lion.jpg");
  CHECK(lion[0].at("species") == "'=lion,king");
  CHECK(lion[0].at("top3") == "'=lion,king:0.91|leopard:0.05|cheetah:0.01");
  CHECK(lion[0].at("label") == "'=lion,king");
}
