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

#include "core/pipeline/prepare_image.h"

namespace wl::platform {

struct PrepareRequest {
  int file_id = 0;    // web: the id of the File kept by web/js/files.js
  std::string path;   // native: the file to read
  PrepareSpec spec;   // how (DetectionPipeline::prepare_spec())
};

class PrepareService {
 public:
  PrepareService();
  ~PrepareService();
  PrepareService(const PrepareService&) = delete;
  PrepareService& operator=(const PrepareService&) = delete;

  // Starts a job and returns its id (> 0). Jobs may finish in any order.
  int start(const PrepareRequest& request);

  // nullopt while the job runs; then its outcome, once (the job is forgotten).
  std::optional<PreparedInput> poll(int job);

  // Forgets a job: its outcome is dropped when it arrives, and a job not yet begun is skipped.
  void cancel(int job);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wl::platform
