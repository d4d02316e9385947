// The headless runner's clips (runner/video.mjs): a clip begun from ffprobe's description of
// it, its sampled frames handed over one by one as FFmpeg decodes them, and the clip's one
// record made by the core's ClipAssembler when its last frame is done (wl_runner_poll_image).
#include <emscripten.h>

#include <nlohmann/json.hpp>

#include "platform/runner/runner_state.h"

using nlohmann::json;
using namespace wl;
using namespace wl::runner;

extern "C" {

// A clip FFmpeg could not read at all: listed as failed (text = the message).
EMSCRIPTEN_KEEPALIVE int wl_runner_clip_unreadable(const char* file, double size, const char* reason) {
  if (!g_runner) return fail("internal: configure the runner first");
  g_text = unreadable_clip_message(file, static_cast<std::uint64_t>(size), reason);
  return 1;
}

// A clip, from ffprobe's description of it (runner/video.mjs probes it with FFmpeg's wasm
// build): text = {"frames": [sampled frame numbers], "frameRate", "startTime", "width",
// "height"}; the JS side decodes those frames and hands each over with wl_runner_submit_frame.
// A clip that cannot be used is listed as failed (text = why).
EMSCRIPTEN_KEEPALIVE int wl_runner_begin_clip(const char* file, const char* probe_json) {
  if (!g_runner || !g_runner->engine) return fail("internal: the model is not loaded");
  Runner& r = *g_runner;
  auto info = video_info_from_ffprobe(probe_json, file);
  std::vector<int> frames;
  if (info) frames = sample_frames(*info, r.sampling);
  if (!info || frames.empty()) {
    const std::string why = info ? std::string(file) + ": the clip has no frames to analyse." : info.error().message;
    r.builder->add_failure(file, why);
    return fail(why);
  }
  json out = {{"frames", frames}, {"frameRate", info->frame_rate}, {"startTime", info->start_time_s},
              {"width", info->width}, {"height", info->height}};
  r.clips.insert_or_assign(file, ClipAssembler(std::move(*info), std::move(frames)));
  g_text = out.dump();
  return 1;
}

// The next sampled frame of a clip begun with wl_runner_begin_clip, as width x height RGB24
// pixels (read during the call); or, with rgb null, the reason it could not be decoded.
EMSCRIPTEN_KEEPALIVE int wl_runner_submit_frame(const char* file, int frame_number, const std::uint8_t* rgb, int width,
                                                int height, double decode_ms, const char* failure) {
  if (!g_runner || !g_runner->engine) return fail("internal: the model is not loaded");
  Runner& r = *g_runner;
  auto clip = r.clips.find(file);
  if (clip == r.clips.end()) return fail("internal: the clip was not begun");
  std::optional<VideoFrameRequest> request = clip->second.next_frame();
  if (!request || request->number != frame_number)
    return fail("internal: frames of a clip must be handed over in the order wl_runner_begin_clip gave");
  int id = 0;
  if (rgb && width > 0 && height > 0) {
    ImageRgb8 pixels;
    pixels.width = width;
    pixels.height = height;
    pixels.pixels.assign(rgb, rgb + static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    id = r.preparer.add_decoded(std::move(pixels), decode_ms);
  } else {
    id = r.preparer.add_failure(failure && *failure ? failure : "the frame could not be decoded");
  }
  runner_driver(r);
  r.queue.push_back(BatchItem{r.submitted++, id, file, std::move(request)});
  return 1;
}

}  // extern "C"
