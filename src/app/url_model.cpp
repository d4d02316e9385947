#include "app/url_model.h"

#include <imgui.h>

#include "app/widget_rects.h"


namespace wl::app {

std::string url_download_error(const std::string& message) {
  // The model store's messages say what happened; this says what to try next.
  return "Could not open the model: " + message +
         ".\nCheck that the address leads to the .onnx file itself and that its server allows downloads from other "
         "websites (CORS), or download the file and use Model → Open model file (ONNX or package)… instead. The current model stays "
         "loaded.";
}

UrlWindowAction draw_url_model_window(UrlModelWindow& window, const UrlWindowProgress& progress,
                                      std::map<std::string, std::array<float, 4>>& rects) {
  UrlWindowAction action = UrlWindowAction::None;
  const float em = ImGui::GetFontSize();
  // A fixed width, and a height fitted every frame (0), so the error and progress lines show whole.
  ImGui::SetNextWindowSize(ImVec2(em * 36, 0), ImGuiCond_Always);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.3f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  bool open = true;
  if (ImGui::Begin("Open model from URL", &open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted("The address of an ONNX detector (http or https). Its server must allow downloads from "
                           "other websites (CORS). The file is kept in this browser, so the next visit needs no network.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::BeginDisabled(progress.downloading);
    if (window.focus_field) {
      ImGui::SetKeyboardFocusHere();
      window.focus_field = false;
    }
    ImGui::SetNextItemWidth(-1);
    const bool enter = ImGui::InputTextWithHint("##model-url", "https://example.org/models/detector.onnx",
                                                window.text.data(), window.text.size(),
                                                ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
    window.editing = ImGui::IsItemActive();
    record_item_rect(rects, "input:Model URL");
    if (ImGui::Button("Open") || enter) action = UrlWindowAction::Open;
    record_item_rect(rects, "button:Open URL");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) action = UrlWindowAction::Cancel;
    record_item_rect(rects, "button:Cancel URL");
    if (progress.downloading) {
      ImGui::ProgressBar(progress.fraction < 0 ? 0.0f : progress.fraction, ImVec2(-1, 0),
                         ("Downloading " + progress.what + "…").c_str());
    }
    if (!window.error.empty()) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", window.error.c_str());
      ImGui::PopTextWrapPos();
    }
  }
  ImGui::End();
  if (!open) action = UrlWindowAction::Cancel;
  return action;
}

}  // namespace wl::app
