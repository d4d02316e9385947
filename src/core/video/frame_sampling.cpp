#include "core/video/frame_sampling.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace wl {

FrameSampling sanitized(FrameSampling s) {
  if (!std::isfinite(s.every_seconds) || s.every_seconds < 0.01) s.every_seconds = 0.01;
  s.every_seconds = std::min(s.every_seconds, 3600.0);
  s.every_nth = std::clamp(s.every_nth, 1, 100000);
  s.max_frames = std::clamp(s.max_frames, 1, 100000);
  return s;
}

std::vector<int> sample_frames(const VideoInfo& info, const FrameSampling& options) {
  const FrameSampling s = sanitized(options);
  std::vector<int> frames;
  if (info.frame_count <= 0) return frames;
  if (s.mode == SampleMode::EveryNthFrame) {
    for (long long n = 0; n < info.frame_count; n += s.every_nth) frames.push_back(static_cast<int>(n));
  } else {
    // Frame k*step rounded: at 30 fps and 1/3 s this is 0, 10, 20, ...; a 1 fps clip gives
    // every frame once (duplicates from rounding are dropped).
    const double step = s.every_seconds * info.frame_rate;
    for (long long k = 0;; ++k) {
      const long long n = std::llround(static_cast<double>(k) * step);
      if (n >= info.frame_count) break;
      if (frames.empty() || frames.back() != n) frames.push_back(static_cast<int>(n));
      if (frames.size() > 10'000'000) break;  // a step of a fraction of a frame on a huge clip
    }
  }
  if (static_cast<int>(frames.size()) > s.max_frames) {
    // Evenly over the whole clip: the i-th of max_frames picks from the same relative place.
    std::vector<int> spread;
    spread.reserve(static_cast<std::size_t>(s.max_frames));
    const double stride = static_cast<double>(frames.size() - 1) / std::max(1, s.max_frames - 1);
    for (int i = 0; i < s.max_frames; ++i) {
      const auto at = static_cast<std::size_t>(std::llround(i * stride));
      const int n = frames[std::min(at, frames.size() - 1)];
      if (spread.empty() || spread.back() != n) spread.push_back(n);
    }
    frames = std::move(spread);
  }
  return frames;
}

std::string describe(const FrameSampling& options) {
  const FrameSampling s = sanitized(options);
  char buf[96];
  if (s.mode == SampleMode::EveryNthFrame && s.every_nth == 1)
    std::snprintf(buf, sizeof buf, "every frame, at most %d per clip", s.max_frames);
  else if (s.mode == SampleMode::EveryNthFrame)
    std::snprintf(buf, sizeof buf, "one frame in %d, at most %d per clip", s.every_nth, s.max_frames);
  else
    std::snprintf(buf, sizeof buf, "a frame every %.2g s, at most %d per clip", s.every_seconds, s.max_frames);
  return buf;
}

}  // namespace wl
