// The batch driver (image -> prepare -> detector -> crops -> classifier -> record) with fakes
// for its seams: an inline preparer over synthetic PNGs, a detector engine that answers with
// YOLOv10 end-to-end rows, and a classifier engine that scores each crop by its brightness.
// What is checked: the order of the stages, what each engine is fed, batching, cancel and
// pause, failures in either model, pipelining, and the records.
#include <catch.hpp>

#include <cmath>
#include <deque>

#include "core/image/encode.h"
#include "core/models/manifest.h"
#include "core/pipeline/batch_driver.h"
#include "core/pipeline/classifier_setup.h"
#include "core/pipeline/inline_preparer.h"
#include "replay_engine.h"

using namespace wl;

namespace {

// Answers each run after `delay` pending polls; records what it was given.
class FakeEngine : public InferenceEngine {
 public:
  std::function<std::vector<TensorF32>(std::span<const float>, std::span<const std::int64_t>)> answer;
  std::optional<Error> fail_with;
  int delay = 1;
  std::vector<std::vector<std::int64_t>> shapes;
  std::vector<double> input_means;
  bool busy() const { return pending_.has_value(); }

  Result<void> start(std::span<const float> input, std::span<const std::int64_t> shape, std::span<const SideInput>) override {
    REQUIRE_FALSE(pending_.has_value());  // one run at a time per engine
    shapes.emplace_back(shape.begin(), shape.end());
    double sum = 0;
    for (float v : input) sum += v;
    input_means.push_back(sum / static_cast<double>(input.size()));
    pending_ = fail_with ? Result<std::vector<TensorF32>>(*fail_with) : Result<std::vector<TensorF32>>(answer(input, shape));
    polls_ = 0;
    return {};
  }
  std::optional<Result<std::vector<TensorF32>>> poll() override {
    if (!pending_ || polls_++ < delay) return std::nullopt;
    auto out = std::move(*pending_);
    pending_.reset();
    return out;
  }

 private:
  std::optional<Result<std::vector<TensorF32>>> pending_;
  int polls_ = 0;
};

// 640 x 640: the letterbox at 640 is the identity, so network boxes are image boxes. Left
// half black, right half white.
std::vector<std::uint8_t> half_png() {
  ImageRgb8 img;
  img.width = img.height = 640;
  img.pixels.assign(640 * 640 * 3, 0);
  for (int y = 0; y < 640; ++y)
    for (int x = 320; x < 640; ++x)
      for (int c = 0; c < 3; ++c) img.row(y)[x * 3 + c] = 255;
  return encode_png(img).value();
}

struct Row {
  float x1, y1, x2, y2, score, cls;
};

// YOLOv10 end-to-end output [1, N, 6] in network pixels.
std::vector<TensorF32> rows(std::vector<Row> r) {
  std::vector<float> data;
  for (const Row& x : r) data.insert(data.end(), {x.x1, x.y1, x.x2, x.y2, x.score, x.cls});
  return {TensorF32{"output0", ElementType::Float32, {1, static_cast<std::int64_t>(r.size()), 6}, data}};
}

ModelEntry classifier_entry(const std::string& classes_json, const std::string& scores) {
  auto m = parse_model_entry(R"({"id": "c", "task": "classifier", "family": "test", "input": {"sizes": [32]},
                                 "licence": "MIT", "scores": ")" + scores + R"(", "classes": )" + classes_json + "}");
  REQUIRE(m.ok());
  return m.value();
}

std::vector<TensorInfo> image_input(std::int64_t batch, int size = 32) { return {TensorInfo{"input", ElementType::Float32, {batch, 3, size, size}, {}}}; }
std::vector<TensorInfo> scores_output(std::int64_t classes) { return {TensorInfo{"output", ElementType::Float32, {-1, classes}, {}}}; }

// Classifier scores per crop: class 0 for dark crops, class 1 for bright ones.
std::vector<TensorF32> by_brightness(std::span<const float> input, std::span<const std::int64_t> shape) {
  const std::size_t n = static_cast<std::size_t>(shape[0]);
  const std::size_t per = input.size() / n;
  std::vector<float> out;
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0;
    for (std::size_t k = 0; k < per; ++k) sum += input[i * per + k];
    const bool bright = sum / static_cast<double>(per) > 0.5;
    out.insert(out.end(), {bright ? 0.f : 4.f, bright ? 4.f : 0.f});
  }
  return {TensorF32{"output", ElementType::Float32, {static_cast<std::int64_t>(n), 2}, out}};
}

struct Harness {
  ModelEntry detector = test::fixture_model_entry("mdv6-yolov10n-c-nc3-bncalib-dynamic");
  InlinePreparer preparer;
  FakeEngine det, cls;
  std::deque<BatchItem> queue;
  std::optional<RunBuilder> builder;
  std::optional<BatchDriver> driver;
  std::vector<DriverUpdate> updates;
  double now = 0;
  std::size_t next_index = 0;

  void start(std::optional<ClassifierSetup> setup, DriverTuning tuning = {}) {
    auto pipeline = DetectionPipeline::create(detector, {.input_size = 640, .threshold = 0.05f, .keep_image = false});
    REQUIRE(pipeline.ok());
    builder.emplace(detector, RunDescription{"det.onnx", "", 640, 0.05f});
    if (setup) builder->set_classifier(setup->model, "cls.onnx");
    driver.emplace(std::move(*pipeline), *builder, std::move(setup), preparer, [this] { return now; }, tuning);
  }
  void add(int n) {
    for (int i = 0; i < n; ++i) {
      queue.push_back({next_index, preparer.add_file(half_png()), "img" + std::to_string(next_index) + ".png", std::nullopt});
      ++next_index;
    }
  }
  void step() {
    now += 10;
    driver->step([this]() -> std::optional<BatchItem> {
      if (queue.empty()) return std::nullopt;
      BatchItem item = queue.front();
      queue.pop_front();
      return item;
    }, det, &cls);
    for (auto& u : driver->take_updates()) updates.push_back(std::move(u));
  }
  void run_to_end() {
    for (int i = 0; i < 1000 && driver->state() != DriverState::Finished; ++i) step();
    REQUIRE(driver->state() == DriverState::Finished);
  }
  std::vector<FinishedImage> finished() const {
    std::vector<FinishedImage> out;
    for (const auto& u : updates)
      if (u.kind == DriverUpdateKind::Finished) out.push_back(*u.image);
    return out;
  }
};

ClassifierSetup setup_for(const ModelEntry& classifier, const ModelEntry& detector, std::int64_t batch = -1,
                          ClassifierOptions options = {}) {
  auto setup = make_classifier_setup(classifier, detector, image_input(batch), scores_output(2), options);
  REQUIRE(setup.ok());
  return *setup;
}

}  // namespace

TEST_CASE("batch driver: detector, crops and classifier in order, one batched run per image", "[driver]") {
  Harness h;
  h.det.answer = [](auto, auto) {
    return rows({{0, 0, 300, 640, 0.9f, 0},       // animal, black half
                 {340, 0, 640, 640, 0.6f, 0},     // animal, white half
                 {0, 0, 100, 100, 0.8f, 1},       // a person: not classified
                 {0, 0, 50, 50, 0.07f, 0},        // below the classification detection threshold (0.1)
                 {10, 10, 15, 15, 0.5f, 0}});     // 5 x 5 pixels: too small to classify
  };
  h.cls.answer = by_brightness;
  h.start(setup_for(classifier_entry(R"(["dark", "bright"])", "logits"), h.detector));
  h.add(2);
  h.run_to_end();
  const auto done = h.finished();
  REQUIRE(done.size() == 2);
  // Each image: one detector run at 640, then one classifier run of its two usable crops.
  REQUIRE(h.det.shapes.size() == 2);
  CHECK(h.det.shapes[0] == std::vector<std::int64_t>{1, 3, 640, 640});
  REQUIRE(h.cls.shapes.size() == 2);
  CHECK(h.cls.shapes[0] == std::vector<std::int64_t>{2, 3, 32, 32});
  for (const FinishedImage& f : done) {
    CHECK(f.crops == 2);
    CHECK(f.too_small == 1);
    CHECK(f.classifier_problem.empty());
    REQUIRE(f.record.detections.size() == 5);
    const auto& d = f.record.detections;
    REQUIRE(d[0].classifications.size() == 2);
    const std::string dark = d[0].classifications[0].category;
    CHECK(h.builder->results().classification_categories.at(dark) == "dark");
    CHECK(d[0].classifications[0].conf == Approx(std::exp(4.0) / (std::exp(4.0) + 1)));
    CHECK(h.builder->results().classification_categories.at(d[1].classifications[0].category) == "bright");
    CHECK(d[2].classifications.empty());  // person
    CHECK(d[3].classifications.empty());  // below 0.1
    CHECK(d[4].classifications.empty());  // too small
  }
  CHECK(h.preparer.kept_images() == 0);  // every decoded image was let go
  // Updates: each image enters the detector before it finishes, in order.
  std::vector<std::pair<DriverUpdateKind, std::size_t>> seen;
  for (const auto& u : h.updates) seen.emplace_back(u.kind, u.index);
  CHECK(seen.front() == std::pair{DriverUpdateKind::Running, std::size_t{0}});
  CHECK(seen.back() == std::pair{DriverUpdateKind::Finished, std::size_t{1}});
}

TEST_CASE("batch driver: a fixed batch of 1 runs the crops one by one, most confident first", "[driver]") {
  Harness h;
  h.det.answer = [](auto, auto) { return rows({{340, 0, 640, 640, 0.6f, 0}, {0, 0, 300, 640, 0.9f, 0}}); };
  h.cls.answer = by_brightness;
  ClassifierOptions one;
  one.max_crops = 1;
  h.start(setup_for(classifier_entry(R"(["dark", "bright"])", "logits"), h.detector, 1, one));
  h.add(1);
  h.run_to_end();
  const auto done = h.finished();
  REQUIRE(done.size() == 1);
  REQUIRE(h.cls.shapes.size() == 1);  // max_crops 1: only the 0.9 box
  CHECK(h.cls.shapes[0] == std::vector<std::int64_t>{1, 3, 32, 32});
  CHECK(h.cls.input_means[0] == Approx(0.0).margin(1e-6));  // the black half
  CHECK(done[0].record.detections[0].classifications.empty());
  CHECK_FALSE(done[0].record.detections[1].classifications.empty());
}

TEST_CASE("batch driver: the classifier runs on one image while the detector runs the next", "[driver]") {
  Harness h;
  h.det.answer = [](auto, auto) { return rows({{0, 0, 300, 640, 0.9f, 0}}); };
  h.cls.answer = by_brightness;
  h.cls.delay = 6;
  h.start(setup_for(classifier_entry(R"(["dark", "bright"])", "logits"), h.detector));
  h.add(3);
  bool overlapped = false;
  for (int i = 0; i < 1000 && h.driver->state() != DriverState::Finished; ++i) {
    h.step();
    overlapped = overlapped || (h.det.busy() && h.cls.busy());
  }
  CHECK(overlapped);
  CHECK(h.finished().size() == 3);
}

TEST_CASE("batch driver: a classifier failure keeps the image's boxes and says why", "[driver]") {
  Harness h;
  h.det.answer = [](auto, auto) { return rows({{0, 0, 300, 640, 0.9f, 0}}); };
  h.cls.fail_with = make_error(ErrorCode::Internal, "out of memory");
  h.start(setup_for(classifier_entry(R"(["dark", "bright"])", "logits"), h.detector));
  h.add(2);
  h.run_to_end();
  const auto done = h.finished();
  REQUIRE(done.size() == 2);
  for (const auto& f : done) {
    CHECK(f.classifier_problem == "out of memory");
    REQUIRE(f.record.detections.size() == 1);
    CHECK(f.record.detections[0].classifications.empty());
    CHECK(f.record.warning.find("species not classified: out of memory") != std::string::npos);
    CHECK_FALSE(f.record.failed());
  }
}

TEST_CASE("batch driver: a label count that does not match the output fails the species, not the batch", "[driver]") {
  Harness h;
  h.det.answer = [](auto, auto) { return rows({{0, 0, 300, 640, 0.9f, 0}}); };
  h.cls.answer = by_brightness;  // 2 scores per crop
  // The output is dynamic in both axes, so only the first run can tell.
  auto setup = make_classifier_setup(classifier_entry(R"(["a", "b", "c"])", "logits"), h.detector, image_input(-1),
                                     std::vector<TensorInfo>{TensorInfo{"output", ElementType::Float32, {-1, -1}, {}}});
  REQUIRE(setup.ok());
  h.start(*setup);
  h.add(1);
  h.run_to_end();
  const auto done = h.finished();
  REQUIRE(done.size() == 1);
  CHECK(done[0].classifier_problem.find("labels name 3 classes") != std::string::npos);
  CHECK(done[0].record.detections.size() == 1);
}

TEST_CASE("batch driver: detector failures fail that image only; undecodable files too", "[driver]") {
  Harness h;
  h.det.fail_with = make_error(ErrorCode::Internal, "the runtime stopped");
  h.start(std::nullopt);
  h.add(1);
  const std::string html = "<html>";
  h.queue.push_back({h.next_index++, h.preparer.add_file({html.begin(), html.end()}), "page.jpg", std::nullopt});
  h.run_to_end();
  const auto done = h.finished();
  REQUIRE(done.size() == 2);
  CHECK(done[0].record.failed());
  CHECK(done[1].record.failed());
  CHECK(h.det.shapes.size() == 1);  // the HTML never reached the engine
}

TEST_CASE("batch driver: cancel returns what was not begun; pause starts nothing new", "[driver]") {
  Harness h;
  h.det.answer = [](auto, auto) { return rows({{0, 0, 300, 640, 0.9f, 0}}); };
  h.det.delay = 3;
  h.start(std::nullopt, {.prepare_ahead = 2, .prepare_yield_ms = 0, .classify_backlog = 2});
  h.add(6);
  h.step();  // two prepared; one in the engine, one staged; two more being prepared
  h.driver->pause();
  const std::size_t runs = h.det.shapes.size();
  for (int i = 0; i < 20; ++i) h.step();
  CHECK(h.det.shapes.size() <= runs + 1);  // the staged image may still start; nothing is fed
  h.driver->resume();
  h.step();
  h.driver->cancel();
  h.run_to_end();
  int finished = 0, returned = 0;
  for (const auto& u : h.updates) {
    finished += u.kind == DriverUpdateKind::Finished;
    returned += u.kind == DriverUpdateKind::Returned;
  }
  CHECK(finished >= 1);
  CHECK(finished + returned + static_cast<int>(h.queue.size()) == 6);
  CHECK(returned >= 1);
  h.step();  // a cancelled driver stays finished
  CHECK(h.driver->state() == DriverState::Finished);
}

TEST_CASE("classifier setup: what it refuses, and how scores become classes", "[driver]") {
  const ModelEntry det = test::fixture_model_entry("mdv6-yolov10n-c-nc3-bncalib-dynamic");
  ModelEntry as_detector = classifier_entry(R"(["a", "b"])", "logits");
  as_detector.task = ModelTask::Detector;
  auto refused = make_classifier_setup(as_detector, det, image_input(-1), scores_output(2));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("is a detector, not a species classifier") != std::string::npos);
  auto wrong_count = make_classifier_setup(classifier_entry(R"(["a", "b", "c"])", "logits"), det, image_input(-1), scores_output(2));
  REQUIRE_FALSE(wrong_count.ok());
  CHECK(wrong_count.error().message.find("gives 2 scores per crop but its labels name 3") != std::string::npos);
  auto detector_output = make_classifier_setup(classifier_entry(R"(["a", "b"])", "logits"), det, image_input(-1),
                                               std::vector<TensorInfo>{TensorInfo{"output0", ElementType::Float32, {1, 300, 6}, {}}});
  REQUIRE_FALSE(detector_output.ok());
  CHECK(detector_output.error().message.find("is it a detector?") != std::string::npos);
  auto nhwc = make_classifier_setup(classifier_entry(R"(["a", "b"])", "logits"), det,
                                    std::vector<TensorInfo>{TensorInfo{"input", ElementType::Float32, {-1, 32, 32, 3}, {}}},
                                    scores_output(2));
  REQUIRE(nhwc.ok());
  CHECK(nhwc->crop.nhwc);
  CHECK(nhwc->batched);
  CHECK(nhwc->detection_classes == std::vector<int>{0});  // MegaDetector's animals only

  auto opossum = make_classifier_setup(classifier_entry(R"(["Non-opossum", "Opossum"])", "sigmoid"), det, image_input(-1),
                                       scores_output(1));
  REQUIRE(opossum.ok());
  auto top = crop_top_classes(TensorF32{"o", ElementType::Float32, {1, 1}, {2.f}}, 1, *opossum);
  REQUIRE(top.ok());
  REQUIRE(top->at(0).size() == 2);
  CHECK(top->at(0)[0].class_id == 1);
  CHECK(top->at(0)[0].prob == Approx(1.0 / (1.0 + std::exp(-2.0))));

  ClassifierSetup s = setup_for(classifier_entry(R"(["a", "b"])", "logits"), det, -1, {.min_detection_conf = 0.3f, .max_crops = 2, .top_k = 5});
  const std::vector<Detection> dets = {{0, 0.4f, {}}, {1, 0.99f, {}}, {0, 0.2f, {}}, {0, 0.8f, {}}, {0, 0.5f, {}}};
  CHECK(detections_to_classify(dets, s) == std::vector<std::size_t>{3, 4});
}
