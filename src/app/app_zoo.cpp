// The model zoo in the app: Microsoft's SPARROW catalogue in the Model menu (grouped by task and
// region, with size, licence and commercial-use status), the first-visit offer of the
// recommended detector, licence terms to accept, the download window (bytes, speed, time
// left, cancel, retry) and packages opened from disk. Downloading, MD5 checks and unpacking
// are the host's (web/js/sparrow-package.js); reading the manifest is the core's
// (choose_package_model); the model then loads through the same path as every other model.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>

#include "app/app.h"
#include "core/models/zoo_offer.h"
#include "core/models/zoo_package.h"

namespace wl::app {

namespace {

const ImVec4 kWarn(1, 0.7f, 0.4f, 1);
const ImVec4 kMuted(0.65f, 0.65f, 0.7f, 1);

std::string size_text(const CatalogEntry& e) { return e.file ? human_size(e.file->size) : std::string(); }

std::string commercial_text(const CatalogEntry& e) {
  return e.commercial_use ? "commercial use allowed" : "non-commercial use only";
}

void entry_tooltip(const CatalogEntry& e, const ZooOfferDecision& offer) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
  ImGui::TextUnformatted((e.display_name + " (" + e.id + ")").c_str());
  if (!e.description.empty()) ImGui::TextColored(kMuted, "%s", e.description.c_str());
  ImGui::Text("Licence: %s, %s", e.license.c_str(), commercial_text(e).c_str());
  if (e.file) ImGui::Text("Download: %s", human_size(e.file->size).c_str());
  if (!e.developer.empty()) ImGui::Text("By: %s", e.developer.c_str());
  if (!e.geo_locality.empty()) ImGui::Text("Where: %s", e.geo_locality.c_str());
  if (!offer.reason.empty()) ImGui::TextColored(kWarn, "%s", offer.reason.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace

void App::set_zoo_catalog(SparrowCatalog catalog) {
  zoo_catalog_ = std::move(catalog);
  host_.request_zoo_record(platform_.zoo_base, zoo_catalog_.record);
}

const CatalogEntry* App::zoo_entry(const std::string& id) const { return zoo_catalog_.find(id); }

bool App::zoo_terms_accepted(const std::string& id) const {
  return std::find(prefs_.accepted_terms.begin(), prefs_.accepted_terms.end(), id) != prefs_.accepted_terms.end();
}

// A click on a zoo entry (menu, first-visit offer, automation): terms first where the licence
// asks for them, then the download.
void App::choose_zoo_model(const std::string& id) {
  const CatalogEntry* e = zoo_entry(id);
  if (!e || zoo_job_ || download_ || classifier_download_) return;
  const ZooOfferDecision offer = zoo_offer(*e);
  switch (offer.offer) {
    case ZooOffer::NotOffered: zoo_error_ = e->display_name + ": " + offer.reason; zoo_error_for_ = id; return;
    case ZooOffer::LinkOnly: zoo_link_for_ = id; return;
    case ZooOffer::AfterTerms:
      if (!zoo_terms_accepted(id)) { zoo_terms_for_ = id; return; }
      break;
    case ZooOffer::OneClick: break;
  }
  start_zoo_download(*e);
}

void App::start_zoo_download(const CatalogEntry& e) {
  zoo_error_.clear();
  zoo_error_for_.clear();
  ZooJob job;
  job.id = e.id;
  job.job = host_.fetch_package(PackageRequest{e.id, zoo_catalog_.record, e.zip, platform_.zoo_base});
  job.started_ms = host_.now_ms();
  zoo_job_ = std::move(job);
}

void App::step_zoo() {
  if (std::string record = host_.take_zoo_record(); !record.empty() && !zoo_catalog_.record.empty()) {
    if (auto applied = apply_zenodo_record(zoo_catalog_, record); !applied)
      std::fprintf(stderr, "CamTrap Studio: the model zoo's file list is unusable: %s\n", applied.error().message.c_str());
  }
  if (zoo_job_) {
    auto done = host_.poll_package(zoo_job_->job, &zoo_job_->progress);
    zoo_job_->rate.sample(host_.now_ms(), zoo_job_->progress.received);
    if (done) {
      const std::string id = zoo_job_->id;
      const bool cancelled = zoo_job_->cancelled;
      zoo_job_.reset();
      if (!done->ok()) {
        if (!cancelled) { zoo_error_ = done->error().message; zoo_error_for_ = id; }
      } else {
        load_package(std::move(done->value()), zoo_entry(id));
      }
    }
  }
  if (auto picked = host_.take_picked_package()) {
    if (!picked->ok()) export_error_ = picked->error().message;
    else if (download_) export_error_ = "Another model is being loaded; open the package again when it is done.";
    else load_package(std::move(picked->value()), nullptr);
  }
}

void App::load_package(FetchedPackage package, const CatalogEntry* e) {
  std::vector<PackageModelFile> files;
  for (const auto& m : package.models) files.push_back({m.path, m.key, m.sha256, m.size});
  auto choice = choose_package_model(package.texts, files, e, /*prefer_fp16=*/false);
  const std::string name = e ? e->display_name : package.id;
  if (!choice) {
    zoo_error_ = name + ": " + choice.error().message;
    zoo_error_for_ = e ? e->id : package.id;
    if (!e) export_error_ = zoo_error_;
    return;
  }
  if (!package.warning.empty()) notice_ = name + ": " + package.warning;
  export_error_.clear();
  if (choice->entry.task == ModelTask::Classifier) {
    // A species classifier: it labels the detector's animals from the next run on.
    classifier_download_ = ModelDownload{host_.fetch_kept_model(choice->file.key, choice->file.sha256), -1,
                                         std::move(choice->entry),
                                         (package.id.empty() ? name : package.id) + "/" + choice->file.path,
                                         ModelOrigin{ModelSource::Url, choice->file.key, e ? e->id : ""}, false};
    classifier_download_->classifier = true;
    remember_classifier_serial_ = -1;  // remembered once it is in use (poll_classifier_download)
    return;
  }
  download_ = ModelDownload{host_.fetch_kept_model(choice->file.key, choice->file.sha256), -1, std::move(choice->entry),
                            (package.id.empty() ? name : package.id) + "/" + choice->file.path,
                            ModelOrigin{ModelSource::Url, choice->file.key, e ? e->id : ""}, false};
}

void App::draw_zoo_menu() {
  if (zoo_catalog_.models.empty()) {
    ImGui::TextDisabled("The model zoo's catalogue could not be loaded.");
    return;
  }
  // Groups in the catalogue's own order: detectors first, then classifiers, by region.
  std::vector<std::string> groups;
  for (const auto& e : zoo_catalog_.models) {
    if (zoo_offer(e).offer == ZooOffer::NotOffered) continue;
    const std::string g = zoo_group(e);
    if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
  }
  std::stable_partition(groups.begin(), groups.end(), [](const std::string& g) { return g.rfind("Detectors", 0) == 0; });
  const bool busy = zoo_job_ || download_ || classifier_download_;
  for (const auto& g : groups) {
    const bool open = ImGui::BeginMenu(g.c_str());
    record_item_rect(widget_rects_, "menu:" + g);
    if (!open) continue;
    for (const auto& e : zoo_catalog_.models) {
      const ZooOfferDecision offer = zoo_offer(e);
      if (offer.offer == ZooOffer::NotOffered || zoo_group(e) != g) continue;
      std::string label = e.display_name;
      if (e.id == recommended_detector_id()) label += "  (recommended)";
      if (offer.offer == ZooOffer::AfterTerms) label += "  [terms]";
      if (offer.offer == ZooOffer::LinkOnly) label += "  [link]";
      const std::string shortcut = size_text(e) + (size_text(e).empty() ? "" : " · ") + e.license;
      const bool in_use = (batch_.model() && batch_.model()->id == e.id) || (batch_.classifier() && batch_.classifier()->id == e.id);
      const bool chosen = ImGui::MenuItem(label.c_str(), shortcut.c_str(), in_use, !busy);
      record_item_rect(widget_rects_, "item:" + e.display_name);
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ZooOfferDecision shown = offer;
        if (e.task != "detector" && shown.reason.empty())
          shown.reason = "A species classifier: it labels the animals the detector finds.";
        entry_tooltip(e, shown);
      }
      if (chosen) choose_zoo_model(e.id);
    }
    ImGui::EndMenu();
  }
}

// The first screen of a new user: the recommended detector, one click away.
void App::draw_zoo_welcome() {
  const CatalogEntry* e = zoo_entry(recommended_detector_id());
  const bool wanted = e && !prefs_.welcome_dismissed && !zoo_welcome_closed_ && batch_.model_state() == ModelState::None &&
                      !download_ && !prefs_.detector.reloadable() && !sync_.offer() &&
                      sync_.phase() == SessionSync::Phase::Idle && !zoo_job_ && zoo_error_.empty() &&
                      zoo_terms_for_.empty();
  if (!wanted) return;  // a download in progress, its error and the terms have windows of their own
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // Anchored by its top edge, so the buttons stay put when the size line arrives.
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.22f), ImGuiCond_Always, ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 34, 0), ImGuiCond_Always);
  if (!ImGui::Begin("Welcome to CamTrap Studio", nullptr, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  ImGui::TextWrapped("Find the animals, people and vehicles in your camera-trap photos. Everything runs in this page: "
                     "your photos never leave this computer.");
  ImGui::Spacing();
  ImGui::TextUnformatted("Start with the recommended detector:");
  ImGui::Text("MegaDetector v6, %s", e->display_name.c_str());
  ImGui::TextColored(kMuted, "%s · %s, %s", e->file ? size_text(*e).c_str() : "size not known yet", e->license.c_str(),
                     commercial_text(*e).c_str());
  const std::string button = "Download " + e->display_name;
  if (ImGui::Button(button.c_str())) choose_zoo_model(e->id);
  record_item_rect(widget_rects_, "button:" + button);
  ImGui::Spacing();
  ImGui::TextWrapped("Other detectors and species classifiers are in the Model menu. A model package (.zip) or ONNX "
                     "file from disk opens with Model → Open model file (ONNX or package)…, or drop it on the page.");
  if (ImGui::Button("Open a model file…")) host_.open_model_picker();
  record_item_rect(widget_rects_, "button:Open a model file…");
  ImGui::SameLine();
  if (ImGui::Button("Not now")) { zoo_welcome_closed_ = true; prefs_.welcome_dismissed = true; }
  record_item_rect(widget_rects_, "button:Not now");
  ImGui::End();
}

void App::draw_zoo_windows() {
  draw_zoo_welcome();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 centre(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize;

  if (!zoo_terms_for_.empty()) {
    const CatalogEntry* e = zoo_entry(zoo_terms_for_);
    if (!e) { zoo_terms_for_.clear(); return; }
    ImGui::SetNextWindowPos(centre, ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 28, 0), ImVec2(ImGui::GetFontSize() * 36, FLT_MAX));
    if (ImGui::Begin("Licence terms", nullptr, flags)) {
      ImGui::TextWrapped("%s is published under %s.", e->display_name.c_str(), e->license.c_str());
      ImGui::TextColored(kWarn, "%s", zoo_offer(*e).reason.c_str());
      if (!e->reference.empty()) ImGui::TextWrapped("Source: %s", e->reference.c_str());
      ImGui::TextWrapped("Download it only if your use is within these terms.");
      if (ImGui::Button("Accept terms and download")) {
        prefs_.accepted_terms.push_back(e->id);
        const std::string id = zoo_terms_for_;
        zoo_terms_for_.clear();
        choose_zoo_model(id);
      }
      record_item_rect(widget_rects_, "button:Accept terms and download");
      ImGui::SameLine();
      if (ImGui::Button("Cancel")) zoo_terms_for_.clear();
      record_item_rect(widget_rects_, "button:Cancel terms");
    }
    ImGui::End();
  }

  if (!zoo_link_for_.empty()) {
    const CatalogEntry* e = zoo_entry(zoo_link_for_);
    ImGui::SetNextWindowPos(centre, ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    bool open = true;
    if (e && ImGui::Begin("Published by its owner", &open, flags)) {
      ImGui::TextWrapped("%s is not in the zoo's bundle: its owner publishes it at", e->display_name.c_str());
      ImGui::TextUnformatted(e->link_url.empty() ? e->reference.c_str() : e->link_url.c_str());
      ImGui::TextWrapped("Download the package there, then open it here with Model → Open model file (ONNX or package)… or drop it on the page.");
      if (ImGui::Button("Close")) open = false;
      ImGui::End();
    }
    if (!open || !e) zoo_link_for_.clear();
  }

  if (zoo_job_ || !zoo_error_.empty()) {
    const CatalogEntry* e = zoo_entry(zoo_job_ ? zoo_job_->id : zoo_error_for_);
    const std::string name = e ? e->display_name : (zoo_job_ ? zoo_job_->id : zoo_error_for_);
    ImGui::SetNextWindowPos(centre, ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 28, 0), ImVec2(ImGui::GetFontSize() * 36, FLT_MAX));
    if (ImGui::Begin("Model download", nullptr, flags)) {
      if (zoo_job_) {
        const TransferProgress& p = zoo_job_->progress;
        ImGui::Text("%s %s", p.from_cache ? "Loading" : "Downloading", name.c_str());
        const float fraction = p.total > 0 ? static_cast<float>(p.received / p.total) : 0.0f;
        const std::string text = describe_transfer(p.received, p.total, zoo_job_->rate);
        ImGui::ProgressBar(p.total > 0 ? fraction : -1.0f * static_cast<float>(ImGui::GetTime()), ImVec2(-1, 0), text.c_str());
        zoo_progress_text_ = text;
        ImGui::TextColored(kMuted, "Checked against the zoo's MD5, unpacked and kept in this browser for offline use.");
        if (ImGui::Button("Cancel download")) { zoo_job_->cancelled = true; host_.cancel_package(zoo_job_->job); }
        record_item_rect(widget_rects_, "button:Cancel download");
      } else {
        ImGui::TextColored(kWarn, "%s could not be loaded.", name.c_str());
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
        ImGui::TextUnformatted(zoo_error_.c_str());
        ImGui::PopTextWrapPos();
        if (e && ImGui::Button("Retry download")) {
          const std::string id = e->id;
          zoo_error_.clear();
          choose_zoo_model(id);
        }
        if (e) record_item_rect(widget_rects_, "button:Retry download");
        if (e) ImGui::SameLine();
        if (ImGui::Button("Close")) { zoo_error_.clear(); zoo_error_for_.clear(); }
        record_item_rect(widget_rects_, "button:Close download");
      }
    }
    ImGui::End();
  }
}

}  // namespace wl::app
