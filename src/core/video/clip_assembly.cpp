#include "core/video/clip_assembly.h"

#include <algorithm>
#include <utility>

namespace wl {

ClipAssembler::ClipAssembler(VideoInfo info, std::vector<int> frames) : info_(std::move(info)), frames_(std::move(frames)) {
  std::sort(frames_.begin(), frames_.end());
  frames_.erase(std::unique(frames_.begin(), frames_.end()), frames_.end());
}

std::optional<VideoFrameRequest> ClipAssembler::next_frame() {
  int number = 0;
  std::size_t from = next_;  // where the frames after this one start, for `ahead`
  if (!returned_.empty()) {
    number = *returned_.begin();
    returned_.erase(returned_.begin());
    from = static_cast<std::size_t>(std::upper_bound(frames_.begin(), frames_.end(), number) - frames_.begin());
  } else if (next_ < frames_.size()) {
    number = frames_[next_++];
    from = next_;
  } else {
    return std::nullopt;
  }
  out_.insert(number);
  VideoFrameRequest r;
  r.number = number;
  for (std::size_t i = from; i < frames_.size() && r.ahead.size() < kDecodeAhead; ++i) r.ahead.push_back(frames_[i]);
  r.frame_rate = info_.frame_rate;
  r.start_time_s = info_.start_time_s;
  r.width = info_.width;
  r.height = info_.height;
  return r;
}

void ClipAssembler::returned(int frame_number) {
  if (out_.erase(frame_number)) returned_.insert(frame_number);
}

void ClipAssembler::return_all_out() {
  returned_.insert(out_.begin(), out_.end());
  out_.clear();
}

void ClipAssembler::add(int frame_number, ImageRecord frame) {
  if (!out_.erase(frame_number)) return;  // not handed out, or already in
  for (DetectionRecord& d : frame.detections) d.frame_number = frame_number;
  outcomes_.emplace_back(frame_number, std::move(frame));
  ++done_;
}

ImageRecord ClipAssembler::record(const std::string& file) const {
  std::vector<const std::pair<int, ImageRecord>*> sorted;
  sorted.reserve(outcomes_.size());
  for (const auto& o : outcomes_) sorted.push_back(&o);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });

  ImageRecord clip;
  clip.file = file;
  clip.width = info_.width;
  clip.height = info_.height;
  clip.frame_rate = info_.frame_rate;
  int failed = 0;
  const ImageRecord* first_failure = nullptr;
  int first_failed_frame = 0;
  for (const auto* o : sorted) {
    const ImageRecord& f = o->second;
    if (f.failed()) {
      if (!first_failure) {
        first_failure = &f;
        first_failed_frame = o->first;
      }
      ++failed;
      continue;
    }
    clip.frames_processed.push_back(o->first);
    if (f.width) clip.width = f.width;
    if (f.height) clip.height = f.height;
    clip.detections.insert(clip.detections.end(), f.detections.begin(), f.detections.end());
  }
  if (first_failure) {
    const std::string reason = first_failure->failure.value_or("");
    if (clip.frames_processed.empty() && failed == done_ && done_ > 0) {
      clip.failure = "None of the " + std::to_string(frames_total()) + " sampled frames could be analysed. Frame " +
                     std::to_string(first_failed_frame) + ": " + reason;
    } else {
      clip.warning = std::to_string(failed) + " of " + std::to_string(frames_total()) +
                     " sampled frames could not be analysed, from frame " + std::to_string(first_failed_frame) +
                     ": " + reason;
    }
  }
  return clip;
}

}  // namespace wl
