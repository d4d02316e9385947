// Model → Video frames: which frames of each clip are analysed (a frame every N seconds, or
// every Nth frame, and at most so many per clip). The default, a frame every 1/3 s, is what
// MegaDetector's own video tool does for 30 fps clips. Remembered across visits; it applies to
// clips the run has not reached yet.
#include <imgui.h>

#include <algorithm>

#include "app/app.h"

namespace wl::app {

namespace {
const ImVec4 kMuted(0.65f, 0.65f, 0.7f, 1);
}  // namespace

void App::draw_video_menu() {
  const bool open = ImGui::BeginMenu("Video frames");
  record_item_rect(widget_rects_, "menu:Video frames");
  if (!open) return;
  FrameSampling s = batch_.frame_sampling();
  bool changed = false;
  if (ImGui::RadioButton("A frame every", s.mode == SampleMode::EverySeconds)) {
    s.mode = SampleMode::EverySeconds;
    changed = true;
  }
  record_item_rect(widget_rects_, "radio:A frame every");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  float seconds = static_cast<float>(s.every_seconds);
  if (ImGui::InputFloat("seconds##every", &seconds, 0, 0, "%.2f")) {
    s.every_seconds = std::max(0.01f, seconds);
    s.mode = SampleMode::EverySeconds;
    changed = true;
  }
  record_item_rect(widget_rects_, "input:every seconds");
  if (ImGui::RadioButton("One frame in", s.mode == SampleMode::EveryNthFrame)) {
    s.mode = SampleMode::EveryNthFrame;
    changed = true;
  }
  record_item_rect(widget_rects_, "radio:One frame in");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  if (ImGui::InputInt("frames##nth", &s.every_nth, 0, 0)) {
    s.mode = SampleMode::EveryNthFrame;
    changed = true;
  }
  record_item_rect(widget_rects_, "input:every nth");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  changed |= ImGui::SliderInt("Frames per clip at most", &s.max_frames, 1, 1000);
  record_item_rect(widget_rects_, "slider:Frames per clip");
  ImGui::TextColored(kMuted, "Longer clips are sampled evenly over their whole length.");
  ImGui::TextColored(kMuted, "Applies to clips not yet run. Default: a frame every 0.33 s (MegaDetector's choice).");
  if (ImGui::MenuItem("Default")) {
    s = FrameSampling{};
    changed = true;
  }
  if (changed) {
    batch_.set_frame_sampling(s);
    prefs_.video = batch_.frame_sampling();
  }
  ImGui::EndMenu();
}

}  // namespace wl::app
