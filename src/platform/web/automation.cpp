#include "platform/web/automation.h"

#include <emscripten.h>

#include <nlohmann/json.hpp>

#include "app/session_panels.h"

EM_JS(void, wl_js_publish_ui, (const char* json), {
  const state = JSON.parse(UTF8ToString(json));
  window.wildlife = window.wildlife || {};
  window.wildlife.ui = state;
  window.wildlife.ready = true;
});

namespace wl::web {

void AutomationPublisher::publish(const app::App& app, int frame_width, int frame_height, double pixel_ratio) {
  const app::UiState& ui = app.ui();
  nlohmann::json state = {
      {"statusText", app.status_text()},
      {"openPanels", {{"about", ui.show_about}, {"backends", ui.show_backends}, {"metrics", ui.show_imgui_metrics}}},
      {"framebuffer", {frame_width, frame_height}},
      {"pixelRatio", pixel_ratio},
      {"threshold", app.view().threshold},
      {"viewer", {{"selected", app.viewer().selected}, {"visibleBoxes", app.viewer().visible_boxes},
                  {"textureLoaded", app.viewer().texture.has_value()}}},
  };
  const app::BatchController& batch = app.batch();
  const app::BatchProgress p = batch.progress();
  static constexpr const char* kModelStates[] = {"none", "loading", "ready", "failed"};
  static constexpr const char* kRunStates[] = {"idle", "running", "paused", "cancelling", "finished"};
  state["model"] = {{"state", kModelStates[static_cast<int>(batch.model_state())]},
                    {"message", batch.model_message()},
                    {"serial", batch.model_serial()},
                    {"provider", batch.session_info() ? batch.session_info()->provider : ""}};
  nlohmann::json rects = nlohmann::json::object();
  for (const auto& [name, r] : app.widget_rects()) rects[name] = {r[0], r[1], r[2], r[3]};
  state["widgets"] = std::move(rects);
  state["batch"] = {{"state", kRunStates[static_cast<int>(batch.run_state())]},
                    {"total", p.total}, {"done", p.done}, {"failed", p.failed},
                    {"imagesPerSecond", p.images_per_s}, {"etaSeconds", p.eta_s},
                    {"skippedNonImages", batch.skipped_non_images()},
                    {"processed", p.processed}, {"needFiles", p.need_files}, {"withoutFile", p.without_file},
                    {"origin", batch.origin() == app::BatchOrigin::Import ? "import" : "run"},
                    {"notice", batch.notice()},
                    {"meanStageMs", {{"decode", p.mean_timings.decode_ms}, {"preprocess", p.mean_timings.preprocess_ms},
                                     {"inference", p.mean_timings.inference_ms}, {"postprocess", p.mean_timings.postprocess_ms}}}};
  static constexpr const char* kProviders[] = {"auto", "webgpu", "wasm"};
  state["provider"] = kProviders[static_cast<int>(ui.provider)];
  state["error"] = app.error_text();
  state["notice"] = app.notice_text();
  const app::SessionSync& sync = app.session();
  static constexpr const char* kPhases[] = {"loading", "offer", "restoring", "idle"};
  nlohmann::json offer = nullptr;
  if (const auto* o = sync.offer()) {
    offer = {{"title", app::offer_title(*o)}, {"done", o->summary.done}, {"total", o->summary.total},
             {"model", o->summary.model}, {"modelKept", o->model_kept}};
  }
  // Storage figures come from the JS store, which counts what it committed.
  state["session"] = {{"phase", kPhases[static_cast<int>(sync.phase())]}, {"offer", offer}, {"id", sync.session_id()},
                      {"restoreMs", sync.last_restore_ms()}, {"storageProblem", app.storage_problem()}};
  std::string json = state.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (json == last_json_) return;
  last_json_ = std::move(json);
  wl_js_publish_ui(last_json_.c_str());
}

}  // namespace wl::web
