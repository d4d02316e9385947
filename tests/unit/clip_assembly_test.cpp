// A clip's frames through the batch and back into one record (clip_assembly.h): frames are
// handed out in order with the ones that follow for the decoder, come back in any order, and
// make one entry in the MegaDetector video convention; failures become a warning, or the
// clip's failure when no frame could be analysed.
#include <catch.hpp>

#include "core/video/clip_assembly.h"

using namespace wl;

namespace {

VideoInfo info30() {
  VideoInfo v;
  v.width = 320;
  v.height = 180;
  v.frame_rate = 30;
  v.frame_count = 100;
  return v;
}

ImageRecord frame_with(int boxes) {
  ImageRecord r;
  r.width = 320;
  r.height = 180;
  for (int i = 0; i < boxes; ++i) {
    DetectionRecord d;
    d.category = "1";
    d.conf = 0.5 + 0.1 * i;
    d.bbox = {0.1, 0.1, 0.2, 0.2};
    r.detections.push_back(d);
  }
  return r;
}

ImageRecord failed_frame(const std::string& why) {
  ImageRecord r;
  r.failure = why;
  return r;
}

}  // namespace

TEST_CASE("clip assembly: frames out in order, each with the ones after it for the decoder", "[video]") {
  ClipAssembler clip(info30(), {0, 10, 20, 30, 40, 50, 60, 70, 80, 90});
  auto first = clip.next_frame();
  REQUIRE(first);
  CHECK(first->number == 0);
  CHECK(first->ahead == std::vector<int>{10, 20, 30, 40, 50, 60, 70, 80, 90});  // all the rest
  CHECK(first->frame_rate == 30);
  CHECK(first->width == 320);
  for (int i = 1; i < 10; ++i) REQUIRE(clip.next_frame());
  CHECK_FALSE(clip.has_more());
  CHECK_FALSE(clip.next_frame());
  clip.returned(50);
  CHECK(clip.has_more());
  auto again = clip.next_frame();
  REQUIRE(again);
  CHECK(again->number == 50);
  CHECK(again->ahead == std::vector<int>{60, 70, 80, 90});
}

TEST_CASE("clip assembly: one record per clip, boxes carry their frame numbers", "[video]") {
  ClipAssembler clip(info30(), {0, 10, 20});
  for (int i = 0; i < 3; ++i) clip.next_frame();
  clip.add(20, frame_with(1));  // frames may finish in any order
  clip.add(0, frame_with(0));
  CHECK_FALSE(clip.complete());
  clip.add(10, frame_with(2));
  clip.add(10, frame_with(5));  // a second outcome for a frame is ignored
  REQUIRE(clip.complete());
  ImageRecord r = clip.record("cam/clip.mp4");
  CHECK(r.file == "cam/clip.mp4");
  CHECK(r.frame_rate == 30.0);
  CHECK(r.frames_processed == std::vector<int>{0, 10, 20});
  REQUIRE(r.detections.size() == 3);
  CHECK(r.detections[0].frame_number == 10);
  CHECK(r.detections[1].frame_number == 10);
  CHECK(r.detections[2].frame_number == 20);
  CHECK_FALSE(r.failed());
  CHECK(r.warning.empty());
  CHECK(r.width == 320);
}

TEST_CASE("clip assembly: a truncated clip keeps what was decoded, and says so", "[video]") {
  ClipAssembler clip(info30(), {0, 10, 20, 30});
  for (int i = 0; i < 4; ++i) clip.next_frame();
  clip.add(0, frame_with(1));
  clip.add(10, frame_with(1));
  clip.add(20, failed_frame("frame 20 is not in the clip"));
  clip.add(30, failed_frame("frame 30 is not in the clip"));
  ImageRecord r = clip.record("t.mp4");
  CHECK_FALSE(r.failed());
  CHECK(r.frames_processed == std::vector<int>{0, 10});
  CHECK(r.warning == "2 of 4 sampled frames could not be analysed, from frame 20: frame 20 is not in the clip");
}

TEST_CASE("clip assembly: no frame decoded fails the clip with the first reason", "[video]") {
  ClipAssembler clip(info30(), {0, 10});
  clip.next_frame();
  clip.next_frame();
  clip.add(10, failed_frame("codec not supported"));
  clip.add(0, failed_frame("codec not supported"));
  ImageRecord r = clip.record("bad.avi");
  REQUIRE(r.failed());
  CHECK(*r.failure == "None of the 2 sampled frames could be analysed. Frame 0: codec not supported");
}

TEST_CASE("clip assembly: a cancelled run's frames are handed out again", "[video]") {
  ClipAssembler clip(info30(), {0, 10, 20});
  clip.next_frame();
  clip.next_frame();
  clip.add(0, frame_with(0));
  clip.return_all_out();
  auto f = clip.next_frame();
  REQUIRE(f);
  CHECK(f->number == 10);
  clip.add(10, frame_with(0));
  CHECK(clip.next_frame()->number == 20);
  CHECK_FALSE(clip.complete());
  clip.add(20, frame_with(0));
  CHECK(clip.complete());
  CHECK(clip.frames_done() == 3);
}
