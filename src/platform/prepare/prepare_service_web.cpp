// The browser's PrepareService (src/platform/prepare_service.h) over globalThis.wlPrepare
// (web/js/prepare-service.js), which runs the jobs in a dedicated Web Worker. Everything here
// is a synchronous call into JavaScript that starts or polls a job; nothing waits.
#include <emscripten.h>

#include <cstdlib>
#include <memory>
#include <unordered_set>

#include "platform/prepare/prepare_wire.h"
#include "platform/prepare_service.h"

EM_JS(void, wl_js_prepare_start, (int job, int file_id, const char* spec_json, int keep, const char* frame_json), {
  globalThis.wlPrepare.start(job, file_id, UTF8ToString(spec_json), keep !== 0, UTF8ToString(frame_json));
});
// Crops of the image a job's worker kept: 0 while cutting, 1 done, 2 failed (text says why).
EM_JS(void, wl_js_prepare_crop, (int job, const char* request_json), {
  globalThis.wlPrepare.crop(job, UTF8ToString(request_json));
});
EM_JS(int, wl_js_prepare_poll_crops, (int job), { return globalThis.wlPrepare.pollCrops(job); });
EM_JS(char*, wl_js_prepare_crops_text, (int job), { return stringToNewUTF8(globalThis.wlPrepare.cropsText(job)); });
EM_JS(int, wl_js_prepare_crops_length, (int job), { return globalThis.wlPrepare.cropsLength(job); });
EM_JS(void, wl_js_prepare_copy_crops, (int job, float* dest), {
  globalThis.wlPrepare.copyCrops(job, HEAPF32, dest >>> 2);
});
EM_JS(void, wl_js_prepare_release, (int job), { globalThis.wlPrepare.release(job); });
// Returns 0 while the job runs, 1 when its tensor and description are ready, 2 when it failed
// before the core saw it (unreadable file, worker gone); the message is then its text.
EM_JS(int, wl_js_prepare_poll, (int job), { return globalThis.wlPrepare.poll(job); });
EM_JS(char*, wl_js_prepare_text, (int job), { return stringToNewUTF8(globalThis.wlPrepare.text(job)); });
EM_JS(int, wl_js_prepare_tensor_length, (int job), { return globalThis.wlPrepare.tensorLength(job); });
EM_JS(void, wl_js_prepare_copy_tensor, (int job, float* dest), {
  globalThis.wlPrepare.copyTensor(job, HEAPF32, dest >>> 2);
});
EM_JS(void, wl_js_prepare_forget, (int job), { globalThis.wlPrepare.forget(job); });
EM_JS(void, wl_js_prepare_cancel, (int job), { globalThis.wlPrepare.cancel(job); });

namespace wl::platform {
namespace {

// Strings come back from JS in malloc'd memory; this takes ownership.
std::string take_js_string(char* raw) {
  std::unique_ptr<char, decltype(&std::free)> owned(raw, &std::free);
  return raw ? std::string(raw) : std::string();
}

}  // namespace

struct PrepareService::Impl {
  int next_job = 1;
  std::unordered_set<int> live;   // started, not yet polled to the end or cancelled
  std::unordered_set<int> crops;  // crops asked for, not yet polled to the end
};

PrepareService::PrepareService() : impl_(std::make_unique<Impl>()) {}

PrepareService::~PrepareService() {
  for (int job : impl_->live) wl_js_prepare_cancel(job);
  for (int job : impl_->crops) wl_js_prepare_release(job);
}

int PrepareService::start(const PrepareRequest& request) {
  const int job = impl_->next_job++;
  impl_->live.insert(job);
  const std::string frame = request.frame ? frame_request_to_json(*request.frame) : std::string();
  wl_js_prepare_start(job, request.file_id, prepare_spec_to_json(request.spec).c_str(), request.keep_for_crops ? 1 : 0,
                      frame.c_str());
  return job;
}

std::optional<PreparedInput> PrepareService::poll(int job) {
  if (!impl_->live.count(job)) {
    PreparedInput unknown;
    unknown.failure = "The image was not being prepared.";
    return unknown;
  }
  const int state = wl_js_prepare_poll(job);
  if (state == 0) return std::nullopt;
  impl_->live.erase(job);
  PreparedInput out;
  const std::string text = take_js_string(wl_js_prepare_text(job));
  if (state == 2) {
    out.failure = text;
  } else if (auto read = prepared_meta_from_json(text, out); !read) {
    out.failure = read.error().message;
  } else if (!out.failure) {
    // The one copy into the heap: from the Float32Array the worker transferred.
    out.tensor.resize(static_cast<std::size_t>(wl_js_prepare_tensor_length(job)));
    if (!out.tensor.empty()) wl_js_prepare_copy_tensor(job, out.tensor.data());
    const auto expected = out.shape[0] * out.shape[1] * out.shape[2] * out.shape[3];
    if (expected != static_cast<std::int64_t>(out.tensor.size())) {
      out.failure = "The image decoder's answer was inconsistent (tensor size).";
      out.tensor.clear();
    }
  }
  wl_js_prepare_forget(job);
  return out;
}

void PrepareService::cancel(int job) {
  if (impl_->live.erase(job)) wl_js_prepare_cancel(job);
  impl_->crops.erase(job);
  wl_js_prepare_release(job);
}

void PrepareService::crop(int job, const CropRequest& request) {
  impl_->crops.insert(job);
  wl_js_prepare_crop(job, crop_request_to_json(request).c_str());
}

std::optional<PreparedCrops> PrepareService::poll_crops(int job) {
  PreparedCrops out;
  if (!impl_->crops.count(job)) {
    out.failure = "No crops were being cut for this image.";
    return out;
  }
  const int state = wl_js_prepare_poll_crops(job);
  if (state == 0) return std::nullopt;
  impl_->crops.erase(job);
  const std::string text = take_js_string(wl_js_prepare_crops_text(job));
  if (state == 2) {
    out.failure = text;
  } else if (auto read = crops_meta_from_json(text, out); !read) {
    out.failure = read.error().message;
  } else {
    // The one copy into the heap: crops are small (a few 224 x 224 images), not the photo.
    out.tensor.resize(static_cast<std::size_t>(wl_js_prepare_crops_length(job)));
    if (!out.tensor.empty()) wl_js_prepare_copy_crops(job, out.tensor.data());
  }
  wl_js_prepare_release(job);
  return out;
}

void PrepareService::release(int job) { wl_js_prepare_release(job); }

}  // namespace wl::platform
