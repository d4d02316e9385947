// Detectors whose export returns labels, boxes and scores and takes the image size as a second
// input (RT-DETRv2's deploy export, used by MegaDetector v6's Apache models): the manifest
// field, the input check, the inferred entry, the pipeline feeding the size, and the boxes.
#include <algorithm>
#include <catch.hpp>

#include "core/models/infer_entry.h"
#include "core/models/manifest.h"
#include "core/models/manifest_writer.h"
#include "core/models/model_inputs.h"
#include "core/pipeline/detect_pipeline.h"
#include "core/pipeline/postprocess.h"
#include "fixtures.h"
#include "replay_engine.h"
#include "test_image_files.h"

using namespace wl;

namespace {

const char* kEntry = R"({
  "id": "apa", "name": "RT-DETRv2 test", "task": "detector", "family": "rtdetrv2", "layout": "detr_triple",
  "input": {"sizes": [640], "resize": "stretch", "size_input": "orig_target_sizes"},
  "classes": ["animal", "person", "vehicle"], "md_category": ["animal", "person", "vehicle"],
  "thresholds": {"typical": 0.2, "conservative": 0.1, "candidate": 0.05, "max_det": 2},
  "licence": "Apache-2.0"
})";

ModelEntry entry() {
  auto e = parse_model_entry(kEntry);
  REQUIRE(e.ok());
  return e.value();
}

TensorInfo info(std::string name, ElementType type, std::vector<std::int64_t> shape) {
  TensorInfo t;
  t.name = std::move(name);
  t.type = type;
  t.shape = std::move(shape);
  t.dim_names.resize(t.shape.size());
  return t;
}

// Four queries: two kept, one at exactly the threshold (dropped: strict), one past the image.
std::vector<TensorF32> triple_outputs(std::vector<std::string> names = {"labels", "boxes", "scores"}) {
  return {
      TensorF32{names[0], ElementType::Int64, {1, 4}, {0, 1, 2, 0}},
      TensorF32{names[1], ElementType::Float32, {1, 4, 4}, {10, 20, 110, 220,  //
                                                            300, 40, 500, 300,  //
                                                            1, 1, 2, 2,         //
                                                            700, -5, 900, 480}},
      TensorF32{names[2], ElementType::Float32, {1, 4}, {0.9f, 0.6f, 0.05f, 0.3f}},
  };
}

}  // namespace

TEST_CASE("detr_triple entry: size_input is read, written back, and only allowed on detectors", "[detr_triple]") {
  ModelEntry e = entry();
  CHECK(e.layout == DetectorLayout::DetrTriple);
  CHECK(e.size_input == "orig_target_sizes");
  auto again = parse_model_entry(write_model_entry(e));
  REQUIRE(again.ok());
  CHECK(again->layout == DetectorLayout::DetrTriple);
  CHECK(again->size_input == "orig_target_sizes");

  std::string classifier = R"({"id": "c", "name": "c", "task": "classifier", "family": "resnet",
    "input": {"sizes": [224], "size_input": "x"}, "classes": ["a", "b"], "licence": "MIT"})";
  auto bad = parse_model_entry(classifier);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("input.size_input") != std::string::npos);
}

TEST_CASE("detr_triple postprocess: boxes in image pixels, strict threshold, clipped, max_det, model order", "[detr_triple]") {
  const ModelEntry e = entry();
  const InputFrame frame{640, 640, 800, 450};
  for (auto names : {std::vector<std::string>{"labels", "boxes", "scores"}, std::vector<std::string>{"a", "b", "c"}}) {
    INFO(names[0]);
    auto dets = postprocess_detections(triple_outputs(names), e, frame, {0.05f});
    REQUIRE(dets.ok());
    REQUIRE(dets->size() == 2);  // the fourth passes 0.05 but max_det is 2
    CHECK((*dets)[0].class_id == 0);
    CHECK((*dets)[0].confidence == Approx(0.9f));
    CHECK((*dets)[0].box.x1 == 10);
    CHECK((*dets)[0].box.y2 == 220);
    CHECK((*dets)[1].class_id == 1);
    CHECK((*dets)[1].box.x2 == 500);
  }
  ModelEntry many = e;
  many.thresholds.max_det = 300;
  auto all = postprocess_detections(triple_outputs(), many, frame, {0.05f});
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  CHECK(all->at(2).box.x2 == 800);  // clipped to the image
  CHECK(all->at(2).box.y1 == 0);
}

TEST_CASE("detr_triple postprocess without a size input maps input pixels back to the image", "[detr_triple]") {
  ModelEntry e = entry();
  e.size_input.clear();
  const InputFrame frame{640, 640, 1280, 320};  // stretched: x halved, y doubled on the way in
  auto dets = postprocess_detections(triple_outputs(), e, frame, {0.5f});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 2);
  CHECK((*dets)[0].box.x1 == Approx(20));
  CHECK((*dets)[0].box.y2 == Approx(110));
}

TEST_CASE("detr_triple postprocess refuses outputs that do not fit", "[detr_triple]") {
  const ModelEntry e = entry();
  const InputFrame frame{640, 640, 800, 450};
  auto outs = triple_outputs();
  outs.pop_back();
  auto two = postprocess_detections(outs, e, frame, {0.1f});
  REQUIRE_FALSE(two.ok());
  CHECK(two.error().message.find("three (labels, boxes, scores)") != std::string::npos);

  auto wrong_class = triple_outputs();
  wrong_class[0].data[1] = 7;
  auto bad = postprocess_detections(wrong_class, e, frame, {0.1f});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("class 7") != std::string::npos);
}

TEST_CASE("model inputs: the size input must exist and be int64 [N, 2]; unknown extra inputs are explained", "[detr_triple]") {
  const ModelEntry e = entry();
  const TensorInfo image = info("images", ElementType::Float32, {1, 3, 640, 640});
  const TensorInfo sizes = info("orig_target_sizes", ElementType::Int64, {-1, 2});
  CHECK(check_model_inputs({image, sizes}, e).ok());

  auto missing = check_model_inputs({image}, e);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("no such input") != std::string::npos);

  auto wrong_type = check_model_inputs({image, info("orig_target_sizes", ElementType::Float32, {1, 2})}, e);
  REQUIRE_FALSE(wrong_type.ok());
  CHECK(wrong_type.error().message.find("int64 [1, 2]") != std::string::npos);

  ModelEntry plain = e;
  plain.size_input.clear();
  auto unknown = check_model_inputs({image, sizes}, plain);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message.find("set input.size_input to \"orig_target_sizes\"") != std::string::npos);
  CHECK(check_model_inputs({image}, plain).ok());
}

TEST_CASE("infer_model_entry recognises an RT-DETRv2 deploy export", "[detr_triple]") {
  OnnxModelInfo m;
  m.inputs = {info("images", ElementType::Float32, {1, 3, 640, 640}), info("orig_target_sizes", ElementType::Int64, {1, 2})};
  m.outputs = {info("labels", ElementType::Int64, {1, 300}), info("boxes", ElementType::Float32, {1, 300, 4}),
               info("scores", ElementType::Float32, {1, 300})};
  auto r = infer_model_entry(m, "MDV6-apa-rtdetr-c.onnx");
  REQUIRE(r.ok());
  const ModelEntry& e = r->entry;
  CHECK(e.layout == DetectorLayout::DetrTriple);
  CHECK(e.size_input == "orig_target_sizes");
  CHECK(e.resize == ResizeMode::Stretch);
  CHECK(e.input_sizes == std::vector<int>{640});
  CHECK(e.mean == std::array<float, 3>{0, 0, 0});
  // Nothing in such a file names the classes: the user is asked.
  CHECK(std::find(r->needs.begin(), r->needs.end(), std::string(kNeedClassNames)) != r->needs.end());

  m.outputs[0].name = "class";  // other names: not recognised, and the second input is explained
  auto other = infer_model_entry(m, "x.onnx");
  REQUIRE_FALSE(other.ok());
}

TEST_CASE("pipeline feeds the upright image size to the size input", "[detr_triple][pipeline]") {
  auto pipeline = DetectionPipeline::create(entry(), {});
  REQUIRE(pipeline.ok());
  test::ReplayEngine engine;
  engine.outputs = triple_outputs();
  test::PngSpec png{.width = 40, .height = 20, .bit_depth = 8, .colour_type = 2,
                    .rows = std::vector<std::uint8_t>(40 * 20 * 3, 128), .palette = {}, .trns = {}};
  REQUIRE(pipeline->begin("wide.png", test::make_png(png), engine).ok());
  ImageDetections out = test::run_to_end(*pipeline, engine);
  REQUIRE_FALSE(out.failure);
  REQUIRE(engine.side_inputs.size() == 1);
  REQUIRE(engine.side_inputs[0].size() == 1);
  const SideInput& s = engine.side_inputs[0][0];
  CHECK(s.name == "orig_target_sizes");
  CHECK(s.shape == std::vector<std::int64_t>{1, 2});
  CHECK(s.values == std::vector<std::int64_t>{40, 20});  // width, then height
  CHECK(engine.shapes[0] == std::vector<std::int64_t>{1, 3, 640, 640});
  REQUIRE(out.detections.size() == 2);
  CHECK(out.detections[0].box.x2 == 40);  // clipped to the image
  CHECK(out.detections[0].box.y2 == 20);

  // An EXIF-rotated photo: the size fed is the upright one, the size its boxes are in.
  const auto rotated = test::read_fixture("images/speciesnet_test/african_elephants_with_exif_orientation.jpg");
  REQUIRE(pipeline->begin("rotated.jpg", rotated, engine).ok());
  ImageDetections upright = test::run_to_end(*pipeline, engine);
  REQUIRE_FALSE(upright.failure);
  CHECK(engine.side_inputs[1][0].values == std::vector<std::int64_t>{upright.width, upright.height});
}
