// Model → Species classifier: which classifier labels the detector's animals ("None" is a
// choice), which detections it sees (its own detection threshold, crops per image), and the
// classifier's bytes arriving from the zoo, a URL or this browser's caches. The choice is
// remembered across visits. The classifier itself runs in the core's batch driver.
#include <imgui.h>

#include <algorithm>

#include "app/app.h"

namespace wl::app {

namespace {
const ImVec4 kMuted(0.65f, 0.65f, 0.7f, 1);
const ImVec4 kWarn(1, 0.7f, 0.4f, 1);
}  // namespace

void App::draw_classifier_menu() {
  const bool open = ImGui::BeginMenu("Species classifier");
  record_item_rect(widget_rects_, "menu:Species classifier");
  if (!open) return;
  const bool running = batch_.run_state() == RunState::Running || batch_.run_state() == RunState::Paused ||
                       batch_.run_state() == RunState::Cancelling;
  const ModelEntry* current = batch_.classifier();
  if (ImGui::MenuItem("None", nullptr, current == nullptr, !running && !classifier_download_)) choose_no_classifier();
  record_item_rect(widget_rects_, "item:No classifier");
  if (current) {
    ImGui::MenuItem(current->name.c_str(), nullptr, true, false);
    ImGui::TextColored(kMuted, "%zu classes · %s", current->class_names.size(), batch_.classifier_message().c_str());
  }
  if (batch_.classifier_state() == ModelState::Loading) ImGui::TextUnformatted(batch_.classifier_message().c_str());
  if (batch_.classifier_state() == ModelState::Failed || (!batch_.classifier_message().empty() && !current &&
                                                         batch_.classifier_state() != ModelState::Loading)) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextColored(kWarn, "%s", batch_.classifier_message().c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Open classifier file (ONNX + labels.txt, or package)…", nullptr, false, !running))
    host_.open_model_picker();
  record_item_rect(widget_rects_, "item:Open classifier file…");
  ImGui::TextColored(kMuted, "Zoo classifiers are under \"Classifiers — …\" in the Model menu.");
  ImGui::Separator();
  // Which detections are classified; applies from the next run.
  ClassifierOptions o = batch_.classifier_options();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  bool changed = ImGui::SliderFloat("Classify detections above", &o.min_detection_conf, 0.01f, 0.9f, "%.2f");
  record_item_rect(widget_rects_, "slider:Classify detections above");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  changed |= ImGui::SliderInt("Crops per image (most confident first)", &o.max_crops, 1, 100);
  record_item_rect(widget_rects_, "slider:Crops per image");
  if (changed && !running) {
    o.max_crops = std::clamp(o.max_crops, 1, 100);
    batch_.set_classifier_options(o);
    prefs_.classify_threshold = o.min_detection_conf;
    prefs_.max_crops = o.max_crops;
  }
  ImGui::EndMenu();
}

void App::choose_no_classifier() {
  classifier_download_.reset();
  batch_.clear_classifier();
  prefs_.classifier = {};
  remember_classifier_serial_ = 0;
}

// The bytes of a classifier: from the zoo (unpacked package), or brought back from this
// browser's caches (the remembered classifier).
void App::poll_classifier_download() {
  if (!classifier_download_) return;
  auto done = host_.poll_model(classifier_download_->job, &classifier_download_->progress);
  if (!done) return;
  ModelDownload d = std::move(*classifier_download_);
  classifier_download_.reset();
  if (done->ok()) {
    batch_.load_classifier(done->value().bytes, d.entry, d.file_name, done->value().sha256, providers(), d.origin);
    remember_classifier_serial_ = batch_.classifier_serial();
  } else if (d.kept) {
    notice_ = d.file_name + " (the species classifier) is not kept in this browser any more: choose it again under "
              "Model → Species classifier.";
  } else {
    export_error_ = "Loading the classifier " + d.entry.name + " failed: " + done->error().message;
  }
}

void App::reload_kept_classifier(const ModelIdentity& model) {
  if (classifier_download_ || batch_.classifier_state() == ModelState::Loading) return;
  auto entry = parse_model_entry(model.entry_json);
  if (!model.reloadable() || !entry) return;
  classifier_download_ = ModelDownload{host_.fetch_kept_model(model.url, model.sha256), -1, std::move(*entry),
                                       model.file_name, ModelOrigin{model.source, model.url, model.zoo_id}, true};
  classifier_download_->classifier = true;
}

}  // namespace wl::app
