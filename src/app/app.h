#pragma once
// The ImGui application: everything the user sees. It draws one frame at a time and never
// blocks; the platform shell owns the window, the GL context and the frame loop, and lends
// the app its files, textures and downloads through the interfaces in sources.h.
#include <array>
#include <map>
#include <string>
#include <vector>

#include "app/widget_rects.h"
#include "app/annotated_export.h"
#include "app/batch.h"
#include "app/batch_panels.h"
#include "app/gallery_panel.h"
#include "app/local_model.h"
#include "app/platform_info.h"
#include "app/review.h"
#include "app/session_sync.h"
#include "app/sources.h"
#include "app/summary_panel.h"
#include "app/url_model.h"
#include "app/viewer_panel.h"
#include "core/models/manifest.h"
#include "core/models/sparrow_catalog.h"
#include "core/results/export_options.h"
#include "core/util/transfer_rate.h"
#include "core/session/preferences.h"
#include "platform/storage.h"

namespace wl::app {

struct UiState {
  bool show_about = false;
  bool show_backends = false;
  bool show_imgui_metrics = false;
  bool show_shortcuts = false;
  ProviderChoice provider = ProviderChoice::Automatic;
};

// What the left pane shows (View menu, or G / T / S).
enum class LeftTab { Gallery, List, Summary };

struct ModelDownload {
  int job = 0;
  float progress = -1;
  ModelEntry entry;
  std::string file_name;
  ModelOrigin origin;
  // Brought back from this browser's caches (a resumed batch's model, or the remembered
  // detector) rather than chosen now: a failure is a hint, not an error.
  bool kept = false;
  // Asked for in Model → Open model from URL…: progress and errors show in that window, and
  // bytes that are not a zoo model are offered like a local file.
  bool from_url = false;
  bool abandoned = false;  // the URL window was closed meanwhile: the bytes are dropped
  bool classifier = false; // the bytes are a species classifier's
};

// A package download from the model zoo (app_zoo.cpp).
struct ZooJob {
  int job = 0;
  std::string id;
  TransferProgress progress;
  TransferRate rate;
  double started_ms = 0;
  bool cancelled = false;
};

class App {
 public:
  App(PlatformInfo platform, FileSource& files, TextureSource& textures, HostActions& host, storage::Storage& storage);

  void set_model_zoo(std::vector<ModelEntry> zoo) { zoo_ = std::move(zoo); }
  // The SPARROW model zoo (models/sparrow/catalog.toml); asks the host for its file list.
  void set_zoo_catalog(SparrowCatalog catalog);
  const SparrowCatalog& zoo_catalog() const { return zoo_catalog_; }
  // What a click on a zoo entry does: terms first where its licence asks, then the download.
  void choose_zoo_model(const std::string& id);
  const std::optional<ZooJob>& zoo_job() const { return zoo_job_; }
  const std::string& zoo_error() const { return zoo_error_; }
  const std::string& zoo_progress_text() const { return zoo_progress_text_; }

  // Advances everything that runs on its own (the batch, storage writes, downloads, exports)
  // without drawing: draw_frame() calls it first, and the shell calls it alone while the page
  // is hidden and the browser stops drawing (src/platform/web/background_steps.h).
  void step();
  // Whether work is under way that should keep going behind another tab (a batch running or
  // cancelling, a model download).
  bool working() const;
  // Draws the whole UI for this frame into the current ImGui context, after step().
  void draw_frame();

  BatchController& batch() { return batch_; }
  const BatchController& batch() const { return batch_; }
  const UiState& ui() const { return ui_; }
  const ViewSettings& view() const { return view_; }
  void set_threshold(float t) { view_.threshold = t; view_.threshold_from_model = false; }
  std::vector<std::string> providers() const { return provider_list(ui_.provider); }
  void set_provider(ProviderChoice choice) { ui_.provider = choice; }
  SessionSync& session() { return sync_; }
  const SessionSync& session() const { return sync_; }
  // Reads MegaDetector results (File → Import, a dropped .json, the automation API) and lists
  // them; errors say why the file is not usable. `name` is the file's name, for messages.
  Result<void> import_results(std::span<const std::uint8_t> bytes, const std::string& name);
  // The messages under the toolbar: what went wrong last, and what just happened.
  const std::string& error_text() const { return export_error_; }
  const std::string& notice_text() const { return notice_; }
  const std::string& storage_problem() const { return storage_problem_; }
  const ViewerState& viewer() const { return viewer_; }
  ViewerState& viewer() { return viewer_; }
  const GalleryPanel& gallery() const { return gallery_; }
  GalleryPanel& gallery() { return gallery_; }
  const SummaryPanel& summary() const { return summary_; }
  const ReviewHistory& review_history() const { return review_; }
  const AnnotatedExport& annotated_export() const { return annotated_; }
  const UrlModelWindow& url_window() const { return url_window_; }
  bool url_download_running() const { return download_ && download_->from_url && !download_->abandoned; }
  LeftTab left_tab() const { return left_tab_; }
  void show_tab(LeftTab tab) { requested_tab_ = tab; }
  // A reviewer's decision on one detection, as the viewer's keys make it (undoable).
  void review_detection(std::size_t image, std::size_t detection, Review review) {
    review_.set_detection(batch_, image, detection, std::move(review));
  }
  // The UI font's bytes, for the captions of annotated image exports.
  void set_label_font(std::vector<std::uint8_t> font) { annotated_.set_font(std::move(font)); }
  // The text of the status bar, as shown: the automation API publishes it for tests.
  const std::string& status_text() const { return status_text_; }
  // Screen rectangles (x, y, w, h in framebuffer pixels) of named widgets drawn this frame,
  // so scripted tests can click real widgets ("menu:Help", "button:Run detection", ...).
  const std::map<std::string, std::array<float, 4>>& widget_rects() const { return widget_rects_; }

  // Exports of the current results (MegaDetector JSON, CSV, COCO Camera Traps).
  Result<std::string> export_md_json(bool full_precision = false) const;
  std::string export_csv() const;
  Result<std::string> export_coco() const;
  // The thresholds exports apply (the views'), unless "All candidates" is ticked.
  ExportOptions export_options() const;
  void set_export_all_candidates(bool all) { export_all_candidates_ = all; }
  bool export_all_candidates() const { return export_all_candidates_; }

 private:
  void draw_menu_bar();
  void draw_model_menu();
  void draw_export_menu();
  void draw_workspace(float top, float bottom);
  void draw_status_bar(float height);
  void draw_shortcuts_panel();
  void handle_shortcuts();
  void poll_model_download();
  void poll_classifier_download();
  // app_classifier.cpp: Model → Species classifier.
  void draw_classifier_menu();
  void draw_video_menu();
  void choose_no_classifier();
  void reload_kept_classifier(const ModelIdentity& model);
  void poll_local_model();
  // app_model_url.cpp: Model → Open model from URL….
  void draw_url_window();
  void open_model_url();
  void finish_url_download(Result<FetchedModel> fetched);
  void export_to_download(int which);
  ModelLimits model_limits() const;
  void export_annotated_image();
  void draw_left_pane();
  void export_into_folder(int which);
  Result<std::string> export_text(int which, std::string* name, std::string* mime) const;
  void poll_folder_save();
  // app_session.cpp: what the app remembers and brings back.
  void apply_preferences(const Preferences& prefs);
  void save_preferences();
  void step_session();
  void reload_kept_model(const ModelIdentity& model);
  void poll_picked_results();
  void draw_session_messages();
  // app_zoo.cpp: the SPARROW model zoo.
  const CatalogEntry* zoo_entry(const std::string& id) const;
  bool zoo_terms_accepted(const std::string& id) const;
  void start_zoo_download(const CatalogEntry& e);
  void step_zoo();
  void load_package(FetchedPackage package, const CatalogEntry* e);
  void draw_zoo_menu();
  void draw_zoo_welcome();
  void draw_zoo_windows();

  PlatformInfo platform_;
  FileSource& files_;
  TextureSource& textures_;
  HostActions& host_;
  BatchController batch_;
  ViewerState viewer_;
  ViewSettings view_;
  GalleryPanel gallery_;
  SummaryPanel summary_;
  ReviewHistory review_;
  AnnotatedExport annotated_;
  LeftTab left_tab_ = LeftTab::Gallery;
  std::optional<LeftTab> requested_tab_;
  UiState ui_;
  std::vector<ModelEntry> zoo_;
  SparrowCatalog zoo_catalog_;
  std::optional<ZooJob> zoo_job_;
  std::string zoo_error_, zoo_error_for_;  // a failed zoo download, and for which entry
  std::string zoo_terms_for_;              // the entry whose licence terms are being asked
  std::string zoo_link_for_;               // a link-only entry being explained
  std::string zoo_progress_text_;          // as last shown
  bool zoo_welcome_closed_ = false;
  std::optional<ModelDownload> download_;
  std::optional<ModelDownload> classifier_download_;  // a species classifier's bytes on their way
  std::optional<LocalModelOffer> local_model_;
  UrlModelWindow url_window_;
  bool export_all_candidates_ = false;  // Export → All candidates
  std::string export_error_;
  std::string notice_;
  std::string status_text_;
  storage::Storage& storage_;
  SessionSync sync_;
  Preferences prefs_;
  std::string prefs_text_;     // as last written
  double prefs_written_ms_ = 0;
  int remember_serial_ = 0;    // a load chosen in the UI: remembered once its model is in use
  int remember_classifier_serial_ = 0;  // the same for the species classifier
  bool startup_model_checked_ = false;
  std::string storage_problem_;
  struct FolderSave {
    int job = 0;
    std::string name, mime, contents;
  };
  std::optional<FolderSave> folder_save_;
  std::map<std::string, std::array<float, 4>> widget_rects_;
};

}  // namespace wl::app
