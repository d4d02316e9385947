// The COCO Camera Traps export.
#include <catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "core/results/cct_writer.h"
#include "core/results/md_json_reader.h"
#include "fixtures.h"
#include "sample_runs.h"

namespace {

using nlohmann::json;

json write_cct(const wl::RunResults& run, const wl::CctWriteOptions& options = {}) {
  auto text = wl::write_coco_camera_traps(run, options);
  INFO((text.ok() ? std::string() : text.error().message));
  REQUIRE(text.ok());
  return json::parse(*text);
}

std::vector<json> annotations_of(const json& doc, const std::string& image_id) {
  std::vector<json> out;
  for (const auto& ann : doc["annotations"])
    if (ann["image_id"] == image_id) out.push_back(ann);
  return out;
}

}  // namespace

TEST_CASE("CCT: categories start with empty, images and annotations reference each other", "[results][cct]") {
  json doc = write_cct(wl::test::sample_run());
  CHECK(doc["info"]["contributor"].get<std::string>().rfind("CamTrap Studio", 0) == 0);
  CHECK(doc["info"]["detector"] == "md_v5a.0.0.onnx");
  CHECK(doc["categories"] == json::parse(R"([{"id":0,"name":"empty"},{"id":1,"name":"animal"},
                                             {"id":2,"name":"person"},{"id":3,"name":"vehicle"},
                                             {"id":1000,"name":"fox"},{"id":1001,"name":"elk"},
                                             {"id":1002,"name":"wolf"}])"));
  std::set<std::string> image_ids;
  for (const auto& image : doc["images"]) {
    // An image is its file; a clip's frame is the clip's file and the frame.
    const std::string id = image["id"], file = image["file_name"];
    if (id != file) CHECK(id.rfind(file + "/frame", 0) == 0);
    image_ids.insert(image["id"].get<std::string>());
  }
  CHECK(image_ids.size() == 7);  // 4 images and 3 analysed frames of the clip
  std::set<long long> ann_ids;
  for (const auto& ann : doc["annotations"]) {
    CHECK(image_ids.count(ann["image_id"].get<std::string>()) == 1);
    ann_ids.insert(ann["id"].get<long long>());
  }
  CHECK(ann_ids.size() == doc["annotations"].size());
}

TEST_CASE("CCT: boxes in pixels, scores, reviewer decisions, classifications", "[results][cct]") {
  json doc = write_cct(wl::test::sample_run());
  auto anns = annotations_of(doc, "site1/IMG_0001.JPG");
  REQUIRE(anns.size() == 3);  // the rejected vehicle is left out
  // 0.1235*2048 = 252.928 -> 252.93; 0.3333*2048 = 682.5984 -> 682.6.
  CHECK(anns[0]["bbox"] == json({252.93, 384.0, 682.6, 768.0}));
  CHECK(anns[0]["score"] == 0.926);
  CHECK(anns[0]["category_id"] == 1002);  // wolf, 0.901 at the classifier's 0.65
  CHECK(anns[0]["detection_category_id"] == 1);
  CHECK(anns[0]["species"] == "wolf");
  CHECK(anns[0]["classification"] == "wolf");
  CHECK(anns[0]["classification_conf"] == 0.901);
  CHECK(anns[1]["category_id"] == 2);
  CHECK(anns[1]["detection_category_id"] == 2);
  CHECK_FALSE(anns[1].contains("species"));
  CHECK(anns[1]["reviewed"] == "changed");
  for (const auto& ann : anns) CHECK(ann["category_id"] != 3);

  const json& image = doc["images"][0];
  CHECK(image["width"] == 2048);
  CHECK(image["height"] == 1536);
  CHECK(image["datetime"] == "2010-08-19T18:24:57");
  CHECK(image["seq_id"] == "site1#0001");
  CHECK(image["seq_num_frames"] == 3);
  CHECK(image["frame_num"] == 0);

  wl::CctWriteOptions full;
  full.exp.full_precision = true;
  json exact = write_cct(wl::test::sample_run(), full);
  CHECK(annotations_of(exact, "site1/IMG_0001.JPG")[0]["bbox"][0] == 0.123456789 * 2048);
}

TEST_CASE("CCT: an empty image gets an annotation of the empty category without a box", "[results][cct]") {
  json doc = write_cct(wl::test::sample_run());
  auto anns = annotations_of(doc, "site1/IMG_0002.JPG");
  REQUIRE(anns.size() == 1);
  CHECK(anns[0]["category_id"] == 0);
  CHECK_FALSE(anns[0].contains("bbox"));
}

TEST_CASE("CCT: failed images are listed with their failure, or left out", "[results][cct]") {
  json doc = write_cct(wl::test::sample_run());
  CHECK(annotations_of(doc, "site1/broken.jpg").empty());
  bool found = false;
  for (const auto& image : doc["images"])
    if (image["id"] == "site1/broken.jpg") {
      found = true;
      CHECK(image["failure"] == "the file is not a JPEG or PNG image");
    }
  CHECK(found);
  wl::CctWriteOptions skip;
  skip.include_failed = false;
  CHECK(write_cct(wl::test::sample_run(), skip)["images"].size() == 6);
}

TEST_CASE("CCT: a detector that uses category 0 moves empty to a free id", "[results][cct]") {
  wl::RunResults run = wl::test::sample_run();
  run.detection_categories = {{"0", "animal"}, {"1", "person"}, {"2", "vehicle"}};
  for (auto& image : run.images)
    for (auto& det : image.detections) det.category = "0", det.review = {};
  json doc = write_cct(run);
  CHECK(doc["categories"][0] == json({{"id", 3}, {"name", "empty"}}));
  CHECK(annotations_of(doc, "site1/IMG_0002.JPG")[0]["category_id"] == 3);
}

TEST_CASE("CCT refuses what COCO cannot hold", "[results][cct]") {
  wl::RunResults run = wl::test::sample_run();
  run.images[0].width.reset();
  auto no_size = wl::write_coco_camera_traps(run);
  REQUIRE_FALSE(no_size.ok());
  CHECK_THAT(no_size.error().message, Catch::Matchers::Contains("pixel size of \"site1/IMG_0001.JPG\""));

  run = wl::test::sample_run();
  run.detection_categories["animal"] = "animal";
  auto bad_id = wl::write_coco_camera_traps(run);
  REQUIRE_FALSE(bad_id.ok());
  CHECK_THAT(bad_id.error().message, Catch::Matchers::Contains("\"animal\" is not a whole number"));

  run = wl::test::sample_run();
  run.images[0].detections[1].review.category = "9";
  auto unknown = wl::write_coco_camera_traps(run);
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.error().message, Catch::Matchers::Contains("category 9"));
}

TEST_CASE("CCT: the 2019 demo boxes come back in their original pixels", "[results][cct]") {
  auto bytes = wl::test::read_fixture("annotations/snapshot_serengeti_gallery__detector_results.json");
  wl::MdJsonReadOptions frame;
  frame.legacy_frame_width = 2048;
  frame.legacy_frame_height = 1536;
  auto run = wl::read_md_json(bytes, frame);
  REQUIRE(run.ok());
  wl::CctWriteOptions full;
  full.exp.full_precision = true;
  json doc = write_cct(*run, full);
  json original = json::parse(std::string(bytes.begin(), bytes.end()));
  std::size_t checked = 0;
  for (auto it = original.begin(); it != original.end(); ++it) {
    auto anns = annotations_of(doc, it.key());
    REQUIRE(anns.size() == it.value()["bboxes"].size());
    for (std::size_t i = 0; i < anns.size(); ++i) {
      const json& px = it.value()["bboxes"][i];
      CHECK(anns[i]["bbox"][0].get<double>() == Approx(px["x"].get<double>()).epsilon(1e-15));
      CHECK(anns[i]["bbox"][1].get<double>() == Approx(px["y"].get<double>()).epsilon(1e-15));
      CHECK(anns[i]["bbox"][2].get<double>() == Approx(px["w"].get<double>()).epsilon(1e-15));
      CHECK(anns[i]["bbox"][3].get<double>() == Approx(px["h"].get<double>()).epsilon(1e-15));
      CHECK_FALSE(anns[i].contains("score"));
      ++checked;
    }
  }
  CHECK(checked == 41);
}

namespace {

const json& annotation_of(const json& doc, const std::string& image_id, std::size_t index = 0) {
  static const json none;
  auto anns = annotations_of(doc, image_id);
  REQUIRE(anns.size() > index);
  for (const auto& ann : doc["annotations"])
    if (ann["image_id"] == image_id && index-- == 0) return ann;
  return none;
}

}  // namespace

TEST_CASE("CCT: species are categories of their own, the detector's category stays beside them",
          "[results][cct][species]") {
  const wl::RunResults run = wl::test::species_run();
  json doc = write_cct(run);
  // "unknown" (an older version's entry) is no species category; aardwolf, named by a reviewer, is.
  CHECK(doc["categories"] == json::parse(R"([{"id":0,"name":"empty"},{"id":1,"name":"animal"},
                                             {"id":2,"name":"person"},{"id":3,"name":"vehicle"},
                                             {"id":1001,"name":"lion"},{"id":1002,"name":"leopard"},
                                             {"id":1003,"name":"cheetah"},{"id":1005,"name":"aardwolf"}])"));
  CHECK(doc["info"]["classifier"] == "AI4G-Serengeti.onnx");
  CHECK(doc["info"]["confidence_threshold"] == 0.005);
  CHECK(doc["info"]["classification_threshold"] == 0.5);

  const json& lion = annotation_of(doc, "lion.jpg");
  CHECK(lion["category_id"] == 1001);
  CHECK(lion["detection_category_id"] == 1);
  CHECK(lion["species"] == "lion");
  CHECK(lion["species_conf"] == 0.91);
  CHECK_FALSE(lion.contains("species_reviewed"));
  const json& person = annotation_of(doc, "lion.jpg", 1);
  CHECK(person["category_id"] == 2);
  CHECK(person["detection_category_id"] == 2);
  CHECK_FALSE(person.contains("species"));

  const json& unsure = annotation_of(doc, "unsure.jpg");
  CHECK(unsure["category_id"] == 1);  // unknown: the detection category
  CHECK(unsure["species"] == "unknown");
  CHECK_FALSE(unsure.contains("species_conf"));
  CHECK(unsure["classification"] == "leopard");
  CHECK(unsure["classification_conf"] == 0.4);

  const json& reviewed = annotation_of(doc, "reviewed.jpg");
  CHECK(reviewed["category_id"] == 1002);
  CHECK(reviewed["species"] == "leopard");
  CHECK(reviewed["species_reviewed"] == true);
  CHECK_FALSE(reviewed.contains("species_conf"));
  CHECK(annotation_of(doc, "reviewed.jpg", 1)["category_id"] == 1001);

  const json& named = annotation_of(doc, "named.jpg");
  CHECK(named["category_id"] == 1005);
  CHECK(named["species_reviewed"] == true);
  CHECK(named["reviewed"] == "accepted");

  CHECK(annotation_of(doc, "old_unknown.jpg")["category_id"] == 1003);
  CHECK(annotation_of(doc, "rejected.jpg")["category_id"] == 0);  // the only box was rejected: empty
  CHECK(annotation_of(doc, "blank.jpg")["category_id"] == 0);

  std::set<long long> ids;
  for (const auto& c : doc["categories"]) ids.insert(c["id"].get<long long>());
  for (const auto& ann : doc["annotations"]) CHECK(ids.count(ann["category_id"].get<long long>()) == 1);
}

TEST_CASE("CCT: the thresholds given are applied and written", "[results][cct][species]") {
  const wl::RunResults run = wl::test::species_run();
  wl::CctWriteOptions options;
  options.exp.min_conf = 0.2;
  options.exp.min_classification_conf = 0.3;
  json doc = write_cct(run, options);
  CHECK(doc["info"]["confidence_threshold"] == 0.2);
  CHECK(doc["info"]["classification_threshold"] == 0.3);
  CHECK(annotation_of(doc, "unsure.jpg")["category_id"] == 1002);
  CHECK(annotation_of(doc, "unsure.jpg")["species"] == "leopard");
  CHECK(annotation_of(doc, "faint.jpg")["category_id"] == 0);
  CHECK_FALSE(annotation_of(doc, "faint.jpg").contains("bbox"));

  options.exp.min_conf = 0.0;
  options.exp.min_classification_conf = 0.95;
  doc = write_cct(run, options);
  CHECK(doc["info"]["confidence_threshold"] == 0.0);
  CHECK(annotation_of(doc, "faint.jpg")["category_id"] == 1001);  // 0.95 lion, every candidate
  CHECK(annotation_of(doc, "lion.jpg")["category_id"] == 1);      // 0.91 < 0.95
  CHECK(annotation_of(doc, "lion.jpg")["species"] == "unknown");
  CHECK(annotation_of(doc, "reviewed.jpg")["category_id"] == 1002);  // the reviewer's, at any threshold
}

TEST_CASE("CCT: species ids stay clear of a detector with many categories", "[results][cct][species]") {
  wl::RunResults run = wl::test::species_run();
  run.detection_categories["1200"] = "zebra";
  json doc = write_cct(run);
  CHECK(annotation_of(doc, "lion.jpg")["category_id"] == 2001);
  bool found = false;
  for (const auto& c : doc["categories"])
    if (c["id"] == 2005) found = c["name"] == "aardwolf";
  CHECK(found);
}

TEST_CASE("CCT: a run without species writes no species members", "[results][cct][species]") {
  wl::RunResults run = wl::test::sample_run();
  run.classifier = {};
  run.classification_categories.clear();
  for (auto& image : run.images)
    for (auto& det : image.detections) det.classifications.clear();
  json doc = write_cct(run);
  CHECK(doc["categories"].size() == 4);
  CHECK_FALSE(doc["info"].contains("classification_threshold"));
  CHECK_FALSE(doc["info"].contains("classifier"));
  for (const auto& ann : doc["annotations"]) {
    CHECK_FALSE(ann.contains("species"));
    CHECK_FALSE(ann.contains("detection_category_id"));
  }
}

TEST_CASE("CCT: a clip's analysed frames are images of one sequence", "[results][cct][video]") {
  json doc = write_cct(wl::test::sample_run());
  std::vector<json> frames;
  for (const auto& image : doc["images"])
    if (image["file_name"] == "site2/CLIP0001.MP4") frames.push_back(image);
  REQUIRE(frames.size() == 3);  // frames 0, 30 and 60
  CHECK(frames[1]["id"] == "site2/CLIP0001.MP4/frame000030");
  CHECK(frames[1]["seq_id"] == "site2/CLIP0001.MP4");
  CHECK(frames[1]["seq_num_frames"] == 3);
  CHECK(frames[1]["frame_num"] == 30);
  CHECK(frames[1]["frame_time_s"] == 1.001);
  auto in_30 = annotations_of(doc, "site2/CLIP0001.MP4/frame000030");
  REQUIRE(in_30.size() == 1);
  CHECK(in_30[0]["category_id"] == 2);
  CHECK(in_30[0].contains("bbox"));
  auto in_0 = annotations_of(doc, "site2/CLIP0001.MP4/frame000000");
  REQUIRE(in_0.size() == 1);
  CHECK(in_0[0]["category_id"] == 0);  // nothing found in that frame: empty
}
