#include <catch.hpp>

#include "core/models/zoo_package.h"

using namespace wl;

namespace {

const char* kManifest = R"([model]
id = "pkg"
format = "onnx"
file = "model.onnx"
file_fp16 = "model_fp16.onnx"

[preprocessing]
method = "letterbox"
input_size = [960, 960]
layout = "nchw"
normalization = "unit"
pad_value = 0.447

[inference]
strategy = "single"

[postprocessing]
method = "megadet_v5a"
confidence_threshold = 0.3
iou_threshold = 0.5

[labels]
file = "labels.txt"
format = "one_per_line"
)";

std::vector<PackageModelFile> both_files() {
  return {{"model.onnx", "k32", std::string(64, 'a'), 100}, {"model_fp16.onnx", "k16", std::string(64, 'b'), 50}};
}

std::string replace_tiled(std::string m) {
  const std::string single = "strategy = \"single\"";
  return m.replace(m.find(single), single.size(), "strategy = \"tiled\"");
}

}  // namespace

TEST_CASE("zoo package: the manifest and labels drive the entry; the catalogue names it") {
  const std::map<std::string, std::string> texts = {{"manifest.toml", kManifest}, {"labels.txt", "animal\nperson\nvehicle\n"}};
  CatalogEntry cat;
  cat.id = "MDV5a";
  cat.display_name = "MDV5a";
  cat.license = "AGPL-3.0";
  cat.reference = "MegaDetector v5; https://github.com/agentmorris/MegaDetector/releases/tag/v5.0";
  auto choice = choose_package_model(texts, both_files(), &cat, false);
  INFO((choice ? std::string() : choice.error().message));
  REQUIRE(choice);
  CHECK(choice->file.path == "model.onnx");
  CHECK_FALSE(choice->half_precision);
  const ModelEntry& e = choice->entry;
  CHECK(e.id == "MDV5a");
  CHECK(e.licence == "AGPL-3.0");
  CHECK(e.source_url == "https://github.com/agentmorris/MegaDetector/releases/tag/v5.0");
  CHECK(e.layout == DetectorLayout::YoloV5);
  CHECK(e.input_sizes == std::vector<int>{960});
  CHECK(e.thresholds.typical == Approx(0.3f));
  CHECK(e.thresholds.conservative == Approx(0.15f));
  CHECK(e.thresholds.nms_iou == Approx(0.5f));
  CHECK(e.class_names == std::vector<std::string>{"animal", "person", "vehicle"});
  CHECK(e.maps_to_md());
  REQUIRE(e.weights.size() == 1);
  CHECK(e.weights[0].url == "k32");
  CHECK(e.weights[0].sha256 == std::string(64, 'a'));
}

TEST_CASE("zoo package: the half-precision twin where the runtime wants it") {
  const std::map<std::string, std::string> texts = {{"manifest.toml", kManifest}, {"labels.txt", "animal\nperson\nvehicle\n"}};
  auto choice = choose_package_model(texts, both_files(), nullptr, true);
  REQUIRE(choice);
  CHECK(choice->file.path == "model_fp16.onnx");
  CHECK(choice->half_precision);
  CHECK(choice->entry.id == "pkg");  // no catalogue entry: the manifest's id
  // A package without the twin falls back to the full-precision file.
  auto only32 = choose_package_model(texts, {both_files()[0]}, nullptr, true);
  REQUIRE(only32);
  CHECK(only32->file.path == "model.onnx");
}

TEST_CASE("zoo package: what is missing is named") {
  const std::vector<PackageModelFile> files = both_files();
  CHECK_FALSE(choose_package_model({}, files, nullptr, false));
  auto no_labels = choose_package_model({{"manifest.toml", kManifest}}, files, nullptr, false);
  REQUIRE_FALSE(no_labels);
  CHECK(no_labels.error().message.find("labels.txt") != std::string::npos);
  auto no_model = choose_package_model({{"manifest.toml", kManifest}, {"labels.txt", "a\n"}}, {}, nullptr, false);
  REQUIRE_FALSE(no_model);
  CHECK(no_model.error().message.find("model.onnx") != std::string::npos);
  auto tiled = choose_package_model({{"manifest.toml", replace_tiled(kManifest)},
                                     {"labels.txt", "a\n"}},
                                    files, nullptr, false);
  REQUIRE_FALSE(tiled);
  CHECK(tiled.error().message.find("tiled") != std::string::npos);
}

TEST_CASE("zoo package: a MegaDetector package without labels gets MegaDetector's classes") {
  std::string manifest = kManifest;
  manifest = manifest.substr(0, manifest.find("[labels]"));
  CatalogEntry md;
  md.id = "MDV5b";
  md.family = {"MegaDetector"};
  auto choice = choose_package_model({{"manifest.toml", manifest}}, both_files(), &md, false);
  REQUIRE(choice);
  CHECK(choice->entry.class_names == std::vector<std::string>{"animal", "person", "vehicle"});
  CHECK(choice->entry.maps_to_md());
  // Any other detector without labels is refused.
  CatalogEntry other;
  other.id = "x";
  other.family = {"DeepFaune"};
  CHECK_FALSE(choose_package_model({{"manifest.toml", manifest}}, both_files(), &other, false));
}
