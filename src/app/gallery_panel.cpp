#include "app/gallery_panel.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/detection_labels.h"

namespace wl::app {

namespace {

constexpr ImU32 kEmptyChip = IM_COL32(120, 124, 132, 255);
constexpr ImU32 kFailedChip = IM_COL32(220, 80, 70, 255);
constexpr ImU32 kReviewedDisc = IM_COL32(120, 190, 255, 255);
constexpr ImU32 kCorrectedDisc = IM_COL32(255, 190, 70, 255);

// While a batch runs, thumbnails decode at most two at a time so the batch keeps the CPU.
constexpr int kInFlightRunning = 2;
constexpr int kInFlightIdle = 4;

const char* status_word(ImageStatus s) {
  switch (s) {
    case ImageStatus::Pending: return "waiting";
    case ImageStatus::Reading: return "reading";
    case ImageStatus::Running: return "detecting";
    default: return "";
  }
}

std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A small filled label ("2 animal", "empty") at `pos`; returns its height.
float chip(ImDrawList* dl, ImVec2 pos, ImU32 fill, const std::string& text) {
  const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
  const float pad = 3;
  dl->AddRectFilled(pos, ImVec2(pos.x + ts.x + pad * 2, pos.y + ts.y + 2), fill, 3.0f);
  dl->AddText(ImVec2(pos.x + pad, pos.y + 1), IM_COL32(0, 0, 0, 255), text.c_str());
  return ts.y + 2;
}

void tick_disc(ImDrawList* dl, ImVec2 centre, float radius, ImU32 fill) {
  dl->AddCircleFilled(centre, radius, fill);
  const ImVec2 pts[3] = {ImVec2(centre.x - radius * 0.5f, centre.y), ImVec2(centre.x - radius * 0.1f, centre.y + radius * 0.4f),
                         ImVec2(centre.x + radius * 0.55f, centre.y - radius * 0.4f)};
  dl->AddPolyline(pts, 3, IM_COL32(0, 0, 0, 255), 0, std::max(1.5f, radius / 4));
}

}  // namespace

void GalleryPanel::update(const BatchController& batch, const ViewSettings& view) {
  filter_.text = text_;
  const bool stale = batch.revision() != revision_ || view.threshold != threshold_ || !(filter_ == filter_used_) ||
                     !(sort_ == sort_used_) || batch.images().size() != image_count_;
  if (!stale) return;
  const auto t0 = std::chrono::steady_clock::now();
  const auto& images = batch.images();
  std::vector<QueryImage> items;
  items.reserve(images.size());
  for (const auto& img : images) {
    const bool has_results = img.status == ImageStatus::Done || img.status == ImageStatus::Failed;
    items.push_back({has_results ? &img.record : nullptr, img.file.path});
  }
  const QueryContext context{batch.detection_categories(), batch.classification_categories(), view.threshold};
  order_ = query_images(items, context, filter_, sort_);
  query_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  revision_ = batch.revision();
  threshold_ = view.threshold;
  filter_used_ = filter_;
  sort_used_ = sort_;
  image_count_ = images.size();
  if (images.empty()) thumbnails_.clear();
}

void GalleryPanel::set_text(const std::string& text) { std::snprintf(text_, sizeof text_, "%s", text.c_str()); }

void GalleryPanel::idle(const BatchController& batch) {
  thumbnails_.end_frame(batch.run_state() == RunState::Running ? kInFlightRunning : kInFlightIdle);
}

void GalleryPanel::draw_filter_bar(const BatchController& batch, std::map<std::string, std::array<float, 4>>& rects) {
  ImGui::TextUnformatted("Show:");
  struct Flag { const char* label; unsigned bit; };
  bool has_other = false;
  for (const auto& [id, name] : batch.detection_categories()) has_other |= category_kind_of_name(name) == CategoryKind::Other;
  const Flag flags[] = {{"Animal", kShowAnimal}, {"Person", kShowPerson}, {"Vehicle", kShowVehicle},
                        {"Other", kShowOther},   {"Empty", kShowEmpty},   {"Failed", kShowFailed}};
  for (const Flag& f : flags) {
    if (f.bit == kShowOther && !has_other) continue;
    ImGui::SameLine();
    ImGui::CheckboxFlags(f.label, &filter_.show, f.bit);
    record_item_rect(rects, std::string("check:") + f.label);
  }

  const float font = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(font * 11);
  ImGui::InputTextWithHint("##species", "species, label…", text_, sizeof text_);
  record_item_rect(rects, "input:Species");
  ImGui::SameLine();
  static constexpr const char* kReview[] = {"Any review state", "Reviewed", "Not reviewed", "Corrected"};
  int review = static_cast<int>(filter_.review);
  ImGui::SetNextItemWidth(font * 9);
  if (ImGui::Combo("##review", &review, kReview, 4)) filter_.review = static_cast<ReviewFilter>(review);
  record_item_rect(rects, "combo:Review");

  float lo = static_cast<float>(filter_.min_conf), hi = static_cast<float>(filter_.max_conf);
  ImGui::SetNextItemWidth(font * 11);
  if (ImGui::DragFloatRange2("##conf", &lo, &hi, 0.005f, 0.0f, 1.0f, "conf %.2f", "to %.2f", ImGuiSliderFlags_AlwaysClamp)) {
    filter_.min_conf = lo;
    filter_.max_conf = hi;
  }
  record_item_rect(rects, "range:Confidence");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Best confidence of the image's boxes (drag, or double-click to type)");
  ImGui::SameLine();
  static constexpr const char* kSort[] = {"Order added", "Name", "Capture time", "Best confidence"};
  int key = static_cast<int>(sort_.key);
  ImGui::SetNextItemWidth(font * 8);
  const bool open = ImGui::BeginCombo("##sort", kSort[key]);
  record_item_rect(rects, "combo:Sort");
  if (open) {
    for (int i = 0; i < 4; ++i) {
      if (ImGui::Selectable(kSort[i], i == key)) sort_.key = static_cast<SortKey>(i);
      record_item_rect(rects, std::string("item:Sort:") + kSort[i]);
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::ArrowButton("##direction", sort_.descending ? ImGuiDir_Down : ImGuiDir_Up)) sort_.descending = !sort_.descending;
  record_item_rect(rects, "button:Sort direction");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(sort_.descending ? "Descending" : "Ascending");
  ImGui::SameLine();
  if (filter_.active()) {
    ImGui::Text("%zu of %zu", order_.size(), batch.images().size());
    ImGui::SameLine();
    if (ImGui::SmallButton("Reset")) {
      filter_ = {};
      text_[0] = '\0';
    }
    record_item_rect(rects, "button:Reset filter");
  } else {
    ImGui::TextDisabled("%zu images", order_.size());
  }
}

void GalleryPanel::draw(const BatchController& batch, ViewerState& viewer, const ViewSettings& view,
                        std::map<std::string, std::array<float, 4>>& rects) {
  draw_filter_bar(batch, rects);
  update(batch, view);  // the filter bar may have changed it
  // No keyboard navigation inside the grid: Tab, Enter and the arrows are the viewer's keys.
  const bool open = ImGui::BeginChild("##grid", ImVec2(0, 0), false, ImGuiWindowFlags_NoNavInputs);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));  // rows are exactly row_h
  if (open) {
    const float font = ImGui::GetFontSize();
    const float spacing = std::round(font * 0.4f);
    const float avail = ImGui::GetContentRegionAvail().x;
    columns_ = std::max(1, static_cast<int>((avail + spacing) / (font * 9.5f + spacing)));
    const float cell_w = std::floor((avail - spacing * static_cast<float>(columns_ - 1)) / static_cast<float>(columns_));
    const float thumb_h = std::floor(cell_w * 0.75f);
    const float row_h = thumb_h + ImGui::GetTextLineHeight() + spacing * 1.5f;
    const int rows = (static_cast<int>(order_.size()) + columns_ - 1) / columns_;

    // A selection made elsewhere (arrow keys, the list) is scrolled into view.
    if (viewer.selected != last_selected_) {
      last_selected_ = viewer.selected;
      const auto at = std::find(order_.begin(), order_.end(), static_cast<std::uint32_t>(std::max(0, viewer.selected)));
      if (viewer.selected >= 0 && at != order_.end()) {
        const float y = static_cast<float>((at - order_.begin()) / columns_) * row_h;
        const float top = ImGui::GetScrollY(), height = ImGui::GetWindowHeight();
        if (y < top || y + row_h > top + height) ImGui::SetScrollY(std::max(0.0f, y - (height - row_h) * 0.5f));
      }
    }

    if (order_.empty()) {
      ImGui::TextDisabled(batch.images().empty() ? "Add images to see them here." : "No image matches the filter.");
    }
    const KindTable kinds(batch.detection_categories());
    ImGuiListClipper clipper;
    clipper.Begin(rows, row_h);
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const ImVec2 start = ImGui::GetCursorScreenPos();
        for (int col = 0; col < columns_; ++col) {
          const std::size_t pos = static_cast<std::size_t>(row) * static_cast<std::size_t>(columns_) + static_cast<std::size_t>(col);
          if (pos >= order_.size()) break;
          const Cell cell{start.x + static_cast<float>(col) * (cell_w + spacing), start.y, cell_w, row_h - spacing, thumb_h};
          draw_cell(batch, order_[pos], viewer, view, cell, kinds, rects);
        }
        // One item spanning the row, after the cells, so the clipper sees the row's height.
        ImGui::SetCursorScreenPos(start);
        ImGui::Dummy(ImVec2(avail, row_h));
      }
    }
  }
  ImGui::PopStyleVar();
  ImGui::EndChild();
  thumbnails_.end_frame(batch.run_state() == RunState::Running ? kInFlightRunning : kInFlightIdle);
}

void GalleryPanel::draw_cell(const BatchController& batch, std::uint32_t index, ViewerState& viewer,
                             const ViewSettings& view, const Cell& c, const KindTable& kinds,
                             std::map<std::string, std::array<float, 4>>& rects) {
  const BatchImage& img = batch.images()[index];
  const int i = static_cast<int>(index);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 a(c.x, c.y), b(c.x + c.w, c.y + c.h);

  ImGui::SetCursorScreenPos(a);
  ImGui::PushID(i);
  ImGui::InvisibleButton("##cell", ImVec2(c.w, c.h));
  ImGui::PopID();
  rects["gallery:" + std::to_string(i)] = {c.x, c.y, c.w, c.h};
  const bool hovered = ImGui::IsItemHovered();
  if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
    if (viewer.selected != i) { viewer.selected = i; viewer.selected_detection = viewer.selection_image = -1; }
    last_selected_ = i;
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) viewer.large = true;
  }

  // The picture, fitted into the cell's picture area.
  const float pad = 2;
  const ImVec2 ta(a.x + pad, a.y + pad), tb(b.x - pad, a.y + c.thumb_h - pad);
  dl->AddRectFilled(a, ImVec2(b.x, a.y + c.thumb_h), IM_COL32(40, 43, 48, 255), 3.0f);
  if (const Texture* t = img.has_file() ? thumbnails_.get(img.file.id) : nullptr) {
    const float s = std::min((tb.x - ta.x) / static_cast<float>(t->width), (tb.y - ta.y) / static_cast<float>(t->height));
    const float w = static_cast<float>(t->width) * s, h = static_cast<float>(t->height) * s;
    const ImVec2 p(ta.x + ((tb.x - ta.x) - w) * 0.5f, ta.y + ((tb.y - ta.y) - h) * 0.5f);
    dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(t->gl_id)), p, ImVec2(p.x + w, p.y + h));
  } else {
    const char* what = !img.has_file() ? "add its folder to see it" : thumbnails_.failed(img.file.id) ? "no preview" : "…";
    const ImVec2 ts = ImGui::CalcTextSize(what);
    dl->AddText(ImVec2((ta.x + tb.x - ts.x) * 0.5f, (ta.y + tb.y - ts.y) * 0.5f), IM_COL32(150, 150, 150, 255), what);
  }

  // Badges: what is in it (or empty / failed / not run yet), and a person's review.
  ImVec2 at(ta.x + 2, ta.y + 2);
  ImageDigest d;
  if (img.status == ImageStatus::Done || img.status == ImageStatus::Failed) d = digest_image(img.record, kinds, view.threshold);
  if (img.status == ImageStatus::Failed) {
    chip(dl, at, kFailedChip, "failed");
  } else if (img.status != ImageStatus::Done) {
    chip(dl, at, kEmptyChip, status_word(img.status));
  } else if (d.empty) {
    chip(dl, at, kEmptyChip, "empty");
  } else {
    static constexpr CategoryKind kKinds[] = {CategoryKind::Animal, CategoryKind::Person, CategoryKind::Vehicle,
                                              CategoryKind::Other};
    for (CategoryKind k : kKinds) {
      const int n = d.counts.of(k);
      if (n > 0) at.y += chip(dl, at, category_colour(k), std::to_string(n) + " " + to_string(k)) + 2;
      else if (d.tagged == k) at.y += chip(dl, at, category_colour(k), std::string(to_string(k)) + " (tag)") + 2;
    }
  }
  if (d.reviewed) {
    const float r = ImGui::GetFontSize() * 0.55f;
    tick_disc(dl, ImVec2(tb.x - r - 2, ta.y + r + 2), r, d.corrected ? kCorrectedDisc : kReviewedDisc);
  }

  // The file's name under the picture, cut at the cell's edge.
  const std::string name = base_name(img.file.path);
  dl->PushClipRect(ImVec2(a.x, a.y + c.thumb_h), b, true);
  dl->AddText(ImVec2(a.x + 2, a.y + c.thumb_h + 1), viewer.selected == i ? IM_COL32(255, 255, 255, 255) : IM_COL32(190, 190, 190, 255),
              name.c_str());
  dl->PopClipRect();

  if (viewer.selected == i) dl->AddRect(a, b, IM_COL32(255, 255, 255, 255), 3.0f, 0, 2.0f);
  else if (hovered) dl->AddRect(a, b, IM_COL32(160, 160, 160, 255), 3.0f, 0, 1.0f);
  if (hovered) {
    std::string tip = img.file.path;
    if (img.status == ImageStatus::Failed) tip += "\nfailed: " + img.failure_text();
    if (img.status == ImageStatus::Done) {
      char best[48] = "";
      if (d.best_conf >= 0) std::snprintf(best, sizeof best, "\nbest confidence %.3f", d.best_conf);
      tip += best;
      if (!img.record.exif.datetime.empty()) tip += "\ntaken " + img.record.exif.datetime;
      if (d.corrected) tip += "\ncorrected by a reviewer";
      else if (d.reviewed) tip += "\nreviewed";
    }
    ImGui::SetTooltip("%s", tip.c_str());
  }
}

}  // namespace wl::app
