#include <catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "core/models/manifest.h"
#include "fixtures.h"

using namespace wl;
using nlohmann::json;

namespace {

std::string source_file(const std::string& rel) { return test::read_text_file(std::string(WL_SOURCE_DIR) + "/" + rel); }

json minimal_detector() {
  return json::parse(R"({
    "id": "d", "task": "detector", "family": "yolov5n", "layout": "yolov5",
    "input": {"sizes": [640]}, "classes": ["a", "b"], "licence": "MIT"
  })");
}

std::string error_of(const json& j) {
  auto r = parse_model_entry(j.dump());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::InvalidArgument);
  return r.error().message;
}

}  // namespace

TEST_CASE("manifest: a minimal detector gets documented defaults", "[manifest]") {
  auto r = parse_model_entry(minimal_detector().dump());
  REQUIRE(r.ok());
  CHECK(r->name == "d");
  CHECK(r->layout == DetectorLayout::YoloV5);
  CHECK(r->resize == ResizeMode::Letterbox);
  CHECK(r->pad_value == 114);
  CHECK(r->stride == 32);
  CHECK(r->thresholds.nms_iou == Approx(0.45f));
  CHECK(r->thresholds.max_det == 300);
  CHECK_FALSE(r->maps_to_md());
  CHECK_FALSE(r->has_onnx());
}

TEST_CASE("manifest: bad entries give errors naming the entry and field", "[manifest]") {
  auto j = minimal_detector();
  SECTION("not JSON") {
    auto r = parse_model_entry("{\"id\": \"x\",");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("not valid JSON") != std::string::npos);
  }
  SECTION("missing task") {
    j.erase("task");
    CHECK(error_of(j) == "Model entry 'd': 'task' is missing (one of: detector, classifier).");
  }
  SECTION("unknown layout") {
    j["layout"] = "yolov99";
    CHECK(error_of(j) == "Model entry 'd': 'layout' must be one of: yolov5, yolov8, yolov10, rtdetr, detr_triple, yolo_mit, rtdetr_topk.");
  }
  SECTION("size not a stride multiple") {
    j["input"]["sizes"] = {650};
    CHECK(error_of(j) == "Model entry 'd': 'input.sizes' must be multiples of the stride (32).");
  }
  SECTION("no sizes") {
    j["input"]["sizes"] = json::array();
    CHECK(error_of(j).find("'input.sizes' must be a non-empty list") != std::string::npos);
  }
  SECTION("md_category of the wrong length") {
    j["md_category"] = {"animal"};
    CHECK(error_of(j).find("'md_category' must list one entry per class (2)") != std::string::npos);
  }
  SECTION("md_category with an unknown category") {
    j["md_category"] = {"animal", "plant"};
    CHECK(error_of(j).find("'md_category' holds something other than") != std::string::npos);
  }
  SECTION("threshold out of range") {
    j["thresholds"] = {{"typical", 1.5}};
    CHECK(error_of(j) == "Model entry 'd': 'thresholds.typical' must be between 0 and 1 (it is 1.5).");
  }
  SECTION("conservative above typical") {
    j["thresholds"] = {{"typical", 0.2}, {"conservative", 0.3}};
    CHECK(error_of(j).find("'thresholds.conservative' must not be above") != std::string::npos);
  }
  SECTION("bad checksum") {
    j["weights"] = json::array({{{"format", "onnx"}, {"url", "https://example.org/m.onnx"}, {"sha256", "abc"}}});
    CHECK(error_of(j).find("'weights[].sha256' must be 64 lowercase hex digits") != std::string::npos);
  }
  SECTION("weights with neither url nor path") {
    j["weights"] = json::array({{{"format", "onnx"}}});
    CHECK(error_of(j).find("needs exactly one of url") != std::string::npos);
  }
  SECTION("non-http url") {
    j["weights"] = json::array({{{"format", "onnx"}, {"url", "ftp://x/y"}}});
    CHECK(error_of(j).find("must be an http(s) address") != std::string::npos);
  }
  SECTION("stride letterbox on a static model") {
    j["input"]["resize"] = "letterbox_stride";
    CHECK(error_of(j).find("needs a model with dynamic H/W") != std::string::npos);
  }
  SECTION("wrong type") {
    j["classes"] = "a,b";
    CHECK(error_of(j) == "Model entry 'd': 'classes' must be a non-empty list of class names.");
  }
}

TEST_CASE("manifest: zoo.json is valid and covers the published models", "[manifest][zoo]") {
  auto zoo = parse_model_zoo(source_file("models/zoo.json"));
  REQUIRE(zoo.ok());
  std::set<std::string> ids;
  for (const auto& m : zoo.value()) {
    ids.insert(m.id);
    INFO(m.id);
    CHECK_FALSE(m.licence.empty());
    CHECK_FALSE(m.weights.empty());
    CHECK_FALSE(m.notes.empty());
    for (const auto& w : m.weights) CHECK(w.url.rfind("https://", 0) == 0);
    if (m.task == ModelTask::Detector) {
      CHECK(m.class_names == std::vector<std::string>{"animal", "person", "vehicle"});
      CHECK(m.maps_to_md());
    } else {
      CHECK(m.class_names.size() >= 2);
      CHECK(m.mean[0] == Approx(0.485f));
    }
  }
  for (const char* id : {"mdv5a", "mdv5b", "mdv6-yolov9-c", "mdv6-yolov9-e", "mdv6-yolov10-c", "mdv6-yolov10-e",
                         "mdv6-rtdetr-c", "mdv6-mit-yolov9-c", "mdv6-mit-yolov9-e", "mdv6-apa-rtdetr-c",
                         "mdv6-apa-rtdetr-e", "deepfaune-detector", "ai4g-amazon-v1", "ai4g-amazon-v2", "ai4g-opossum",
                         "ai4g-serengeti", "deepfaune-classifier", "dfne"})
    CHECK(ids.count(id) == 1);
}

TEST_CASE("manifest: a zoo with a duplicate id or another schema is rejected", "[manifest][zoo]") {
  json entry = minimal_detector();
  json zoo = {{"schema", 1}, {"models", {entry, entry}}};
  auto r = parse_model_zoo(zoo.dump());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "Model id 'd' appears twice in the zoo.");
  zoo = {{"schema", 2}, {"models", {entry}}};
  r = parse_model_zoo(zoo.dump());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("another version of the app") != std::string::npos);
}

TEST_CASE("manifest: fixture entries match the fixture models", "[manifest]") {
  auto zoo = parse_model_zoo(source_file("tests/models/fixtures.json"));
  REQUIRE(zoo.ok());
  REQUIRE(zoo->size() == 4);
  const auto& y = zoo->at(0);
  CHECK(y.id == "yolov5n-coco");
  // Class names are those of models/yolov5n-coco.names, one per line.
  std::string names = test::read_text_file(test::fixture_path("models/yolov5n-coco.names"));
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < names.size()) {
    auto end = names.find('\n', start);
    if (end == std::string::npos) end = names.size();
    if (end > start) lines.push_back(names.substr(start, end - start));
    start = end + 1;
  }
  CHECK(y.class_names == lines);
  REQUIRE(y.md_category.size() == 80);
  CHECK(y.md_category[0] == MdCategory::Person);
  CHECK(y.md_category[2] == MdCategory::Vehicle);   // car
  CHECK(y.md_category[20] == MdCategory::Animal);   // elephant
  CHECK_FALSE(y.md_category[13].has_value());       // bench
  CHECK(y.thresholds.candidate == Approx(0.005f));
  CHECK(y.thresholds.nms_iou == Approx(0.45f));
  CHECK_FALSE(zoo->at(1).maps_to_md());
  const auto& v10 = zoo->at(2);
  CHECK(v10.layout == DetectorLayout::YoloV10);
  CHECK(v10.dynamic_hw);
  CHECK(v10.rescale == BoxRescale::Ultralytics);
  CHECK(v10.input_sizes == std::vector<int>{1280, 640});
  CHECK(v10.weights.at(0).sha256 == std::optional<std::string>(
                                         "b2a9361894ba8c36cde18863f721e729194a294abc7fcd6270e6b1902df47212"));
  const auto& mobilenet = zoo->at(3);
  CHECK(mobilenet.task == ModelTask::Classifier);
  CHECK(mobilenet.class_names.size() == 1000);
  CHECK(mobilenet.class_names[0] == "tench");
  CHECK(mobilenet.scores == ClassifierScores::Logits);
}
