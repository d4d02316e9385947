// The species rules every view and export shares (species.h): a reviewer's species beats a
// confident classification, which beats "unknown"; an image takes its species from the
// detections shown at the detection threshold, never from rejected ones.
#include <catch.hpp>

#include "core/results/species.h"
#include "sample_runs.h"

using namespace wl;

namespace {

const CategoryNames kNames = {{"1", "lion"}, {"2", "leopard"}, {"3", "cheetah"}, {"4", "unknown"}, {"5", "aardwolf"}};

DetectionRecord classified(double conf, std::vector<Classification> classes, Review review = {}) {
  DetectionRecord d;
  d.category = "1";
  d.conf = conf;
  d.classifications = std::move(classes);
  d.review = std::move(review);
  return d;
}

ImageRecord image_of(std::vector<DetectionRecord> detections) {
  ImageRecord image;
  image.file = "x.jpg";
  image.detections = std::move(detections);
  return image;
}

}  // namespace

TEST_CASE("species: a confident classification names the species, with its confidence", "[results][species]") {
  auto call = detection_species(classified(0.9, {{"1", 0.91}, {"2", 0.05}}), kNames, 0.5);
  REQUIRE(call);
  CHECK(call->category == "1");
  CHECK(call->name == "lion");
  CHECK(call->conf == 0.91);
  CHECK_FALSE(call->reviewed);
  CHECK_FALSE(call->unknown);
  // Exactly at the threshold counts, as a detection at the detection threshold does.
  CHECK_FALSE(detection_species(classified(0.9, {{"1", 0.5}}), kNames, 0.5)->unknown);
}

TEST_CASE("species: below the classification threshold the species is unknown", "[results][species]") {
  auto call = detection_species(classified(0.9, {{"2", 0.4}, {"3", 0.35}}), kNames, 0.5);
  REQUIRE(call);
  CHECK(call->unknown);
  CHECK(call->name == "unknown");
  CHECK(call->category.empty());
  CHECK(call->conf == 0.4);  // the best class's confidence, kept for display
  // The same detection at a lower threshold.
  auto lower = detection_species(classified(0.9, {{"2", 0.4}, {"3", 0.35}}), kNames, 0.3);
  CHECK(lower->name == "leopard");
  CHECK_FALSE(lower->unknown);
}

TEST_CASE("species: the reviewer's species wins over any classification", "[results][species]") {
  auto call = detection_species(classified(0.9, {{"1", 0.99}}, Review{ReviewState::Unreviewed, "", "2"}), kNames, 0.5);
  REQUIRE(call);
  CHECK(call->reviewed);
  CHECK(call->category == "2");
  CHECK(call->name == "leopard");
  CHECK_FALSE(call->conf);
  // Also on a detection the classifier never saw, and below any threshold.
  auto named = detection_species(classified(0.9, {}, Review{ReviewState::Accepted, "", "5"}), kNames, 1.0);
  REQUIRE(named);
  CHECK(named->name == "aardwolf");
  CHECK(named->reviewed);
}

TEST_CASE("species: no classification and no reviewer's species is no call", "[results][species]") {
  CHECK_FALSE(detection_species(classified(0.9, {}), kNames, 0.5));
  CHECK_FALSE(detection_species(classified(0.9, {}), kNames, 0.0));
}

TEST_CASE("species: \"unknown\" entries written by older versions are not species", "[results][species]") {
  auto call = detection_species(classified(0.9, {{"4", 0.7}, {"3", 0.6}}), kNames, 0.5);
  REQUIRE(call);
  CHECK(call->name == "cheetah");
  CHECK(call->conf == 0.6);
  CHECK_FALSE(detection_species(classified(0.9, {{"4", 0.99}}), kNames, 0.0));
}

TEST_CASE("species: the best class is found in a list stored out of order", "[results][species]") {
  auto call = detection_species(classified(0.9, {{"3", 0.1}, {"1", 0.7}, {"2", 0.2}}), kNames, 0.5);
  REQUIRE(call);
  CHECK(call->name == "lion");
  // An id the names do not know is shown by its id.
  CHECK(detection_species(classified(0.9, {{"77", 0.9}}), kNames, 0.5)->name == "77");
}

TEST_CASE("image species: reviewed beats confident beats unknown", "[results][species]") {
  const DetectionRecord unknown = classified(0.99, {{"2", 0.3}});
  const DetectionRecord leopard = classified(0.6, {{"2", 0.6}});
  const DetectionRecord lion = classified(0.5, {{"1", 0.95}});
  const DetectionRecord reviewed = classified(0.3, {{"1", 0.99}}, Review{ReviewState::Unreviewed, "", "3"});

  CHECK(image_species(image_of({unknown}), kNames, 0.2, 0.5)->unknown);
  CHECK(image_species(image_of({unknown, leopard}), kNames, 0.2, 0.5)->name == "leopard");
  CHECK(image_species(image_of({leopard, unknown}), kNames, 0.2, 0.5)->name == "leopard");
  CHECK(image_species(image_of({leopard, lion}), kNames, 0.2, 0.5)->name == "lion");  // most confident
  CHECK(image_species(image_of({lion, reviewed, leopard}), kNames, 0.2, 0.5)->name == "cheetah");
  CHECK(image_species(image_of({lion, reviewed}), kNames, 0.2, 0.5)->reviewed);
  // Unclassified detections neither help nor hurt.
  CHECK(image_species(image_of({classified(0.9, {}), leopard}), kNames, 0.2, 0.5)->name == "leopard");
  CHECK_FALSE(image_species(image_of({classified(0.9, {})}), kNames, 0.2, 0.5));
  CHECK_FALSE(image_species(image_of({}), kNames, 0.2, 0.5));
}

TEST_CASE("image species: rejected and below-threshold detections are ignored", "[results][species]") {
  const DetectionRecord faint = classified(0.1, {{"1", 0.95}});
  const DetectionRecord rejected = classified(0.9, {{"2", 0.9}}, Review{ReviewState::Rejected, "", "3"});
  const DetectionRecord unsure = classified(0.8, {{"3", 0.2}});

  CHECK_FALSE(image_species(image_of({faint}), kNames, 0.2, 0.5));
  CHECK(image_species(image_of({faint}), kNames, 0.1, 0.5)->name == "lion");  // at the threshold: shown
  CHECK_FALSE(image_species(image_of({rejected}), kNames, 0.0, 0.0));  // not even the reviewer's species
  CHECK(image_species(image_of({rejected, faint, unsure}), kNames, 0.2, 0.5)->unknown);
  // A box a reviewer accepted or relabelled counts whatever its confidence.
  DetectionRecord accepted = faint;
  accepted.review.state = ReviewState::Accepted;
  CHECK(image_species(image_of({accepted}), kNames, 0.2, 0.5)->name == "lion");
  DetectionRecord relabelled = faint;
  relabelled.review = Review{ReviewState::Relabelled, "2"};
  CHECK(image_species(image_of({relabelled}), kNames, 0.2, 0.5)->name == "lion");
  // A detection without a confidence (legacy files) is never below the threshold.
  DetectionRecord legacy = faint;
  legacy.conf.reset();
  CHECK(image_species(image_of({legacy}), kNames, 0.9, 0.5)->name == "lion");
}

TEST_CASE("image species: a failed image has none", "[results][species]") {
  ImageRecord failed = image_of({classified(0.9, {{"1", 0.9}})});
  failed.failure = "unreadable";
  CHECK_FALSE(image_species(failed, kNames, 0.0, 0.0));
}

TEST_CASE("image species on the sample species run", "[results][species]") {
  const RunResults run = test::species_run();
  auto at = [&](const std::string& file, double det, double cls) {
    return image_species(run.images[test::image_index(run, file)], run.classification_categories, det, cls);
  };
  CHECK(at("lion.jpg", 0.2, 0.5)->name == "lion");
  CHECK(at("unsure.jpg", 0.2, 0.5)->name == "unknown");
  CHECK(at("unsure.jpg", 0.2, 0.4)->name == "leopard");
  CHECK(at("reviewed.jpg", 0.2, 0.5)->name == "leopard");  // the reviewer's, over a 0.99 lion
  CHECK(at("named.jpg", 0.99, 0.99)->name == "aardwolf");   // accepted, and named by the reviewer
  CHECK(at("old_unknown.jpg", 0.2, 0.5)->name == "cheetah");
  CHECK_FALSE(at("faint.jpg", 0.2, 0.5));
  CHECK(at("faint.jpg", 0.0, 0.5)->name == "lion");
  CHECK_FALSE(at("rejected.jpg", 0.0, 0.0));
  CHECK_FALSE(at("blank.jpg", 0.0, 0.0));
  CHECK_FALSE(at("broken.jpg", 0.0, 0.0));
}
