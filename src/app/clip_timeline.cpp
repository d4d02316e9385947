#include "app/clip_timeline.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/detection_labels.h"
#include "core/results/category_kind.h"

namespace wl::app {

namespace {

// The most notable kind in a frame at the threshold (animal over person over vehicle), or
// nullopt when nothing in it is shown.
std::optional<CategoryKind> frame_kind(const ImageRecord& clip, int frame, double threshold, const CategoryNames& names) {
  std::optional<CategoryKind> best;
  for (const DetectionRecord& d : clip.detections) {
    if (d.frame_number != frame || !detection_visible(d, threshold)) continue;
    const CategoryKind k = category_kind(names, d.effective_category());
    if (!best || static_cast<int>(k) < static_cast<int>(*best)) best = k;
  }
  return best;
}

bool has_detection(const ImageRecord& clip, int frame, double threshold) {
  return std::any_of(clip.detections.begin(), clip.detections.end(),
                     [&](const DetectionRecord& d) { return d.frame_number == frame && detection_visible(d, threshold); });
}

}  // namespace

int clip_first_frame(const ImageRecord& clip, double threshold) {
  for (int f : clip.frames_processed)
    if (has_detection(clip, f, threshold)) return f;
  return clip.frames_processed.empty() ? 0 : clip.frames_processed.front();
}

int clip_step(const ImageRecord& clip, int frame, int direction, bool with_detection, double threshold) {
  const auto& frames = clip.frames_processed;  // sorted
  if (direction > 0) {
    for (auto it = std::upper_bound(frames.begin(), frames.end(), frame); it != frames.end(); ++it)
      if (!with_detection || has_detection(clip, *it, threshold)) return *it;
  } else {
    for (auto it = std::lower_bound(frames.begin(), frames.end(), frame); it != frames.begin();) {
      --it;
      if (!with_detection || has_detection(clip, *it, threshold)) return *it;
    }
  }
  return frame;
}

int draw_clip_timeline(const ImageRecord& clip, int frame, double threshold, const CategoryNames& names,
                       WidgetRects& rects) {
  const auto& frames = clip.frames_processed;
  const double fps = clip.frame_rate.value_or(0);
  char when[64] = "";
  if (fps > 0) std::snprintf(when, sizeof when, " · %.2f s", frame / fps);
  if (frames.empty()) {
    ImGui::TextDisabled("Clip · frame %d%s (not analysed yet)", frame, when);
    return frame;
  }
  const auto at = std::lower_bound(frames.begin(), frames.end(), frame);
  int index = static_cast<int>(std::min<std::ptrdiff_t>(at - frames.begin(), static_cast<std::ptrdiff_t>(frames.size()) - 1));
  int marked = 0;
  for (int f : frames) marked += has_detection(clip, f, threshold) ? 1 : 0;
  ImGui::Text("Clip · frame %d%s · %d of %zu analysed frames with detections", frame, when, marked, frames.size());
  ImGui::SameLine();
  ImGui::TextDisabled("(, . frames · [ ] detections)");

  // The strip: one slot per analysed frame, coloured where something was found.
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = ImGui::GetFontSize() * 1.1f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##timeline", ImVec2(std::max(width, 1.0f), height));
  record_item_rect(rects, "timeline");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), IM_COL32(45, 45, 52, 255));
  const float slot = width / static_cast<float>(frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const auto kind = frame_kind(clip, frames[i], threshold, names);
    if (!kind) continue;
    const float x = origin.x + slot * static_cast<float>(i);
    dl->AddRectFilled(ImVec2(x, origin.y + 2), ImVec2(x + std::max(slot, 2.0f), origin.y + height - 2), category_colour(*kind));
  }
  const float cx = origin.x + slot * (static_cast<float>(index) + 0.5f);
  dl->AddRectFilled(ImVec2(cx - 1.5f, origin.y - 2), ImVec2(cx + 1.5f, origin.y + height + 2), IM_COL32(255, 255, 255, 255));
  if (ImGui::IsItemActive() && width > 0) {
    const float rel = (ImGui::GetIO().MousePos.x - origin.x) / width;
    index = std::clamp(static_cast<int>(rel * static_cast<float>(frames.size())), 0, static_cast<int>(frames.size()) - 1);
  }
  if (ImGui::IsItemHovered()) {
    const float rel = (ImGui::GetIO().MousePos.x - origin.x) / std::max(width, 1.0f);
    const int h = std::clamp(static_cast<int>(rel * static_cast<float>(frames.size())), 0, static_cast<int>(frames.size()) - 1);
    const auto kind = frame_kind(clip, frames[static_cast<std::size_t>(h)], threshold, names);
    ImGui::SetTooltip("frame %d%s", frames[static_cast<std::size_t>(h)], kind ? ": detections" : "");
  }
  ImGui::SetNextItemWidth(width);
  ImGui::SliderInt("##frame", &index, 0, static_cast<int>(frames.size()) - 1, "");
  record_item_rect(rects, "slider:Frame");
  return frames[static_cast<std::size_t>(std::clamp(index, 0, static_cast<int>(frames.size()) - 1))];
}

}  // namespace wl::app
