#include "app/app.h"

#include <imgui.h>

#include <utility>

#include "app/panels.h"
#include "core/version.h"

namespace wl::app {

App::App(PlatformInfo platform) : platform_(std::move(platform)) {}

void App::draw_frame() {
  handle_shortcuts();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float menu_height = ImGui::GetFrameHeight();
  const float status_height = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y;
  draw_menu_bar();
  draw_workspace(vp->Pos.y + menu_height, vp->Pos.y + vp->Size.y - status_height);
  draw_status_bar(status_height);

  if (ui_.show_about) draw_about_panel(platform_, &ui_.show_about);
  if (ui_.show_backends) draw_backends_panel(platform_.backends, &ui_.show_backends);
  if (ui_.show_imgui_metrics) ImGui::ShowMetricsWindow(&ui_.show_imgui_metrics);
}

void App::handle_shortcuts() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  if (ImGui::IsKeyPressed(ImGuiKey_F1, false)) ui_.show_about = !ui_.show_about;
  if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_B, false)) ui_.show_backends = !ui_.show_backends;
}

void App::draw_menu_bar() {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Inference backends", "Ctrl+B", &ui_.show_backends);
    ImGui::MenuItem("UI metrics", nullptr, &ui_.show_imgui_metrics);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    ImGui::MenuItem("About CamTrap Studio", "F1", &ui_.show_about);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

void App::draw_workspace(float top, float bottom) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, top));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, bottom - top));
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("##workspace", nullptr, flags)) draw_welcome(platform_.backends);
  ImGui::End();
}

void App::draw_status_bar(float height) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - height));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, height));
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ImGui::GetStyle().WindowPadding.x, 2.0f));
  if (ImGui::Begin("##status", nullptr, flags)) {
    status_text_ = std::string("Backend: ") + backend_label(preferred_backend(platform_.backends)) + "  |  " +
                   backend_summary(platform_.backends) + "  |  Images stay on this device";
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(status_text_.c_str());
    const char* version = kAppVersion;
    ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(version).x - ImGui::GetStyle().WindowPadding.x * 2);
    ImGui::TextDisabled("v%s", version);
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

}  // namespace wl::app
