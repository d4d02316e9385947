// The browser's VideoProbe (src/platform/video_probe.h) over globalThis.wlVideo
// (web/js/video-frames.js), whose worker runs FFmpeg's ffprobe on the File.
#include <emscripten.h>

#include <cstdlib>
#include <memory>
#include <unordered_map>

#include "platform/video_probe.h"

EM_JS(void, wl_js_video_probe_start, (int job, int file_id), { globalThis.wlVideo.probeStart(job, file_id); });
// 0 while reading, 1 when the text is ffprobe's JSON, 2 when it says why the clip failed.
EM_JS(int, wl_js_video_probe_poll, (int job), { return globalThis.wlVideo.probePoll(job); });
EM_JS(char*, wl_js_video_probe_text, (int job), { return stringToNewUTF8(globalThis.wlVideo.probeText(job)); });
EM_JS(void, wl_js_video_probe_cancel, (int job), { globalThis.wlVideo.probeCancel(job); });

namespace wl::platform {

struct VideoProbe::Impl {
  int next_job = 1;
  std::unordered_map<int, std::string> live;  // job -> the clip's name, for messages
};

VideoProbe::VideoProbe() : impl_(std::make_unique<Impl>()) {}
VideoProbe::~VideoProbe() {
  for (const auto& [job, name] : impl_->live) wl_js_video_probe_cancel(job);
}

int VideoProbe::start(int file_id, const std::string& path) {
  const int job = impl_->next_job++;
  impl_->live[job] = path;
  wl_js_video_probe_start(job, file_id);
  return job;
}

std::optional<Result<VideoInfo>> VideoProbe::poll(int job) {
  auto it = impl_->live.find(job);
  if (it == impl_->live.end()) return Result<VideoInfo>(make_error(ErrorCode::Internal, "The clip was not being read."));
  const int state = wl_js_video_probe_poll(job);
  if (state == 0) return std::nullopt;
  const std::string name = it->second;
  impl_->live.erase(it);
  std::unique_ptr<char, decltype(&std::free)> raw(wl_js_video_probe_text(job), &std::free);
  const std::string text = raw ? std::string(raw.get()) : std::string();
  if (state == 2) return Result<VideoInfo>(make_error(ErrorCode::UnsupportedFormat, name + ": " + text));
  return video_info_from_ffprobe(text, name);
}

void VideoProbe::cancel(int job) {
  if (impl_->live.erase(job)) wl_js_video_probe_cancel(job);
}

}  // namespace wl::platform
