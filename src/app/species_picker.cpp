#include "app/species_picker.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "app/detection_labels.h"
#include "app/widget_rects.h"
#include "core/results/species.h"

namespace wl::app {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// 0: the name is the text, 1: starts with it, 2: a word of it does, 3: contains it; -1: no match.
int match_rank(const std::string& name_lower, const std::string& typed_lower) {
  if (typed_lower.empty()) return 0;
  if (name_lower == typed_lower) return 0;
  const auto at = name_lower.find(typed_lower);
  if (at == std::string::npos) return -1;
  if (at == 0) return 1;
  for (auto p = name_lower.find(typed_lower); p != std::string::npos; p = name_lower.find(typed_lower, p + 1)) {
    const char before = name_lower[p - 1];
    if (before == ' ' || before == '_' || before == '-' || before == '(' || before == '/') return 2;
  }
  return 3;
}

constexpr const char* kPopup = "##species_picker";

}  // namespace

std::vector<PickerOption> picker_options(const DetectionRecord& d, const CategoryNames& classes, std::string_view typed) {
  std::vector<PickerOption> base;
  std::set<std::string> listed;
  std::vector<Classification> top = d.classifications;
  sort_classifications(top);
  for (const auto& c : top) {
    const std::string name = category_name(classes, c.category);
    if (name == kUnknownSpecies || !listed.insert(c.category).second) continue;
    base.push_back({c.category, name, c.conf});
  }
  std::vector<PickerOption> rest;
  for (const auto& [id, name] : classes)
    if (name != kUnknownSpecies && !listed.count(id)) rest.push_back({id, name, std::nullopt});
  std::stable_sort(rest.begin(), rest.end(), [](const PickerOption& a, const PickerOption& b) {
    return lower(a.name) < lower(b.name);
  });
  base.insert(base.end(), rest.begin(), rest.end());
  const std::string needle = lower(typed);
  if (needle.empty()) return base;
  std::vector<std::pair<int, PickerOption>> ranked;
  for (auto& o : base)
    if (const int r = match_rank(lower(o.name), needle); r >= 0) ranked.emplace_back(r, std::move(o));
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<PickerOption> out;
  out.reserve(ranked.size());
  for (auto& [r, o] : ranked) out.push_back(std::move(o));
  return out;
}

void SpeciesPicker::refresh(int image, int detection, const DetectionRecord& record, const CategoryNames& classes) {
  if (valid_ && image == image_ && detection == detection_ && typed_ == text_ && class_count_ == classes.size()) return;
  options_ = picker_options(record, classes, text_);
  image_ = image;
  detection_ = detection;
  typed_ = text_;
  class_count_ = classes.size();
  valid_ = true;
  highlight_ = 0;
}

PickerChoice SpeciesPicker::draw(int image, int detection, const DetectionRecord& record, const CategoryNames& classes,
                                 double class_threshold, std::map<std::string, std::array<float, 4>>& rects) {
  PickerChoice choice;
  const float font = ImGui::GetFontSize();
  std::string shown = species_label(record, classes, class_threshold);
  if (shown.empty()) shown = "none";
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Species:");
  ImGui::SameLine();
  // A combo's look, at a width that fits most binomials; the full name is in the tooltip.
  const bool clicked = ImGui::Button((shown + "  (R)##species").c_str());
  record_item_rect(rects, "combo:Species");
  if (ImGui::IsItemHovered()) {
    const std::string top = species_top3(record, classes, class_threshold);
    ImGui::SetTooltip("%s", (top.empty() ? "Not classified: type a species name." : top).c_str());
  }
  const ImVec2 below(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y);
  if (clicked || open_request_) {
    open_request_ = false;
    text_[0] = '\0';
    valid_ = false;
    ImGui::OpenPopup(kPopup);
  }
  ImGui::SetNextWindowPos(below, ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(ImVec2(font * 20, 0), ImGuiCond_Always);
  // No keyboard navigation inside: ↑/↓ move the highlight while the text field keeps the keys.
  ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_PopupBg);
  bg.w = 1.0f;  // opaque: the box labels under it would show through
  ImGui::PushStyleColor(ImGuiCol_PopupBg, bg);
  open_ = ImGui::BeginPopup(kPopup, ImGuiWindowFlags_NoNavInputs);
  ImGui::PopStyleColor();
  if (!open_) {
    text_shown_.clear();
    editing_ = false;
    return choice;
  }
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(-1);
  const bool enter = ImGui::InputTextWithHint("##species_text", "type a species…", text_, sizeof text_,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  record_item_rect(rects, "input:Species picker");
  editing_ = ImGui::IsItemActive();
  text_shown_ = text_;
  refresh(image, detection, record, classes);

  std::string typed = text_;
  typed.erase(0, typed.find_first_not_of(' '));
  typed.erase(typed.find_last_not_of(' ') + 1);
  const std::string typed_lower = lower(typed);
  const bool known = std::any_of(options_.begin(), options_.end(), [&](const PickerOption& o) { return lower(o.name) == typed_lower; });
  const bool offer_new = !typed.empty() && !known;
  const bool offer_clear = !record.review.species.empty();
  // Rows: the options, then "add new", then "use the classifier's".
  const int rows = static_cast<int>(options_.size()) + (offer_new ? 1 : 0) + (offer_clear ? 1 : 0);
  bool moved = false;
  if (rows > 0) {
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) { highlight_ = std::min(highlight_ + 1, rows - 1); moved = true; }
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) { highlight_ = std::max(highlight_ - 1, 0); moved = true; }
    highlight_ = std::clamp(highlight_, 0, rows - 1);
  }
  const auto choose_row = [&](int row) {
    const int n = static_cast<int>(options_.size());
    if (row < n) choice = {PickerChoice::Pick, options_[static_cast<std::size_t>(row)].id};
    else if (offer_new && row == n) choice = {PickerChoice::New, typed};
    else choice = {PickerChoice::Clear, ""};
  };

  const float row_h = ImGui::GetTextLineHeightWithSpacing();
  const float list_h = row_h * static_cast<float>(std::clamp(rows, 1, 12)) + ImGui::GetStyle().WindowPadding.y;
  if (ImGui::BeginChild("##species_list", ImVec2(0, list_h), false, ImGuiWindowFlags_NoNavInputs)) {
    if (rows == 0) ImGui::TextDisabled("Type a name to add a species.");
    ImGuiListClipper clipper;
    clipper.Begin(rows, row_h);
    if (moved) clipper.IncludeItemByIndex(highlight_);
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        ImGui::PushID(row);
        const bool lit = row == highlight_;
        const int n = static_cast<int>(options_.size());
        if (row < n) {
          const PickerOption& o = options_[static_cast<std::size_t>(row)];
          const bool current = o.id == record.review.species;
          if (ImGui::Selectable((o.name + (current ? "  ✓" : "")).c_str(), lit)) choose_row(row);
          record_item_rect(rects, "item:Species:" + o.name);
          if (o.conf) {
            char conf[16];
            std::snprintf(conf, sizeof conf, "%.2f", *o.conf);
            const float w = ImGui::CalcTextSize(conf).x;
            ImGui::SameLine(ImGui::GetContentRegionMax().x - w);
            ImGui::TextDisabled("%s", conf);
          }
        } else if (offer_new && row == n) {
          if (ImGui::Selectable(("+ Add \"" + typed + "\" as a new species").c_str(), lit)) choose_row(row);
          record_item_rect(rects, "item:Species:new");
        } else {
          if (ImGui::Selectable("Use the classifier's species", lit)) choose_row(row);
          record_item_rect(rects, "item:Species:clear");
        }
        if (lit && moved) ImGui::SetScrollHereY();
        ImGui::PopID();
      }
    }
  }
  ImGui::EndChild();
  ImGui::TextDisabled("↑↓ choose · Enter pick · Esc close");
  if (enter && rows > 0) choose_row(highlight_);
  if (ImGui::IsKeyPressed(ImGuiKey_Escape, false) || choice.kind != PickerChoice::None) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  if (choice.kind != PickerChoice::None) {
    open_ = false;
    editing_ = false;
    text_shown_.clear();
  }
  return choice;
}

}  // namespace wl::app
