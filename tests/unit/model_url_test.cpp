// Model addresses typed or pasted into Model → Open model from URL…
#include <catch.hpp>

#include "core/models/model_url.h"

using namespace wl;

TEST_CASE("model URL: http(s) addresses with a host pass, trimmed; others say what to do", "[model_url]") {
  auto ok = check_model_url("  https://example.org/models/md.onnx?download=1 \n");
  REQUIRE(ok.ok());
  CHECK(*ok == "https://example.org/models/md.onnx?download=1");
  CHECK(check_model_url("HTTP://host/x.onnx").ok());

  auto empty = check_model_url("   ");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message.find("Type or paste") != std::string::npos);
  auto ftp = check_model_url("ftp://host/x.onnx");
  REQUIRE_FALSE(ftp.ok());
  CHECK(ftp.error().message.find("Open model file (ONNX or package)") != std::string::npos);
  CHECK_FALSE(check_model_url("/home/me/model.onnx").ok());
  auto no_host = check_model_url("https:///x.onnx");
  REQUIRE_FALSE(no_host.ok());
  CHECK(no_host.error().message.find("names no server") != std::string::npos);
}

TEST_CASE("model URL: the file name is the last path segment, decoded, without query or fragment", "[model_url]") {
  CHECK(model_file_name_from_url("https://zenodo.org/records/1/files/MDV6-yolov9-c.onnx?download=1") == "MDV6-yolov9-c.onnx");
  CHECK(model_file_name_from_url("https://h/a/my%20model.onnx#top") == "my model.onnx");
  CHECK(model_file_name_from_url("https://h/models/") == "models");
  CHECK(model_file_name_from_url("https://h") == "model.onnx");
  CHECK(model_file_name_from_url("https://h/a%2Fb.onnx") == "model.onnx");  // no folder separators in a name
}

TEST_CASE("model URL: a zoo detector is found by its published ONNX address only", "[model_url]") {
  ModelEntry runnable;
  runnable.id = "md";
  runnable.layout = DetectorLayout::YoloV8;
  runnable.weights = {WeightFile{"pytorch", "https://h/md.pt", "", {}, {}}, WeightFile{"onnx", "https://h/md.onnx", "", {}, {}}};
  ModelEntry undecoded = runnable;
  undecoded.id = "other";
  undecoded.layout = DetectorLayout::None;
  undecoded.weights = {WeightFile{"onnx", "https://h/other.onnx", "", {}, {}}};
  const std::vector<ModelEntry> zoo{runnable, undecoded};
  const WeightFile* w = nullptr;
  const ModelEntry* found = zoo_entry_for_url(zoo, " https://h/md.onnx ", &w);
  REQUIRE(found);
  CHECK(found->id == "md");
  REQUIRE(w);
  CHECK(w->url == "https://h/md.onnx");
  CHECK_FALSE(zoo_entry_for_url(zoo, "https://h/md.pt", &w));
  CHECK_FALSE(zoo_entry_for_url(zoo, "https://h/other.onnx", &w));  // a layout the app cannot read
}
