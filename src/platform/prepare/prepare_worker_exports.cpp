// The prepare worker's own Emscripten module (wl_prepare_worker.js, loaded by
// web/js/prepare-worker.js inside a dedicated Web Worker): the core's prepare_image() behind
// a few C functions. One image at a time; its outcome is kept here until the next call, so
// the worker's JavaScript can copy the tensor out and read the description.
#include <emscripten.h>

#include <cstdint>
#include <exception>
#include <new>
#include <span>
#include <string>

#include "core/pipeline/prepare_image.h"
#include "platform/prepare/prepare_wire.h"

namespace {

struct Outcome {
  wl::PreparedInput input;
  std::string meta;  // prepared_meta_to_json(input)
};
Outcome g_last;

}  // namespace

extern "C" {

// Prepares one image from its file bytes (read only during the call) and a spec as
// prepare_spec_to_json wrote it. Returns 1 when a tensor is ready, 0 when the image failed
// (the reason is in wl_prepare_meta()).
EMSCRIPTEN_KEEPALIVE int wl_prepare_run(const std::uint8_t* bytes, int length, const char* spec_json) {
  // The tensor buffer is reused from one image to the next: one allocation per worker.
  wl::PrepareOptions options;
  options.buffer = std::move(g_last.input.tensor);
  g_last = {};
  try {
    auto spec = wl::platform::prepare_spec_from_json(spec_json);
    if (!spec) {
      g_last.input.failure = spec.error().message;
    } else {
      g_last.input = wl::prepare_image(std::span(bytes, static_cast<std::size_t>(length)), *spec, std::move(options));
    }
  } catch (const std::bad_alloc&) {
    // The decoder's own limits normally refuse such files first; this is the last resort.
    g_last.input = {};
    g_last.input.failure = "There is not enough memory in this browser tab to decode the image.";
  } catch (const std::exception& e) {
    g_last.input = {};
    g_last.input.failure = std::string("The image could not be prepared: ") + e.what();
  }
  g_last.meta = wl::platform::prepared_meta_to_json(g_last.input);
  return g_last.input.failure ? 0 : 1;
}

EMSCRIPTEN_KEEPALIVE const char* wl_prepare_meta() { return g_last.meta.c_str(); }
EMSCRIPTEN_KEEPALIVE const float* wl_prepare_tensor() { return g_last.input.tensor.data(); }
EMSCRIPTEN_KEEPALIVE int wl_prepare_tensor_length() { return static_cast<int>(g_last.input.tensor.size()); }

}  // extern "C"
