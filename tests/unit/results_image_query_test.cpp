// The gallery's filter and sort (core/results/image_query.h): each condition on synthetic
// records, the real MegaDetector v5a output fixture, and 20,000 images for a time printout.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <set>

#include "core/results/image_query.h"
#include "core/results/md_json_reader.h"
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

// File names of the query's answer, in its order.
std::vector<std::string> names(const std::vector<ImageRecord>& images, const std::vector<std::uint32_t>& indices) {
  std::vector<std::string> out;
  for (auto i : indices) out.push_back(images[i].file);
  return out;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("query: filters by kind, empty, failed, confidence, text and review") {
  const CategoryNames md = megadetector_default_categories();
  const CategoryNames species = {{"1", "Loxodonta africana"}, {"2", "Panthera leo"}};
  std::vector<ImageRecord> images = {
      image("lion.jpg", {det("1", 0.9)}, "2020-01-02T05:00:00"),
      image("walker.jpg", {det("2", 0.6), det("1", 0.1)}, "2020-01-01T10:00:00"),
      image("car.jpg", {det("3", 0.4)}),
      image("grass.jpg", {det("1", 0.15)}, "2020-01-01T09:00:00"),
      image("bad.jpg", {}),
      image("fixed.jpg", {det("2", 0.8, {ReviewState::Relabelled, "1"})}),
      image("ok.jpg", {det("1", 0.7, {ReviewState::Accepted, ""})}),
  };
  images[0].detections[0].classifications = {{"2", 0.95}};
  images[4].failure = "unreadable";
  const auto items = items_of(images);
  const QueryContext context{md, species, 0.2};
  const auto run = [&](const ImageFilter& f, ImageSort s = {}) { return names(images, query_images(items, context, f, s)); };

  CHECK(run({}).size() == images.size());
  ImageFilter animals;
  animals.show = kShowAnimal;
  CHECK(run(animals) == Names{"lion.jpg", "fixed.jpg", "ok.jpg"});  // walker's animal is below 0.2
  ImageFilter people_or_vehicles;
  people_or_vehicles.show = kShowPerson | kShowVehicle;
  CHECK(run(people_or_vehicles) == Names{"walker.jpg", "car.jpg"});
  ImageFilter empty_only;
  empty_only.show = kShowEmpty;
  CHECK(run(empty_only) == Names{"grass.jpg"});
  ImageFilter failed_only;
  failed_only.show = kShowFailed;
  CHECK(run(failed_only) == Names{"bad.jpg"});

  ImageFilter confident;
  confident.min_conf = 0.5;
  CHECK(run(confident) == Names{"lion.jpg", "walker.jpg", "fixed.jpg", "ok.jpg"});
  confident.max_conf = 0.75;
  CHECK(run(confident) == Names{"walker.jpg", "ok.jpg"});

  ImageFilter text;
  text.text = "LEO";  // the lion's species
  CHECK(run(text) == Names{"lion.jpg"});
  text.text = "person";  // a category name; fixed.jpg's person became an animal
  CHECK(run(text) == Names{"walker.jpg"});

  ImageFilter reviewed;
  reviewed.review = ReviewFilter::Reviewed;
  CHECK(run(reviewed) == Names{"fixed.jpg", "ok.jpg"});
  reviewed.review = ReviewFilter::Corrected;
  CHECK(run(reviewed) == Names{"fixed.jpg"});
  reviewed.review = ReviewFilter::NotReviewed;
  CHECK(run(reviewed).size() == 5);

  // Conditions combine: animals that nobody reviewed.
  animals.review = ReviewFilter::NotReviewed;
  CHECK(run(animals) == Names{"lion.jpg"});
}

TEST_CASE("query: sorts by name, capture time and best confidence; missing keys last") {
  const CategoryNames md = megadetector_default_categories();
  std::vector<ImageRecord> images = {
      image("b.jpg", {det("1", 0.5)}, "2020-01-02T05:00:00"),
      image("a.jpg", {det("1", 0.9), det("1", 0.95, {ReviewState::Rejected, ""})}),
      image("c.jpg", {}, "2019-12-31T23:59:59"),
      image("d.jpg", {det("1", 0.5)}, "2020-01-01T00:00:00"),
  };
  std::vector<QueryImage> items = items_of(images);
  items.push_back({nullptr, "0-pending.jpg"});  // not run yet
  const QueryContext context{md, {}, 0.2};
  const auto order = [&](SortKey key, bool desc) {
    std::vector<std::string> out;
    for (auto i : query_images(items, context, {}, {key, desc})) out.emplace_back(items[i].name);
    return out;
  };
  CHECK(order(SortKey::Added, false) == Names{"b.jpg", "a.jpg", "c.jpg", "d.jpg", "0-pending.jpg"});
  CHECK(order(SortKey::Added, true) == Names{"0-pending.jpg", "d.jpg", "c.jpg", "a.jpg", "b.jpg"});
  CHECK(order(SortKey::Name, false) == Names{"0-pending.jpg", "a.jpg", "b.jpg", "c.jpg", "d.jpg"});
  CHECK(order(SortKey::Name, true) == Names{"d.jpg", "c.jpg", "b.jpg", "a.jpg", "0-pending.jpg"});
  CHECK(order(SortKey::CaptureTime, false) == Names{"c.jpg", "d.jpg", "b.jpg", "a.jpg", "0-pending.jpg"});
  CHECK(order(SortKey::CaptureTime, true) == Names{"b.jpg", "d.jpg", "c.jpg", "a.jpg", "0-pending.jpg"});
  // a's rejected 0.95 does not count; b and d tie and keep the order added.
  CHECK(order(SortKey::BestConfidence, true) == Names{"a.jpg", "b.jpg", "d.jpg", "c.jpg", "0-pending.jpg"});
  CHECK(order(SortKey::BestConfidence, false) == Names{"b.jpg", "d.jpg", "a.jpg", "c.jpg", "0-pending.jpg"});

  // An active filter leaves out images that have no results yet.
  ImageFilter any_review;
  any_review.review = ReviewFilter::NotReviewed;
  CHECK(query_images(items, context, any_review, {}).size() == 3);
}

TEST_CASE("query on the MegaDetector v5a output fixture agrees with its JSON") {
  const auto bytes = test::read_fixture("annotations/megadetector_test__md_v5a_output.json");
  auto run = read_md_json(bytes);
  REQUIRE(run.ok());
  const auto json = nlohmann::json::parse(bytes.begin(), bytes.end());
  std::vector<QueryImage> items;
  for (const auto& r : run->images) items.push_back({&r, r.file});
  const QueryContext context{run->detection_categories, {}, 0.2};

  std::set<std::string> animals, empty;
  for (const auto& img : json["images"]) {
    bool any = false;
    for (const auto& d : img["detections"]) {
      if (d["conf"].get<double>() < 0.2) continue;
      any = true;
      if (d["category"] == "1") animals.insert(img["file"].get<std::string>());
    }
    if (!any) empty.insert(img["file"].get<std::string>());
  }
  ImageFilter f;
  f.show = kShowAnimal;
  std::set<std::string> got;
  for (auto i : query_images(items, context, f, {})) got.insert(run->images[i].file);
  CHECK(got == animals);
  f.show = kShowEmpty;
  got.clear();
  for (auto i : query_images(items, context, f, {})) got.insert(run->images[i].file);
  CHECK(got == empty);

  // Best confidence, highest first, is the order of the file's own max_detection_conf.
  const auto order = query_images(items, context, {}, {SortKey::BestConfidence, true});
  REQUIRE(order.size() == json["images"].size());
  double previous = 2;
  for (auto i : order) {
    const auto& img = json["images"][i];
    const double max_conf = img["detections"].empty() ? -1 : img["max_detection_conf"].get<double>();
    CHECK(max_conf <= previous);
    previous = max_conf;
  }
}

TEST_CASE("query: 20,000 images (time printed, not asserted)") {
  const CategoryNames md = megadetector_default_categories();
  const CategoryNames species = {{"1", "Loxodonta africana"}, {"2", "Panthera leo"}, {"3", "Tragulus kanchil"}};
  std::vector<ImageRecord> images(20000);
  std::uint32_t state = 12345;
  auto next = [&state] { state = state * 1664525u + 1013904223u; return (state >> 8) / 16777216.0; };
  for (std::size_t i = 0; i < images.size(); ++i) {
    ImageRecord& r = images[i];
    r.file = "site" + std::to_string(i % 37) + "/IMG_" + std::to_string(100000 - i) + ".JPG";
    // One draw per statement: the order of arguments is the compiler's, and the data should
    // be the same natively and in wasm.
    char when[32];
    const int hour = static_cast<int>(next() * 24);
    const int minute = static_cast<int>(next() * 60);
    std::snprintf(when, sizeof when, "2021-%02d-%02dT%02d:%02d:00", 1 + static_cast<int>(i % 12),
                  1 + static_cast<int>(i % 28), hour, minute);
    r.exif.datetime = when;
    const int n = static_cast<int>(next() * 6);  // 0..5 detections
    for (int k = 0; k < n; ++k) {
      const int category = 1 + static_cast<int>(next() * 3);
      const double conf = next();
      DetectionRecord d = det(std::to_string(category), conf);
      const int species_id = 1 + static_cast<int>(next() * 3);
      const double species_conf = next();
      d.classifications = {{std::to_string(species_id), species_conf}};
      r.detections.push_back(std::move(d));
    }
    if (i % 500 == 0) r.failure = "unreadable";
  }
  const auto items = items_of(images);
  const QueryContext context{md, species, 0.2};
  ImageFilter filter;
  filter.show = kShowAnimal | kShowPerson;
  filter.min_conf = 0.3;
  filter.text = "panthera";

  struct Case { const char* what; ImageFilter f; ImageSort s; };
  const Case cases[] = {{"no filter, order added", {}, {}},
                        {"no filter, by name", {}, {SortKey::Name, false}},
                        {"no filter, by capture time", {}, {SortKey::CaptureTime, true}},
                        {"kinds + confidence + species text, by best confidence", filter, {SortKey::BestConfidence, true}}};
  for (const auto& c : cases) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto out = query_images(items, context, c.f, c.s);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("# query_images, 20000 images, %s: %zu shown in %.2f ms\n", c.what, out.size(), ms);
    CHECK(!out.empty());
  }
}

TEST_CASE("query: species text at the classification threshold; a reviewer's species is a correction") {
  const CategoryNames md = megadetector_default_categories();
  const CategoryNames species = {{"1", "Loxodonta africana"}, {"2", "Panthera leo"}, {"3", "Equus quagga"}};
  std::vector<ImageRecord> images = {
      image("sure-lion.jpg", {det("1", 0.9)}),
      image("maybe-lion.jpg", {det("1", 0.9)}),
      image("zebra.jpg", {det("1", 0.9, Review{ReviewState::Accepted, "", "3"})}),
      image("same.jpg", {det("1", 0.9, Review{ReviewState::Accepted, "", "1"})}),
  };
  images[0].detections[0].classifications = {{"2", 0.9}};
  images[1].detections[0].classifications = {{"2", 0.3}};
  images[2].detections[0].classifications = {{"2", 0.8}};
  images[3].detections[0].classifications = {{"1", 0.8}};
  const auto items = items_of(images);
  QueryContext context{md, species, 0.2};
  context.class_threshold = 0.5;
  const auto run = [&](const ImageFilter& f) { return names(images, query_images(items, context, f, {})); };
  ImageFilter text;
  text.text = "leo";
  CHECK(run(text) == Names{"sure-lion.jpg"});  // maybe-lion is unknown at 0.5, zebra.jpg a zebra
  text.text = "unknown";
  CHECK(run(text) == Names{"maybe-lion.jpg"});
  text.text = "quagga";
  CHECK(run(text) == Names{"zebra.jpg"});
  context.class_threshold = 0.2;
  text.text = "leo";
  CHECK(run(text) == Names{"sure-lion.jpg", "maybe-lion.jpg"});

  ImageFilter review;
  review.review = ReviewFilter::Corrected;
  CHECK(run(review) == Names{"zebra.jpg"});
  review.review = ReviewFilter::Reviewed;
  CHECK(run(review) == Names{"zebra.jpg", "same.jpg"});
}
