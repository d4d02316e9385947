// Remembered choices: round trip, sensible defaults, and never a failure on bad input.
#include <catch.hpp>

#include "core/models/manifest.h"
#include "core/models/manifest_writer.h"
#include "core/session/preferences.h"

using namespace wl;

TEST_CASE("preferences: a first visit gets the defaults", "[session]") {
  const Preferences p = read_preferences("");
  CHECK_FALSE(p.threshold.has_value());
  CHECK(p.provider == "auto");
  CHECK_FALSE(read_preferences(R"({"classifier": "speciesnet", "maxCrops": 0, "classifyThreshold": 2})").classifier.known());
  CHECK_FALSE(read_preferences(R"({"maxCrops": 0, "classifyThreshold": 2})").max_crops.has_value());
  CHECK_FALSE(read_preferences(R"({"classifyThreshold": 2})").classify_threshold.has_value());
  CHECK_FALSE(p.detector.known());
  CHECK(p.show_labels);
  CHECK_FALSE(p.show_backends);
  CHECK(p == Preferences{});
}

TEST_CASE("preferences: what was written is read back", "[session]") {
  Preferences p;
  p.threshold = 0.37f;
  p.provider = "wasm";
  p.detector.source = ModelSource::Url;
  p.detector.zoo_id = "mdv5a";
  p.detector.url = "https://example.org/md_v5a.onnx";
  p.detector.sha256 = std::string(64, 'b');
  p.detector.entry_json = R"({"id":"mdv5a"})";
  p.detector.input_size = 1280;
  p.detector.threshold = 0.005;
  p.classifier.source = ModelSource::Url;
  p.classifier.zoo_id = "AI4G-Amazon-V2";
  p.classifier.url = "https://zenodo.org/api/records/1/files/a.zip/content?wl-package-file=model.onnx";
  p.classifier.sha256 = std::string(64, 'c');
  p.classifier.entry_json = R"({"id":"AI4G-Amazon-V2","task":"classifier"})";
  p.classify_threshold = 0.15f;
  p.max_crops = 8;
  p.class_threshold = 0.6f;
  p.show_backends = true;
  p.show_metrics = true;
  p.show_labels = false;
  p.accepted_terms = {"sub-saharan-drylands", "Deepfaune-Europe"};
  p.welcome_dismissed = true;
  CHECK(read_preferences(write_preferences(p)) == p);
}

TEST_CASE("preferences: accepted licence terms keep only names", "[session]") {
  const Preferences p = read_preferences(R"({"acceptedTerms": ["a", 3, null, "b"], "welcomeDismissed": "yes"})");
  CHECK(p.accepted_terms == std::vector<std::string>{"a", "b"});
  CHECK_FALSE(p.welcome_dismissed);
}

TEST_CASE("preferences: bad values fall back member by member", "[session]") {
  const Preferences p = read_preferences(R"({"threshold": 7, "provider": "cuda", "panels": {"backends": "yes", "metrics": true},
                                            "labels": false, "detector": 3})");
  CHECK_FALSE(p.threshold.has_value());
  CHECK(p.provider == "auto");
  CHECK_FALSE(p.show_backends);
  CHECK(p.show_metrics);
  CHECK_FALSE(p.show_labels);
  CHECK_FALSE(p.detector.known());
  CHECK(read_preferences("[1,2]") == Preferences{});
  CHECK(read_preferences("{\"threshold\":") == Preferences{});
}

TEST_CASE("preferences: the video sampling is remembered, and nonsense is clamped", "[session][video]") {
  CHECK_FALSE(read_preferences("{}").video.has_value());
  Preferences p;
  FrameSampling s;
  s.mode = SampleMode::EveryNthFrame;
  s.every_nth = 15;
  s.max_frames = 50;
  p.video = s;
  const Preferences back = read_preferences(write_preferences(p));
  REQUIRE(back.video);
  CHECK(*back.video == s);
  const Preferences odd = read_preferences(R"({"video": {"mode": "seconds", "everySeconds": -4, "maxFrames": 0}})");
  REQUIRE(odd.video);
  CHECK(odd.video->mode == SampleMode::EverySeconds);
  CHECK(odd.video->every_seconds == 0.01);
  CHECK(odd.video->max_frames == 1);
}
