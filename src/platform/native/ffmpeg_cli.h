#pragma once
// Debian's ffprobe and ffmpeg, run as processes: the native side of the video seam, for the
// unit tests and native tools (the product in the browser uses FFmpeg compiled to wasm). Not
// available in Emscripten builds, where these return an error.
#include <string>

#include "core/image/image.h"
#include "core/util/result.h"
#include "core/video/frame_request.h"

namespace wl::platform {

// ffprobe's JSON description of `path`, with the fields video_info_from_ffprobe() reads.
Result<std::string> ffprobe_json(const std::string& path);

// Frame `frame.number` (0-based, presentation order) of `path` as RGB24.
Result<ImageRgb8> ffmpeg_decode_frame(const std::string& path, const VideoFrameRequest& frame);

}  // namespace wl::platform
