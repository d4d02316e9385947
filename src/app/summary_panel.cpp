#include "app/summary_panel.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/detection_labels.h"
#include "core/results/species.h"

namespace wl::app {

namespace {

constexpr ImU32 kEmptyColour = IM_COL32(130, 134, 142, 255);
constexpr ImU32 kAxisColour = IM_COL32(110, 110, 118, 255);
constexpr ImU32 kTrackColour = IM_COL32(48, 51, 57, 255);
constexpr CategoryKind kKinds[] = {CategoryKind::Animal, CategoryKind::Person, CategoryKind::Vehicle, CategoryKind::Other};

const char* kind_title(CategoryKind k) {
  switch (k) {
    case CategoryKind::Animal: return "Animal";
    case CategoryKind::Person: return "Person";
    case CategoryKind::Vehicle: return "Vehicle";
    case CategoryKind::Other: return "Other";
  }
  return "";
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::SeparatorText(title);
}

// One labelled horizontal bar: "Animal  [#####-----]  12 (40%)".
void bar_row(const char* label, double value, double full, ImU32 colour, const std::string& text, float label_em = 6) {
  const float font = ImGui::GetFontSize();
  ImGui::AlignTextToFramePadding();
  // A long label (a species name) is cut at its column rather than run under the bar.
  const ImVec2 lp = ImGui::GetCursorScreenPos();
  ImGui::PushClipRect(lp, ImVec2(lp.x + font * label_em - font * 0.4f, lp.y + ImGui::GetFrameHeight()), true);
  ImGui::TextUnformatted(label);
  ImGui::PopClipRect();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", label);
  ImGui::SameLine(font * label_em);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float width = std::max(font * 4, ImGui::GetContentRegionAvail().x - font * 7);
  const float height = ImGui::GetFrameHeight() * 0.7f;
  const float y = p.y + (ImGui::GetFrameHeight() - height) * 0.5f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + width, y + height), kTrackColour, 2.0f);
  const float fraction = full > 0 ? static_cast<float>(std::clamp(value / full, 0.0, 1.0)) : 0.0f;
  if (fraction > 0) dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + width * fraction, y + height), colour, 2.0f);
  ImGui::Dummy(ImVec2(width, ImGui::GetFrameHeight()));
  ImGui::SameLine();
  ImGui::TextUnformatted(text.c_str());
}

std::string count_and_share(int n, int of) {
  char buf[48];
  if (of > 0) std::snprintf(buf, sizeof buf, "%d (%.0f%%)", n, 100.0 * n / of);
  else std::snprintf(buf, sizeof buf, "%d", n);
  return buf;
}

// Stacked vertical bars: the confidence histogram, by kind, on a log scale (the many faint
// candidates would flatten everything else), with the view's threshold drawn on it.
void confidence_plot(const RunSummary& s, float threshold, std::map<std::string, std::array<float, 4>>& rects) {
  const float font = ImGui::GetFontSize();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float width = std::max(font * 10, ImGui::GetContentRegionAvail().x - font * 0.5f);
  const float height = font * 7;
  const float axis = font * 1.3f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  int max_total = 0;
  for (int b = 0; b < kConfidenceBins; ++b) {
    int total = 0;
    for (const auto& bins : s.confidence) total += bins[static_cast<std::size_t>(b)];
    max_total = std::max(max_total, total);
  }
  const float bin_w = width / kConfidenceBins;
  const float scale = max_total > 0 ? height / std::log1p(static_cast<float>(max_total)) : 0;
  const ImVec2 mouse = ImGui::GetMousePos();
  int hovered = -1;
  for (int b = 0; b < kConfidenceBins; ++b) {
    const float x0 = p.x + bin_w * static_cast<float>(b) + 1, x1 = p.x + bin_w * static_cast<float>(b + 1) - 1;
    const bool below = (b + 1) * 1.0f / kConfidenceBins <= threshold;
    int cumulative = 0;
    float top = p.y + height;
    for (CategoryKind k : kKinds) {
      cumulative += s.confidence[static_cast<std::size_t>(k)][static_cast<std::size_t>(b)];
      const float y = p.y + height - std::log1p(static_cast<float>(cumulative)) * scale;
      if (y < top) {
        ImU32 c = category_colour(k);
        if (below) c = (c & 0x00FFFFFFu) | 0x70000000u;
        dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1, top), c);
        top = y;
      }
    }
    if (mouse.x >= x0 && mouse.x < x1 && mouse.y >= p.y && mouse.y < p.y + height) hovered = b;
  }
  dl->AddLine(ImVec2(p.x, p.y + height), ImVec2(p.x + width, p.y + height), kAxisColour);
  for (int t = 0; t <= 4; ++t) {
    const float x = p.x + width * static_cast<float>(t) / 4;
    char label[8];
    std::snprintf(label, sizeof label, "%.2g", t / 4.0);
    dl->AddLine(ImVec2(x, p.y + height), ImVec2(x, p.y + height + 4), kAxisColour);
    const float tw = ImGui::CalcTextSize(label).x;
    dl->AddText(ImVec2(std::clamp(x - tw / 2, p.x, p.x + width - tw), p.y + height + 4), kAxisColour, label);
  }
  const float tx = p.x + width * std::clamp(threshold, 0.0f, 1.0f);
  dl->AddLine(ImVec2(tx, p.y - 2), ImVec2(tx, p.y + height), IM_COL32(255, 255, 255, 230), 2.0f);
  char tl[32];
  std::snprintf(tl, sizeof tl, "threshold %.2f", threshold);
  const float tlw = ImGui::CalcTextSize(tl).x;
  dl->AddText(ImVec2(tx + tlw + 6 < p.x + width ? tx + 4 : tx - tlw - 4, p.y), IM_COL32(255, 255, 255, 230), tl);
  ImGui::Dummy(ImVec2(width, height + axis));
  record_item_rect(rects, "summary:confidence");
  if (hovered >= 0) {
    std::string tip;
    char head[48];
    std::snprintf(head, sizeof head, "confidence %.2f to %.2f", hovered / 20.0, (hovered + 1) / 20.0);
    tip = head;
    for (CategoryKind k : kKinds) {
      const int n = s.confidence[static_cast<std::size_t>(k)][static_cast<std::size_t>(hovered)];
      if (n > 0) tip += "\n" + std::to_string(n) + " " + to_string(k);
    }
    ImGui::SetTooltip("%s", tip.c_str());
  }
}

void hour_plot(const RunSummary& s, std::map<std::string, std::array<float, 4>>& rects) {
  const float font = ImGui::GetFontSize();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float width = std::max(font * 10, ImGui::GetContentRegionAvail().x - font * 0.5f);
  const float height = font * 5;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int max_n = *std::max_element(s.detections_by_hour.begin(), s.detections_by_hour.end());
  const float bar_w = width / 24;
  const ImVec2 mouse = ImGui::GetMousePos();
  int hovered = -1;
  for (int h = 0; h < 24; ++h) {
    const float x0 = p.x + bar_w * static_cast<float>(h) + 1, x1 = p.x + bar_w * static_cast<float>(h + 1) - 1;
    const int n = s.detections_by_hour[static_cast<std::size_t>(h)];
    const float bh = max_n > 0 ? height * static_cast<float>(n) / static_cast<float>(max_n) : 0;
    // Night hours (18:00-06:00) in a cooler tone.
    const ImU32 colour = (h < 6 || h >= 18) ? IM_COL32(120, 140, 230, 255) : IM_COL32(240, 200, 90, 255);
    if (n > 0) dl->AddRectFilled(ImVec2(x0, p.y + height - bh), ImVec2(x1, p.y + height), colour);
    if (mouse.x >= x0 && mouse.x < x1 && mouse.y >= p.y && mouse.y < p.y + height) hovered = h;
  }
  dl->AddLine(ImVec2(p.x, p.y + height), ImVec2(p.x + width, p.y + height), kAxisColour);
  for (int h = 0; h <= 24; h += 6) {
    const float x = p.x + bar_w * static_cast<float>(h);
    const std::string label = std::to_string(h) + ":00";
    const float tw = ImGui::CalcTextSize(label.c_str()).x;
    dl->AddLine(ImVec2(x, p.y + height), ImVec2(x, p.y + height + 4), kAxisColour);
    dl->AddText(ImVec2(std::clamp(x - tw / 2, p.x, p.x + width - tw), p.y + height + 4), kAxisColour, label.c_str());
  }
  ImGui::Dummy(ImVec2(width, height + font * 1.3f));
  record_item_rect(rects, "summary:hours");
  if (hovered >= 0) {
    ImGui::SetTooltip("%02d:00 to %02d:59: %d detection(s)", hovered, hovered,
                      s.detections_by_hour[static_cast<std::size_t>(hovered)]);
  }
}

}  // namespace

const RunSummary& SummaryPanel::update(const BatchController& batch, const ViewSettings& view) {
  if (batch.revision() == revision_ && view.threshold == threshold_ && view.class_threshold == class_threshold_)
    return summary_;
  const auto t0 = std::chrono::steady_clock::now();
  SummaryBuilder builder(batch.detection_categories(), batch.classification_categories(), view.threshold,
                         view.class_threshold);
  for (const auto& img : batch.images())
    if (img.status == ImageStatus::Done || img.status == ImageStatus::Failed) builder.add(img.record);
  summary_ = builder.finish();
  update_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  revision_ = batch.revision();
  threshold_ = view.threshold;
  class_threshold_ = view.class_threshold;
  return summary_;
}

void SummaryPanel::draw(const BatchController& batch, const ViewSettings& view,
                        std::map<std::string, std::array<float, 4>>& rects) {
  const RunSummary& s = update(batch, view);
  const int total = static_cast<int>(batch.images().size());
  ImGui::Text("%d of %d images have results", s.images, total);
  if (s.failed > 0) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "· %d failed", s.failed);
  }
  if (batch.classification_categories().empty())
    ImGui::TextDisabled("Counted at confidence %.2f (the threshold slider); reviews included.", view.threshold);
  else {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Counted at confidence %.2f, species at %.2f (the threshold sliders); reviews included.",
                       view.threshold, view.class_threshold);
    ImGui::PopStyleColor();
  }
  if (s.images == 0) {
    ImGui::TextDisabled("Run detection to see a summary here.");
    return;
  }

  section("Images by what they show");
  bool has_other = s.with(CategoryKind::Other) > 0 || s.detections.other > 0;
  for (CategoryKind k : kKinds) {
    if (k == CategoryKind::Other && !has_other) continue;
    bar_row(kind_title(k), s.with(k), s.processed, category_colour(k), count_and_share(s.with(k), s.processed));
  }
  bar_row("Empty", s.empty, s.processed, kEmptyColour, count_and_share(s.empty, s.processed));
  record_item_rect(rects, "summary:empty");

  section("Empty rate (of the images processed)");
  {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", 100.0 * s.empty_rate());
    bar_row("Empty", s.empty_rate(), 1.0, kEmptyColour, text);
  }

  section("Detections by category");
  int most = 0;
  for (CategoryKind k : kKinds) most = std::max(most, s.detections.of(k));
  for (CategoryKind k : kKinds) {
    if (k == CategoryKind::Other && !has_other) continue;
    bar_row(kind_title(k), s.detections.of(k), most, category_colour(k), std::to_string(s.detections.of(k)));
  }

  section("Confidence of all detections (log scale)");
  confidence_plot(s, view.threshold, rects);

  section("Detections by hour of day");
  if (s.images_with_time == 0) {
    ImGui::TextDisabled("These images carry no capture time in their EXIF.");
  } else {
    hour_plot(s, rects);
    ImGui::TextDisabled("From the capture time of %d image(s)", s.images_with_time);
  }

  if (!s.species.empty()) {
    section("Species");
    int top = 0;
    for (const SpeciesCount& sp : s.species) top = std::max(top, sp.detections);
    // The first 15 species, and "unknown" (always last) whatever their number.
    const bool has_unknown = s.species.back().name == kUnknownSpecies;
    const std::size_t named = s.species.size() - (has_unknown ? 1 : 0);
    const std::size_t shown = std::min<std::size_t>(named, 15);
    const auto row = [&](const SpeciesCount& sp) {
      const bool unknown = sp.name == kUnknownSpecies;
      bar_row(sp.name.c_str(), sp.detections, top, unknown ? kEmptyColour : category_colour(CategoryKind::Animal),
              std::to_string(sp.detections) + " in " + std::to_string(sp.images) + " image(s)", 11);
    };
    const ImVec2 chart_top = ImGui::GetCursorScreenPos();
    for (std::size_t i = 0; i < shown; ++i) row(s.species[i]);
    if (named > shown) ImGui::TextDisabled("and %zu more", named - shown);
    if (has_unknown) row(s.species.back());
    const ImVec2 chart_end(ImGui::GetContentRegionMax().x + ImGui::GetWindowPos().x, ImGui::GetCursorScreenPos().y);
    rects["summary:species"] = {chart_top.x, chart_top.y, chart_end.x - chart_top.x, chart_end.y - chart_top.y};
    if (has_unknown) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("unknown: the classifier's best class is below %.2f (the classification threshold).",
                         view.class_threshold);
      ImGui::PopStyleColor();
    }
  }

  section("Review");
  ImGui::Text("%d image(s) reviewed, %d corrected", s.reviewed_images, s.corrected_images);
}

}  // namespace wl::app
