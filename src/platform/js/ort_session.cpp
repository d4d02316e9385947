// Emscripten implementation of src/platform/inference.h on top of globalThis.wlOrt, the JS
// bridge (web/js/ort-bridge.js in the browser, runner/ort-bridge-node.mjs under Node).
// Everything that crosses is either a number (job id, session id, heap offset) or a JSON text.
#include <emscripten.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "platform/inference.h"

namespace {

// ---- JavaScript side ------------------------------------------------------------------------
// Each function returns promptly; none awaits. Job states: 0 pending, 1 succeeded, 2 failed.

EM_JS(int, wl_ort_bridge_present, (), { return (typeof globalThis.wlOrt === 'object' && globalThis.wlOrt) ? 1 : 0; });

EM_JS(int, wl_ort_create, (const std::uint8_t* bytes, std::size_t length, const char* options_json), {
  // slice() copies: the runtime keeps this buffer across awaits, the heap may grow meanwhile.
  var start = bytes >>> 0;  // pointers above 2 GiB arrive negative
  var copy = HEAPU8.slice(start, start + (length >>> 0));
  return globalThis.wlOrt.createSession(copy, JSON.parse(UTF8ToString(options_json)));
});

EM_JS(int, wl_ort_run, (int session, const char* inputs_json), {
  var specs = JSON.parse(UTF8ToString(inputs_json));
  var t0 = performance.now();
  var inputs = specs.map(function(s) {
    if (s.type === "int64") {
      var bytes = HEAPU8.slice(s.ptr >>> 0, (s.ptr >>> 0) + s.count * 8);
      return { name: s.name, type: "int64", dims: s.dims, data: new BigInt64Array(bytes.buffer) };
    }
    var start = s.ptr >>> 2;
    return { name: s.name, type: "float32", dims: s.dims, data: HEAPF32.slice(start, start + s.count) };
  });
  return globalThis.wlOrt.run(session, inputs, performance.now() - t0);
});

EM_JS(int, wl_ort_poll, (int job), { return globalThis.wlOrt.poll(job); });

// Text results (error message, session info, output description) come in two calls: length,
// then copy into a buffer C++ allocated. This avoids needing _malloc exported to JS.
EM_JS(int, wl_ort_text_length, (int job), { return lengthBytesUTF8(globalThis.wlOrt.text(job)); });
EM_JS(void, wl_ort_text_copy, (int job, char* out, int capacity), {
  stringToUTF8(globalThis.wlOrt.text(job), out, capacity);
});

EM_JS(void, wl_ort_copy_output, (int job, int index, float* dest, std::size_t count), {
  var data = globalThis.wlOrt.outputData(job, index);
  if (data.length !== count) throw new Error('wlOrt: output ' + index + ' has ' + data.length + ' values, expected ' + count);
  HEAPF32.set(data, dest >>> 2);
});

EM_JS(void, wl_ort_forget, (int job), { globalThis.wlOrt.forget(job); });
EM_JS(void, wl_ort_release_session, (int session), { globalThis.wlOrt.releaseSession(session); });
EM_JS(int, wl_ort_pending_count, (), { return globalThis.wlOrt ? globalThis.wlOrt.pendingCount() : 0; });

// ---- helpers --------------------------------------------------------------------------------

using nlohmann::json;
using wl::ErrorCode;
using wl::make_error;

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

std::string job_text(int job) {
  int n = wl_ort_text_length(job);
  std::string s(static_cast<std::size_t>(n) + 1, '\0');
  wl_ort_text_copy(job, s.data(), n + 1);
  s.resize(static_cast<std::size_t>(n));
  return s;
}

wl::Error bridge_missing() {
  return make_error(ErrorCode::Internal,
                    "The ONNX Runtime bridge (globalThis.wlOrt) is not loaded. The page or runner must load "
                    "ort-bridge before starting the app.");
}

std::vector<wl::TensorInfo> tensor_infos(const json& list) {
  std::vector<wl::TensorInfo> out;
  for (const auto& t : list) {
    wl::TensorInfo info;
    info.name = t.value("name", "");
    info.type = wl::element_type_from_string(t.value("type", ""));
    for (const auto& d : t.value("shape", json::array())) {
      if (d.is_number_integer() && d.get<std::int64_t>() >= 0) {
        info.shape.push_back(d.get<std::int64_t>());
        info.dim_names.emplace_back();
      } else {
        info.shape.push_back(-1);
        info.dim_names.push_back(d.is_string() ? d.get<std::string>() : std::string());
      }
    }
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace

namespace wl::inference {

PendingJob& PendingJob::operator=(PendingJob&& o) noexcept {
  if (this != &o) {
    if (id_) wl_ort_forget(id_);
    id_ = std::exchange(o.id_, 0);
  }
  return *this;
}

PendingJob::~PendingJob() {
  if (id_) wl_ort_forget(id_);
}

int pending_job_count() { return wl_ort_pending_count(); }

PendingSession Session::create(std::span<const std::uint8_t> model, const SessionOptions& options) {
  PendingSession pending;
  auto info = read_onnx_info(model);
  if (!info) {
    pending.early_error_ = info.error();
    return pending;
  }
  if (info->uses_external_data) {
    pending.early_error_ = make_error(ErrorCode::UnsupportedFormat,
                                      "This ONNX model keeps its weights in separate files (external data). "
                                      "Use a single-file .onnx export.");
    return pending;
  }
  if (!wl_ort_bridge_present()) {
    pending.early_error_ = bridge_missing();
    return pending;
  }
  json opts = {{"providers", options.providers},
               {"threads", options.threads},
               {"graphOptimization", options.graph_optimization}};
  int job = wl_ort_create(model.data(), model.size(), opts.dump().c_str());
  return PendingSession(job, std::move(*info));
}

std::optional<Result<Session>> PendingSession::poll() {
  if (early_error_) {
    Error e = std::move(*early_error_);
    early_error_.reset();
    return Result<Session>(std::move(e));
  }
  if (!valid()) return Result<Session>(make_error(ErrorCode::Internal, "This session request was already completed."));
  int state = wl_ort_poll(id());
  if (state == 0) return std::nullopt;
  std::string text = job_text(id());
  int job = release_id();
  if (state == 2) {
    wl_ort_forget(job);
    return Result<Session>(make_error(ErrorCode::ModelInvalid, "The model could not be loaded: " + text));
  }
  // The job's text is the session description; forgetting the job keeps the session alive.
  wl_ort_forget(job);
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.contains("session"))
    return Result<Session>(make_error(ErrorCode::Internal, "The ONNX Runtime bridge answered something unreadable."));
  SessionInfo info;
  info.provider = j.value("provider", "");
  for (const auto& f : j.value("fallbacks", json::array()))
    info.fallbacks.push_back({f.value("provider", ""), f.value("reason", "")});
  info.inputs = tensor_infos(j.value("inputs", json::array()));
  info.outputs = tensor_infos(j.value("outputs", json::array()));
  info.create_ms = j.value("createMs", 0.0);
  // The runtime's metadata lacks element types or shapes on some builds; the model bytes
  // always have them, so fill gaps from there.
  if (info.inputs.empty()) info.inputs = model_.inputs;
  if (info.outputs.empty()) info.outputs = model_.outputs;
  info.model = std::move(model_);
  return Result<Session>(Session(j["session"].get<int>(), std::move(info)));
}

Session& Session::operator=(Session&& o) noexcept {
  if (this != &o) {
    if (id_) wl_ort_release_session(id_);
    id_ = std::exchange(o.id_, 0);
    info_ = std::move(o.info_);
  }
  return *this;
}

Session::~Session() {
  if (id_) wl_ort_release_session(id_);
}

PendingRun Session::run(std::span<const InputTensor> inputs) {
  PendingRun pending;
  if (!id_) {
    pending.early_error_ = make_error(ErrorCode::Internal, "run() on a session that was moved from or released.");
    return pending;
  }
  json specs = json::array();
  for (const auto& in : inputs) {
    std::int64_t expected = 1;
    for (auto d : in.shape) expected *= d;
    const bool int64 = !in.int64_data.empty();
    const std::size_t count = int64 ? in.int64_data.size() : in.data.size();
    if (expected != static_cast<std::int64_t>(count)) {
      pending.early_error_ = make_error(ErrorCode::InvalidArgument, "Input '" + in.name + "' has " + std::to_string(count) +
                                                                        " values but its shape needs " +
                                                                        std::to_string(expected) + ".");
      return pending;
    }
    const void* data = int64 ? static_cast<const void*>(in.int64_data.data()) : static_cast<const void*>(in.data.data());
    specs.push_back({{"name", in.name},
                     {"type", int64 ? "int64" : "float32"},
                     {"dims", in.shape},
                     {"ptr", reinterpret_cast<std::uintptr_t>(data)},
                     {"count", count}});
  }
  pending.started_ms_ = now_ms();
  int job = wl_ort_run(id_, specs.dump().c_str());
  PendingRun out(job);
  out.started_ms_ = pending.started_ms_;
  return out;
}

std::optional<Result<RunOutput>> PendingRun::poll() {
  if (early_error_) {
    Error e = std::move(*early_error_);
    early_error_.reset();
    return Result<RunOutput>(std::move(e));
  }
  if (!valid()) return Result<RunOutput>(make_error(ErrorCode::Internal, "This run was already completed."));
  int state = wl_ort_poll(id());
  if (state == 0) return std::nullopt;
  std::string text = job_text(id());
  if (state == 2) {
    wl_ort_forget(release_id());
    return Result<RunOutput>(make_error(ErrorCode::Internal, "Inference failed: " + text));
  }
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    wl_ort_forget(release_id());
    return Result<RunOutput>(make_error(ErrorCode::Internal, "The ONNX Runtime bridge answered something unreadable."));
  }
  const double copy_start = now_ms();
  RunOutput out;
  int index = 0;
  for (const auto& o : j.value("outputs", json::array())) {
    TensorF32 t;
    t.name = o.value("name", "");
    t.type = element_type_from_string(o.value("type", ""));
    for (const auto& d : o.value("dims", json::array())) t.shape.push_back(d.get<std::int64_t>());
    t.data.resize(static_cast<std::size_t>(t.element_count()));
    wl_ort_copy_output(id(), index++, t.data.data(), t.data.size());
    out.outputs.push_back(std::move(t));
  }
  wl_ort_forget(release_id());
  const auto& tm = j.value("timings", json::object());
  out.timings.copy_in_ms = tm.value("copyInMs", 0.0);
  out.timings.queue_ms = tm.value("queueMs", 0.0);
  out.timings.run_ms = tm.value("runMs", 0.0);
  out.timings.copy_out_ms = tm.value("outputMs", 0.0) + (now_ms() - copy_start);
  out.timings.total_ms = now_ms() - started_ms_;
  return Result<RunOutput>(std::move(out));
}

}  // namespace wl::inference
