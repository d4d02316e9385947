#pragma once
// Which frames of a clip are analysed. Camera-trap clips run at 8-30 frames per second and an
// animal stays in view for seconds, so neighbouring frames say the same thing: MegaDetector's
// own video tool analyses every 10th frame of a 30 fps clip (about 3 per second), and so does
// the default here. Every sampled frame then goes through the detector and classifier as an
// image would.
#include <string>
#include <vector>

#include "core/video/video_info.h"

namespace wl {

enum class SampleMode { EverySeconds, EveryNthFrame };

struct FrameSampling {
  SampleMode mode = SampleMode::EverySeconds;
  double every_seconds = 1.0 / 3.0;  // EverySeconds: one frame each this many seconds
  int every_nth = 10;                // EveryNthFrame: frames 0, n, 2n, ...
  // At most this many frames per clip. A longer clip is sampled evenly over its whole length
  // (not cut short), so an animal that arrives at the end is still seen.
  int max_frames = 300;
  bool operator==(const FrameSampling&) const = default;
};

// Sorted, distinct 0-based frame numbers below info.frame_count; frame 0 is always in.
std::vector<int> sample_frames(const VideoInfo& info, const FrameSampling& sampling);

// "every 0.33 s, at most 300 frames" / "every 10th frame, at most 300 frames"
std::string describe(const FrameSampling& sampling);

// The options clamped to what makes sense (every >= 1 frame, >= 0.01 s, 1..100000 frames).
FrameSampling sanitized(FrameSampling sampling);

}  // namespace wl
