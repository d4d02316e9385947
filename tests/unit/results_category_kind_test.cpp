#include <catch.hpp>

#include "core/results/category_kind.h"
#include "sample_records.h"

using namespace wl;

TEST_CASE("category kinds come from names, for MegaDetector and other models alike") {
  const CategoryNames md = megadetector_default_categories();
  CHECK(category_kind(md, "1") == CategoryKind::Animal);
  CHECK(category_kind(md, "2") == CategoryKind::Person);
  CHECK(category_kind(md, "3") == CategoryKind::Vehicle);
  CHECK(category_kind(md, "9") == CategoryKind::Other);
  const CategoryNames coco = {{"1", "person"}, {"3", "car"}, {"17", "dog"}};
  CHECK(category_kind(coco, "1") == CategoryKind::Person);
  CHECK(category_kind(coco, "3") == CategoryKind::Other);
  CHECK(category_kind_of_name("Vehicle") == CategoryKind::Vehicle);
  CHECK(std::string(to_string(CategoryKind::Other)) == "other");
}

TEST_CASE("counts honour the threshold and the reviewer's decisions") {
  const CategoryNames md = megadetector_default_categories();
  using wl::test::det;
  ImageRecord img = wl::test::image("a.jpg", {det("1", 0.9), det("1", 0.1), det("2", 0.5), det("3", 0.05), det("1", 0.8)});
  KindCounts c = count_kinds(img, md, 0.2);
  CHECK(c.animal == 2);
  CHECK(c.person == 1);
  CHECK(c.vehicle == 0);
  CHECK(c.total() == 3);

  img.detections[0].review.state = ReviewState::Rejected;          // a false animal
  img.detections[3].review = {ReviewState::Accepted, ""};           // a faint vehicle a person confirmed
  img.detections[2].review = {ReviewState::Relabelled, "1"};        // the "person" was an animal
  c = count_kinds(img, md, 0.2);
  CHECK(c.animal == 2);
  CHECK(c.person == 0);
  CHECK(c.vehicle == 1);
  CHECK(c.of(CategoryKind::Animal) == 2);
  CHECK_FALSE(detection_visible(img.detections[0], 0.0));
  CHECK(detection_visible(img.detections[3], 0.99));
}
