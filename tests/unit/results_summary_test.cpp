// The Summary panel's numbers (core/results/summary.h) on synthetic records whose counts are
// known, and on the real MegaDetector v5a output fixture checked against a count made
// straight from its JSON.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include "core/pipeline/image_facts.h"
#include "core/results/md_json_reader.h"
#include "core/results/species.h"
#include "core/results/summary.h"
#include "fixtures.h"
#include "sample_records.h"

using namespace wl;
using wl::test::det;
using wl::test::image;

TEST_CASE("summary: kinds, empty, failed, hours, histogram and review at a threshold") {
  const CategoryNames md = megadetector_default_categories();
  std::vector<ImageRecord> images = {
      image("a.jpg", {det("1", 0.9), det("1", 0.5), det("2", 0.1)}, "2021-03-04T06:15:00"),
      image("b.jpg", {det("3", 0.7)}, "2021-03-04T06:59:59"),
      image("c.jpg", {det("1", 0.05)}, "2021-03-04T23:00:00"),  // empty at 0.2
      image("d.jpg", {}),                                        // empty, no time
      image("e.jpg", {det("1", 0.8, {ReviewState::Rejected, ""})}),
      image("f.jpg", {det("2", 0.3, {ReviewState::Relabelled, "1"}), det("1", 0.01, {ReviewState::Accepted, ""})},
            "2021-03-05 12:00:00"),
  };
  ImageRecord failed;
  failed.file = "g.jpg";
  failed.failure = "cannot read";
  images.push_back(failed);
  ImageRecord tagged = image("h.jpg", {});
  tagged.label = ImageLabel{"person", std::nullopt, kHumanLabelSource};
  images.push_back(tagged);

  const RunSummary s = summarize(images, md, {}, 0.2);
  CHECK(s.images == 8);
  CHECK(s.failed == 1);
  CHECK(s.processed == 7);
  CHECK(s.empty == 3);  // c (below threshold), d (nothing), e (rejected)
  CHECK(s.empty_rate() == Approx(3.0 / 7.0));
  CHECK(s.with(CategoryKind::Animal) == 2);   // a, f (relabelled + accepted)
  CHECK(s.with(CategoryKind::Person) == 1);   // h, tagged by a person
  CHECK(s.with(CategoryKind::Vehicle) == 1);  // b
  CHECK(s.detections.animal == 4);            // a: 2, f: 2
  CHECK(s.detections.person == 0);            // a's person is below the threshold; f's was relabelled
  CHECK(s.detections.vehicle == 1);
  CHECK(s.reviewed_images == 3);   // e, f, h
  CHECK(s.corrected_images == 3);  // e rejected, f relabelled, h tagged

  CHECK(s.images_with_time == 4);  // a, b, c, f ("YYYY-MM-DD HH" with a space is read too)
  CHECK(s.detections_by_hour[6] == 3);   // a: 2 animals; b: 1 vehicle
  CHECK(s.detections_by_hour[23] == 0);  // c shows nothing at 0.2
  CHECK(s.detections_by_hour[12] == 2);

  // The histogram holds every detection not rejected, below the threshold too.
  const auto animal = static_cast<std::size_t>(CategoryKind::Animal);
  const auto person = static_cast<std::size_t>(CategoryKind::Person);
  int total = 0;
  for (const auto& bins : s.confidence) for (int n : bins) total += n;
  CHECK(total == 7);  // a: 3, b: 1, c: 1, f: 2 (e's is rejected)
  CHECK(s.confidence[animal][18] == 1);  // 0.9
  CHECK(s.confidence[animal][6] == 1);   // f's 0.3, counted as the reviewer's animal
  CHECK(s.confidence[animal][0] == 1);   // f's 0.01
  CHECK(s.confidence[person][2] == 1);   // a's 0.1
  CHECK(confidence_bin(1.0) == kConfidenceBins - 1);
  CHECK(confidence_bin(-0.5) == 0);

  // Moving the threshold changes the counts, not the histogram.
  const RunSummary low = summarize(images, md, {}, 0.01);
  CHECK(low.empty == 2);  // c now shows its animal
  CHECK(low.detections.person == 1);
  CHECK(low.confidence == s.confidence);
}

TEST_CASE("summary: species from the classifications of the detections shown") {
  const CategoryNames md = megadetector_default_categories();
  const CategoryNames species = {{"1", "Loxodonta africana"}, {"2", "Panthera leo"}, {"3", "unknown"}};
  auto classified = [](std::string cls, double conf, double cls_conf) {
    DetectionRecord d = det("1", conf);
    d.classifications = {{std::move(cls), cls_conf}};
    return d;
  };
  std::vector<ImageRecord> images = {
      image("a.jpg", {classified("1", 0.9, 0.8), classified("1", 0.7, 0.6), classified("2", 0.05, 0.9)}),
      image("b.jpg", {classified("2", 0.6, 0.7)}),
      image("c.jpg", {classified("1", 0.5, 0.9)}),
  };
  images[1].label = ImageLabel{"Panthera leo", 0.7, "classifier.onnx"};
  const RunSummary s = summarize(images, md, species, 0.2);
  REQUIRE(s.species.size() == 2);
  CHECK(s.species[0].name == "Loxodonta africana");
  CHECK(s.species[0].detections == 3);
  CHECK(s.species[0].images == 2);
  CHECK(s.species[1].name == "Panthera leo");
  CHECK(s.species[1].detections == 1);  // a's lion is below the threshold
  CHECK(s.species[1].images == 1);
}

TEST_CASE("summary of the MegaDetector v5a output fixture matches a count made from its JSON") {
  const auto bytes = test::read_fixture("annotations/megadetector_test__md_v5a_output.json");
  auto run = read_md_json(bytes);
  REQUIRE(run.ok());
  const auto json = nlohmann::json::parse(bytes.begin(), bytes.end());
  for (double threshold : {0.1, 0.2, 0.5}) {
    int with[4] = {0, 0, 0, 0}, dets[4] = {0, 0, 0, 0}, empty = 0, all = 0;
    for (const auto& img : json["images"]) {
      bool seen[4] = {false, false, false, false};
      for (const auto& d : img["detections"]) {
        ++all;
        if (d["conf"].get<double>() < threshold) continue;
        const int k = std::stoi(d["category"].get<std::string>());  // 1 animal, 2 person, 3 vehicle
        ++dets[k];
        seen[k] = true;
      }
      for (int k = 1; k <= 3; ++k) with[k] += seen[k];
      if (!seen[1] && !seen[2] && !seen[3]) ++empty;
    }
    const RunSummary s = summarize(run->images, run->detection_categories, {}, threshold);
    INFO("threshold " << threshold);
    CHECK(s.images == static_cast<int>(json["images"].size()));
    CHECK(s.failed == 0);
    CHECK(s.empty == empty);
    CHECK(s.with(CategoryKind::Animal) == with[1]);
    CHECK(s.with(CategoryKind::Person) == with[2]);
    CHECK(s.with(CategoryKind::Vehicle) == with[3]);
    CHECK(s.detections.animal == dets[1]);
    CHECK(s.detections.person == dets[2]);
    CHECK(s.detections.vehicle == dets[3]);
    int histogram = 0;
    for (const auto& bins : s.confidence) for (int n : bins) histogram += n;
    CHECK(histogram == all);
    CHECK(s.images_with_time == 0);  // this file carries no capture times
  }
}

TEST_CASE("hours of capture come from the EXIF times of real camera-trap files") {
  // camtrapR's sample files carry their capture time in their names: Station__date__HH-MM-SS.
  const char* files[] = {"camtrapR_sabah/StationA/PBE/StationA__2009-04-22__20-19-00(1).JPG",
                         "camtrapR_sabah/StationB/PBE/StationB__2009-04-10__04-08-00(1).JPG",
                         "camtrapR_sabah/StationC/TRA/StationC__2009-04-11__21-46-00(1).JPG"};
  std::vector<ImageRecord> images;
  for (const char* f : files) {
    const ImageFacts facts = read_image_facts(test::read_fixture(std::string("images/") + f));
    INFO(f << ": " << facts.datetime);
    const std::string name(f);
    const int hour_in_name = std::stoi(name.substr(name.find("__", name.find("__") + 2) + 2, 2));
    CHECK(capture_hour(facts.datetime) == hour_in_name);
    ImageRecord r = image(f, {det("1", 0.9)}, facts.datetime);
    images.push_back(r);
  }
  const RunSummary s = summarize(images, megadetector_default_categories(), {}, 0.2);
  CHECK(s.images_with_time == 3);
  CHECK(s.detections_by_hour[20] == 1);
  CHECK(s.detections_by_hour[4] == 1);
  CHECK(s.detections_by_hour[21] == 1);
  CHECK(capture_hour("") == -1);
  CHECK(capture_hour("2020-01-01T24:00:00") == -1);
  CHECK(capture_hour("2020:01:01 07:00:00") == 7);  // raw EXIF text, as other tools write it
  CHECK(capture_hour("2020-01-01T7:00") == -1);
}

TEST_CASE("summary: species at the classification threshold, a reviewer's species, unknown last") {
  const CategoryNames md = megadetector_default_categories();
  const CategoryNames species = {{"1", "Loxodonta africana"}, {"2", "Panthera leo"}, {"3", "Equus quagga"}};
  auto classified = [](double conf, std::vector<Classification> classes, Review review = {}) {
    DetectionRecord d = det("1", conf, std::move(review));
    d.classifications = std::move(classes);
    return d;
  };
  std::vector<ImageRecord> images = {
      image("a.jpg", {classified(0.9, {{"1", 0.9}}), classified(0.8, {{"2", 0.4}, {"1", 0.3}})}),
      image("b.jpg", {classified(0.7, {{"2", 0.6}})}),
      // A reviewer said zebra where the classifier said elephant (below any threshold).
      image("c.jpg", {classified(0.6, {{"1", 0.1}}, Review{ReviewState::Accepted, "", "3"})}),
      image("d.jpg", {classified(0.9, {{"2", 0.95}}, Review{ReviewState::Rejected, ""})}),  // gone
  };
  const RunSummary at0 = summarize(images, md, species, 0.2);  // every best class is a species
  REQUIRE(at0.species.size() == 3);
  CHECK(at0.species[0].name == "Panthera leo");
  CHECK(at0.species[0].detections == 2);
  CHECK(at0.species[0].images == 2);

  const RunSummary at50 = summarize(images, md, species, 0.2, 0.5);
  REQUIRE(at50.species.size() == 4);
  CHECK(at50.species[0].name == "Equus quagga");
  CHECK(at50.species[0].detections == 1);
  CHECK(at50.species[1].name == "Loxodonta africana");
  CHECK(at50.species[2].name == "Panthera leo");
  CHECK(at50.species[2].images == 1);
  CHECK(at50.species[3].name == kUnknownSpecies);  // a's second box, 0.4 < 0.5
  CHECK(at50.species[3].detections == 1);
  // The reviewer's zebra is a correction; a rejected box is one too.
  CHECK(at50.reviewed_images == 2);
  CHECK(at50.corrected_images == 2);

  // Picking the classifier's own best class confirms it: reviewed, not corrected.
  images[2].detections[0].review.species = "1";
  const RunSummary confirmed = summarize(images, md, species, 0.2, 0.5);
  CHECK(confirmed.reviewed_images == 2);
  CHECK(confirmed.corrected_images == 1);
}
