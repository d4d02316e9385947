#pragma once
// What a video clip is, as the batch needs it: its frame size, frame rate and how many frames
// it holds, read from the description FFmpeg's ffprobe writes (JSON). The page's video worker
// (web/js/video-worker.js) and the native side (src/platform/native/video_probe.cpp) both hand
// over that same text, so the checks a user sees ("no video stream", "the frame rate is
// missing") are made once, here.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace wl {

// Camera traps record between about 1 and 60 frames per second; anything outside these bounds
// is a broken header, and sampling "every 1/3 s" from it would be meaningless.
inline constexpr double kMinFrameRate = 0.1;
inline constexpr double kMaxFrameRate = 1000;

struct VideoInfo {
  int width = 0, height = 0;
  double frame_rate = 0;       // frames per second
  int frame_count = 0;         // as the container states it, else duration x frame rate
  bool frame_count_estimated = false;
  double duration_s = 0;
  double start_time_s = 0;     // the first frame's presentation time
  std::string codec;           // "h264", "mpeg4", "msmpeg4v3", ...
  std::string container;       // ffprobe's format name ("mov,mp4,m4a,3gp,3g2,mj2", "avi", ...)
};

// `json`: the output of `ffprobe -of json -show_entries stream=...:format=...` (see the video
// worker for the exact fields). Errors are for the user, naming `file`.
Result<VideoInfo> video_info_from_ffprobe(std::string_view json, const std::string& file);

// Why a clip FFmpeg could not read at all is listed as failed: `ffmpeg_reason` in FFmpeg's
// words, except for a zero-byte file, whose FFmpeg message ("moov atom not found") says nothing
// a person can act on.
std::string unreadable_clip_message(const std::string& file, std::uint64_t size, const std::string& ffmpeg_reason);

// "1/1", "30000/1001", "25" -> frames per second; nullopt for "0/0" or text that is not a rate.
std::optional<double> parse_frame_rate(std::string_view text);

// The presentation time of frame `n` (0-based), for a constant frame rate.
double frame_time_s(const VideoInfo& info, int n);

// True for the file names the page reads as clips (MP4/M4V, MOV, AVI, ASF/WMV, MKV, ...).
bool looks_like_video(std::string_view path);

}  // namespace wl
