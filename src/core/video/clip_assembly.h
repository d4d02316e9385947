#pragma once
// A clip in a batch: its sampled frames go through the batch driver one by one, as images do,
// and come back here; once every frame has an outcome, they make the clip's one record in the
// MegaDetector video convention (one entry per clip, `frame_rate`, `frames_processed`, and a
// `frame_number` on every detection). The page and the headless runner both use this, so a
// clip comes out the same from either.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/results/run_results.h"
#include "core/video/frame_request.h"
#include "core/video/video_info.h"

namespace wl {

class ClipAssembler {
 public:
  // Frames named ahead of a request, for the decoder (VideoFrameRequest::ahead): all the
  // clip's remaining ones, so one decoding pass can serve the whole clip.
  static constexpr int kDecodeAhead = 100000;

  ClipAssembler(VideoInfo info, std::vector<int> frames);

  // The next frame to hand to the driver, or nullopt when all are out (or done).
  std::optional<VideoFrameRequest> next_frame();
  // A frame handed out but dropped by a cancel: it is handed out again later.
  void returned(int frame_number);
  // Every frame handed out without an outcome goes back (the run that had them is gone).
  void return_all_out();
  // Frames still to hand out (never handed out, or returned).
  bool has_more() const { return !returned_.empty() || next_ < frames_.size(); }
  // A frame's outcome: its record as the run builder made it (boxes in normalised
  // coordinates of the frame), or its failure.
  void add(int frame_number, ImageRecord frame);

  bool complete() const { return done_ == static_cast<int>(frames_.size()); }
  bool started() const { return done_ > 0 || !out_.empty(); }
  int frames_total() const { return static_cast<int>(frames_.size()); }
  int frames_done() const { return done_; }
  const VideoInfo& info() const { return info_; }
  const std::vector<int>& frames() const { return frames_; }

  // The clip's record from the frames finished so far (complete() for the final one).
  ImageRecord record(const std::string& file) const;

 private:
  VideoInfo info_;
  std::vector<int> frames_;        // sampled, sorted
  std::set<int> out_;              // handed out, no outcome yet
  std::set<int> returned_;         // to hand out again first
  std::size_t next_ = 0;           // index into frames_ of the next never-handed-out frame
  int done_ = 0;
  std::vector<std::pair<int, ImageRecord>> outcomes_;  // by frame number on output
};

}  // namespace wl
