#include "app/app.h"

#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "app/panels.h"
#include "app/session_panels.h"
#include "core/results/cct_writer.h"
#include "core/results/csv_writer.h"
#include "core/results/md_json_writer.h"
#include "core/version.h"

namespace wl::app {

namespace {
enum ExportKind { kExportMdJson, kExportCsv, kExportCoco };
}

App::App(PlatformInfo platform, FileSource& files, TextureSource& textures, HostActions& host, storage::Storage& storage)
    : platform_(std::move(platform)),
      files_(files),
      textures_(textures),
      host_(host),
      batch_(files, host),
      gallery_(textures),
      storage_(storage),
      sync_(storage, batch_, host) {
  batch_.set_model_limits(model_limits());
  prefs_ = read_preferences(storage_.read_preferences());
  prefs_text_ = write_preferences(prefs_);
  apply_preferences(prefs_);
}

ModelLimits App::model_limits() const {
  ModelLimits limits;
  limits.device_memory_bytes = static_cast<std::uint64_t>(platform_.backends.device_memory_gb * 1e9);
  return limits;
}

void record_item_rect(WidgetRects& rects, const std::string& name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  rects[name] = {a.x, a.y, b.x - a.x, b.y - a.y};
}

void App::draw_frame() {
  widget_rects_.clear();
  step();
  // Kept current every frame, shown or not: the arrow keys follow the gallery's order and the
  // automation API publishes both. Each recomputes only when the batch or the view changed.
  gallery_.update(batch_, view_);
  summary_.update(batch_, view_);
  handle_shortcuts();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float menu_height = ImGui::GetFrameHeight();
  const float status_height = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y;
  draw_menu_bar();
  draw_workspace(vp->Pos.y + menu_height, vp->Pos.y + vp->Size.y - status_height);
  draw_status_bar(status_height);

  if (ui_.show_about) draw_about_panel(platform_, &ui_.show_about);
  if (ui_.show_backends) {
    draw_backends_panel(platform_.backends, &ui_.provider,
                        batch_.session_info() ? batch_.session_info()->provider : std::string(), &ui_.show_backends);
  }
  if (ui_.show_shortcuts) draw_shortcuts_panel();
  draw_url_window();
  draw_zoo_windows();
  if (ui_.show_imgui_metrics) ImGui::ShowMetricsWindow(&ui_.show_imgui_metrics);
  if (const SessionSync::Offer* offer = sync_.offer()) {
    switch (draw_resume_offer(*offer, widget_rects_)) {
      case OfferChoice::Resume: sync_.resume(); break;
      case OfferChoice::Discard: sync_.discard(); break;
      case OfferChoice::None: break;
    }
  }
  save_preferences();
}

void App::handle_shortcuts() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  if (ImGui::IsKeyPressed(ImGuiKey_F1, false)) ui_.show_about = !ui_.show_about;
  if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_B, false)) ui_.show_backends = !ui_.show_backends;
  if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_O, false)) host_.open_file_picker(false);
  if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_E, false)) export_to_download(kExportMdJson);
  if (!io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_Space, false)) {
    switch (batch_.run_state()) {
      case RunState::Running: batch_.pause(); break;
      case RunState::Paused: batch_.resume(); break;
      default: batch_.start(); break;
    }
  }
  if (ImGui::IsKeyPressed(ImGuiKey_Slash, false) && io.KeyShift) ui_.show_shortcuts = !ui_.show_shortcuts;
  if (!io.KeyCtrl && !io.KeyAlt) {
    if (ImGui::IsKeyPressed(ImGuiKey_G, false)) requested_tab_ = LeftTab::Gallery;
    if (ImGui::IsKeyPressed(ImGuiKey_T, false)) requested_tab_ = LeftTab::List;
    if (ImGui::IsKeyPressed(ImGuiKey_S, false)) requested_tab_ = LeftTab::Summary;
    if (ImGui::IsKeyPressed(ImGuiKey_N, false)) gallery_.walk_queue(viewer_, io.KeyShift ? -1 : 1);  // "needs a look"
  }
  // In the gallery, previous / next follow its filtered, sorted order.
  static const std::vector<std::uint32_t> kEveryImage;
  handle_viewer_keys({batch_, review_, view_}, viewer_, left_tab_ == LeftTab::Gallery ? gallery_.order() : kEveryImage);
}

void App::draw_menu_bar() {
  if (!ImGui::BeginMainMenuBar()) return;
  const bool file_open = ImGui::BeginMenu("File");
  record_item_rect(widget_rects_, "menu:File");
  if (file_open) {
    if (ImGui::MenuItem("Add images…", "Ctrl+O")) host_.open_file_picker(false);
    if (ImGui::MenuItem("Add folder…")) host_.open_file_picker(true);
    ImGui::Separator();
    if (ImGui::MenuItem("Import MegaDetector results…")) host_.open_results_picker();
    record_item_rect(widget_rects_, "item:Import MegaDetector results…");
    ImGui::EndMenu();
  }
  draw_model_menu();
  draw_export_menu();
  const bool view_open = ImGui::BeginMenu("View");
  record_item_rect(widget_rects_, "menu:View");
  if (view_open) {
    static constexpr std::pair<const char*, LeftTab> kTabs[] = {
        {"Gallery", LeftTab::Gallery}, {"List", LeftTab::List}, {"Summary", LeftTab::Summary}};
    static constexpr const char* kTabKeys[] = {"G", "T", "S"};
    for (int i = 0; i < 3; ++i) {
      if (ImGui::MenuItem(kTabs[i].first, kTabKeys[i], left_tab_ == kTabs[i].second)) requested_tab_ = kTabs[i].second;
      record_item_rect(widget_rects_, std::string("item:") + kTabs[i].first);
    }
    ImGui::MenuItem("Large viewer", "Enter / Esc", &viewer_.large, viewer_.selected >= 0);
    if (ImGui::MenuItem(("Needs a look (" + std::to_string(gallery_.queue().size()) + ")").c_str(), "N", gallery_.needs_look())) {
      gallery_.set_needs_look(!gallery_.needs_look());
      requested_tab_ = LeftTab::Gallery;
    }
    record_item_rect(widget_rects_, "item:Needs a look");
    ImGui::Separator();
    ImGui::MenuItem("Inference backends", "Ctrl+B", &ui_.show_backends);
    ImGui::MenuItem("UI metrics", nullptr, &ui_.show_imgui_metrics);
    ImGui::EndMenu();
  }
  const bool help_open = ImGui::BeginMenu("Help");
  record_item_rect(widget_rects_, "menu:Help");
  if (help_open) {
    ImGui::MenuItem("About CamTrap Studio", "F1", &ui_.show_about);
    record_item_rect(widget_rects_, "item:About CamTrap Studio");
    ImGui::MenuItem("Keyboard shortcuts", "?", &ui_.show_shortcuts);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

void App::draw_model_menu() {
  const bool open = ImGui::BeginMenu("Model");
  record_item_rect(widget_rects_, "menu:Model");
  if (!open) return;
  if (ImGui::MenuItem("Open model file (ONNX or package)…")) host_.open_model_picker();
  record_item_rect(widget_rects_, "item:Open model file (ONNX or package)…");
  if (ImGui::MenuItem("Open model from URL…", nullptr, false, !download_)) url_window_.show();
  record_item_rect(widget_rects_, "item:Open model from URL…");
  draw_classifier_menu();
  draw_video_menu();
  ImGui::Separator();
  if (!zoo_catalog_.version.empty()) ImGui::TextDisabled("Model zoo (SPARROW %s)", zoo_catalog_.version.c_str());
  draw_zoo_menu();
  ImGui::EndMenu();
}

void App::poll_model_download() {
  if (!download_) return;
  auto done = host_.poll_model(download_->job, &download_->progress);
  if (!done) return;
  if (download_->from_url) {
    if (!download_->abandoned) finish_url_download(std::move(*done));
  } else if (done->ok()) {
    batch_.load_model(done->value().bytes, download_->entry, download_->file_name, done->value().sha256, providers(),
                      download_->origin);
    remember_serial_ = batch_.model_serial();
  } else if (download_->kept) {
    notice_ = download_->file_name + " is not kept in this browser any more: choose it in the Model menu to process "
              "the images that are left.";
  } else {
    export_error_ = "Downloading " + download_->entry.name + " failed: " + done->error().message;
  }
  download_.reset();
}

void App::poll_local_model() {
  if (auto picked = host_.take_picked_model()) {
    if (!picked->ok()) {
      export_error_ = picked->error().message;
    } else if (auto offer = make_local_model_offer(std::move(picked->value()), model_limits())) {
      local_model_ = std::move(*offer);
      export_error_.clear();
    } else {
      export_error_ = "This model cannot be used: " + offer.error().message;
    }
  }
  if (!local_model_) return;
  bool open = true;
  if (draw_local_model_offer(*local_model_, &open, widget_rects_)) {
    // Kept in the browser so that an interrupted batch resumes without asking for the file. A
    // download from a URL is in the model cache already, under its address.
    const std::string& sha = local_model_->file.sha256;
    const std::string& url = local_model_->source_url;
    if (local_model_->inferred.entry.task == ModelTask::Classifier) {
      // The page keeps one local model file (the detector's, for resuming); a classifier from
      // disk is used for this visit, one from a URL stays in the model cache.
      const ModelOrigin origin = !url.empty() ? ModelOrigin{ModelSource::Url, url, ""} : ModelOrigin{ModelSource::Memory, "", ""};
      batch_.load_classifier(local_model_->file.bytes, local_model_->inferred.entry, local_model_->file.name, sha,
                             providers(), origin);
      remember_classifier_serial_ = batch_.classifier_serial();
      local_model_.reset();
      return;
    }
    if (!sha.empty() && url.empty()) host_.keep_model_file(local_model_->file.name, sha, local_model_->file.bytes);
    const ModelOrigin origin = !url.empty()   ? ModelOrigin{ModelSource::Url, url, ""}
                               : sha.empty() ? ModelOrigin{ModelSource::Memory, "", ""}
                                             : ModelOrigin{ModelSource::LocalFile, local_model_url(sha), ""};
    batch_.load_model(local_model_->file.bytes, local_model_->inferred.entry, local_model_->file.name, sha, providers(),
                      origin);
    remember_serial_ = batch_.model_serial();
    open = false;
  }
  if (!open) local_model_.reset();
}

void App::draw_export_menu() {
  const bool open = ImGui::BeginMenu("Export");
  record_item_rect(widget_rects_, "menu:Export");
  if (!open) return;
  const bool any = batch_.progress().done > 0;
  static constexpr const char* kItems[] = {"MegaDetector JSON (Timelapse)…", "CSV (one row per detection)…",
                                           "COCO Camera Traps JSON…"};
  for (int i = 0; i < 3; ++i) {
    const bool chosen = ImGui::MenuItem(kItems[i], i == 0 ? "Ctrl+E" : nullptr, false, any);
    record_item_rect(widget_rects_, std::string("item:") + kItems[i]);
    if (chosen) export_to_download(i);
  }
  ImGui::MenuItem("All candidates (ignore the thresholds)", nullptr, &export_all_candidates_);
  record_item_rect(widget_rects_, "item:All candidates");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(export_all_candidates_ ? "Exports hold every detection the run kept, down to its candidate threshold."
                                             : "Exports hold what the views show: detections at or above the threshold "
                                               "(%.2f), species at or above %.2f.",
                      view_.threshold, view_.class_threshold);
  ImGui::Separator();
  const int sel = viewer_.selected;
  const bool can_annotate = sel >= 0 && sel < static_cast<int>(batch_.images().size()) &&
                            batch_.images()[static_cast<std::size_t>(sel)].status == ImageStatus::Done && !annotated_.busy();
  const bool annotate = ImGui::MenuItem("Annotated image (this image)…", nullptr, false, can_annotate);
  record_item_rect(widget_rects_, "item:Annotated image (this image)…");
  if (annotate) export_annotated_image();
  // The folder the images came from (Chrome, Edge): the exports can go next to them.
  const std::string folder = host_.writable_folder_name();
  if (!folder.empty()) {
    ImGui::Separator();
    ImGui::TextDisabled("Save into the folder \"%s\":", folder.c_str());
    static constexpr const char* kFolderItems[] = {"Save MegaDetector JSON into the folder",
                                                   "Save CSV into the folder", "Save COCO Camera Traps into the folder"};
    for (int i = 0; i < 3; ++i) {
      const bool chosen = ImGui::MenuItem(kFolderItems[i], nullptr, false, any && !folder_save_);
      record_item_rect(widget_rects_, std::string("item:") + kFolderItems[i]);
      if (chosen) export_into_folder(i);
    }
  }
  ImGui::EndMenu();
}

// What every export writes: the detections the views show at the user's thresholds (the same
// "empty" as the Summary), or, with "All candidates", everything the run kept.
ExportOptions App::export_options() const {
  ExportOptions exp;
  // The sliders hold float32: 0.6f written as a double reads 0.6000000238418579 in the files.
  const auto as_written = [](float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.7g", static_cast<double>(v));
    return std::strtod(buf, nullptr);
  };
  if (!export_all_candidates_) {
    exp.min_conf = as_written(view_.threshold);
    exp.min_classification_conf = as_written(view_.class_threshold);
  }
  return exp;
}

Result<std::string> App::export_md_json(bool full_precision) const {
  MdJsonWriteOptions options;
  options.exp = export_options();
  options.exp.full_precision = full_precision;
  return write_md_json(batch_.build_results(), options);
}
std::string App::export_csv() const {
  CsvWriteOptions options;
  options.exp = export_options();
  return write_results_csv(batch_.build_results(), options);
}
Result<std::string> App::export_coco() const {
  CctWriteOptions options;
  options.exp = export_options();
  return write_coco_camera_traps(batch_.build_results(), options);
}

Result<std::string> App::export_text(int which, std::string* name, std::string* mime) const {
  switch (which) {
    case kExportMdJson: *name = "megadetector_results.json"; *mime = "application/json"; return export_md_json();
    case kExportCsv: *name = "detections.csv"; *mime = "text/csv"; return export_csv();
    default: *name = "coco_camera_traps.json"; *mime = "application/json"; return export_coco();
  }
}

void App::export_to_download(int which) {
  if (batch_.progress().done == 0) return;
  std::string name, mime;
  Result<std::string> text = export_text(which, &name, &mime);
  if (!text) { export_error_ = "Export failed: " + text.error().message; return; }
  export_error_.clear();
  host_.download(name, mime, *text);
  sync_.mark_exported();
}

void App::export_into_folder(int which) {
  if (batch_.progress().done == 0 || folder_save_) return;
  FolderSave save;
  Result<std::string> text = export_text(which, &save.name, &save.mime);
  if (!text) { export_error_ = "Export failed: " + text.error().message; return; }
  export_error_.clear();
  save.contents = std::move(*text);
  save.job = host_.save_into_folder(save.name, save.mime, save.contents);
  folder_save_ = std::move(save);
}

// A folder that cannot be written (permission refused, a browser without the API, a full
// disk) still gets the user their file: as a download.
void App::poll_folder_save() {
  if (!folder_save_) return;
  auto done = host_.poll_save(folder_save_->job);
  if (!done) return;
  if (done->ok()) {
    notice_ = "Saved " + done->value() + " into the folder \"" + host_.writable_folder_name() + "\".";
  } else {
    host_.download(folder_save_->name, folder_save_->mime, folder_save_->contents);
    export_error_ = "Could not save into the folder (" + done->error().message + "); downloaded " + folder_save_->name +
                    " instead.";
  }
  sync_.mark_exported();
  folder_save_.reset();
}

void App::export_annotated_image() {
  if (viewer_.selected < 0) return;
  annotated_.start(batch_, files_,
                   {static_cast<std::size_t>(viewer_.selected), view_.threshold, viewer_.show_labels,
                    viewer_.show_below_threshold});
}

// Gallery | List | Summary. A tab asked for by a key or the View menu is selected once.
void App::draw_left_pane() {
  if (!ImGui::BeginTabBar("##left")) return;
  static constexpr std::pair<const char*, LeftTab> kTabs[] = {
      {"Gallery", LeftTab::Gallery}, {"List", LeftTab::List}, {"Summary", LeftTab::Summary}};
  for (const auto& [name, tab] : kTabs) {
    const ImGuiTabItemFlags flags = requested_tab_ == tab ? ImGuiTabItemFlags_SetSelected : 0;
    const bool open = ImGui::BeginTabItem(name, nullptr, flags);
    record_item_rect(widget_rects_, std::string("tab:") + name);
    if (!open) continue;
    left_tab_ = tab;
    switch (tab) {
      case LeftTab::Gallery: gallery_.draw(batch_, viewer_, view_, widget_rects_); break;
      case LeftTab::List: draw_image_list(batch_, viewer_, view_); break;
      case LeftTab::Summary:
        if (ImGui::BeginChild("##summary")) summary_.draw(batch_, view_, widget_rects_);
        ImGui::EndChild();
        break;
    }
    ImGui::EndTabItem();
  }
  requested_tab_.reset();
  ImGui::EndTabBar();
}

void App::draw_workspace(float top, float bottom) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, top));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, bottom - top));
  // No background of its own: the shell clears the canvas to the window colour instead, which
  // costs far less than blending a quad over every pixel (on a software or weak GPU, each drawn
  // frame's cost grows with the pixels it blends).
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                     ImGuiWindowFlags_NoBackground;
  if (ImGui::Begin("##workspace", nullptr, flags)) {
    draw_batch_toolbar(batch_, host_, view_, widget_rects_);
    if (download_) {
      ImGui::ProgressBar(download_->progress < 0 ? 0.0f : download_->progress, ImVec2(-1, 0),
                         ((download_->kept ? "Loading " : "Downloading ") + download_->entry.name +
                          (download_->kept ? " from this browser…" : "…")).c_str());
    }
    if (!export_error_.empty()) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", export_error_.c_str());
    if (!annotated_.error().empty()) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", annotated_.error().c_str());
    if (annotated_.busy()) ImGui::TextDisabled("Drawing the annotated image…");
    if (!batch_.notice().empty()) ImGui::TextColored(ImVec4(1, 0.7f, 0.4f, 1), "%s", batch_.notice().c_str());
    draw_session_messages();
    ImGui::Separator();
    if (batch_.images().empty() && batch_.model_state() == ModelState::None) {
      draw_welcome(platform_.backends);
    } else {
      if (viewer_.selected < 0) viewer_.large = false;
      if (!viewer_.large) {
        const float list_width = ImGui::GetContentRegionAvail().x * 0.38f;
        if (ImGui::BeginChild("list", ImVec2(list_width, 0), true)) draw_left_pane();
        ImGui::EndChild();
        ImGui::SameLine();
      }
      if (viewer_.large || left_tab_ != LeftTab::Gallery) gallery_.idle(batch_);  // no thumbnails off screen
      // No keyboard navigation in the viewer: Tab cycles its boxes, Enter and the arrows are its keys.
      if (ImGui::BeginChild("viewer", ImVec2(0, 0), true, ImGuiWindowFlags_NoNavInputs))
        draw_viewer({batch_, review_, view_, gallery_.queue_view()}, viewer_, textures_, widget_rects_);
      ImGui::EndChild();
    }
  }
  ImGui::End();
}

void App::draw_shortcuts_panel() {
  if (ImGui::Begin("Keyboard shortcuts", &ui_.show_shortcuts, ImGuiWindowFlags_AlwaysAutoResize)) {
    static constexpr const char* rows[][2] = {
        {"Ctrl+O", "add images"},
        {"Space", "run / pause / resume"},
        {"G  T  S", "gallery, list, summary"},
        {"← →  (or K J)", "previous / next image (in the gallery's order)"},
        {"Enter, double-click", "open the image large (Esc: back)"},
        {"L", "show or hide labels"},
        {"0", "reset zoom"},
        {",  .", "a clip: previous / next analysed frame"},
        {"[  ]", "a clip: previous / next frame with a detection"},
        {"Mouse wheel, drag", "zoom, pan"},
        {"", ""},
        {"Click a box, Tab", "select a box (Shift+Tab: back; Esc: none)"},
        {"A", "accept the box (none selected: accept all shown)"},
        {"X  or  Delete", "reject the box"},
        {"1  2  3", "relabel the box animal / person / vehicle"},
        {"", "(no box shown: tag the image animal / person / vehicle)"},
        {"R", "name the box's species (type, ↑↓, Enter)"},
        {"N  /  Shift+N", "next / previous image that needs a look"},
        {"E", "the image (or the whole clip) is empty: reject all its boxes"},
        {"Ctrl+Z", "undo the last review"},
        {"", ""},
        {"Ctrl+E", "export MegaDetector JSON"},
        {"Ctrl+B", "inference backends"},
        {"F1", "about"},
        {"?", "this list"}};
    for (const auto& r : rows) {
      ImGui::TextUnformatted(r[0]);
      ImGui::SameLine(ImGui::GetFontSize() * 11);
      ImGui::TextUnformatted(r[1]);
    }
  }
  ImGui::End();
}

void App::draw_status_bar(float height) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - height));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, height));
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ImGui::GetStyle().WindowPadding.x, 2.0f));
  if (ImGui::Begin("##status", nullptr, flags)) {
    const auto* session = batch_.session_info();
    status_text_ = std::string("Backend: ") +
                   (session ? session->provider : backend_label(preferred_backend(platform_.backends))) + "  |  " +
                   backend_summary(platform_.backends) + "  |  Images stay on this device";
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(status_text_.c_str());
    const char* version = kAppVersion;
    ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(version).x - ImGui::GetStyle().WindowPadding.x * 2);
    ImGui::TextDisabled("v%s", version);
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

}  // namespace wl::app
