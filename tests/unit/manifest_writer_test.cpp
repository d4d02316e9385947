// Writing manifest entries back: every published and fixture entry, and an entry inferred from
// an ONNX file, survive write -> parse -> write unchanged.
#include <catch.hpp>

#include "core/models/infer_entry.h"
#include "core/models/manifest.h"
#include "core/models/manifest_writer.h"
#include "core/models/onnx_info.h"
#include "fixtures.h"

using namespace wl;

namespace {

void check_round_trip(const ModelEntry& e) {
  INFO(e.id);
  const std::string text = write_model_entry(e);
  auto back = parse_model_entry(text);
  REQUIRE(back.ok());
  CHECK(write_model_entry(*back) == text);
  CHECK(back->id == e.id);
  CHECK(back->layout == e.layout);
  CHECK(back->input_sizes == e.input_sizes);
  CHECK(back->class_names == e.class_names);
  CHECK(back->md_category == e.md_category);
  CHECK(back->thresholds.typical == e.thresholds.typical);
  CHECK(back->thresholds.candidate == e.thresholds.candidate);
  CHECK(back->mean == e.mean);
  CHECK(back->std == e.std);
}

}  // namespace

TEST_CASE("manifest writer: zoo and fixture entries round-trip", "[manifest]") {
  for (const char* file : {"models/zoo.json", "tests/models/fixtures.json"}) {
    auto zoo = parse_model_zoo(test::read_text_file(std::string(WL_SOURCE_DIR) + "/" + file));
    REQUIRE(zoo.ok());
    for (const ModelEntry& e : *zoo) check_round_trip(e);
  }
}

TEST_CASE("manifest writer: an entry inferred from a local ONNX file round-trips", "[manifest]") {
  auto info = read_onnx_info(test::read_fixture("models/mdv6-yolov10n-c-nc3-bncalib-dynamic.onnx"));
  REQUIRE(info.ok());
  auto inferred = infer_model_entry(*info, "mdv6-yolov10n-c-nc3-bncalib-dynamic.onnx");
  REQUIRE(inferred.ok());
  check_round_trip(inferred->entry);
  ModelEntry user_sized = inferred->entry;
  user_sized.input_sizes = {960};  // the size a user typed in the confirmation window
  check_round_trip(user_sized);
}
