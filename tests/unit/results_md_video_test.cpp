// Clips in the MegaDetector file (the video convention: one entry per clip, frame_rate,
// frames_processed, a frame_number on every detection), as the clip assembler makes them:
// they read back as written, and a clip that could not be read still carries the frame rate
// MegaDetector's validator asks of every video entry.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include "core/results/md_json_reader.h"
#include "core/results/md_json_writer.h"
#include "core/video/clip_assembly.h"
#include "sample_runs.h"

using namespace wl;

TEST_CASE("MD video: an assembled clip is written in the video convention and reads back", "[results][video]") {
  VideoInfo info;
  info.width = 320;
  info.height = 180;
  info.frame_rate = 30;
  info.frame_count = 450;
  ClipAssembler clip(info, {0, 10, 20});
  for (int i = 0; i < 3; ++i) clip.next_frame();
  for (int f : {0, 10, 20}) {
    ImageRecord frame;
    frame.width = 320;
    frame.height = 180;
    if (f == 10) {
      DetectionRecord d;
      d.category = "1";
      d.conf = 0.75;
      d.bbox = {0.25, 0.25, 0.5, 0.5};
      frame.detections.push_back(d);
    }
    clip.add(f, frame);
  }
  RunResults run = test::sample_run();
  run.images = {clip.record("cam/chimp.mp4")};
  ImageRecord broken;
  broken.file = "cam/empty.mp4";
  broken.failure = "cam/empty.mp4 is empty (0 bytes): the card or the copy may have failed.";
  run.images.push_back(broken);

  auto text = write_md_json(run);
  REQUIRE(text.ok());
  const auto doc = nlohmann::json::parse(*text);
  const auto& c = doc["images"][0];
  CHECK(c["file"] == "cam/chimp.mp4");
  CHECK(c["frame_rate"] == 30.0);
  CHECK(c["frames_processed"] == nlohmann::json::array({0, 10, 20}));
  REQUIRE(c["detections"].size() == 1);
  CHECK(c["detections"][0]["frame_number"] == 10);
  const auto& b = doc["images"][1];
  CHECK(b["frame_rate"] == 0.0);  // unknown, but present
  CHECK(b["detections"].is_null());

  auto back = read_md_json(*text);
  REQUIRE(back.ok());
  CHECK(back->images[0].frames_processed == std::vector<int>{0, 10, 20});
  CHECK(back->images[0].detections[0].frame_number == 10);
  CHECK(back->images[0].frame_rate == 30.0);
}
