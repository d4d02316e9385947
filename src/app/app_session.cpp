// The App's memory across visits: remembered choices (preferences), the stored batch
// (SessionSync: offer, resume, the model brought back) and imported results.
#include <imgui.h>

#include "app/app.h"
#include "core/results/md_json_reader.h"

namespace wl::app {

namespace {

const char* provider_name(ProviderChoice c) {
  switch (c) {
    case ProviderChoice::WebGpu: return "webgpu";
    case ProviderChoice::Wasm: return "wasm";
    case ProviderChoice::Automatic: break;
  }
  return "auto";
}

constexpr double kPreferenceWriteGapMs = 300;  // a dragged slider writes a few times a second, not per frame

}  // namespace

void App::apply_preferences(const Preferences& p) {
  if (p.threshold) {
    view_.threshold = *p.threshold;
    view_.threshold_from_model = false;
  }
  ui_.provider = p.provider == "webgpu" ? ProviderChoice::WebGpu
                 : p.provider == "wasm" ? ProviderChoice::Wasm
                                        : ProviderChoice::Automatic;
  ui_.show_backends = p.show_backends;
  ui_.show_imgui_metrics = p.show_metrics;
  viewer_.show_labels = p.show_labels;
  if (p.class_threshold) {
    view_.class_threshold = *p.class_threshold;
    view_.class_threshold_from_model = false;
  }
  ClassifierOptions o = batch_.classifier_options();
  if (p.classify_threshold) o.min_detection_conf = *p.classify_threshold;
  if (p.max_crops) o.max_crops = *p.max_crops;
  batch_.set_classifier_options(o);
  if (p.video) batch_.set_frame_sampling(*p.video);
}

void App::save_preferences() {
  Preferences p = prefs_;
  if (!view_.threshold_from_model) p.threshold = view_.threshold;
  if (!view_.class_threshold_from_model) p.class_threshold = view_.class_threshold;
  p.provider = provider_name(ui_.provider);
  p.show_backends = ui_.show_backends;
  p.show_metrics = ui_.show_imgui_metrics;
  p.show_labels = viewer_.show_labels;
  // A detector chosen in the UI is remembered once it runs (scripts choose theirs each time).
  if (remember_serial_ != 0 && batch_.model_in_use_serial() == remember_serial_) {
    if (auto model = batch_.model_identity(); model && model->reloadable()) p.detector = *model;
    remember_serial_ = 0;
  }
  // The same for the species classifier; "None" is remembered when chosen (choose_no_classifier).
  if (remember_classifier_serial_ > 0 && batch_.classifier_in_use_serial() == remember_classifier_serial_) {
    if (auto model = batch_.classifier_identity(); model && model->reloadable()) p.classifier = *model;
    remember_classifier_serial_ = 0;
  }
  prefs_ = p;
  std::string text = write_preferences(p);
  const double now = host_.now_ms();
  if (text == prefs_text_ || now - prefs_written_ms_ < kPreferenceWriteGapMs) return;
  storage_.write_preferences(text);
  prefs_text_ = std::move(text);
  prefs_written_ms_ = now;
}

void App::step_session() {
  sync_.step();
  if (auto problem = sync_.take_problem()) storage_problem_ = *problem;
  if (auto error = sync_.take_resume_error()) export_error_ = "The previous batch could not be resumed: " + *error;
  if (auto model = sync_.take_model_to_reload()) reload_kept_model(*model);
  // The remembered detector comes back once the stored batch has been offered (or there was
  // none), unless a batch is already listed or a model is on its way.
  if (!startup_model_checked_ && sync_.phase() == SessionSync::Phase::Idle) {
    startup_model_checked_ = true;
    if (prefs_.detector.reloadable() && batch_.images().empty() && batch_.model_state() == ModelState::None && !download_)
      reload_kept_model(prefs_.detector);
    if (prefs_.classifier.reloadable() && batch_.classifier_state() == ModelState::None) reload_kept_classifier(prefs_.classifier);
  }
  if (viewer_.selected >= static_cast<int>(batch_.images().size())) viewer_.selected = -1;
}

void App::reload_kept_model(const ModelIdentity& model) {
  const std::string name = model.file_name.empty() ? model.name : model.file_name;
  if (download_ || batch_.model_state() == ModelState::Loading) return;
  auto entry = parse_model_entry(model.entry_json);
  if (!model.reloadable() || !entry) {
    notice_ = "Load " + name + " from the Model menu to process the images that are left.";
    return;
  }
  download_ = ModelDownload{host_.fetch_kept_model(model.url, model.sha256), -1, std::move(*entry), model.file_name,
                            ModelOrigin{model.source, model.url, model.zoo_id}, true};
}

Result<void> App::import_results(std::span<const std::uint8_t> bytes, const std::string& name) {
  auto run = read_md_json(bytes);
  if (!run) return make_error(run.error().code, name + " cannot be imported: " + run.error().message);
  const std::size_t count = run->images.size();
  if (auto imported = batch_.import_results(std::move(*run), name); !imported)
    return make_error(imported.error().code, name + " cannot be imported: " + imported.error().message);
  viewer_.selected = -1;
  export_error_.clear();
  notice_ = "Imported the results of " + std::to_string(count) + " images from " + name +
            ". Add their folder (or the files) to see them with their boxes.";
  return {};
}

void App::poll_picked_results() {
  auto picked = host_.take_picked_results();
  if (!picked) return;
  if (!picked->ok()) {
    export_error_ = picked->error().message;
    return;
  }
  if (auto imported = import_results(picked->value().bytes, picked->value().name); !imported)
    export_error_ = imported.error().message;
}

void App::draw_session_messages() {
  if (!notice_.empty()) ImGui::TextColored(ImVec4(0.55f, 0.85f, 0.55f, 1), "%s", notice_.c_str());
  if (!storage_problem_.empty()) {
    ImGui::TextColored(ImVec4(1, 0.7f, 0.4f, 1), "%s", storage_problem_.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Dismiss")) storage_problem_.clear();
  }
  const BatchProgress p = batch_.progress();
  if (p.without_file > 0) {
    ImGui::TextWrapped("%d listed image(s) are not in the page: add the same folder or files again to see them%s.",
                       p.without_file, p.need_files > 0 ? " and to process the unfinished ones" : "");
  }
}

}  // namespace wl::app
