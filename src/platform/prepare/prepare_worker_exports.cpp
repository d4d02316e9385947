// The prepare worker's own Emscripten module (wl_prepare_worker.js, loaded by
// web/js/prepare-worker.js inside a dedicated Web Worker): the core's prepare_image() behind
// a few C functions. One image at a time; its outcome is kept here until the next call, so
// the worker's JavaScript can copy the tensor out and read the description.
#include <emscripten.h>

#include <cstdint>
#include <exception>
#include <map>
#include <new>
#include <span>
#include <string>

#include "core/pipeline/crop_batch.h"
#include "core/pipeline/prepare_image.h"
#include "platform/prepare/prepare_wire.h"

namespace {

struct Outcome {
  wl::PreparedInput input;
  std::string meta;  // prepared_meta_to_json(input)
};
Outcome g_last;
// Decoded upright images kept for their job's crops (the batch driver asks for them once the
// detections are known, or releases them). At most a few: the driver bounds what is in flight.
std::map<int, wl::ImageRgb8> g_kept;
struct CropOutcome {
  wl::PreparedCrops crops;
  std::string meta;
};
CropOutcome g_crops;

// Runs one prepare (from file bytes or from decoded pixels) and keeps its outcome in g_last.
// Returns 1 when a tensor is ready, 0 when the image failed (the reason in wl_prepare_meta()).
// keep_job > 0 keeps the decoded image under that id for wl_prepare_crops / wl_prepare_release.
template <class Prepare>
int run_prepare(const char* spec_json, int keep_job, Prepare&& prepare) {
  // The tensor buffer is reused from one image to the next: one allocation per worker.
  wl::PrepareOptions options;
  options.buffer = std::move(g_last.input.tensor);
  options.keep_image = keep_job > 0;
  g_last = {};
  try {
    auto spec = wl::platform::prepare_spec_from_json(spec_json);
    if (!spec) g_last.input.failure = spec.error().message;
    else g_last.input = prepare(*spec, std::move(options));
  } catch (const std::bad_alloc&) {
    // The decoder's own limits normally refuse such files first; this is the last resort.
    g_last.input = {};
    g_last.input.failure = "There is not enough memory in this browser tab to decode the image.";
  } catch (const std::exception& e) {
    g_last.input = {};
    g_last.input.failure = std::string("The image could not be prepared: ") + e.what();
  }
  if (g_last.input.image) {
    if (!g_last.input.failure) g_kept[keep_job] = std::move(*g_last.input.image);
    g_last.input.image.reset();
  }
  g_last.meta = wl::platform::prepared_meta_to_json(g_last.input);
  return g_last.input.failure ? 0 : 1;
}

}  // namespace

extern "C" {

// Prepares one image from its file bytes (read only during the call) and a spec as
// prepare_spec_to_json wrote it.
EMSCRIPTEN_KEEPALIVE int wl_prepare_run(const std::uint8_t* bytes, int length, const char* spec_json, int keep_job) {
  return run_prepare(spec_json, keep_job, [&](const wl::PrepareSpec& spec, wl::PrepareOptions options) {
    return wl::prepare_image(std::span(bytes, static_cast<std::size_t>(length)), spec, std::move(options));
  });
}

// The same for a video frame that the video worker decoded: width x height RGB24 pixels (read
// only during the call), letterboxed exactly as an image's pixels would be.
EMSCRIPTEN_KEEPALIVE int wl_prepare_rgb(const std::uint8_t* rgb, int width, int height, const char* spec_json,
                                        int keep_job, double decode_ms) {
  return run_prepare(spec_json, keep_job, [&](const wl::PrepareSpec& spec, wl::PrepareOptions options) {
    wl::ImageRgb8 image;
    if (width > 0 && height > 0) {
      image.width = width;
      image.height = height;
      image.pixels.assign(rgb, rgb + static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    }
    return wl::prepare_decoded(std::move(image), spec, std::move(options), decode_ms);
  });
}

// Cuts the crops of a kept image and forgets the image. Returns 1 (crops in wl_prepare_crops_*,
// possibly none), 0 when the request or the image was unusable (the reason in the meta).
EMSCRIPTEN_KEEPALIVE int wl_prepare_crops(int job, const char* request_json) {
  g_crops = {};
  auto image = g_kept.extract(job);
  try {
    auto request = wl::platform::crop_request_from_json(request_json);
    if (!request) g_crops.crops.failure = request.error().message;
    else if (!image) g_crops.crops.failure = "The decoded image was no longer kept, so its crops could not be cut.";
    else g_crops.crops = wl::cut_crops(image.mapped(), *request);
  } catch (const std::bad_alloc&) {
    g_crops.crops = {};
    g_crops.crops.failure = "There is not enough memory in this browser tab to cut the crops.";
  }
  g_crops.meta = wl::platform::crops_meta_to_json(g_crops.crops);
  return g_crops.crops.failure ? 0 : 1;
}

EMSCRIPTEN_KEEPALIVE void wl_prepare_release(int job) { g_kept.erase(job); }
EMSCRIPTEN_KEEPALIVE const char* wl_prepare_crops_meta() { return g_crops.meta.c_str(); }
EMSCRIPTEN_KEEPALIVE const float* wl_prepare_crops_tensor() { return g_crops.crops.tensor.data(); }
EMSCRIPTEN_KEEPALIVE int wl_prepare_crops_length() { return static_cast<int>(g_crops.crops.tensor.size()); }

EMSCRIPTEN_KEEPALIVE const char* wl_prepare_meta() { return g_last.meta.c_str(); }
EMSCRIPTEN_KEEPALIVE const float* wl_prepare_tensor() { return g_last.input.tensor.data(); }
EMSCRIPTEN_KEEPALIVE int wl_prepare_tensor_length() { return static_cast<int>(g_last.input.tensor.size()); }

}  // extern "C"
