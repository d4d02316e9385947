// The per-image detection pipeline with a fake engine that replays the reference raw outputs:
// decode -> letterbox -> tensor -> (fake) inference -> decode/NMS -> rescale must give the
// YOLOv5 reference detections, and failures must be per image.
#include <algorithm>
#include <catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/models/manifest.h"
#include "core/pipeline/detect_pipeline.h"
#include "core/pipeline/run_builder.h"
#include "fixtures.h"
#include "npy.h"
#include "replay_engine.h"

using namespace wl;
using nlohmann::json;

TEST_CASE("pipeline: yolov5n stage images give the reference detections", "[pipeline]") {
  const char* keys[][2] = {
      {"speciesnet_test/african_elephants_with_exif_orientation.jpg", "speciesnet_test__african_elephants_with_exif_orientation.jpg"},
      {"camtrapR_sabah/StationA/PBE/StationA__2009-04-22__20-19-00(1).JPG",
       "camtrapR_sabah__StationA__PBE__StationA__2009-04-22__20-19-00(1).JPG"},
  };
  auto pipeline = DetectionPipeline::create(test::fixture_model_entry("yolov5n-coco-raw"), {});
  REQUIRE(pipeline.ok());
  CHECK(pipeline->input_size() == 640);
  CHECK(pipeline->threshold() == Approx(0.005f));
  for (const auto& k : keys) {
    INFO(k[0]);
    const std::string stage = std::string("stages/yolov5n/") + k[1];
    auto raw = test::parse_npy(test::read_fixture(stage + ".raw_output.npy"));
    test::ReplayEngine engine;
    engine.outputs.push_back(TensorF32{"output0", ElementType::Float32, raw.shape, raw.values});
    json ref = json::parse(test::read_text_file(test::fixture_path(stage + ".nms.json")));

    auto bytes = test::read_fixture(std::string("images/") + k[0]);
    REQUIRE(pipeline->begin(k[0], bytes, engine).ok());
    CHECK(pipeline->busy());
    CHECK_FALSE(pipeline->poll(engine).has_value());  // still "running"
    ImageDetections out = test::run_to_end(*pipeline, engine);
    CHECK_FALSE(pipeline->busy());
    REQUIRE(engine.starts() == 1);
    CHECK(engine.shapes.back() == std::vector<std::int64_t>{1, 3, 640, 640});
    const auto [lo, hi] = std::minmax_element(engine.inputs.back().begin(), engine.inputs.back().end());
    CHECK(*lo >= 0.0f);
    CHECK(*hi <= 1.0f);
    CHECK(engine.side_inputs.back().empty());  // a one-input model gets only the image
    REQUIRE_FALSE(out.failure);
    if (std::string(k[0]).rfind("camtrapR", 0) == 0) CHECK(out.facts.datetime.rfind("2009-04-22T20:19:00", 0) == 0);
    CHECK(out.width == ref["width"].get<int>());   // upright size: EXIF orientation applied
    CHECK(out.height == ref["height"].get<int>());
    REQUIRE(out.detections.size() == ref["detections"].size());
    for (std::size_t i = 0; i < out.detections.size(); ++i) {
      const auto& d = out.detections[i];
      const auto& r = ref["detections"][i];
      CHECK(d.class_id == r["category"].get<int>());
      CHECK(d.confidence == Approx(r["conf"].get<double>()).margin(1e-6));
      CHECK(d.box.x1 == Approx(r["xyxy_px"][0].get<double>()).margin(1e-3));
      CHECK(d.box.y2 == Approx(r["xyxy_px"][3].get<double>()).margin(1e-3));
    }
  }
}

TEST_CASE("pipeline: undecodable files and engine errors fail that image only", "[pipeline]") {
  auto pipeline = DetectionPipeline::create(test::fixture_model_entry("yolov5n-coco"), {.input_size = 0, .threshold = 0.2f});
  REQUIRE(pipeline.ok());
  test::ReplayEngine engine;
  std::string html = "<html>not an image</html>";
  REQUIRE(pipeline->begin("page.jpg", std::span(reinterpret_cast<const std::uint8_t*>(html.data()), html.size()), engine).ok());
  auto out = pipeline->poll(engine);
  REQUIRE(out);
  REQUIRE(out->failure);
  CHECK(engine.starts() == 0);

  engine.fail_with = make_error(ErrorCode::Internal, "out of memory");
  auto bytes = test::read_fixture("images/speciesnet_test/african_elephants_bw.jpg");
  REQUIRE(pipeline->begin("bw.jpg", bytes, engine).ok());
  auto failed = test::run_to_end(*pipeline, engine);
  REQUIRE(failed.failure);
  CHECK(*failed.failure == "Inference failed: out of memory");

  engine.fail_with.reset();
  engine.outputs = {TensorF32{"output0", ElementType::Float32, {1, 10, 6}, std::vector<float>(60, 0.f)}};
  REQUIRE(pipeline->begin("bw.jpg", bytes, engine).ok());
  auto wrong = test::run_to_end(*pipeline, engine);
  REQUIRE(wrong.failure);
  CHECK(wrong.failure->find("[1, 10, 6]") != std::string::npos);
}

TEST_CASE("pipeline: the next image is decoded while the engine runs, results keep their order", "[pipeline]") {
  auto pipeline = DetectionPipeline::create(test::fixture_model_entry("yolov5n-coco-raw"), {});
  REQUIRE(pipeline.ok());
  auto raw = test::parse_npy(test::read_fixture(
      "stages/yolov5n/speciesnet_test__african_elephants_bw.jpg.raw_output.npy"));
  test::ReplayEngine engine;
  engine.outputs.push_back(TensorF32{"output0", ElementType::Float32, raw.shape, raw.values});
  auto jpeg = test::read_fixture("images/speciesnet_test/african_elephants_bw.jpg");
  std::string text = "not an image";
  std::span<const std::uint8_t> junk(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());

  REQUIRE(pipeline->begin("first.jpg", jpeg, engine).ok());
  CHECK(engine.starts() == 1);
  REQUIRE(pipeline->can_begin());
  REQUIRE(pipeline->begin("second.jpg", jpeg, engine).ok());  // decoded now, queued
  CHECK(engine.starts() == 1);                                   // the engine still has only the first
  CHECK_FALSE(pipeline->can_begin());
  CHECK_FALSE(pipeline->begin("third.jpg", jpeg, engine).ok());

  auto first = test::run_to_end(*pipeline, engine);
  CHECK(first.file == "first.jpg");
  CHECK(engine.starts() == 2);  // the queued image went in as soon as the first came out
  REQUIRE(pipeline->begin("junk.jpg", junk, engine).ok());
  auto second = test::run_to_end(*pipeline, engine);
  CHECK(second.file == "second.jpg");
  CHECK(second.timings.decode_ms > 0);
  CHECK(first.detections.size() == second.detections.size());
  REQUIRE_FALSE(first.detections.empty());
  CHECK(first.detections[0].box.x1 == second.detections[0].box.x1);
  auto third = test::run_to_end(*pipeline, engine);
  CHECK(third.file == "junk.jpg");
  CHECK(third.failure);
  CHECK(engine.starts() == 2);
  CHECK_FALSE(pipeline->busy());
  CHECK_FALSE(pipeline->poll(engine).has_value());
}

TEST_CASE("pipeline: entries that cannot run are refused up front", "[pipeline]") {
  auto zoo = parse_model_zoo(test::read_text_file(std::string(WL_SOURCE_DIR) + "/models/zoo.json"));
  REQUIRE(zoo.ok());
  for (const auto& m : zoo.value()) {
    auto p = DetectionPipeline::create(m, {});
    INFO(m.id);
    if (m.task == ModelTask::Classifier) {
      REQUIRE_FALSE(p.ok());
      CHECK(p.error().message.find("is a classifier") != std::string::npos);
    } else if (m.layout == DetectorLayout::None) {
      REQUIRE_FALSE(p.ok());
      CHECK(p.error().code == ErrorCode::UnsupportedLayout);
    } else {
      CHECK(p.ok());
    }
  }
  auto fixed = DetectionPipeline::create(test::fixture_model_entry("yolov5n-coco"), {.input_size = 1280, .threshold = {}});
  REQUIRE_FALSE(fixed.ok());
  CHECK(fixed.error().message == "'yolov5n-coco' has a fixed input size of 640; it cannot run at 1280.");
  CHECK(DetectionPipeline::create(test::fixture_model_entry("mdv6-yolov10n-c-nc3-bncalib-dynamic"), {.input_size = 960, .threshold = {}}).ok());
}

TEST_CASE("run builder: COCO classes map to MegaDetector categories, failures are listed", "[pipeline]") {
  ModelEntry coco = test::fixture_model_entry("yolov5n-coco");
  RunBuilder b(coco, {"yolov5n-coco.onnx", "abc", 640, 0.2f});
  ImageDetections img;
  img.file = "a.jpg";
  img.width = 200;
  img.height = 100;
  img.facts = {"2009-04-22T20:19:00", "Maker", "Model 1"};
  img.detections = {{0, 0.9f, {10, 10, 50, 60}},    // person
                    {2, 0.8f, {0, 0, 200, 100}},    // car -> vehicle
                    {13, 0.7f, {1, 1, 2, 2}},       // bench -> dropped
                    {20, 0.6f, {100, 50, 150, 100}}};  // elephant -> animal
  b.add(img);
  b.add_failure("b.jpg", "permission denied");
  RunResults r = b.finish("2026-11-26 18:00:00");
  CHECK(r.detection_categories.at("1") == "animal");
  REQUIRE(r.images.size() == 2);
  const auto& dets = r.images[0].detections;
  REQUIRE(dets.size() == 3);
  CHECK(dets[0].category == "2");
  CHECK(dets[1].category == "3");
  CHECK(dets[2].category == "1");
  CHECK(dets[2].bbox == NormBox{0.5, 0.5, 0.25, 0.5});
  CHECK(r.images[1].failure == std::optional<std::string>("permission denied"));
  CHECK(r.images[0].exif.datetime == "2009-04-22T20:19:00");
  CHECK(r.images[0].exif.model == "Model 1");
  CHECK(r.detector.output_threshold == 0.2);  // as written, not 0.20000000298
  CHECK(r.detector.conservative_threshold == 0.1);
  CHECK(r.detector.completion_time == "2026-11-26 18:00:00");

  RunBuilder raw(test::fixture_model_entry("yolov5n-coco-raw"), {"yolov5n-coco.onnx", "abc", 640, 0.005f});
  raw.add(img);
  RunResults rr = raw.finish("t");
  CHECK(rr.detection_categories.size() == 80);
  CHECK(rr.detection_categories.at("14") == "bench");
  CHECK(rr.images[0].detections.size() == 4);
}

TEST_CASE("run builder: classifications keep the model's top classes; known names keep their ids", "[pipeline]") {
  RunBuilder b(test::fixture_model_entry("yolov5n-coco"), {"yolov5n-coco.onnx", "abc", 640, 0.2f});
  ModelEntry classifier = test::fixture_model_entry("mobilenetv2-12-int8");
  // An earlier run, or a reviewer, already named two species: they keep their ids.
  const CategoryNames known = {{"1", "African elephant"}, {"7", "honey badger"}};
  b.set_classifier(classifier, "mobilenet.onnx", known);
  ImageDetections img;
  img.file = "a.jpg";
  img.width = 100;
  img.height = 100;
  img.detections = {{20, 0.9f, {0, 0, 50, 50}}, {20, 0.8f, {50, 50, 100, 100}}, {20, 0.7f, {10, 10, 20, 20}}};
  std::vector<std::vector<ClassScore>> classes = {{{101, 0.6}, {386, 0.3}}, {{386, 0.4}, {101, 0.35}}, {}};
  b.add(img, &classes);
  RunResults r = b.finish("t");
  const auto& cats = r.classification_categories;
  CHECK(cats.size() == 1001);  // 1000 classes, one of them already known, plus the reviewer's name
  CHECK(cats.at("1") == "African elephant");
  CHECK(cats.at("7") == "honey badger");
  CHECK(std::none_of(cats.begin(), cats.end(), [](const auto& c) { return c.second == "unknown"; }));
  const auto& d = r.images[0].detections;
  REQUIRE(d.size() == 3);
  REQUIRE(d[1].classifications.size() == 2);  // below the threshold: stored as the model gave it
  CHECK(d[1].classifications[0].category == "1");  // class 386, "African elephant", kept its id
  CHECK(d[1].classifications[0].conf == Approx(0.4));
  CHECK(cats.at(d[0].classifications[0].category) == classifier.class_names[101]);
  CHECK(d[2].classifications.empty());
  CHECK_FALSE(r.images[0].label);  // the image's species is decided when shown (results/species.h)
  CHECK(r.classifier.name == "mobilenet.onnx");
}
