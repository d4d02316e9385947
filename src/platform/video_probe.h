#pragma once
// The "describe this clip" seam: FFmpeg reads a clip's header (streams, frame size, frame rate,
// frame count) away from the caller's loop, and the core turns its answer into a VideoInfo
// (core/video/video_info.h), so every check and message is the same on every platform. Jobs
// are started and polled, never awaited, as for the prepare seam. The frames themselves are
// decoded by the image preparer (PrepareRequest::frame), where they are made into inputs.
//
// One header, one implementation per platform, chosen in CMake:
//  * web (src/platform/js/video_probe.cpp): the video worker, FFmpeg compiled to wasm
//    (web/js/video-frames.js), reading the File itself;
//  * native (src/platform/native/video_ffmpeg_cli.cpp): Debian's ffprobe, run as a process.
#include <memory>
#include <optional>
#include <string>

#include "core/util/result.h"
#include "core/video/video_info.h"

namespace wl::platform {

class VideoProbe {
 public:
  VideoProbe();
  ~VideoProbe();
  VideoProbe(const VideoProbe&) = delete;
  VideoProbe& operator=(const VideoProbe&) = delete;

  // `file_id`: the page's File (web); `path`: the file to read (native), and the name used in
  // messages everywhere. Returns a job id (> 0).
  int start(int file_id, const std::string& path);
  // nullopt while reading; then the clip's description or why it cannot be used, once.
  std::optional<Result<VideoInfo>> poll(int job);
  void cancel(int job);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wl::platform
