#include <catch.hpp>

#include "core/models/onnx_info.h"
#include "fixtures.h"

using namespace wl;

TEST_CASE("read_onnx_info: static yolov5n", "[onnx_info]") {
  auto bytes = test::read_fixture("models/yolov5n-coco.onnx");
  auto info = read_onnx_info(bytes);
  REQUIRE(info.ok());
  CHECK(info->ir_version == 7);
  CHECK(info->opset() == 12);
  CHECK(info->producer_name == "pytorch");
  REQUIRE(info->inputs.size() == 1);
  CHECK(info->inputs[0].name == "images");
  CHECK(info->inputs[0].type == ElementType::Float32);
  CHECK(info->inputs[0].shape == std::vector<std::int64_t>{1, 3, 640, 640});
  REQUIRE(info->outputs.size() == 1);
  CHECK(info->outputs[0].name == "output0");
  CHECK(info->outputs[0].shape == std::vector<std::int64_t>{1, 25200, 85});
  CHECK(info->metadata_value("stride") == std::optional<std::string>("32"));
  auto names = info->metadata_value("names");
  REQUIRE(names);
  CHECK(names->rfind("{0: 'person', 1: 'bicycle'", 0) == 0);
  CHECK_FALSE(info->uses_external_data);
}

TEST_CASE("read_onnx_info: dynamic MDv6 architecture", "[onnx_info]") {
  auto bytes = test::read_fixture("models/mdv6-yolov10n-c-nc3-bncalib-dynamic.onnx");
  auto info = read_onnx_info(bytes);
  REQUIRE(info.ok());
  CHECK(info->ir_version == 8);
  CHECK(info->opset() == 17);
  REQUIRE(info->inputs.size() == 1);
  CHECK(info->inputs[0].shape == std::vector<std::int64_t>{-1, 3, -1, -1});
  CHECK(info->inputs[0].dim_names == std::vector<std::string>{"batch", "", "height", "width"});
  REQUIRE(info->outputs.size() == 1);
  CHECK(info->outputs[0].shape == std::vector<std::int64_t>{-1, -1, -1});
  CHECK(info->metadata_value("imgsz") == std::optional<std::string>("[1280, 1280]"));
  CHECK(info->metadata_value("task") == std::optional<std::string>("detect"));
  CHECK(info->metadata.size() == 11);
  CHECK_FALSE(info->metadata_value("no-such-key"));
}

TEST_CASE("read_onnx_info: bad bytes give errors a user can act on", "[onnx_info]") {
  SECTION("empty") {
    auto r = read_onnx_info({});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Empty);
  }
  SECTION("text") {
    std::string s = "<!DOCTYPE html><html>404</html>";
    auto r = read_onnx_info(std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::ModelInvalid);
    CHECK(r.error().message.find("HTML") != std::string::npos);
  }
  SECTION("zip") {
    std::vector<std::uint8_t> zip = {'P', 'K', 3, 4, 0, 0, 0, 0};
    auto r = read_onnx_info(zip);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("PyTorch") != std::string::npos);
  }
  SECTION("an image picked by mistake") {
    auto jpeg = test::read_fixture("images/speciesnet_test/human.jpg");
    auto r = read_onnx_info(jpeg);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "This file is a JPEG image, not an ONNX model.");
  }
  SECTION("unknown bytes") {
    std::vector<std::uint8_t> junk = {0x42, 0x13, 0x37, 0x00, 0x01};
    auto r = read_onnx_info(junk);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("not an ONNX model") != std::string::npos);
  }
  SECTION("truncated download") {
    auto bytes = test::read_fixture("models/yolov5n-coco.onnx");
    bytes.resize(bytes.size() / 2);
    auto r = read_onnx_info(bytes);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::ModelInvalid);
    CHECK(r.error().message.find("damaged or incomplete") != std::string::npos);
  }
}
