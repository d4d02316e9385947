#include "platform/web/automation.h"

#include <emscripten.h>

#include <nlohmann/json.hpp>

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
  };
  std::string json = state.dump();
  if (json == last_json_) return;
  last_json_ = std::move(json);
  wl_js_publish_ui(last_json_.c_str());
}

}  // namespace wl::web
