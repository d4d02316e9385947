#include <imgui.h>

#include "app/panels.h"
#include "core/version.h"

namespace wl::app {

std::string backend_summary(const BackendInfo& info) {
  std::string s = info.webgpu ? "WebGPU: " + (info.webgpu_adapter.empty() ? std::string("yes") : info.webgpu_adapter)
                              : std::string("WebGPU: not available");
  s += info.wasm_threads ? "  ·  WASM threads: " + std::to_string(info.cores) + " cores"
                         : std::string("  ·  WASM threads: off");
  s += info.wasm_simd ? "  ·  SIMD: yes" : "  ·  SIMD: no";
  return s;
}

static void yes_no_row(const char* what, bool yes, const std::string& detail) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(what);
  ImGui::TableNextColumn();
  ImGui::TextColored(yes ? ImVec4(0.45f, 0.85f, 0.45f, 1) : ImVec4(0.95f, 0.6f, 0.35f, 1), yes ? "available" : "not available");
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s", detail.c_str());
}

static void backend_table(const BackendInfo& b) {
  if (!ImGui::BeginTable("backends", 3, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("Backend", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Details");
  ImGui::TableHeadersRow();
  yes_no_row("WebGPU", b.webgpu, b.webgpu ? b.webgpu_adapter : b.webgpu_reason);
  yes_no_row("WASM with threads", b.wasm_threads,
             b.wasm_threads ? std::to_string(b.cores) + " cores"
                            : std::string("the page is not cross-origin isolated, so WASM runs on one thread"));
  yes_no_row("WASM SIMD", b.wasm_simd, b.wasm_simd ? "128-bit SIMD" : "this browser lacks WebAssembly SIMD");
  ImGui::EndTable();
}

void draw_welcome(const BackendInfo& backends) {
  ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x * 0.95f);
  ImGui::TextUnformatted(kAppName);
  ImGui::Separator();
  ImGui::TextUnformatted(
      "Detect animals, people and vehicles in camera-trap images with MegaDetector, entirely in this browser. "
      "Nothing is uploaded: images and results stay on this device, and the page keeps working offline.");
  ImGui::Spacing();
  ImGui::TextUnformatted("This browser offers:");
  backend_table(backends);
  ImGui::Spacing();
  ImGui::TextDisabled("Backend: %s is used by default.", backend_label(preferred_backend(backends)));
  ImGui::PopTextWrapPos();
}

bool draw_backends_panel(const BackendInfo& backends, ProviderChoice* choice, const std::string& in_use, bool* open) {
  bool changed = false;
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 36, 0), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Inference backends", open)) {
    backend_table(backends);
    ImGui::Spacing();
    ImGui::Text("Default: %s", backend_label(preferred_backend(backends)));
    ImGui::Text("Cross-origin isolated: %s", backends.cross_origin_isolated ? "yes" : "no");
    if (!in_use.empty()) ImGui::Text("The loaded model runs on: %s", in_use.c_str());
    ImGui::Separator();
    ImGui::TextUnformatted("Run models on:");
    int c = static_cast<int>(*choice);
    changed |= ImGui::RadioButton("Automatic (WebGPU, else WASM)", &c, 0);
    ImGui::BeginDisabled(!backends.webgpu);
    changed |= ImGui::RadioButton("WebGPU only", &c, 1);
    ImGui::EndDisabled();
    changed |= ImGui::RadioButton("WASM only", &c, 2);
    *choice = static_cast<ProviderChoice>(c);
    if (changed) ImGui::TextDisabled("Applies to the next model you load.");
  }
  ImGui::End();
  return changed;
}

void draw_about_panel(const PlatformInfo& platform, bool* open) {
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 46, 0), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("About CamTrap Studio", open)) {
    ImGui::Text("%s %s", kAppName, kAppVersion);
    ImGui::TextWrapped("Camera-trap image analysis that runs in the browser. Licensed under the MIT licence.");
    ImGui::Spacing();
    ImGui::TextUnformatted("Bundled components");
    if (ImGui::BeginTable("components", 3, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
      ImGui::TableSetupColumn("Component");
      ImGui::TableSetupColumn("Version");
      ImGui::TableSetupColumn("Licence");
      ImGui::TableHeadersRow();
      auto row = [](const std::string& name, const std::string& version, const std::string& licence) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn(); ImGui::TextUnformatted(name.c_str());
        ImGui::TableNextColumn(); ImGui::TextUnformatted(version.c_str());
        ImGui::TableNextColumn(); ImGui::TextUnformatted(licence.c_str());
      };
      row("Dear ImGui", IMGUI_VERSION, "MIT");
      for (const Component& c : platform.components) row(c.name, c.version, c.licence);
      ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextDisabled("Browser: %s", platform.user_agent.c_str());
  }
  ImGui::End();
}

}  // namespace wl::app
