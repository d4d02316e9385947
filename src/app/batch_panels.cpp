#include "app/batch_panels.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/detection_labels.h"
#include "app/widget_rects.h"
#include "core/results/image_digest.h"
#include "core/results/species.h"

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
  const auto record = [&rects](const char* name) { record_item_rect(rects, std::string("button:") + name); };
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
  // Classifier line (Model → Species classifier).
  switch (batch.classifier_state()) {
    case ModelState::None: ImGui::TextDisabled("Species classifier: none (Model → Species classifier)"); break;
    case ModelState::Loading: ImGui::TextUnformatted(batch.classifier_message().c_str()); break;
    case ModelState::Ready: ImGui::Text("Species classifier: %s", batch.classifier_message().c_str()); break;
    case ModelState::Failed: ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", batch.classifier_message().c_str()); break;
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
  // The species threshold beside it, once the run has species (a classifier's, or imported):
  // below it a species is "unknown". Views, the queue and exports follow at once.
  if (!batch.classification_categories().empty() || batch.classifier()) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::SliderFloat("Classification threshold", &view.class_threshold, 0.0f, 1.0f, "%.2f"))
      view.class_threshold_from_model = false;
    record("Classification threshold");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Species the classifier gives at or above this confidence are named; below it they are\n"
                        "\"unknown\". %s Ctrl+click to type a value.",
                        view.class_threshold_from_model ? "Now the classifier's typical threshold." : "");
  }
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
  const KindTable kinds(batch.detection_categories());
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
      if (ImGui::Selectable(img.file.path.c_str(), viewer.selected == i,
                            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
        viewer.selected = i;
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) viewer.large = true;
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
        const ImageDigest d = digest_image(img.record, kinds, view.threshold);
        const KindCounts& c = d.counts;
        std::string text;
        for (const auto& [n, name] : {std::pair{c.animal, "animal"}, std::pair{c.person, "person"}, std::pair{c.vehicle, "vehicle"}, std::pair{c.other, "other"}})
          if (n) text += std::to_string(n) + " " + name + "  ";
        if (d.tagged) text += std::string("tagged ") + to_string(*d.tagged) + "  ";
        if (d.empty) text = "empty  ";
        if (const auto species = image_species(img.record, batch.classification_categories(), view.threshold, view.class_threshold))
          text += species->name + "  ";
        // A person's work shows in the list too: ✎ corrected, ✓ reviewed.
        if (d.corrected) text += "✎";
        else if (d.reviewed) text += "✓";
        if (d.empty && !d.reviewed) ImGui::TextDisabled("%s", text.c_str());
        else ImGui::TextUnformatted(text.c_str());
        ImGui::TableNextColumn();
        if (d.best_conf >= 0) ImGui::Text("%.3f", d.best_conf);
      } else {
        if (img.status == ImageStatus::Failed) ImGui::TextDisabled("%s", img.failure_text().c_str());
        ImGui::TableNextColumn();
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace wl::app
