// Which frames of a clip are analysed (frame_sampling.h): about 3 per second by default, as
// MegaDetector's video tool does (every 10th frame at 30 fps); every Nth frame; and a cap that
// spreads over the whole clip instead of cutting it short.
#include <catch.hpp>

#include "core/video/frame_sampling.h"

using namespace wl;

namespace {
VideoInfo clip(double fps, int frames) {
  VideoInfo v;
  v.width = 106;
  v.height = 60;
  v.frame_rate = fps;
  v.frame_count = frames;
  return v;
}
}  // namespace

TEST_CASE("frame sampling: the default takes every 10th frame of a 30 fps clip", "[video]") {
  auto frames = sample_frames(clip(30, 95), FrameSampling{});
  CHECK(frames == std::vector<int>{0, 10, 20, 30, 40, 50, 60, 70, 80, 90});
}

TEST_CASE("frame sampling: a 1 fps clip gives every frame once; NTSC rates round", "[video]") {
  CHECK(sample_frames(clip(1, 5), FrameSampling{}) == std::vector<int>{0, 1, 2, 3, 4});
  auto ntsc = sample_frames(clip(30000.0 / 1001, 31), FrameSampling{});
  CHECK(ntsc == std::vector<int>{0, 10, 20, 30});
}

TEST_CASE("frame sampling: every Nth frame, and every N seconds", "[video]") {
  FrameSampling s;
  s.mode = SampleMode::EveryNthFrame;
  s.every_nth = 4;
  CHECK(sample_frames(clip(30, 10), s) == std::vector<int>{0, 4, 8});
  s.every_nth = 0;  // clamped to every frame
  CHECK(sample_frames(clip(30, 3), s) == std::vector<int>{0, 1, 2});
  FrameSampling t;
  t.every_seconds = 2;
  CHECK(sample_frames(clip(8, 40), t) == std::vector<int>{0, 16, 32});
}

TEST_CASE("frame sampling: the cap spreads the frames over the whole clip", "[video]") {
  FrameSampling s;
  s.max_frames = 5;
  auto frames = sample_frames(clip(30, 3000), s);  // 300 candidates 0, 10, ..., 2990
  REQUIRE(frames.size() == 5);
  CHECK(frames.front() == 0);
  CHECK(frames.back() == 2990);
  CHECK(std::is_sorted(frames.begin(), frames.end()));
  s.max_frames = 1;
  CHECK(sample_frames(clip(30, 3000), s) == std::vector<int>{0});
}

TEST_CASE("frame sampling: an empty clip has no frames; descriptions read as sentences", "[video]") {
  CHECK(sample_frames(clip(30, 0), FrameSampling{}).empty());
  CHECK(describe(FrameSampling{}) == "a frame every 0.33 s, at most 300 per clip");
  FrameSampling s;
  s.mode = SampleMode::EveryNthFrame;
  s.every_nth = 1;
  CHECK(describe(s) == "every frame, at most 300 per clip");
  s.every_nth = 10;
  CHECK(describe(s) == "one frame in 10, at most 300 per clip");
}
