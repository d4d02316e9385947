// Merging two runs: resuming, re-running failures, category and detector conflicts.
#include <catch.hpp>

#include "core/results/md_json_reader.h"
#include "core/results/merge.h"
#include "fixtures.h"
#include "sample_runs.h"

namespace {

wl::ImageRecord processed(const std::string& file, double conf) {
  wl::ImageRecord image;
  image.file = file;
  wl::DetectionRecord det;
  det.category = "1";
  det.conf = conf;
  det.bbox = wl::NormBox{0.1, 0.1, 0.2, 0.2};
  image.detections.push_back(det);
  return image;
}

wl::ImageRecord failed(const std::string& file) {
  wl::ImageRecord image;
  image.file = file;
  image.failure = "Failure image access";
  return image;
}

wl::RunResults run_of(std::vector<wl::ImageRecord> images) {
  wl::RunResults run;
  run.detector.name = "md_v5a.0.0.pt";
  run.detection_categories = wl::megadetector_default_categories();
  run.images = std::move(images);
  return run;
}

}  // namespace

TEST_CASE("Merge: the second run fills missing and failed images of the first") {
  wl::RunResults a = run_of({processed("a.jpg", 0.5), failed("b.jpg"), processed("c.jpg", 0.7)});
  wl::RunResults b = run_of({processed("b.jpg", 0.9), processed("c.jpg", 0.1), processed("d.jpg", 0.3), failed("e.jpg")});
  auto merged = wl::merge_runs(a, b);
  REQUIRE(merged.ok());
  const auto& images = merged->run.images;
  REQUIRE(images.size() == 5);
  CHECK(images[0].file == "a.jpg");
  CHECK(images[1].file == "b.jpg");
  REQUIRE_FALSE(images[1].failed());
  REQUIRE(images[1].detections.size() == 1);
  CHECK(*images[1].detections[0].conf == 0.9);
  CHECK(*images[2].detections[0].conf == 0.7);  // processed in both: the first run's record stays
  CHECK(images[3].file == "d.jpg");
  CHECK(images[4].file == "e.jpg");  // only the second run had it, failed or not
  CHECK(images[4].failed());
  CHECK(merged->added == 2);
  CHECK(merged->replaced == 1);
}

TEST_CASE("Merge: a failure in the second run never replaces a processed image") {
  auto merged = wl::merge_runs(run_of({processed("a.jpg", 0.5)}), run_of({failed("a.jpg")}));
  REQUIRE(merged.ok());
  CHECK_FALSE(merged->run.images[0].failed());
  CHECK(merged->replaced == 0);
}

TEST_CASE("Merge: prefer_second lets a re-run replace processed images") {
  wl::MergeOptions options;
  options.prefer_second = true;
  auto merged = wl::merge_runs(run_of({processed("a.jpg", 0.5)}), run_of({processed("a.jpg", 0.6)}), options);
  REQUIRE(merged.ok());
  CHECK(*merged->run.images[0].detections[0].conf == 0.6);
  CHECK(merged->replaced == 1);
}

TEST_CASE("Merge: conflicting categories and different detectors are refused") {
  wl::RunResults a = run_of({processed("a.jpg", 0.5)});
  wl::RunResults b = run_of({processed("b.jpg", 0.5)});
  b.detection_categories["2"] = "human";
  auto conflict = wl::merge_runs(a, b);
  REQUIRE_FALSE(conflict.ok());
  CHECK_THAT(conflict.error().message, Catch::Matchers::Contains("detection category 2 is \"person\""));

  wl::RunResults c = run_of({processed("c.jpg", 0.5)});
  c.detector.name = "md_v5b.0.0.pt";
  auto different = wl::merge_runs(a, c);
  REQUIRE_FALSE(different.ok());
  CHECK_THAT(different.error().message, Catch::Matchers::Contains("different detectors"));
  wl::MergeOptions allow;
  allow.allow_different_detectors = true;
  auto allowed = wl::merge_runs(a, c, allow);
  REQUIRE(allowed.ok());
  CHECK(allowed->run.detector.name == "md_v5a.0.0.pt");
}

TEST_CASE("Merge: categories and detector facts are united") {
  wl::RunResults a = run_of({processed("a.jpg", 0.5)});
  a.detector.output_threshold = 0.1;
  wl::RunResults b = run_of({processed("b.jpg", 0.5)});
  b.detection_categories["4"] = "bird";
  b.classification_categories["0"] = "fox";
  b.detector.typical_threshold = 0.2;
  b.detector.output_threshold = 0.005;
  b.detector.completion_time = "2026-11-26 19:00:00";
  auto merged = wl::merge_runs(a, b);
  REQUIRE(merged.ok());
  CHECK(merged->run.detection_categories.at("4") == "bird");
  CHECK(merged->run.classification_categories.at("0") == "fox");
  CHECK(merged->run.detector.typical_threshold == 0.2);
  CHECK(merged->run.detector.output_threshold == 0.005);
  CHECK(merged->run.detector.completion_time == "2026-11-26 19:00:00");
}

TEST_CASE("Merge: a fixture split in two halves merges back to the whole") {
  auto whole = wl::read_md_json(wl::test::read_fixture("annotations/megadetector_test__md_v5a_output.json"));
  REQUIRE(whole.ok());
  wl::RunResults first = *whole, second = *whole;
  const std::size_t half = whole->images.size() / 2;
  first.images.resize(half);
  second.images.erase(second.images.begin(), second.images.begin() + static_cast<std::ptrdiff_t>(half));
  // An interrupted run recorded a failure for the image it was on.
  first.images.push_back(failed(second.images[0].file));
  auto merged = wl::merge_runs(first, second);
  REQUIRE(merged.ok());
  CHECK(merged->run == *whole);
  CHECK(merged->replaced == 1);
  CHECK(merged->added == whole->images.size() - half - 1);
}
