// The native video seam (ffmpeg_cli.h, and VideoProbe from src/platform/video_probe.h) over
// Debian's ffprobe and ffmpeg, run through popen. Frames are decoded from the start of the clip
// each time: slow for long clips, exact, and only for tests and native tools.
#include <cstdio>
#include <memory>
#include <unordered_map>
#include <vector>

#include "platform/native/ffmpeg_cli.h"
#include "platform/video_probe.h"

namespace wl::platform {
namespace {

#ifndef __EMSCRIPTEN__
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

// Runs `command` (stderr discarded) and returns everything it wrote to stdout, or why not.
Result<std::string> capture(const std::string& command, const char* tool) {
  struct Closer {
    void operator()(FILE* f) const { pclose(f); }
  };
  std::unique_ptr<FILE, Closer> pipe(popen((command + " 2>/dev/null").c_str(), "r"));
  if (!pipe) return make_error(ErrorCode::Io, std::string(tool) + " could not be started.");
  std::string out;
  char buf[1 << 16];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0;) out.append(buf, n);
  const int status = pclose(pipe.release());
  if (status != 0 && out.empty())
    return make_error(ErrorCode::UnsupportedFormat, std::string(tool) + " could not read the clip.");
  return out;
}
#endif

}  // namespace

Result<std::string> ffprobe_json(const std::string& path) {
#ifdef __EMSCRIPTEN__
  (void)path;
  return make_error(ErrorCode::UnsupportedFormat, "ffprobe is not available in this build.");
#else
  return capture("ffprobe -v error -of json -show_entries "
                 "stream=index,codec_type,codec_name,width,height,r_frame_rate,avg_frame_rate,nb_frames,duration,"
                 "time_base,start_time:format=duration,format_name,size " +
                     shell_quote(path),
                 "ffprobe");
#endif
}

Result<ImageRgb8> ffmpeg_decode_frame(const std::string& path, const VideoFrameRequest& frame) {
#ifdef __EMSCRIPTEN__
  (void)path;
  (void)frame;
  return make_error(ErrorCode::UnsupportedFormat, "ffmpeg is not available in this build.");
#else
  if (frame.width <= 0 || frame.height <= 0) return make_error(ErrorCode::InvalidArgument, "The frame size is unknown.");
  auto bytes = capture("ffmpeg -v error -nostdin -i " + shell_quote(path) + " -vf " +
                           shell_quote("select=eq(n\\," + std::to_string(frame.number) + ")") +
                           " -fps_mode passthrough -frames:v 1 -f rawvideo -pix_fmt rgb24 -",
                       "ffmpeg");
  if (!bytes) return bytes.error();
  const std::size_t want = static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height) * 3;
  if (bytes->empty())
    return make_error(ErrorCode::Corrupt, "frame " + std::to_string(frame.number) + " is not in the clip (it ends earlier, or is truncated)");
  if (bytes->size() != want) return make_error(ErrorCode::Corrupt, "The decoded frame has an unexpected size.");
  ImageRgb8 image;
  image.width = frame.width;
  image.height = frame.height;
  image.pixels.assign(bytes->begin(), bytes->end());
  return image;
#endif
}

// Synchronous: ffprobe of a camera-trap clip takes tens of ms, and only tests call this.
struct VideoProbe::Impl {
  int next_job = 1;
  std::unordered_map<int, Result<VideoInfo>> done;
};

VideoProbe::VideoProbe() : impl_(std::make_unique<Impl>()) {}
VideoProbe::~VideoProbe() = default;

int VideoProbe::start(int /*file_id*/, const std::string& path) {
  const int job = impl_->next_job++;
  auto json = ffprobe_json(path);
  impl_->done.emplace(job, json ? video_info_from_ffprobe(*json, path)
                                : Result<VideoInfo>(make_error(json.error().code, path + ": " + json.error().message)));
  return job;
}

std::optional<Result<VideoInfo>> VideoProbe::poll(int job) {
  auto node = impl_->done.extract(job);
  if (!node) return Result<VideoInfo>(make_error(ErrorCode::Internal, "The clip was not being read."));
  return std::move(node.mapped());
}

void VideoProbe::cancel(int job) { impl_->done.erase(job); }

}  // namespace wl::platform
