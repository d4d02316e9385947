#pragma once
// The "prepare this image off the main thread" seam: decoding, EXIF, letterbox and the NCHW
// tensor (wl::prepare_image) run somewhere else while the caller's loop keeps going. Jobs are
// started and then polled, never awaited, so the browser's frame loop never blocks on them.
//
// One header, one implementation per platform, chosen in CMake (cmake/Prepare.cmake):
//  * web (prepare_service_web.cpp): a dedicated Web Worker (web/js/prepare-worker.js) runs a
//    second, small Emscripten module built from the core. The page's JavaScript hands the
//    worker the File object itself, so the file's bytes never pass through the app's heap;
//    the tensor comes back as a transferred Float32Array and is copied into the heap once,
//    when poll() returns it.
//  * native (prepare_service_native.cpp): a std::thread that reads the file from disk.
//
// Every outcome is a PreparedInput: a file that cannot be read, an undecodable file or a
// worker that died come back with `failure` set, so one image fails and the batch goes on.
#include <memory>
#include <optional>
#include <string>

#include "core/pipeline/image_preparer.h"

namespace wl::platform {

using PrepareRequest = wl::PrepareRequest;

// Crops (ImagePreparer::crop) are cut by the same worker or thread, from the image it decoded
// and kept for the job; nothing full-size crosses back.
class PrepareService final : public ImagePreparer {
 public:
  PrepareService();
  ~PrepareService() override;
  PrepareService(const PrepareService&) = delete;
  PrepareService& operator=(const PrepareService&) = delete;

  int start(const PrepareRequest& request) override;
  std::optional<PreparedInput> poll(int job) override;
  void cancel(int job) override;
  void crop(int job, const CropRequest& request) override;
  std::optional<PreparedCrops> poll_crops(int job) override;
  void release(int job) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wl::platform
