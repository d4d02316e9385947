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

#include "platform/prepare_service.h"

namespace wl::platform {
namespace {

PreparedInput prepare_file(const PrepareRequest& request) {
  std::ifstream in(request.path, std::ios::binary);
  if (!in) {
    PreparedInput failed;
    failed.failure = "The file could not be read: " + request.path;
    return failed;
  }
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return prepare_image(bytes, request.spec);
}

}  // namespace

struct PrepareService::Impl {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::pair<int, PrepareRequest>> queue;  // waiting, oldest first
  std::map<int, std::optional<PreparedInput>> jobs;  // live jobs; a value once finished
  bool stopping = false;
  int next_job = 1;
  std::thread thread;

  void run() {
    std::unique_lock lock(mutex);
    for (;;) {
      wake.wait(lock, [&] { return stopping || !queue.empty(); });
      if (stopping) return;
      auto [job, request] = std::move(queue.front());
      queue.pop_front();
      lock.unlock();
      PreparedInput out = prepare_file(request);
      lock.lock();
      // A job cancelled meanwhile is no longer in `jobs`: its outcome is dropped.
      if (auto it = jobs.find(job); it != jobs.end()) it->second = std::move(out);
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
  impl_->queue.emplace_back(job, request);
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
  std::erase_if(impl_->queue, [job](const auto& queued) { return queued.first == job; });
}

}  // namespace wl::platform
