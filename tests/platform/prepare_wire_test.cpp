// The JSON between the app's module and the prepare worker's module (src/platform/prepare):
// everything of a prepared input but its tensor survives the trip, failures included.
#include <catch.hpp>

#include "platform/prepare/prepare_wire.h"

using namespace wl;
using namespace wl::platform;

TEST_CASE("prepare wire: the spec and the description of a prepared input round-trip", "[prepare]") {
  PrepareSpec spec;
  spec.input_size = 1280;
  spec.resize = ResizeMode::Stretch;
  spec.stride = 64;
  spec.pad_value = 0;
  spec.mean = {0.485f, 0.456f, 0.406f};
  spec.std = {0.229f, 0.224f, 0.225f};
  auto back = prepare_spec_from_json(prepare_spec_to_json(spec));
  REQUIRE(back.ok());
  CHECK(back->input_size == 1280);
  CHECK(back->resize == ResizeMode::Stretch);
  CHECK(back->stride == 64);
  CHECK(back->pad_value == 0);
  CHECK(back->mean == spec.mean);  // floats exactly: JSON keeps enough digits
  CHECK(back->std == spec.std);

  PreparedInput in;
  in.shape = {1, 3, 640, 480};
  in.frame = {480, 640, 3000, 4000};
  in.facts = {"2009-04-22T20:19:00", "Maker", "Model \xff"};  // invalid UTF-8 from a camera
  in.warning = "cut short";
  in.decode_ms = 12.5;
  in.preprocess_ms = 3.25;
  in.tensor = {1.0f};  // not carried
  PreparedInput out;
  REQUIRE(prepared_meta_from_json(prepared_meta_to_json(in), out).ok());
  CHECK(out.shape == in.shape);
  CHECK(out.frame.input_width == 480);
  CHECK(out.frame.orig_height == 4000);
  CHECK(out.width() == 3000);
  CHECK(out.facts.datetime == in.facts.datetime);
  CHECK(out.facts.make == "Maker");
  CHECK(out.facts.model.rfind("Model ", 0) == 0);
  CHECK(out.warning == "cut short");
  CHECK(out.decode_ms == 12.5);
  CHECK(out.preprocess_ms == 3.25);
  CHECK_FALSE(out.failure);
  CHECK(out.tensor.empty());

  PreparedInput failed;
  failed.failure = "The file is a PDF document, not an image.";
  PreparedInput failed_back;
  REQUIRE(prepared_meta_from_json(prepared_meta_to_json(failed), failed_back).ok());
  CHECK(failed_back.failure == failed.failure);
}

TEST_CASE("prepare wire: broken text is an error value, not a crash", "[prepare]") {
  CHECK_FALSE(prepare_spec_from_json("").ok());
  CHECK_FALSE(prepare_spec_from_json("{\"size\": 640}").ok());
  CHECK_FALSE(prepare_spec_from_json("{\"size\":640,\"resize\":9,\"stride\":32,\"pad\":114,\"mean\":[0,0,0],\"std\":[1,1,1]}").ok());
  PreparedInput out;
  CHECK_FALSE(prepared_meta_from_json("[1,2]", out).ok());
  CHECK_FALSE(prepared_meta_from_json("{\"shape\": [1, 3]}", out).ok());
}
