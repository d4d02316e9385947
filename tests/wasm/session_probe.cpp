// A tiny wasm module that exposes the inference seam (src/platform/inference.h) to the Node
// tests in tests/node/session.test.mjs: create a session from bytes, run it on a constant
// input, poll, release. One session and one job at a time; results come back as JSON text.
#include <emscripten.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "platform/inference.h"

using nlohmann::json;
using namespace wl;
using namespace wl::inference;

namespace {
std::unique_ptr<PendingSession> g_creating;
std::unique_ptr<Session> g_session;
std::unique_ptr<PendingRun> g_running;
std::string g_text;

json tensor_json(const TensorInfo& t) { return {{"name", t.name}, {"type", to_string(t.type)}, {"shape", t.shape}}; }

std::vector<std::string> split(const std::string& csv) {
  std::vector<std::string> out;
  std::stringstream ss(csv);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void probe_create(const std::uint8_t* bytes, std::size_t length, const char* providers, int threads) {
  SessionOptions options;
  options.providers = split(providers);
  options.threads = threads;
  g_creating = std::make_unique<PendingSession>(Session::create(std::span(bytes, length), options));
}

// 0: pending, 1: session ready, 2: failed (probe_text() says why).
EMSCRIPTEN_KEEPALIVE int probe_poll_create() {
  if (!g_creating) return 2;
  auto r = g_creating->poll();
  if (!r) return 0;
  g_creating.reset();
  if (!r->ok()) {
    g_text = r->error().message;
    return 2;
  }
  g_session = std::make_unique<Session>(std::move(r->value()));
  const auto& info = g_session->info();
  json j = {{"provider", info.provider}, {"opset", info.model.opset()}, {"createMs", info.create_ms}};
  j["fallbacks"] = json::array();
  for (const auto& f : info.fallbacks) j["fallbacks"].push_back({{"provider", f.provider}, {"reason", f.reason}});
  j["inputs"] = json::array();
  for (const auto& t : info.inputs) j["inputs"].push_back(tensor_json(t));
  j["outputs"] = json::array();
  for (const auto& t : info.outputs) j["outputs"].push_back(tensor_json(t));
  j["metadata"] = json::object();
  for (const auto& [k, v] : info.model.metadata) j["metadata"][k] = v;
  g_text = j.dump();
  return 1;
}

// Runs the session's first input on a tensor filled with `value`; the buffer is freed as soon
// as run() returns, which the seam allows because it copies inputs before returning.
EMSCRIPTEN_KEEPALIVE int probe_run_constant(float value, int n, int c, int h, int w) {
  if (!g_session) return 0;
  std::vector<float> data(static_cast<std::size_t>(n) * c * h * w, value);
  InputTensor in{g_session->info().inputs.at(0).name, {n, c, h, w}, data, {}};
  g_running = std::make_unique<PendingRun>(g_session->run(std::span(&in, 1)));
  return 1;
}

EMSCRIPTEN_KEEPALIVE int probe_poll_run() {
  if (!g_running) return 2;
  auto r = g_running->poll();
  if (!r) return 0;
  g_running.reset();
  if (!r->ok()) {
    g_text = r->error().message;
    return 2;
  }
  json outs = json::array();
  for (const auto& t : r->value().outputs) {
    double sum = 0;
    for (float v : t.data) sum += v;
    std::vector<float> head(t.data.begin(), t.data.begin() + static_cast<long>(std::min<std::size_t>(12, t.data.size())));
    outs.push_back({{"name", t.name}, {"shape", t.shape}, {"sum", sum}, {"head", head}});
  }
  const auto& tm = r->value().timings;
  g_text = json{{"outputs", outs},
                {"timings",
                 {{"copyInMs", tm.copy_in_ms},
                  {"queueMs", tm.queue_ms},
                  {"runMs", tm.run_ms},
                  {"copyOutMs", tm.copy_out_ms},
                  {"totalMs", tm.total_ms}}}}
               .dump();
  return 1;
}

EMSCRIPTEN_KEEPALIVE void probe_release() {
  g_running.reset();
  g_session.reset();
  g_creating.reset();
}

EMSCRIPTEN_KEEPALIVE const char* probe_text() { return g_text.c_str(); }
EMSCRIPTEN_KEEPALIVE int probe_pending_jobs() { return pending_job_count(); }
}
