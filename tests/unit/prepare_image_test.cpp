// prepare_image() is the pipeline's CPU half run on its own (in the browser: in a Web Worker).
// Preparing an image and beginning the pipeline from that must give exactly what begin() on
// the bytes gives: the same tensor bit for bit, and the same detections, size, facts and
// warnings, on the real fixture images, with every layout of resize the manifest knows.
#include <catch.hpp>
#include <cstring>

#include "core/models/manifest.h"
#include "core/pipeline/detect_pipeline.h"
#include "core/pipeline/prepare_image.h"
#include "fixtures.h"
#include "npy.h"
#include "replay_engine.h"
#include "test_image_files.h"

using namespace wl;

namespace {

// Bitwise: "the same" here means no float rounding anywhere differs.
bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

void check_same(const ImageDetections& inline_run, const ImageDetections& prepared_run) {
  CHECK(inline_run.file == prepared_run.file);
  CHECK(inline_run.width == prepared_run.width);
  CHECK(inline_run.height == prepared_run.height);
  CHECK(inline_run.failure == prepared_run.failure);
  CHECK(inline_run.warning == prepared_run.warning);
  CHECK(inline_run.facts.datetime == prepared_run.facts.datetime);
  CHECK(inline_run.facts.make == prepared_run.facts.make);
  CHECK(inline_run.facts.model == prepared_run.facts.model);
  REQUIRE(inline_run.detections.size() == prepared_run.detections.size());
  for (std::size_t i = 0; i < inline_run.detections.size(); ++i) {
    const auto& a = inline_run.detections[i];
    const auto& b = prepared_run.detections[i];
    CHECK(a.class_id == b.class_id);
    CHECK(a.confidence == b.confidence);
    CHECK(a.box.x1 == b.box.x1);
    CHECK(a.box.y1 == b.box.y1);
    CHECK(a.box.x2 == b.box.x2);
    CHECK(a.box.y2 == b.box.y2);
  }
}

// Runs `file` both ways through pipelines for `entry` and compares everything.
void compare_both_ways(const ModelEntry& entry, const std::string& stage_dir, const std::string& image, int input_size) {
  INFO(entry.id << " @" << input_size << ": " << image);
  // Stage fixtures are named by the image's path with '/' written as "__".
  std::string key = stage_dir + "/";
  for (char c : image) key += c == '/' ? std::string("__") : std::string(1, c);
  auto raw = test::parse_npy(test::read_fixture(key + ".raw_output.npy"));
  test::ReplayEngine engine;
  engine.outputs.push_back(TensorF32{"output0", ElementType::Float32, raw.shape, raw.values});
  const auto bytes = test::read_fixture("images/" + image);

  auto inline_pipeline = DetectionPipeline::create(entry, {.input_size = input_size, .threshold = {}});
  auto prepared_pipeline = DetectionPipeline::create(entry, {.input_size = input_size, .threshold = {}});
  REQUIRE(inline_pipeline.ok());
  REQUIRE(prepared_pipeline.ok());

  REQUIRE(inline_pipeline->begin(image, bytes, engine).ok());
  const ImageDetections a = test::run_to_end(*inline_pipeline, engine);

  PreparedInput prepared = prepare_image(bytes, prepared_pipeline->prepare_spec());
  REQUIRE_FALSE(prepared.failure);
  CHECK(prepared.shape[2] * prepared.shape[3] * 3 == static_cast<std::int64_t>(prepared.tensor.size()));
  REQUIRE(prepared_pipeline->begin(image, std::move(prepared), engine).ok());
  const ImageDetections b = test::run_to_end(*prepared_pipeline, engine);

  REQUIRE(engine.inputs.size() == 2);
  CHECK(engine.shapes[0] == engine.shapes[1]);
  CHECK(same_bits(engine.inputs[0], engine.inputs[1]));
  REQUIRE_FALSE(a.failure);
  check_same(a, b);
  CHECK(b.timings.decode_ms > 0);
}

}  // namespace

TEST_CASE("prepare_image: prepare + begin(prepared) equals begin(bytes) on the stage images", "[pipeline][prepare]") {
  const ModelEntry yolov5 = test::fixture_model_entry("yolov5n-coco-raw");
  for (const auto& image : test::stage_images()) compare_both_ways(yolov5, "stages/yolov5n", image, 640);
}

TEST_CASE("prepare_image: the same on a dynamic-size model and a stretching, normalising one", "[pipeline][prepare]") {
  // Ultralytics layout at 1280 (rectangular inputs are not used: letterbox to the square).
  const ModelEntry mdv6 = test::fixture_model_entry("mdv6-yolov10n-c-nc3-bncalib-dynamic");
  compare_both_ways(mdv6, "stages/mdv6-yolov10n-c-nc3-bncalib",
                    "camtrapR_sabah/StationA/PBE/StationA__2009-04-22__20-19-00(1).JPG", 1280);

  // Stretch and ImageNet normalisation: the parts of the spec the YOLO entries leave at defaults.
  ModelEntry stretched = test::fixture_model_entry("yolov5n-coco-raw");
  stretched.resize = ResizeMode::Stretch;
  stretched.mean = {0.485f, 0.456f, 0.406f};
  stretched.std = {0.229f, 0.224f, 0.225f};
  compare_both_ways(stretched, "stages/yolov5n", "speciesnet_test/african_elephants_with_exif_orientation.jpg", 640);
}

TEST_CASE("prepare_image: the spec follows the entry; failures and warnings are values", "[pipeline][prepare]") {
  const ModelEntry entry = test::fixture_model_entry("yolov5n-coco");
  const PrepareSpec spec = make_prepare_spec(entry, 640);
  CHECK(spec.input_size == 640);
  CHECK(spec.stride == entry.stride);
  CHECK(spec.pad_value == entry.pad_value);
  CHECK(spec.resize == entry.resize);

  const auto html = test::bytes_of("<html>not an image</html>");
  PreparedInput junk = prepare_image(html, entry, 640);
  REQUIRE(junk.failure);
  CHECK(junk.tensor.empty());
  CHECK(junk.width() == 0);

  // A failed input finishes as a failed image without reaching the engine.
  test::ReplayEngine engine;
  auto pipeline = DetectionPipeline::create(entry, {});
  REQUIRE(pipeline.ok());
  const std::string message = *junk.failure;
  REQUIRE(pipeline->begin("junk.jpg", std::move(junk), engine).ok());
  auto out = pipeline->poll(engine);
  REQUIRE(out);
  CHECK(out->failure == std::optional<std::string>(message));
  CHECK(engine.inputs.empty());

  // A JPEG cut short is decoded as far as it goes and says so, both ways.
  const auto truncated = test::read_fixture("images/speciesnet_test/african_elephants_truncated_file.jpg");
  PreparedInput cut = prepare_image(truncated, spec);
  REQUIRE_FALSE(cut.failure);
  CHECK_FALSE(cut.warning.empty());
  CHECK(cut.frame.input_width == 640);
  CHECK(cut.frame.orig_width > 0);

  // A reused buffer is taken over, not reallocated, when it is large enough.
  PrepareOptions reuse;
  reuse.buffer.assign(3 * 640 * 640, -1.0f);
  const float* data = reuse.buffer.data();
  PreparedInput again = prepare_image(truncated, spec, std::move(reuse));
  CHECK(again.tensor.data() == data);
  CHECK(same_bits(again.tensor, cut.tensor));
}
