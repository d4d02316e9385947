// The "needs a look" queue (core/results/review_queue.h): which images are queued (the
// detector's grey zone, a species below the classification threshold), in which order (the
// closest call first), that reviewed images leave it, the thresholds taken from a run's
// metadata, walking it with next / previous, and 20,000 images for a time printout.
#include <catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/results/md_json_reader.h"
#include "core/results/review_queue.h"
#include "fixtures.h"
#include "sample_records.h"

using namespace wl;
using wl::test::det;
using wl::test::image;

namespace {

std::vector<QueryImage> items_of(const std::vector<ImageRecord>& images) {
  std::vector<QueryImage> out;
  for (const auto& r : images) out.push_back({&r, r.file});
  return out;
}

DetectionRecord classified(std::string category, double conf, std::vector<Classification> classes) {
  DetectionRecord d = det(std::move(category), conf);
  d.classifications = std::move(classes);
  return d;
}

std::vector<std::string> files(const std::vector<ImageRecord>& images, const std::vector<QueueEntry>& queue) {
  std::vector<std::string> out;
  for (const auto& e : queue) out.push_back(images[e.index].file);
  return out;
}

using Names = std::vector<std::string>;

const CategoryNames kSpecies = {{"1", "Loxodonta africana"}, {"2", "Panthera leo"}, {"3", "unknown"}};

}  // namespace

TEST_CASE("queue thresholds: both from the run, one of them, or the fallback") {
  DetectorInfo info;
  CHECK(queue_thresholds(info, 0.3, 0.6) == QueueThresholds{0.3, 0.15, 0.6});
  info.typical_threshold = 0.2;
  CHECK(queue_thresholds(info, 0.3, 0.5) == QueueThresholds{0.2, 0.1, 0.5});
  info.conservative_threshold = 0.05;
  CHECK(queue_thresholds(info, 0.3, 0.5) == QueueThresholds{0.2, 0.05, 0.5});
  info.typical_threshold.reset();
  CHECK(queue_thresholds(info, 0.3, 0.5) == QueueThresholds{0.1, 0.05, 0.5});
  info.conservative_threshold = 0.7;
  CHECK(queue_thresholds(info, 0.3, 0.5) == QueueThresholds{1.0, 0.7, 0.5});
  // Nonsense metadata (conservative above typical): half of typical.
  info.typical_threshold = 0.4;
  CHECK(queue_thresholds(info, 0.3, 0.5) == QueueThresholds{0.4, 0.2, 0.5});
}

TEST_CASE("queue: the detector's grey zone and unknown species, closest call first") {
  const CategoryNames md = megadetector_default_categories();
  std::vector<ImageRecord> images = {
      image("sure.jpg", {det("1", 0.9)}),                                     // 0: above typical
      image("faint.jpg", {det("1", 0.05)}),                                   // 1: below conservative
      image("edge.jpg", {det("1", 0.19)}),                                    // 2: zone, margin 0.1
      image("low.jpg", {det("1", 0.11), det("1", 0.02)}),                     // 3: zone, margin 0.9
      image("empty.jpg", {}),                                                 // 4: nothing at all
      image("elephant.jpg", {classified("1", 0.9, {{"1", 0.8}})}),            // 5: species known
      image("maybe-lion.jpg", {classified("1", 0.9, {{"2", 0.44}, {"1", 0.3}})}),  // 6: unknown, margin 0.12
      image("no-idea.jpg", {classified("1", 0.8, {{"2", 0.1}})}),             // 7: unknown, margin 0.8
      image("bad.jpg", {det("1", 0.15)}),                                     // 8: failed
      image("checked.jpg", {det("1", 0.15, {ReviewState::Accepted, ""})}),    // 9: reviewed
      image("both.jpg", {classified("1", 0.15, {{"1", 0.3}})}),               // 10: zone 0.5, species 0.4
      image("rejected.jpg", {det("1", 0.15, {ReviewState::Rejected, ""})}),   // 11: reviewed
      image("mixed.jpg", {classified("1", 0.9, {{"1", 0.9}}), classified("1", 0.8, {{"2", 0.2}})}),  // 12: known wins
  };
  images[8].failure = "unreadable";
  const auto items = items_of(images);
  const QueueThresholds t{0.2, 0.1, 0.5};
  const auto queue = review_queue(items, md, kSpecies, t, 0.2);
  CHECK(files(images, queue) == Names{"edge.jpg", "maybe-lion.jpg", "both.jpg", "no-idea.jpg", "low.jpg"});
  REQUIRE(queue.size() == 5);
  CHECK(queue[0].reasons == kQueueDetection);
  CHECK(queue[0].margin == Approx(0.1));
  CHECK(queue[0].best_conf == Approx(0.19));
  CHECK(queue[1].reasons == kQueueSpecies);
  CHECK(queue[1].margin == Approx(0.12));
  REQUIRE(queue[1].species_conf);
  CHECK(*queue[1].species_conf == Approx(0.44));
  // both.jpg: its 0.15 box is below the view's 0.2, so its species is not decided; at a view
  // threshold of 0.1 it is shown, and its species (0.3) is unknown too.
  CHECK(queue[2].reasons == kQueueDetection);
  CHECK(queue[2].margin == Approx(0.5));
  const auto low_view = review_queue(items, md, kSpecies, t, 0.1);
  const auto both = std::find_if(low_view.begin(), low_view.end(), [&](const QueueEntry& e) { return images[e.index].file == "both.jpg"; });
  REQUIRE(both != low_view.end());
  CHECK(both->reasons == (kQueueDetection | kQueueSpecies));
  CHECK(both->margin == Approx(0.4));

  // Moving the classification threshold moves species in and out: at 0.25 maybe-lion is a lion.
  const auto lenient = review_queue(items, md, kSpecies, {0.2, 0.1, 0.25}, 0.2);
  CHECK(files(images, lenient) == Names{"edge.jpg", "both.jpg", "no-idea.jpg", "low.jpg"});

  // Reviewed images leave: a box accepted, or a species named by a person.
  images[2].detections[0].review = {ReviewState::Accepted, ""};
  images[6].detections[0].review.species = "2";
  CHECK(files(images, review_queue(items, md, kSpecies, t, 0.2)) == Names{"both.jpg", "no-idea.jpg", "low.jpg"});
  // A person's tag on an image counts as a review too.
  images[3].label = ImageLabel{"animal", std::nullopt, kHumanLabelSource};
  CHECK(files(images, review_queue(items, md, kSpecies, t, 0.2)) == Names{"both.jpg", "no-idea.jpg"});
}

TEST_CASE("queue: images not run yet are left out, ties keep the order added") {
  const CategoryNames md = megadetector_default_categories();
  std::vector<ImageRecord> images = {image("b.jpg", {det("1", 0.15)}), image("a.jpg", {det("1", 0.15)})};
  std::vector<QueryImage> items = items_of(images);
  items.insert(items.begin(), QueryImage{nullptr, "pending.jpg"});
  const auto queue = review_queue(items, md, {}, {0.2, 0.1, 0.5}, 0.2);
  REQUIRE(queue.size() == 2);
  CHECK(queue[0].index == 1);
  CHECK(queue[1].index == 2);
}

TEST_CASE("queue walk: next and previous, and after the image shown left the queue") {
  std::vector<QueueEntry> q(3);
  q[0].index = 7;
  q[1].index = 2;
  q[2].index = 5;
  CHECK(queue_step(q, std::nullopt, 0, 1) == 0u);   // nothing shown: the first
  CHECK(queue_step(q, std::nullopt, 0, -1) == 2u);  // ... or the last
  CHECK(queue_step(q, 7u, 0, 1) == 1u);
  CHECK(queue_step(q, 2u, 1, -1) == 0u);
  CHECK(queue_step(q, 5u, 2, 1) == std::nullopt);   // the end
  CHECK(queue_step(q, 7u, 0, -1) == std::nullopt);  // the start
  // Image 9 was at position 1 and was reviewed: the queue closed up, 2 took its place.
  CHECK(queue_step(q, 9u, 1, 1) == 1u);
  CHECK(queue_step(q, 9u, 1, -1) == 0u);
  CHECK(queue_step(q, 9u, 3, 1) == std::nullopt);   // it was the last
  CHECK(queue_step(q, 9u, 3, -1) == 2u);
  CHECK(queue_step({}, 9u, 0, 1) == std::nullopt);
}

TEST_CASE("queue on the MegaDetector v5a output fixture: the zone between its thresholds") {
  const auto bytes = test::read_fixture("annotations/megadetector_test__md_v5a_output.json");
  auto run = read_md_json(bytes);
  REQUIRE(run.ok());
  std::vector<QueryImage> items;
  for (const auto& r : run->images) items.push_back({&r, r.file});
  const QueueThresholds t = queue_thresholds(run->detector, 0.2, 0.5);
  const auto queue = review_queue(items, run->detection_categories, run->classification_categories, t, t.typical);
  std::size_t expected = 0;
  for (const auto& img : run->images) {
    double best = -1;
    for (const auto& d : img.detections) best = std::max(best, d.conf.value_or(-1));
    if (!img.failed() && best >= t.conservative && best < t.typical) ++expected;
  }
  CHECK(queue.size() == expected);
  for (std::size_t i = 1; i < queue.size(); ++i) CHECK(queue[i - 1].margin <= queue[i].margin);
}

TEST_CASE("queue: 20,000 images (time printed, not asserted)") {
  const CategoryNames md = megadetector_default_categories();
  std::vector<ImageRecord> images(20000);
  std::uint32_t state = 777;
  auto next = [&state] { state = state * 1664525u + 1013904223u; return (state >> 8) / 16777216.0; };
  for (std::size_t i = 0; i < images.size(); ++i) {
    const int n = static_cast<int>(next() * 5);
    for (int k = 0; k < n; ++k) {
      const double conf = next();
      const double species_conf = next();
      images[i].detections.push_back(classified("1", conf, {{"1", species_conf}}));
    }
  }
  const auto items = items_of(images);
  const auto t0 = std::chrono::steady_clock::now();
  const auto queue = review_queue(items, md, kSpecies, {0.2, 0.1, 0.5}, 0.2);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::printf("# review_queue, 20000 images: %zu queued in %.2f ms\n", queue.size(), ms);
  CHECK(!queue.empty());
}
