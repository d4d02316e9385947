#pragma once
// One frame of a clip, asked of an image preparer (core/pipeline/image_preparer.h) in place of
// an image file: the preparer decodes it from the clip and makes it the detector's input as it
// would an image's pixels, with no JPEG round trip.
#include <vector>

namespace wl {

struct VideoFrameRequest {
  int number = 0;          // 0-based, in presentation order
  // The clip's next sampled frames, in order: a decoder may read them in the same pass and
  // keep them for the requests that follow, instead of seeking again for each.
  std::vector<int> ahead;
  double frame_rate = 0;   // from the clip's VideoInfo, so the decoder need not probe again
  double start_time_s = 0;
  int width = 0, height = 0;
  bool operator==(const VideoFrameRequest&) const = default;
};

}  // namespace wl
