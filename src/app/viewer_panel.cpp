#include "app/viewer_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "app/app.h"
#include "app/clip_timeline.h"
#include "app/detection_labels.h"
#include "core/results/image_digest.h"

namespace wl::app {

namespace {

constexpr ImU32 kRejectedColour = IM_COL32(255, 85, 85, 255);
constexpr ImU32 kSelectedColour = IM_COL32(255, 255, 255, 255);

ImU32 with_alpha(ImU32 colour, unsigned alpha) { return (colour & 0x00FFFFFFu) | (alpha << 24); }

// ImGui has no dashed lines: short segments along each side.
void dashed_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 colour, float thickness, float dash) {
  const auto line = [&](ImVec2 p, ImVec2 q) {
    const float len = std::hypot(q.x - p.x, q.y - p.y);
    if (len <= 0) return;
    const ImVec2 d((q.x - p.x) / len, (q.y - p.y) / len);
    for (float s = 0; s < len; s += dash * 2) {
      const float e = std::min(len, s + dash);
      dl->AddLine(ImVec2(p.x + d.x * s, p.y + d.y * s), ImVec2(p.x + d.x * e, p.y + d.y * e), colour, thickness);
    }
  };
  line(a, ImVec2(b.x, a.y));
  line(ImVec2(b.x, a.y), b);
  line(b, ImVec2(a.x, b.y));
  line(ImVec2(a.x, b.y), a);
}

// A tick in a disc at the box's top-right corner: a person vouched for or corrected this box.
void review_mark(ImDrawList* dl, ImVec2 corner, float size, ImU32 disc) {
  const ImVec2 c(corner.x - size * 0.5f, corner.y + size * 0.5f);
  dl->AddCircleFilled(c, size * 0.5f, disc);
  const ImVec2 pts[3] = {ImVec2(c.x - size * 0.25f, c.y), ImVec2(c.x - size * 0.05f, c.y + size * 0.2f),
                         ImVec2(c.x + size * 0.27f, c.y - size * 0.2f)};
  dl->AddPolyline(pts, 3, IM_COL32(0, 0, 0, 255), 0, std::max(1.5f, size / 8));
}

bool image_reviewable(const BatchController& batch, int index) {
  return index >= 0 && index < static_cast<int>(batch.images().size()) &&
         batch.images()[static_cast<std::size_t>(index)].status == ImageStatus::Done;
}

void select_image(ViewerState& viewer, int index) {
  if (index == viewer.selected) return;
  viewer.selected = index;
  viewer.selected_detection = -1;
  viewer.selection_image = -1;
}

void select_detection(ViewerState& viewer, int detection) {
  viewer.selected_detection = detection;
  viewer.selection_image = detection >= 0 ? viewer.selected : -1;
}

void relabel_selected(ReviewContext r, const ViewerState& viewer, const std::string& category) {
  const int det = selected_detection(viewer);
  if (det < 0) return;
  r.history.set_detection(r.batch, static_cast<std::size_t>(viewer.selected), static_cast<std::size_t>(det),
                          {ReviewState::Relabelled, category});
}

std::string capture_line(const ImageRecord& record) {
  std::string line;
  if (!record.exif.datetime.empty()) {
    std::string when = record.exif.datetime;
    std::replace(when.begin(), when.end(), 'T', ' ');
    line = "Taken " + when;
  } else {
    line = "No capture time in the file";
  }
  std::string camera = record.exif.make;
  if (!record.exif.model.empty()) camera += (camera.empty() ? "" : " ") + record.exif.model;
  if (!camera.empty()) line += "  ·  Camera: " + camera;
  return line;
}

// Why the image shown is in the "needs a look" queue, and where it is in it.
void draw_queue_line(const ReviewContext& r, int image) {
  const int pos = r.queue.position(image);
  if (pos < 0) {
    if (!r.queue.entries.empty()) ImGui::TextDisabled("Needs a look: %zu image(s) (N: next)", r.queue.entries.size());
    return;
  }
  const QueueEntry& e = r.queue.entries[static_cast<std::size_t>(pos)];
  std::string why;
  char part[96];
  if (e.reasons & kQueueDetection) {
    std::snprintf(part, sizeof part, "best confidence %.2f, between %.2f and %.2f", e.best_conf, r.queue.thresholds.conservative,
                  r.queue.thresholds.typical);
    why = part;
  }
  if ((e.reasons & kQueueSpecies) && e.species_conf) {
    std::snprintf(part, sizeof part, "species %.2f, below %.2f", *e.species_conf, r.queue.thresholds.classification);
    why += (why.empty() ? "" : " · ") + std::string(part);
  }
  ImGui::TextColored(ImVec4(1.0f, 0.78f, 0.35f, 1), "Needs a look (%d of %zu): %s", pos + 1, r.queue.entries.size(), why.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("N / Shift+N: next / previous");
}

// The reviewer's line under the image name: what is selected and the buttons that act on it.
void draw_review_bar(ReviewContext r, ViewerState& viewer, std::map<std::string, std::array<float, 4>>& rects) {
  const auto image = static_cast<std::size_t>(viewer.selected);
  const ImageRecord& record = r.batch.images()[image].record;
  const CategoryNames& names = r.batch.detection_categories();
  const int det = selected_detection(viewer);
  if (det >= 0 && det < static_cast<int>(record.detections.size())) {
    const DetectionRecord& d = record.detections[static_cast<std::size_t>(det)];
    ImGui::AlignTextToFramePadding();
    // Numbered among the boxes drawn, which is what Tab walks through.
    const auto& drawn = viewer.drawn_boxes;
    const auto at = std::find(drawn.begin(), drawn.end(), det);
    ImGui::Text("Box %d of %zu: %s%s", at == drawn.end() ? det + 1 : static_cast<int>(at - drawn.begin()) + 1, drawn.size(),
                detection_label(d, names, r.batch.classification_categories(), r.view.class_threshold).c_str(),
                d.review.state == ReviewState::Rejected ? "  (rejected)" : "");
    ImGui::SameLine();
    if (ImGui::Button("Accept (A)")) r.history.set_detection(r.batch, image, static_cast<std::size_t>(det), {ReviewState::Accepted, ""});
    record_item_rect(rects, "button:Accept");
    ImGui::SameLine();
    if (ImGui::Button("Reject (X)")) r.history.set_detection(r.batch, image, static_cast<std::size_t>(det), {ReviewState::Rejected, ""});
    record_item_rect(rects, "button:Reject");
    ImGui::SameLine();
    // Any category of the run, for models whose classes are not MegaDetector's three.
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    const bool open = ImGui::BeginCombo("##relabel", ("Relabel: " + category_name(names, d.effective_category())).c_str());
    record_item_rect(rects, "combo:Relabel");
    if (open) {
      for (const auto& [id, name] : names) {
        if (ImGui::Selectable(name.c_str(), id == d.effective_category())) relabel_selected(r, viewer, id);
        record_item_rect(rects, "item:Relabel:" + name);
      }
      ImGui::EndCombo();
    }
  } else {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Click a box or press Tab to review it.");
  }
  const ImageDigest digest = digest_image(record, KindTable(names), r.view.threshold);
  if (digest.counts.total() == 0) {
    // Nothing shown: the reviewer may say what the image does show.
    ImGui::SameLine();
    ImGui::TextUnformatted("Tag image:");
    static constexpr CategoryKind kKinds[] = {CategoryKind::Animal, CategoryKind::Person, CategoryKind::Vehicle};
    static constexpr const char* kLabels[] = {"Animal (1)", "Person (2)", "Vehicle (3)"};
    for (int k = 0; k < 3; ++k) {
      ImGui::SameLine();
      const bool tagged = digest.tagged == kKinds[k];
      if (tagged) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      if (ImGui::Button(kLabels[k])) r.history.tag_image(r.batch, image, kKinds[k]);
      if (tagged) ImGui::PopStyleColor();
      record_item_rect(rects, std::string("button:Tag ") + to_string(kKinds[k]));
    }
  }
  ImGui::SameLine();
  if (ImGui::Button("Empty (E)")) r.history.mark_empty(r.batch, image);
  record_item_rect(rects, "button:Mark empty");
  if (r.history.size() > 0) {
    ImGui::SameLine();
    if (ImGui::Button("Undo (Ctrl+Z)")) {
      if (auto touched = r.history.undo(r.batch)) select_image(viewer, static_cast<int>(*touched));
    }
  }
  if (det >= 0 && det < static_cast<int>(record.detections.size())) {
    const auto d = static_cast<std::size_t>(det);
    const PickerChoice choice = viewer.picker.draw(viewer.selected, det, record.detections[d],
                                                   r.batch.classification_categories(), r.view.class_threshold, rects);
    switch (choice.kind) {
      case PickerChoice::Pick: r.history.set_species(r.batch, image, d, choice.value); break;
      case PickerChoice::New: r.history.name_species(r.batch, image, d, choice.value); break;
      case PickerChoice::Clear: r.history.set_species(r.batch, image, d, ""); break;
      case PickerChoice::None: break;
    }
  }
  draw_queue_line(r, viewer.selected);
}

}  // namespace

int selected_detection(const ViewerState& viewer) {
  return viewer.selection_image == viewer.selected && viewer.selected >= 0 ? viewer.selected_detection : -1;
}

void handle_viewer_keys(ReviewContext r, ViewerState& viewer, std::span<const std::uint32_t> order) {
  const ImGuiIO& io = ImGui::GetIO();
  const int n = static_cast<int>(r.batch.images().size());
  if (io.WantTextInput || n == 0) return;

  // Previous / next in the order shown: the gallery's (filtered, sorted) or every image.
  const bool next = ImGui::IsKeyPressed(ImGuiKey_RightArrow) || ImGui::IsKeyPressed(ImGuiKey_J);
  const bool prev = ImGui::IsKeyPressed(ImGuiKey_LeftArrow) || ImGui::IsKeyPressed(ImGuiKey_K);
  if ((next || prev) && !io.KeyCtrl) {
    if (order.empty() && viewer.selected < 0 && n > 0 && next) {
      select_image(viewer, 0);
    } else if (order.empty()) {
      select_image(viewer, std::clamp(viewer.selected + (next ? 1 : -1), 0, n - 1));
    } else {
      const auto at = std::find(order.begin(), order.end(), static_cast<std::uint32_t>(std::max(0, viewer.selected)));
      std::ptrdiff_t pos = at == order.end() ? -1 : at - order.begin();
      pos = std::clamp<std::ptrdiff_t>(pos + (next ? 1 : -1), 0, static_cast<std::ptrdiff_t>(order.size()) - 1);
      if (viewer.selected < 0 || at == order.end()) pos = next ? 0 : static_cast<std::ptrdiff_t>(order.size()) - 1;
      select_image(viewer, static_cast<int>(order[static_cast<std::size_t>(pos)]));
    }
  }
  if (ImGui::IsKeyPressed(ImGuiKey_L, false) && !io.KeyCtrl) viewer.show_labels = !viewer.show_labels;
  // A clip: , and . step through its analysed frames, [ and ] jump to frames with detections.
  if (viewer.selected >= 0 && viewer.selected < n && viewer.frame >= 0) {
    const ImageRecord& rec = r.batch.images()[static_cast<std::size_t>(viewer.selected)].record;
    const double t = r.view.threshold;
    if (ImGui::IsKeyPressed(ImGuiKey_Period)) viewer.frame = clip_step(rec, viewer.frame, +1, false, t);
    if (ImGui::IsKeyPressed(ImGuiKey_Comma)) viewer.frame = clip_step(rec, viewer.frame, -1, false, t);
    if (ImGui::IsKeyPressed(ImGuiKey_RightBracket)) viewer.frame = clip_step(rec, viewer.frame, +1, true, t);
    if (ImGui::IsKeyPressed(ImGuiKey_LeftBracket)) viewer.frame = clip_step(rec, viewer.frame, -1, true, t);
  }
  if (ImGui::IsKeyPressed(ImGuiKey_0, false) && !io.KeyCtrl) { viewer.zoom = 1; viewer.pan_x = viewer.pan_y = 0; }
  if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
    if (selected_detection(viewer) >= 0) select_detection(viewer, -1);
    else viewer.large = false;
  }
  // Enter opens the image large, unless ImGui's own keyboard navigation is showing (then
  // Enter belongs to the widget it highlights).
  if ((ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false)) && !io.NavVisible &&
      viewer.selected >= 0) {
    viewer.large = !viewer.large;
  }

  if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_Z, false)) {
    if (auto touched = r.history.undo(r.batch)) select_image(viewer, static_cast<int>(*touched));
    return;
  }
  if (io.KeyCtrl || io.KeyAlt || !image_reviewable(r.batch, viewer.selected)) return;
  const auto image = static_cast<std::size_t>(viewer.selected);
  if (ImGui::IsKeyPressed(ImGuiKey_Tab) && !viewer.drawn_boxes.empty()) {
    const auto& drawn = viewer.drawn_boxes;
    const auto at = std::find(drawn.begin(), drawn.end(), selected_detection(viewer));
    const int count = static_cast<int>(drawn.size());
    int pos = at == drawn.end() ? (io.KeyShift ? 0 : -1) : static_cast<int>(at - drawn.begin());
    pos = (pos + (io.KeyShift ? -1 : 1) + count) % count;
    select_detection(viewer, drawn[static_cast<std::size_t>(pos)]);
  }
  const int det = selected_detection(viewer);
  if (ImGui::IsKeyPressed(ImGuiKey_A, false)) {
    if (det >= 0) r.history.set_detection(r.batch, image, static_cast<std::size_t>(det), {ReviewState::Accepted, ""});
    else r.history.accept_shown(r.batch, image, r.view.threshold);
  }
  if ((ImGui::IsKeyPressed(ImGuiKey_X, false) || ImGui::IsKeyPressed(ImGuiKey_Delete, false)) && det >= 0)
    r.history.set_detection(r.batch, image, static_cast<std::size_t>(det), {ReviewState::Rejected, ""});
  if (ImGui::IsKeyPressed(ImGuiKey_E, false)) r.history.mark_empty(r.batch, image);
  if (ImGui::IsKeyPressed(ImGuiKey_R, false) && det >= 0) viewer.picker.request_open();
  static constexpr ImGuiKey kDigits[3][2] = {{ImGuiKey_1, ImGuiKey_Keypad1}, {ImGuiKey_2, ImGuiKey_Keypad2},
                                             {ImGuiKey_3, ImGuiKey_Keypad3}};
  static constexpr CategoryKind kKinds[] = {CategoryKind::Animal, CategoryKind::Person, CategoryKind::Vehicle};
  for (int k = 0; k < 3; ++k) {
    if (!ImGui::IsKeyPressed(kDigits[k][0], false) && !ImGui::IsKeyPressed(kDigits[k][1], false)) continue;
    if (det >= 0) {
      if (auto id = category_for_kind(r.batch.detection_categories(), kKinds[k])) relabel_selected(r, viewer, *id);
    } else if (viewer.visible_boxes == 0) {
      r.history.tag_image(r.batch, image, kKinds[k]);
    }
  }
}

void draw_viewer(ReviewContext r, ViewerState& viewer, TextureSource& textures,
                 std::map<std::string, std::array<float, 4>>& rects) {
  const BatchController& batch = r.batch;
  const auto& images = batch.images();
  viewer.visible_boxes = 0;
  if (viewer.selected < 0 || viewer.selected >= static_cast<int>(images.size())) {
    ImGui::TextDisabled("Select an image to see it here (←/→ to move through the list).");
    viewer.drawn_boxes.clear();
    return;
  }
  const BatchImage& img = images[static_cast<std::size_t>(viewer.selected)];
  if (!img.has_file()) {
    // Results restored or imported without the image itself: there is nothing to draw them on.
    if (viewer.texture) textures.release_texture(*viewer.texture);
    if (viewer.texture_job) textures.cancel_texture(viewer.texture_job);
    viewer.texture.reset();
    viewer.texture_job = 0;
    viewer.shown_file = 0;
    viewer.drawn_boxes.clear();
    ImGui::Text("%s", img.file.path.c_str());
    ImGui::TextDisabled("This image is not in the page: add its folder (or the file) again to see it. %s",
                        img.status == ImageStatus::Done || img.status == ImageStatus::Failed ? "Its results are kept."
                                                                                             : "");
    return;
  }
  const bool clip = img.clip || img.record.frame_rate.has_value();
  const bool other_image = viewer.shown_file != img.file.id;
  if (other_image) viewer.frame = clip ? clip_first_frame(img.record, r.view.threshold) : -1;
  if (other_image || viewer.shown_frame != viewer.frame) {
    if (viewer.texture) textures.release_texture(*viewer.texture);
    if (viewer.texture_job) textures.cancel_texture(viewer.texture_job);
    viewer.texture.reset();
    viewer.texture_error.clear();
    viewer.shown_file = img.file.id;
    viewer.shown_frame = viewer.frame;
    viewer.texture_job = textures.request_texture(img.file.id, 2048, viewer.frame);
    if (other_image) {
      viewer.zoom = 1;
      viewer.pan_x = viewer.pan_y = 0;
    }
    viewer.drawn_boxes.clear();  // the boxes of another image or frame
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
  if (img.status == ImageStatus::Done || img.status == ImageStatus::Failed) ImGui::TextDisabled("%s", capture_line(img.record).c_str());
  if (!img.record.warning.empty()) ImGui::TextColored(ImVec4(1, 0.8f, 0.4f, 1), "%s", img.record.warning.c_str());
  if (img.status == ImageStatus::Failed) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", img.failure_text().c_str());
  if (img.status == ImageStatus::Done) draw_review_bar(r, viewer, rects);
  if (clip) viewer.frame = draw_clip_timeline(img.record, viewer.frame, r.view.threshold, batch.detection_categories(), rects);
  if (!viewer.texture) {
    ImGui::TextDisabled("%s", viewer.texture_error.empty() ? "Loading…" : viewer.texture_error.c_str());
    viewer.drawn_boxes.clear();
    return;
  }
  const Texture& tex = *viewer.texture;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x < 1 || avail.y < 1) return;
  const float fit = std::min(avail.x / static_cast<float>(tex.width), avail.y / static_cast<float>(tex.height));
  const float scale = fit * viewer.zoom;
  const ImVec2 size(static_cast<float>(tex.width) * scale, static_cast<float>(tex.height) * scale);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##canvas", avail);
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  // The box tooltip waits for the pointer to rest, as ImGui's tooltips do.
  const bool tooltip_hover = ImGui::IsItemHovered(ImGuiHoveredFlags_ForTooltip);
  if (ImGui::IsItemHovered()) {
    const float wheel = ImGui::GetIO().MouseWheel;
    if (wheel != 0) viewer.zoom = std::clamp(viewer.zoom * (wheel > 0 ? 1.15f : 1 / 1.15f), 1.0f, 16.0f);
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
      viewer.pan_x += ImGui::GetIO().MouseDelta.x;
      viewer.pan_y += ImGui::GetIO().MouseDelta.y;
    }
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) viewer.large = !viewer.large;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(origin, ImVec2(origin.x + avail.x, origin.y + avail.y), true);
  const ImVec2 p0(origin.x + (avail.x - size.x) * 0.5f + viewer.pan_x, origin.y + (avail.y - size.y) * 0.5f + viewer.pan_y);
  dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(tex.gl_id)), p0, ImVec2(p0.x + size.x, p0.y + size.y));
  // The review bar above read last frame's list (Tab order); it is rebuilt as boxes are drawn.
  viewer.drawn_boxes.clear();
  if (img.status == ImageStatus::Done) {
    // Boxes are normalised to the upright image, which the texture shows at another scale.
    const float thickness = std::max(1.0f, ImGui::GetFontSize() / 8);
    const CategoryNames& names = batch.detection_categories();
    const ImVec2 mouse = ImGui::GetMousePos();
    const int selected = selected_detection(viewer);
    int hit = -1;
    float hit_area = 0;
    const auto& dets = img.record.detections;
    // An image queued for its detector's grey zone shows the boxes in it (faint, labelled), so
    // the reviewer can accept or reject what the detector half saw.
    const int queued = r.queue.position(viewer.selected);
    const bool zone_queued = queued >= 0 && (r.queue.entries[static_cast<std::size_t>(queued)].reasons & kQueueDetection);
    for (std::size_t i = 0; i < dets.size(); ++i) {
      const DetectionRecord& d = dets[i];
      if (clip && d.frame_number != viewer.frame) continue;  // another frame's box
      const bool rejected = d.review.state == ReviewState::Rejected;
      const bool below = rejected ? d.conf.value_or(1.0) < r.view.threshold : !detection_visible(d, r.view.threshold);
      const bool in_zone = zone_queued && below && !rejected && d.conf && *d.conf >= r.queue.thresholds.conservative;
      if (below && !viewer.show_below_threshold && !in_zone) continue;
      const ImVec2 a(p0.x + static_cast<float>(d.bbox.x) * size.x, p0.y + static_cast<float>(d.bbox.y) * size.y);
      const ImVec2 b(a.x + static_cast<float>(d.bbox.w) * size.x, a.y + static_cast<float>(d.bbox.h) * size.y);
      const int index = static_cast<int>(i);
      viewer.drawn_boxes.push_back(index);
      rects["box:" + std::to_string(i)] = {a.x, a.y, b.x - a.x, b.y - a.y};
      if (mouse.x >= a.x && mouse.x <= b.x && mouse.y >= a.y && mouse.y <= b.y) {
        const float area = (b.x - a.x) * (b.y - a.y);
        if (hit < 0 || area < hit_area) { hit = index; hit_area = area; }  // the innermost box wins
      }
      if (index == selected)
        dl->AddRect(ImVec2(a.x - thickness * 2, a.y - thickness * 2), ImVec2(b.x + thickness * 2, b.y + thickness * 2),
                    kSelectedColour, 0, 0, thickness * 1.5f);
      if (rejected) {
        // Kept on screen, dashed, so a wrong rejection can be seen and undone.
        dashed_rect(dl, a, b, kRejectedColour, thickness * 1.5f, thickness * 4);
        if (viewer.show_labels) {
          const ImVec2 ts = ImGui::CalcTextSize("rejected");
          dl->AddRectFilled(ImVec2(a.x, a.y - ts.y - 2), ImVec2(a.x + ts.x + 6, a.y), kRejectedColour);
          dl->AddText(ImVec2(a.x + 3, a.y - ts.y - 1), IM_COL32(0, 0, 0, 255), "rejected");
        }
        continue;
      }
      ImU32 colour = category_colour(category_kind(names, d.effective_category()));
      if (below) colour = with_alpha(colour, 0x60);
      dl->AddRect(a, b, colour, 0, 0, thickness);
      if (!below) ++viewer.visible_boxes;
      if (d.review.state == ReviewState::Accepted || d.review.state == ReviewState::Relabelled)
        review_mark(dl, ImVec2(b.x, a.y), ImGui::GetFontSize(), colour);
      if (viewer.show_labels && (!below || in_zone)) {
        const std::string label = detection_label(d, names, batch.classification_categories(), r.view.class_threshold);
        const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
        // Kept inside the viewer: a label that would run off its right edge moves left.
        const float lx = std::max(origin.x, std::min(a.x, origin.x + avail.x - ts.x - 6));
        dl->AddRectFilled(ImVec2(lx, a.y - ts.y - 2), ImVec2(lx + ts.x + 6, a.y), with_alpha(colour, 0xFF));
        dl->AddText(ImVec2(lx + 3, a.y - ts.y - 1), IM_COL32(0, 0, 0, 255), label.c_str());
      }
    }
    if (clicked) select_detection(viewer, hit);
    // The box under the pointer: what it is, and the classifier's top 3.
    if (tooltip_hover && hit >= 0 && !ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
      const DetectionRecord& d = dets[static_cast<std::size_t>(hit)];
      const std::string top = species_top3(d, batch.classification_categories(), r.view.class_threshold);
      const std::string head = detection_label(d, names, batch.classification_categories(), r.view.class_threshold);
      ImGui::SetTooltip("%s", (top.empty() ? head : head + "\n" + top).c_str());
    }
  }
  dl->PopClipRect();
}

}  // namespace wl::app
