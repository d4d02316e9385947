#include "app/batch_panels.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/detection_labels.h"

namespace wl::app {

namespace {

std::string format_duration(double seconds) {
  if (seconds < 0) return "–";
  const int s = static_cast<int>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%d:%02d", s / 60, s % 60);
  return buf;
}

const char* status_text(ImageStatus s) {
  switch (s) {
    case ImageStatus::Pending: return "waiting";
    case ImageStatus::Reading: return "reading";
    case ImageStatus::Running: return "detecting";
    case ImageStatus::Done: return "done";
    case ImageStatus::Failed: return "failed";
    case ImageStatus::NeedsFile: return "needs file";
  }
  return "";
}

}  // namespace

void draw_batch_toolbar(BatchController& batch, HostActions& host, ViewSettings& view,
                        std::map<std::string, std::array<float, 4>>& rects) {
  const auto record = [&rects](const char* name) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    rects[std::string("button:") + name] = {a.x, a.y, b.x - a.x, b.y - a.y};
  };
  if (ImGui::Button("Add images…")) host.open_file_picker(false);
  record("Add images…");
  ImGui::SameLine();
  if (ImGui::Button("Add folder…")) host.open_file_picker(true);
  record("Add folder…");
  ImGui::SameLine();
  const RunState run = batch.run_state();
  const bool running = run == RunState::Running || run == RunState::Paused || run == RunState::Cancelling;
  const bool can_start = batch.model_state() == ModelState::Ready && !batch.images().empty() && !running;
  ImGui::BeginDisabled(!can_start);
  if (ImGui::Button("Run detection")) batch.start();
  record("Run detection");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!running);
  if (run == RunState::Paused ? ImGui::Button("Resume") : ImGui::Button("Pause")) {
    run == RunState::Paused ? batch.resume() : batch.pause();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) batch.cancel();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(running || batch.images().empty());
  if (ImGui::Button("Clear")) batch.clear_images();
  ImGui::EndDisabled();

  // Model line.
  switch (batch.model_state()) {
    case ModelState::None: ImGui::TextDisabled("No detector loaded: choose one in the Model menu."); break;
    case ModelState::Loading: ImGui::TextUnformatted(batch.model_message().c_str()); break;
    case ModelState::Ready: ImGui::Text("Detector: %s", batch.model_message().c_str()); break;
    case ModelState::Failed: ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", batch.model_message().c_str()); break;
  }
  if (const auto* info = batch.session_info(); info && !info->fallbacks.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("(%s unavailable: %s)", info->fallbacks.front().provider.c_str(),
                        info->fallbacks.front().reason.c_str());
  }

  // Progress.
  const BatchProgress p = batch.progress();
  const float fraction = p.total > 0 ? static_cast<float>(p.done) / static_cast<float>(p.total) : 0.0f;
  char overlay[160];
  std::snprintf(overlay, sizeof overlay, "%d / %d images  ·  %.2f img/s  ·  ETA %s%s", p.done, p.total, p.images_per_s,
                format_duration(p.eta_s).c_str(), run == RunState::Paused ? "  ·  paused" : "");
  ImGui::ProgressBar(fraction, ImVec2(-1, 0), overlay);
  if (ImGui::IsItemHovered() && p.done > 0) {
    const StageTimings& t = p.mean_timings;
    ImGui::SetTooltip("Per image: decode %.0f ms · prepare %.0f ms · detect %.0f ms · boxes %.1f ms", t.decode_ms,
                      t.preprocess_ms, t.inference_ms, t.postprocess_ms);
  }
  if (p.failed > 0 || batch.skipped_non_images() > 0) {
    ImGui::TextColored(ImVec4(1, 0.7f, 0.4f, 1), "%d unreadable image(s); %d non-image file(s) skipped", p.failed,
                       batch.skipped_non_images());
  }

  // Threshold: a view filter, applied instantly without re-running anything.
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  if (ImGui::SliderFloat("Confidence threshold", &view.threshold, 0.0f, 1.0f, "%.2f")) view.threshold_from_model = false;
  record("Confidence threshold");
}

void draw_image_list(const BatchController& batch, ViewerState& viewer, const ViewSettings& view) {
  const auto& images = batch.images();
  if (images.empty()) {
    ImGui::TextWrapped("Add camera-trap images: use the buttons above, or drop files or folders onto this window.");
    return;
  }
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                    ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("images", 4, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Image", ImGuiTableColumnFlags_WidthStretch, 4.0f);
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Detections", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("Max conf", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;  // only visible rows are drawn, so 10,000 images cost the same as 20
  clipper.Begin(static_cast<int>(images.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const BatchImage& img = images[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      // Dimmed: listed (restored or imported) but its file is not in the page yet.
      if (!img.has_file()) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      if (ImGui::Selectable(img.file.path.c_str(), viewer.selected == i, ImGuiSelectableFlags_SpanAllColumns)) {
        viewer.selected = i;
      }
      if (!img.has_file()) ImGui::PopStyleColor();
      if (viewer.selected == i && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY();
      ImGui::PopID();
      ImGui::TableNextColumn();
      if (img.status == ImageStatus::Failed) {
        ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "failed");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", img.failure_text().c_str());
      } else {
        ImGui::TextUnformatted(status_text(img.status));
      }
      ImGui::TableNextColumn();
      if (img.status == ImageStatus::Done) {
        const KindCounts c = count_kinds(img.record, batch.detection_categories(), view.threshold);
        if (c.total() == 0) ImGui::TextDisabled("empty");
        else ImGui::Text("%s%s%s%s", c.animal ? (std::to_string(c.animal) + " animal  ").c_str() : "",
                         c.person ? (std::to_string(c.person) + " person  ").c_str() : "",
                         c.vehicle ? (std::to_string(c.vehicle) + " vehicle  ").c_str() : "",
                         c.other ? (std::to_string(c.other) + " other").c_str() : "");
      } else if (img.status == ImageStatus::Failed) {
        ImGui::TextDisabled("%s", img.failure_text().c_str());
      }
      ImGui::TableNextColumn();
      if (img.status == ImageStatus::Done && !img.record.detections.empty()) {
        double best = 0;
        for (const auto& d : img.record.detections) best = std::max(best, d.conf.value_or(0.0));
        ImGui::Text("%.3f", best);
      }
    }
  }
  ImGui::EndTable();
}

void handle_viewer_keys(const BatchController& batch, ViewerState& viewer) {
  if (ImGui::GetIO().WantTextInput || batch.images().empty()) return;
  const int n = static_cast<int>(batch.images().size());
  if (ImGui::IsKeyPressed(ImGuiKey_RightArrow) || ImGui::IsKeyPressed(ImGuiKey_J)) viewer.selected = std::min(n - 1, viewer.selected + 1);
  if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow) || ImGui::IsKeyPressed(ImGuiKey_K)) viewer.selected = std::max(0, viewer.selected - 1);
  if (ImGui::IsKeyPressed(ImGuiKey_L, false)) viewer.show_labels = !viewer.show_labels;
  if (ImGui::IsKeyPressed(ImGuiKey_0, false)) { viewer.zoom = 1; viewer.pan_x = viewer.pan_y = 0; }
}

void draw_viewer(const BatchController& batch, ViewerState& viewer, const ViewSettings& view, TextureSource& textures) {
  const auto& images = batch.images();
  if (viewer.selected < 0 || viewer.selected >= static_cast<int>(images.size())) {
    ImGui::TextDisabled("Select an image to see it here (←/→ to move through the list).");
    return;
  }
  const BatchImage& img = images[static_cast<std::size_t>(viewer.selected)];
  viewer.visible_boxes = 0;
  if (!img.has_file()) {
    // Results restored or imported without the image itself: there is nothing to draw them on.
    if (viewer.texture) textures.release_texture(*viewer.texture);
    if (viewer.texture_job) textures.cancel_texture(viewer.texture_job);
    viewer.texture.reset();
    viewer.texture_job = 0;
    viewer.shown_file = 0;
    ImGui::Text("%s", img.file.path.c_str());
    ImGui::TextDisabled("This image is not in the page: add its folder (or the file) again to see it. %s",
                        img.status == ImageStatus::Done || img.status == ImageStatus::Failed ? "Its results are kept."
                                                                                             : "");
    return;
  }
  if (viewer.shown_file != img.file.id) {
    if (viewer.texture) textures.release_texture(*viewer.texture);
    if (viewer.texture_job) textures.cancel_texture(viewer.texture_job);
    viewer.texture.reset();
    viewer.texture_error.clear();
    viewer.shown_file = img.file.id;
    viewer.texture_job = textures.request_texture(img.file.id, 2048);
    viewer.zoom = 1; viewer.pan_x = viewer.pan_y = 0;
  }
  if (viewer.texture_job) {
    if (auto t = textures.poll_texture(viewer.texture_job)) {
      viewer.texture_job = 0;
      if (t->ok()) viewer.texture = t->value();
      else viewer.texture_error = t->error().message;
    }
  }
  ImGui::Text("%s", img.file.path.c_str());
  ImGui::SameLine();
  ImGui::Checkbox("Labels (L)", &viewer.show_labels);
  ImGui::SameLine();
  ImGui::Checkbox("Low-confidence boxes", &viewer.show_below_threshold);
  if (!img.record.warning.empty()) ImGui::TextColored(ImVec4(1, 0.8f, 0.4f, 1), "%s", img.record.warning.c_str());
  if (img.status == ImageStatus::Failed) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", img.failure_text().c_str());
  if (!viewer.texture) {
    ImGui::TextDisabled("%s", viewer.texture_error.empty() ? "Loading…" : viewer.texture_error.c_str());
    return;
  }
  const Texture& tex = *viewer.texture;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float fit = std::min(avail.x / static_cast<float>(tex.width), avail.y / static_cast<float>(tex.height));
  const float scale = fit * viewer.zoom;
  const ImVec2 size(static_cast<float>(tex.width) * scale, static_cast<float>(tex.height) * scale);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##canvas", avail);
  if (ImGui::IsItemHovered()) {
    const float wheel = ImGui::GetIO().MouseWheel;
    if (wheel != 0) viewer.zoom = std::clamp(viewer.zoom * (wheel > 0 ? 1.15f : 1 / 1.15f), 1.0f, 16.0f);
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
      viewer.pan_x += ImGui::GetIO().MouseDelta.x;
      viewer.pan_y += ImGui::GetIO().MouseDelta.y;
    }
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(origin, ImVec2(origin.x + avail.x, origin.y + avail.y), true);
  const ImVec2 p0(origin.x + (avail.x - size.x) * 0.5f + viewer.pan_x, origin.y + (avail.y - size.y) * 0.5f + viewer.pan_y);
  dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(tex.gl_id)), p0, ImVec2(p0.x + size.x, p0.y + size.y));
  if (img.status == ImageStatus::Done) {
    // Boxes are normalised to the upright image, which the texture shows at another scale.
    const float thickness = std::max(1.0f, ImGui::GetFontSize() / 8);
    const CategoryNames& names = batch.detection_categories();
    for (const auto& d : img.record.detections) {
      if (d.review.state == ReviewState::Rejected) continue;
      const bool below = !detection_visible(d, view.threshold);
      if (below && !viewer.show_below_threshold) continue;
      ImU32 colour = category_colour(category_kind(names, d.effective_category()));
      if (below) colour = (colour & 0x00FFFFFFu) | 0x60000000u;
      const ImVec2 a(p0.x + static_cast<float>(d.bbox.x) * size.x, p0.y + static_cast<float>(d.bbox.y) * size.y);
      const ImVec2 b(a.x + static_cast<float>(d.bbox.w) * size.x, a.y + static_cast<float>(d.bbox.h) * size.y);
      dl->AddRect(a, b, colour, 0, 0, thickness);
      if (!below) ++viewer.visible_boxes;
      if (viewer.show_labels && !below) {
        const std::string label = detection_label(d, names, batch.classification_categories());
        const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
        dl->AddRectFilled(ImVec2(a.x, a.y - ts.y - 2), ImVec2(a.x + ts.x + 6, a.y), colour);
        dl->AddText(ImVec2(a.x + 3, a.y - ts.y - 1), IM_COL32(0, 0, 0, 255), label.c_str());
      }
    }
  }
  dl->PopClipRect();
}

}  // namespace wl::app
