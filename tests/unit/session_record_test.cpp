// Session storage in the core: the header and per-image records round-trip exactly (full
// precision, reviews, rejected boxes), and restoring tolerates what an interrupted page
// leaves behind.
#include <catch.hpp>

#include "core/session/session_header.h"
#include "core/session/session_record.h"
#include "core/session/session_restore.h"
#include "sample_runs.h"

using namespace wl;

namespace {

SessionHeader sample_header() {
  RunResults run = test::sample_run();
  SessionHeader h;
  h.id = "2026-11-26 18:00:00 #1";
  h.created = "2026-11-26 18:00:00";
  h.model.source = ModelSource::LocalFile;
  h.model.name = "MegaDetector v5a";
  h.model.file_name = "md_v5a.0.0.onnx";
  h.model.sha256 = std::string(64, 'a');
  h.model.url = local_model_url(h.model.sha256);
  h.model.entry_json = R"({"id":"mdv5a","classes":["animal","person","vehicle"]})";
  h.model.input_size = 1280;
  h.model.threshold = 0.005;
  for (const auto& img : run.images) h.files.push_back({img.file, 1000 + h.files.size()});
  h.files.push_back({"site3/not yet.jpg", std::nullopt});
  run.images.clear();
  h.run = run;
  return h;
}

std::vector<StoredRecord> records_of(const RunResults& run) {
  std::vector<StoredRecord> out;
  for (std::size_t i = 0; i < run.images.size(); ++i) out.push_back({i, *write_session_record(run.images[i])});
  return out;
}

}  // namespace

TEST_CASE("session: every image record reads back identical", "[session]") {
  const RunResults run = test::sample_run();
  for (const ImageRecord& image : run.images) {
    auto text = write_session_record(image);
    REQUIRE(text.ok());
    CHECK(text->find('\n') == std::string::npos);  // one line: the native store appends lines
    auto back = read_session_record(*text);
    REQUIRE(back.ok());
    CHECK(*back == image);
  }
}

TEST_CASE("session: a record keeps rejected detections and the reviewer's category", "[session]") {
  const RunResults run = test::sample_run();
  const ImageRecord& reviewed = run.images[test::image_index(run, "site1/IMG_0001.JPG")];
  const std::string text = *write_session_record(reviewed);
  CHECK(text.find("\"rejected\"") != std::string::npos);
  CHECK(text.find("0.123456789") != std::string::npos);  // unrounded
  auto back = read_session_record(text);
  REQUIRE(back.ok());
  REQUIRE(back->detections.size() == 4);
  CHECK(back->detections[1].review == Review{ReviewState::Relabelled, "2"});
  CHECK(back->detections[1].category == "1");
}

TEST_CASE("session: a damaged record is an error that names the problem", "[session]") {
  CHECK(read_session_record("").error().code == ErrorCode::Empty);
  CHECK_FALSE(read_session_record("{\"file\": \"a.jpg\", \"detections\": [{\"bbox\": [1, 2]}").ok());
  auto no_file = read_session_record("{\"detections\": []}");
  REQUIRE_FALSE(no_file.ok());
  CHECK(no_file.error().message.find("file") != std::string::npos);
}

TEST_CASE("session: the header round-trips", "[session]") {
  const SessionHeader h = sample_header();
  auto text = write_session_header(h);
  REQUIRE(text.ok());
  auto back = read_session_header(*text);
  REQUIRE(back.ok());
  CHECK(back->model == h.model);
  CHECK(back->files == h.files);
  CHECK(back->run == h.run);
  CHECK(*back == h);

  SessionHeader imported = h;
  imported.origin = SessionOrigin::Import;
  imported.source_name = "results from AddaxAI.json";
  imported.model = {};
  imported.run.format_version = "1.1";
  imported.exported = true;
  CHECK(*read_session_header(*write_session_header(imported)) == imported);
}

TEST_CASE("session: headers from another version or damaged ones are refused", "[session]") {
  CHECK(read_session_header("not json").error().code == ErrorCode::Corrupt);
  CHECK(read_session_header("{\"schema\": 99, \"id\": \"x\"}").error().code == ErrorCode::UnsupportedFormat);
  std::string text = *write_session_header(sample_header());
  text.replace(text.find("\"files\""), 7, "\"filez\"");
  auto r = read_session_header(text);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("file list") != std::string::npos);
}

TEST_CASE("session: restore puts records back by index and skips what does not fit", "[session]") {
  const SessionHeader h = sample_header();
  const RunResults run = test::sample_run();
  std::vector<StoredRecord> records = records_of(run);
  // A review rewrote image 0 later: the later record wins.
  ImageRecord reviewed = run.images[0];
  reviewed.detections[0].review = Review{ReviewState::Accepted, ""};
  records.push_back({0, *write_session_record(reviewed)});
  records.push_back({99, records[1].json});            // index out of range
  records.push_back({1, "{\"file\": \"truncated"});    // a write cut short
  records.push_back({2, records[3].json});             // the record of another file

  auto restored = restore_session(*write_session_header(h), records);
  REQUIRE(restored.ok());
  REQUIRE(restored->images.size() == h.files.size());
  CHECK(restored->skipped_records == 3);
  CHECK(restored->done == static_cast<int>(run.images.size()));
  CHECK(restored->failed == 1);
  CHECK(restored->images[0].record == reviewed);
  CHECK(restored->images[1].record == run.images[1]);
  CHECK(restored->images[1].file.size == std::uint64_t{1001});
  CHECK_FALSE(restored->images.back().record.has_value());
}

TEST_CASE("session: the resume offer counts finished images and names the model", "[session]") {
  SessionHeader h = sample_header();
  const int total = static_cast<int>(h.files.size());
  SessionSummary s = summarize_session(h, 3);
  CHECK(s.done == 3);
  CHECK(s.total == total);
  CHECK(s.model == "md_v5a.0.0.onnx");
  CHECK(s.worth_offering);
  CHECK_FALSE(summarize_session(h, 0).worth_offering);  // nothing to bring back
  h.exported = true;
  CHECK(summarize_session(h, 3).worth_offering);            // unfinished
  CHECK_FALSE(summarize_session(h, total).worth_offering);  // finished and exported
  h.exported = false;
  CHECK(summarize_session(h, total).worth_offering);        // finished, never exported
  h.origin = SessionOrigin::Import;
  h.source_name = "md.json";
  CHECK(summarize_session(h, 1).model == "md.json");
}

TEST_CASE("session: restoring ten thousand records", "[session]") {
  SessionHeader h = sample_header();
  h.files.clear();
  const ImageRecord base = test::sample_run().images[0];
  std::vector<StoredRecord> records;
  for (std::size_t i = 0; i < 10000; ++i) {
    ImageRecord r = base;
    r.file = "cam" + std::to_string(i / 1000) + "/IMG_" + std::to_string(i) + ".JPG";
    h.files.push_back({r.file, 2'000'000 + i});
    records.push_back({i, *write_session_record(r)});
  }
  auto restored = restore_session(*write_session_header(h), records);
  REQUIRE(restored.ok());
  CHECK(restored->done == 10000);
  CHECK(restored->skipped_records == 0);
}
