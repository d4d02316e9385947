// The native PrepareService (src/platform/prepare_service.h): one background std::thread that
// reads each file from disk and runs prepare_image() on it, in the order the jobs were
// started. Native builds have no app; this serves tools and the tests of the seam's contract.
#include <condition_variable>
#include <deque>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "core/pipeline/crop_batch.h"
#include "platform/native/ffmpeg_cli.h"
#include "platform/prepare_service.h"

namespace wl::platform {
namespace {

PreparedInput prepare_file(const PrepareRequest& request) {
  if (request.frame) {
    PrepareOptions options;
    options.keep_image = request.keep_for_crops;
    auto frame = ffmpeg_decode_frame(request.path, *request.frame);
    if (!frame) {
      PreparedInput failed;
      failed.failure = frame.error().message;
      return failed;
    }
    return prepare_decoded(std::move(*frame), request.spec, std::move(options));
  }
  std::ifstream in(request.path, std::ios::binary);
  if (!in) {
    PreparedInput failed;
    failed.failure = "The file could not be read: " + request.path;
    return failed;
  }
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  PrepareOptions options;
  options.keep_image = request.keep_for_crops;
  return prepare_image(bytes, request.spec, std::move(options));
}

// One piece of work for the thread: an image to prepare, or crops to cut from a kept one.
struct Task {
  int job = 0;
  std::optional<PrepareRequest> prepare;
  std::optional<CropRequest> crop;
};

}  // namespace

struct PrepareService::Impl {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Task> queue;                            // waiting, oldest first
  std::map<int, std::optional<PreparedInput>> jobs;  // live jobs; a value once finished
  std::map<int, ImageRgb8> kept;                     // decoded images kept for crops
  std::map<int, std::optional<PreparedCrops>> crops; // crop jobs; a value once cut
  bool stopping = false;
  int next_job = 1;
  std::thread thread;

  void run() {
    std::unique_lock lock(mutex);
    for (;;) {
      wake.wait(lock, [&] { return stopping || !queue.empty(); });
      if (stopping) return;
      Task task = std::move(queue.front());
      queue.pop_front();
      if (task.prepare) {
        lock.unlock();
        PreparedInput out = prepare_file(*task.prepare);
        lock.lock();
        // A job cancelled meanwhile is no longer in `jobs`: its outcome is dropped.
        if (auto it = jobs.find(task.job); it != jobs.end()) {
          if (out.image && !out.failure) kept[task.job] = std::move(*out.image);
          out.image.reset();
          it->second = std::move(out);
        }
      } else if (task.crop) {
        auto image = kept.extract(task.job);
        lock.unlock();
        PreparedCrops out;
        if (image) out = cut_crops(image.mapped(), *task.crop);
        else out.failure = "The decoded image was no longer kept, so its crops could not be cut.";
        lock.lock();
        if (auto it = crops.find(task.job); it != crops.end()) it->second = std::move(out);
      }
    }
  }
};
PrepareService::PrepareService() : impl_(std::make_unique<Impl>()) {
  impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

PrepareService::~PrepareService() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  impl_->thread.join();
}

int PrepareService::start(const PrepareRequest& request) {
  std::lock_guard lock(impl_->mutex);
  const int job = impl_->next_job++;
  impl_->jobs.emplace(job, std::nullopt);
  impl_->queue.push_back(Task{job, request, std::nullopt});
  impl_->wake.notify_one();
  return job;
}

std::optional<PreparedInput> PrepareService::poll(int job) {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->jobs.find(job);
  if (it == impl_->jobs.end()) {
    PreparedInput unknown;
    unknown.failure = "The image was not being prepared.";
    return unknown;
  }
  if (!it->second) return std::nullopt;
  PreparedInput out = std::move(*it->second);
  impl_->jobs.erase(it);
  return out;
}

void PrepareService::cancel(int job) {
  std::lock_guard lock(impl_->mutex);
  impl_->jobs.erase(job);
  impl_->kept.erase(job);
  impl_->crops.erase(job);
  std::erase_if(impl_->queue, [job](const Task& queued) { return queued.job == job; });
}

void PrepareService::crop(int job, const CropRequest& request) {
  std::lock_guard lock(impl_->mutex);
  impl_->crops.emplace(job, std::nullopt);
  impl_->queue.push_back(Task{job, std::nullopt, request});
  impl_->wake.notify_one();
}

std::optional<PreparedCrops> PrepareService::poll_crops(int job) {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->crops.find(job);
  if (it == impl_->crops.end()) {
    PreparedCrops unknown;
    unknown.failure = "No crops were being cut for this image.";
    return unknown;
  }
  if (!it->second) return std::nullopt;
  PreparedCrops out = std::move(*it->second);
  impl_->crops.erase(it);
  return out;
}

void PrepareService::release(int job) {
  std::lock_guard lock(impl_->mutex);
  impl_->kept.erase(job);
}

}  // namespace wl::platform
