#pragma once
// The inference seam: ONNX Runtime sessions as C++ objects, driven without ever blocking the
// caller. Creating a session and running it return a pending handle; the JavaScript side
// (globalThis.wlOrt, see web/js/ort-bridge.js and runner/ort-bridge-node.mjs) resolves the
// runtime's promise and stores the outcome, and the C++ side polls the handle once per frame
// (or once per loop turn in the headless runner). No Asyncify, so the ImGui frame loop keeps
// drawing while a 1 s WASM inference runs.
//
// Data crossing the boundary is copied, on purpose:
//  * model bytes and input tensors are copied out of the wasm heap inside create()/run(), so
//    the caller's buffers only need to live for that call, and memory growth while the
//    runtime awaits cannot detach the JS view the runtime holds;
//  * outputs are copied into C++ vectors when poll() sees the run finished.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/models/onnx_info.h"
#include "core/models/tensor.h"
#include "core/util/result.h"

namespace wl::inference {

struct SessionOptions {
  // Execution providers to try, most preferred first. Browser: "webgpu", "wasm".
  // Node: "cpu" (onnxruntime-node, native), "wasm" (onnxruntime-web). Unknown or unavailable
  // providers are skipped and the reason recorded in SessionInfo::fallbacks.
  std::vector<std::string> providers = {"webgpu", "wasm"};
  int threads = 0;                          // 0: the bridge picks (cores available, isolation)
  std::string graph_optimization = "all";   // "disabled", "basic", "extended", "all"
};

// A provider that was tried before the one in use, and why it was not used.
struct ProviderAttempt {
  std::string provider;
  std::string reason;
};

struct SessionInfo {
  std::string provider;                   // the provider the session runs on
  std::vector<ProviderAttempt> fallbacks; // preferred providers that failed, in order tried
  std::vector<TensorInfo> inputs;         // as the runtime reports them (-1 = dynamic)
  std::vector<TensorInfo> outputs;
  OnnxModelInfo model;                    // opset, metadata_props, producer (from the bytes)
  double create_ms = 0;                   // time inside the runtime's session creation
};

struct RunTimings {
  double copy_in_ms = 0;   // heap slice + tensor creation (JS)
  double queue_ms = 0;     // waiting for an earlier run on the same session
  double run_ms = 0;       // the runtime's run() itself
  double copy_out_ms = 0;  // outputs into wasm memory
  double total_ms = 0;     // from run() to the poll that delivered the result
};

struct RunOutput {
  std::vector<TensorF32> outputs;  // in the model's output order
  RunTimings timings;
};

// One input tensor for run(): float32 `data`, or int64 `int64_data` when that is the one
// given. Only read during the run() call.
struct InputTensor {
  std::string name;
  std::vector<std::int64_t> shape;
  std::span<const float> data;
  std::span<const std::int64_t> int64_data;
};

class Session;

// A job in the JS bridge. Move-only; destroying an unfinished job tells the bridge to discard
// its outcome (and, for a session being created, to release the session when it arrives).
class PendingJob {
 public:
  PendingJob() = default;
  explicit PendingJob(int id) : id_(id) {}
  PendingJob(PendingJob&& o) noexcept : id_(std::exchange(o.id_, 0)) {}
  PendingJob& operator=(PendingJob&& o) noexcept;
  PendingJob(const PendingJob&) = delete;
  PendingJob& operator=(const PendingJob&) = delete;
  ~PendingJob();

  bool valid() const { return id_ != 0; }
  int id() const { return id_; }

 protected:
  int release_id() { return std::exchange(id_, 0); }

 private:
  int id_ = 0;
};

class PendingSession : public PendingJob {
 public:
  using PendingJob::PendingJob;
  PendingSession(int id, OnnxModelInfo model) : PendingJob(id), model_(std::move(model)) {}
  // nullopt while the runtime is still working; then the session or the reason it failed.
  // After a value is returned the handle is spent (valid() == false).
  std::optional<Result<Session>> poll();

 private:
  OnnxModelInfo model_;
  std::optional<Error> early_error_;  // failures found before the JS side was involved
  friend class Session;
};

class PendingRun : public PendingJob {
 public:
  using PendingJob::PendingJob;
  std::optional<Result<RunOutput>> poll();

 private:
  double started_ms_ = 0;
  std::optional<Error> early_error_;
  friend class Session;
};

// An ONNX Runtime session living in JavaScript. The destructor releases it there.
class Session {
 public:
  // Starts creating a session from in-memory model bytes (copied; `model` may be freed as
  // soon as this returns). Model bytes that are not a usable ONNX file are rejected here,
  // before the runtime sees them, with a message from read_onnx_info.
  static PendingSession create(std::span<const std::uint8_t> model, const SessionOptions& options);

  Session(Session&& o) noexcept : id_(std::exchange(o.id_, 0)), info_(std::move(o.info_)) {}
  Session& operator=(Session&& o) noexcept;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  // Starts a run. Inputs are copied before this returns. Runs on one session are queued in
  // the order started.
  PendingRun run(std::span<const InputTensor> inputs);

  const SessionInfo& info() const { return info_; }
  int id() const { return id_; }

 private:
  Session(int id, SessionInfo info) : id_(id), info_(std::move(info)) {}
  int id_ = 0;
  SessionInfo info_;
  friend class PendingSession;
};

// Number of bridge jobs not yet finished (for tests and for the runner's idle wait).
int pending_job_count();

}  // namespace wl::inference
