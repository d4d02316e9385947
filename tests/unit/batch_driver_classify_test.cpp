// The classifier stage with a fake engine: which detections are classified, what the crops
// look like to the engine, and how scores become probabilities.
#include <catch.hpp>
#include <cmath>

#include "core/models/manifest.h"
#include "core/pipeline/classify_stage.h"

using namespace wl;

namespace {

// Answers every run with fixed scores after one pending poll; remembers the input shapes and
// the mean value of each crop (so tests can tell which part of the image was cut).
class ScoresEngine : public InferenceEngine {
 public:
  std::vector<float> scores;
  std::vector<double> crop_means;
  std::vector<std::vector<std::int64_t>> shapes;
  Result<void> start(std::span<const float> input, std::span<const std::int64_t> shape,
                     std::span<const SideInput>) override {
    double sum = 0;
    for (float v : input) sum += v;
    crop_means.push_back(sum / static_cast<double>(input.size()));
    shapes.emplace_back(shape.begin(), shape.end());
    pending_ = true;
    return {};
  }
  std::optional<Result<std::vector<TensorF32>>> poll() override {
    if (pending_) {
      pending_ = false;
      return std::nullopt;
    }
    return Result<std::vector<TensorF32>>(std::vector<TensorF32>{
        TensorF32{"out", ElementType::Float32, {1, static_cast<std::int64_t>(scores.size())}, scores}});
  }

 private:
  bool pending_ = false;
};

ModelEntry classifier(const std::string& classes_json, const std::string& scores) {
  auto m = parse_model_entry(R"({"id": "c", "task": "classifier", "family": "test", "input": {"sizes": [32]},
                                 "licence": "MIT", "scores": ")" + scores + R"(", "classes": )" + classes_json + "}");
  REQUIRE(m.ok());
  return m.value();
}

// Left half black, right half white.
ImageRgb8 half_image() {
  ImageRgb8 img;
  img.width = 100;
  img.height = 50;
  img.pixels.assign(100 * 50 * 3, 0);
  for (int y = 0; y < 50; ++y)
    for (int x = 50; x < 100; ++x)
      for (int c = 0; c < 3; ++c) img.row(y)[x * 3 + c] = 255;
  return img;
}

std::vector<std::vector<ClassScore>> run(ClassificationStage& stage, ScoresEngine& engine, const ImageRgb8& img,
                                         const std::vector<Detection>& dets) {
  stage.begin(img, dets, engine);
  for (int i = 0; i < 100; ++i)
    if (auto r = stage.poll(engine)) return *r;
  FAIL("the stage never finished");
  return {};
}

}  // namespace

TEST_CASE("classifier stage: softmax top-k on the chosen detections", "[classify]") {
  auto stage = ClassificationStage::create(classifier(R"(["a", "b", "c", "d"])", "logits"),
                                           {.min_detection_conf = 0.3f, .detection_classes = {0}, .top_k = 2});
  REQUIRE(stage.ok());
  ScoresEngine engine;
  engine.scores = {1.f, 3.f, 2.f, 0.f};
  ImageRgb8 img = half_image();
  std::vector<Detection> dets = {
      {0, 0.9f, {0, 0, 50, 50}},    // black half: classified
      {1, 0.9f, {0, 0, 10, 10}},    // class 1: not an animal, skipped
      {0, 0.1f, {0, 0, 10, 10}},    // below the confidence floor, skipped
      {0, 0.5f, {50, 0, 100, 50}},  // white half: classified
  };
  auto out = run(*stage, engine, img, dets);
  REQUIRE(out.size() == 4);
  CHECK(out[1].empty());
  CHECK(out[2].empty());
  REQUIRE(out[0].size() == 2);
  const double z = std::exp(1.0) + std::exp(3.0) + std::exp(2.0) + std::exp(0.0);
  CHECK(out[0][0].class_id == 1);
  CHECK(out[0][0].prob == Approx(std::exp(3.0) / z));
  CHECK(out[0][1].class_id == 2);
  CHECK(out[3] == out[0]);
  // The engine saw exactly the two crops, at the classifier's size, black then white.
  REQUIRE(engine.shapes.size() == 2);
  CHECK(engine.shapes[0] == std::vector<std::int64_t>{1, 3, 32, 32});
  CHECK(engine.crop_means[0] == Approx(0.0).margin(1e-6));
  CHECK(engine.crop_means[1] == Approx(1.0).margin(1e-6));
  CHECK_FALSE(stage->busy());
}

TEST_CASE("classifier stage: one sigmoid logit is class 1 against class 0", "[classify]") {
  auto stage = ClassificationStage::create(classifier(R"(["Non-opossum", "Opossum"])", "sigmoid"), {});
  REQUIRE(stage.ok());
  ScoresEngine engine;
  engine.scores = {2.f};
  ImageRgb8 img = half_image();
  auto out = run(*stage, engine, img, {{0, 0.9f, {10, 10, 40, 40}}});
  REQUIRE(out[0].size() == 2);
  CHECK(out[0][0].class_id == 1);
  CHECK(out[0][0].prob == Approx(1.0 / (1.0 + std::exp(-2.0))));
  CHECK(out[0][1].prob == Approx(1.0 - 1.0 / (1.0 + std::exp(-2.0))));
}

TEST_CASE("classifier stage: a detector is refused, no detections finish at once", "[classify]") {
  ModelEntry det = classifier(R"(["a"])", "logits");
  det.task = ModelTask::Detector;
  auto refused = ClassificationStage::create(det, {});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("is a detector") != std::string::npos);
  auto stage = ClassificationStage::create(classifier(R"(["a", "b"])", "probabilities"), {});
  REQUIRE(stage.ok());
  ScoresEngine engine;
  ImageRgb8 img = half_image();
  std::vector<Detection> none;
  stage->begin(img, none, engine);
  auto out = stage->poll(engine);
  REQUIRE(out);
  CHECK(out->empty());
  CHECK(engine.shapes.empty());
}
