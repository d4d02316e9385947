#include "app/gallery_panel.h"

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

constexpr ImU32 kEmptyChip = IM_COL32(120, 124, 132, 255);
constexpr ImU32 kFailedChip = IM_COL32(220, 80, 70, 255);
constexpr ImU32 kReviewedDisc = IM_COL32(120, 190, 255, 255);
constexpr ImU32 kCorrectedDisc = IM_COL32(255, 190, 70, 255);
constexpr ImU32 kSpeciesChip = IM_COL32(225, 228, 235, 255);
constexpr ImU32 kQueueDisc = IM_COL32(255, 200, 60, 255);
constexpr ImU32 kVideoChip = IM_COL32(170, 150, 230, 255);

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
// The highest confidence among a record's boxes of `kind` shown at `threshold` (a clip's summary).
double best_conf_of(const ImageRecord& record, const KindTable& kinds, CategoryKind kind, double threshold) {
  double best = 0;
  for (const DetectionRecord& det : record.detections)
    if (detection_visible(det, threshold) && kinds.kind(det.effective_category()) == kind)
      best = std::max(best, det.conf.value_or(1.0));
  return best;
}

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
  // The detector's grey zone: the run's thresholds, else the model's (or the view's) typical.
  const double fallback = batch.model() ? batch.model()->thresholds.typical : view.threshold;
  const QueueThresholds qt = wl::queue_thresholds(batch.run_header().detector, fallback, view.class_threshold);
  const bool stale = batch.revision() != revision_ || view.threshold != threshold_ ||
                     view.class_threshold != class_threshold_ || !(qt == queue_thresholds_used_) ||
                     needs_look_ != needs_look_used_ || !(filter_ == filter_used_) || !(sort_ == sort_used_) ||
                     batch.images().size() != image_count_;
  if (!stale) return;
  const auto t0 = std::chrono::steady_clock::now();
  const auto& images = batch.images();
  std::vector<QueryImage> items;
  items.reserve(images.size());
  for (const auto& img : images) {
    const bool has_results = img.status == ImageStatus::Done || img.status == ImageStatus::Failed;
    items.push_back({has_results ? &img.record : nullptr, img.file.path});
  }
  const QueryContext context{batch.detection_categories(), batch.classification_categories(), view.threshold,
                             view.class_threshold};
  order_ = query_images(items, context, filter_, sort_);
  queue_ = review_queue(items, batch.detection_categories(), batch.classification_categories(), qt, view.threshold);
  queue_thresholds_ = qt;
  queue_position_.assign(images.size(), -1);
  for (std::size_t i = 0; i < queue_.size(); ++i) queue_position_[queue_[i].index] = static_cast<int>(i);
  if (needs_look_) {
    // The queue's order (most uncertain first), of the images the other filters let through.
    std::vector<char> passes(images.size(), 0);
    for (auto i : order_) passes[i] = 1;
    std::vector<std::uint32_t> queued;
    queued.reserve(queue_.size());
    for (const QueueEntry& e : queue_)
      if (passes[e.index]) queued.push_back(e.index);
    order_ = std::move(queued);
  }
  query_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  revision_ = batch.revision();
  threshold_ = view.threshold;
  class_threshold_ = view.class_threshold;
  queue_thresholds_used_ = qt;
  needs_look_used_ = needs_look_;
  queue_moved_ = true;  // positions moved: the walk's place is looked up again
  filter_used_ = filter_;
  sort_used_ = sort_;
  image_count_ = images.size();
  if (images.empty()) thumbnails_.clear();
}

void GalleryPanel::track_queue_position(int selected) {
  if (selected == tracked_selection_ && !queue_moved_) return;
  tracked_selection_ = selected;
  queue_moved_ = false;
  // An image that left the queue (it was just reviewed) keeps the walk where it was.
  if (selected >= 0 && static_cast<std::size_t>(selected) < queue_position_.size() &&
      queue_position_[static_cast<std::size_t>(selected)] >= 0)
    queue_cursor_ = static_cast<std::size_t>(queue_position_[static_cast<std::size_t>(selected)]);
}

bool GalleryPanel::walk_queue(ViewerState& viewer, int step) {
  track_queue_position(viewer.selected);
  const std::optional<std::uint32_t> from =
      viewer.selected >= 0 ? std::optional<std::uint32_t>(static_cast<std::uint32_t>(viewer.selected)) : std::nullopt;
  const auto pos = queue_step(queue_, from, queue_cursor_, step);
  if (!pos) return false;
  const int image = static_cast<int>(queue_[*pos].index);
  if (viewer.selected != image) {
    viewer.selected = image;
    viewer.selected_detection = viewer.selection_image = -1;
  }
  queue_cursor_ = *pos;
  tracked_selection_ = image;
  return true;
}

void GalleryPanel::draw_queue_bar(std::map<std::string, std::array<float, 4>>& rects) {
  const bool on = needs_look_;
  if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  const std::string label = "Needs a look (" + std::to_string(queue_.size()) + ")";
  if (ImGui::Button(label.c_str())) needs_look_ = !needs_look_;
  if (on) ImGui::PopStyleColor();
  record_item_rect(rects, "button:Needs a look");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Images to validate, most uncertain first: the best box between the detector's\n"
                      "conservative (%.2f) and typical (%.2f) thresholds, or a species below %.2f.\n"
                      "An image leaves once reviewed.",
                      queue_thresholds_.conservative, queue_thresholds_.typical, queue_thresholds_.classification);
  }
  ImGui::SameLine();
  ImGui::TextDisabled(on ? "most uncertain first · N / Shift+N: next / previous" : "N / Shift+N: next / previous uncertain image");
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
  if (filter_.active() || needs_look_) {
    ImGui::Text("%zu of %zu", order_.size(), batch.images().size());
    ImGui::SameLine();
    if (ImGui::SmallButton("Reset")) {
      filter_ = {};
      text_[0] = '\0';
      needs_look_ = false;
    }
    record_item_rect(rects, "button:Reset filter");
  } else {
    ImGui::TextDisabled("%zu images", order_.size());
  }
}

void GalleryPanel::draw(const BatchController& batch, ViewerState& viewer, const ViewSettings& view,
                        std::map<std::string, std::array<float, 4>>& rects) {
  draw_filter_bar(batch, rects);
  if (!batch.images().empty()) draw_queue_bar(rects);
  update(batch, view);  // the filter bar may have changed it
  track_queue_position(viewer.selected);
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
  const bool clip = img.clip || img.record.frame_rate.has_value();
  if (img.status == ImageStatus::Failed) {
    chip(dl, at, kFailedChip, "failed");
  } else if (img.status != ImageStatus::Done && img.frames && img.frames->started()) {
    chip(dl, at, kEmptyChip, "frames " + std::to_string(img.frames->frames_done()) + "/" +
                                 std::to_string(img.frames->frames_total()));
  } else if (img.status != ImageStatus::Done) {
    chip(dl, at, kEmptyChip, status_word(img.status));
  } else if (d.empty) {
    chip(dl, at, kEmptyChip, "empty");
  } else {
    static constexpr CategoryKind kKinds[] = {CategoryKind::Animal, CategoryKind::Person, CategoryKind::Vehicle,
                                              CategoryKind::Other};
    for (CategoryKind k : kKinds) {
      const int n = d.counts.of(k);
      // A clip's boxes are spread over its frames: its chip shows the best confidence instead.
      if (n > 0 && clip) {
        char text[48];
        std::snprintf(text, sizeof text, "%s %.2f", to_string(k), best_conf_of(img.record, kinds, k, view.threshold));
        at.y += chip(dl, at, category_colour(k), text) + 2;
      } else if (n > 0) at.y += chip(dl, at, category_colour(k), std::to_string(n) + " " + to_string(k)) + 2;
      else if (d.tagged == k) at.y += chip(dl, at, category_colour(k), std::string(to_string(k)) + " (tag)") + 2;
    }
  }
  if (d.reviewed) {
    const float r = ImGui::GetFontSize() * 0.55f;
    tick_disc(dl, ImVec2(tb.x - r - 2, ta.y + r + 2), r, d.corrected ? kCorrectedDisc : kReviewedDisc);
  }
  // The image's species, at the bottom of the picture (cut at its edge).
  std::optional<SpeciesCall> species;
  if (img.status == ImageStatus::Done)
    species = image_species(img.record, batch.classification_categories(), view.threshold, view.class_threshold);
  if (species) {
    // The name, with its confidence where it fits; a name too long for the cell is cut with "…"
    // (a reviewer's mark is kept).
    std::string suffix;
    if (species->reviewed) suffix = " ✎";
    else if (species->conf && !species->unknown) {
      char conf[16];
      std::snprintf(conf, sizeof conf, " %.2f", *species->conf);
      suffix = conf;
    }
    const float room = (tb.x - ta.x) - 4 - 6;  // the chip's margin and padding
    std::string text = species->name + suffix;
    if (ImGui::CalcTextSize(text.c_str()).x > room) {
      const std::string keep = species->reviewed ? suffix : "";
      std::string name = species->name;
      if (ImGui::CalcTextSize((name + keep).c_str()).x <= room) {
        text = name + keep;
      } else {
        while (!name.empty() && ImGui::CalcTextSize((name + "…" + keep).c_str()).x > room) {
          std::size_t cut = name.size() - 1;
          while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
          name.resize(cut);
          while (!name.empty() && name.back() == ' ') name.pop_back();
        }
        text = name + "…" + keep;
      }
    }
    const float h = ImGui::GetTextLineHeight() + 2;
    dl->PushClipRect(ta, tb, true);
    chip(dl, ImVec2(ta.x + 2, tb.y - h - 2), species->unknown ? kEmptyChip : kSpeciesChip, text);
    dl->PopClipRect();
  }
  // A clip: a "video" chip in the picture's bottom-right corner.
  if (clip) {
    const ImVec2 vs = ImGui::CalcTextSize("video");
    chip(dl, ImVec2(tb.x - vs.x - 8, tb.y - vs.y - 4), kVideoChip, "video");
  }
  // In the "needs a look" queue: an amber disc with a question mark (queued images are not
  // reviewed, so it never meets the review tick).
  const int queued = index < queue_position_.size() ? queue_position_[index] : -1;
  if (queued >= 0) {
    const float r = ImGui::GetFontSize() * 0.55f;
    const ImVec2 centre(tb.x - r - 2, ta.y + r + 2);
    dl->AddCircleFilled(centre, r, kQueueDisc);
    const ImVec2 qs = ImGui::CalcTextSize("?");
    dl->AddText(ImVec2(centre.x - qs.x * 0.5f, centre.y - qs.y * 0.5f), IM_COL32(0, 0, 0, 255), "?");
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
      if (species) {
        char sp[160];
        if (species->reviewed) std::snprintf(sp, sizeof sp, "\nspecies %s (named by a reviewer)", species->name.c_str());
        else if (species->unknown) std::snprintf(sp, sizeof sp, "\nspecies unknown: best class %.2f, below %.2f", species->conf.value_or(0), view.class_threshold);
        else std::snprintf(sp, sizeof sp, "\nspecies %s %.2f", species->name.c_str(), species->conf.value_or(0));
        tip += sp;
      }
      if (d.corrected) tip += "\ncorrected by a reviewer";
      else if (d.reviewed) tip += "\nreviewed";
      if (queued >= 0) tip += "\nneeds a look (" + std::to_string(queued + 1) + " of " + std::to_string(queue_.size()) + ")";
    }
    ImGui::SetTooltip("%s", tip.c_str());
  }
}

}  // namespace wl::app
