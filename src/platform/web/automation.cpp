#include "platform/web/automation.h"

#include <emscripten.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include "app/detection_labels.h"
#include "app/session_panels.h"
#include "core/results/category_kind.h"
#include "core/results/image_digest.h"
#include "core/results/species.h"

EM_JS(void, wl_js_publish_ui, (const char* json), {
  const state = JSON.parse(UTF8ToString(json));
  window.wildlife = window.wildlife || {};
  window.wildlife.ui = state;
  window.wildlife.ready = true;
});

namespace wl::web {

namespace {

constexpr const char* kTabNames[] = {"gallery", "list", "summary"};
constexpr const char* kSortNames[] = {"added", "name", "time", "confidence"};
constexpr const char* kReviewNames[] = {"any", "reviewed", "notReviewed", "corrected"};
constexpr std::size_t kOrderHead = 200;  // the gallery order published (tests use small batches)

nlohmann::json show_flags(unsigned show) {
  static const std::pair<const char*, unsigned> kFlags[] = {
      {"animal", kShowAnimal}, {"person", kShowPerson}, {"vehicle", kShowVehicle},
      {"other", kShowOther},   {"empty", kShowEmpty},   {"failed", kShowFailed}};
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, bit] : kFlags) if (show & bit) out.push_back(name);
  return out;
}

// Species and the "needs a look" queue (docs/automation-api.md: classThreshold, viewer.boxes,
// viewer.species, gallery.species, queue, speciesPicker). Bounded per frame: the boxes of the
// image shown, the first kOrderHead images of the gallery and of the queue.
void publish_species_state(const app::App& app, nlohmann::json& state) {
  const app::ViewSettings& view = app.view();
  const CategoryNames& classes = app.batch().classification_categories();
  const auto& images = app.batch().images();
  const double ct = view.class_threshold;
  state["classThreshold"] = view.class_threshold;
  state["classThresholdFromModel"] = view.class_threshold_from_model;
  state["summary"]["classThreshold"] = view.class_threshold;
  const auto species_json = [](const std::optional<SpeciesCall>& call) -> nlohmann::json {
    if (!call) return nullptr;
    return {{"name", call->name}, {"category", call->category}, {"conf", call->conf ? nlohmann::json(*call->conf) : nullptr},
            {"unknown", call->unknown}, {"reviewed", call->reviewed}};
  };
  const app::ViewerState& v = app.viewer();
  nlohmann::json boxes = nlohmann::json::array();
  nlohmann::json image_species_json = nullptr;
  if (v.selected >= 0 && v.selected < static_cast<int>(images.size()) &&
      images[static_cast<std::size_t>(v.selected)].status == app::ImageStatus::Done) {
    const ImageRecord& record = images[static_cast<std::size_t>(v.selected)].record;
    for (int i : v.drawn_boxes) {
      if (i < 0 || i >= static_cast<int>(record.detections.size())) continue;
      const DetectionRecord& d = record.detections[static_cast<std::size_t>(i)];
      std::vector<Classification> top = d.classifications;
      sort_classifications(top);
      nlohmann::json top3 = nlohmann::json::array();
      for (std::size_t k = 0; k < std::min<std::size_t>(top.size(), 3); ++k)
        top3.push_back({category_name(classes, top[k].category), top[k].conf});
      boxes.push_back({{"detection", i},
                       {"label", app::detection_label(d, app.batch().detection_categories(), classes, ct)},
                       {"species", species_json(detection_species(d, classes, ct))},
                       {"corrected", species_corrected(d)},
                       {"top3", std::move(top3)}});
    }
    image_species_json = species_json(image_species(record, classes, view.threshold, ct));
  }
  state["viewer"]["boxes"] = std::move(boxes);
  state["viewer"]["species"] = std::move(image_species_json);
  // The species badge of the first images in the gallery's order, by image index.
  const app::GalleryPanel& g = app.gallery();
  nlohmann::json badges = nlohmann::json::object();
  for (std::size_t k = 0; k < std::min(g.order().size(), kOrderHead); ++k) {
    const auto& img = images[g.order()[k]];
    if (img.status != app::ImageStatus::Done) continue;
    if (auto call = image_species(img.record, classes, view.threshold, ct)) badges[std::to_string(g.order()[k])] = call->name;
  }
  state["gallery"]["species"] = std::move(badges);
  state["gallery"]["needsLook"] = g.needs_look();
  const auto& q = g.queue();
  nlohmann::json order = nlohmann::json::array(), entries = nlohmann::json::array();
  for (std::size_t k = 0; k < std::min(q.size(), kOrderHead); ++k) {
    order.push_back(q[k].index);
    nlohmann::json reasons = nlohmann::json::array();
    if (q[k].reasons & kQueueDetection) reasons.push_back("detection");
    if (q[k].reasons & kQueueSpecies) reasons.push_back("species");
    entries.push_back({{"image", q[k].index}, {"margin", q[k].margin}, {"reasons", std::move(reasons)},
                       {"bestConf", q[k].best_conf},
                       {"speciesConf", q[k].species_conf ? nlohmann::json(*q[k].species_conf) : nullptr}});
  }
  const QueueThresholds& qt = g.queue_thresholds();
  state["queue"] = {{"count", q.size()}, {"order", std::move(order)}, {"entries", std::move(entries)},
                    {"position", g.queue_view().position(v.selected)},
                    {"thresholds", {{"typical", qt.typical}, {"conservative", qt.conservative}, {"classification", qt.classification}}}};
  const app::SpeciesPicker& picker = v.picker;
  nlohmann::json options = nlohmann::json::array();
  if (picker.is_open())
    for (std::size_t k = 0; k < std::min<std::size_t>(picker.options().size(), 20); ++k) options.push_back(picker.options()[k].name);
  state["speciesPicker"] = {{"open", picker.is_open()}, {"editing", picker.editing()}, {"text", picker.text()},
                            {"options", std::move(options)}};
}

// The gallery, the summary and the reviewer's selection (docs/automation-api.md).
void publish_review_state(const app::App& app, nlohmann::json& state) {
  const app::GalleryPanel& g = app.gallery();
  const auto& order = g.order();
  const app::ThumbnailStats& t = g.thumbnail_stats();
  state["leftTab"] = kTabNames[static_cast<int>(app.left_tab())];
  state["gallery"] = {
      {"visible", order.size()},
      {"total", app.batch().images().size()},
      {"order", std::vector<std::uint32_t>(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), kOrderHead)))},
      {"columns", g.columns()},
      {"filter", {{"show", show_flags(g.filter().show)}, {"minConf", g.filter().min_conf}, {"maxConf", g.filter().max_conf},
                  {"text", g.filter().text}, {"review", kReviewNames[static_cast<int>(g.filter().review)]}}},
      {"sort", {{"key", kSortNames[static_cast<int>(g.sort().key)]}, {"descending", g.sort().descending}}},
      {"thumbnails", {{"loaded", t.loaded}, {"inFlight", t.in_flight}, {"failed", t.failed}, {"requested", t.requested},
                      {"cancelled", t.cancelled}, {"released", t.released}}},
  };
  const RunSummary& s = app.summary().summary();
  nlohmann::json species = nlohmann::json::array();
  for (std::size_t i = 0; i < std::min<std::size_t>(s.species.size(), 20); ++i)
    species.push_back({{"name", s.species[i].name}, {"detections", s.species[i].detections}, {"images", s.species[i].images}});
  nlohmann::json confidence = nlohmann::json::object();
  for (int k = 0; k < kKindCount; ++k) confidence[to_string(static_cast<CategoryKind>(k))] = s.confidence[static_cast<std::size_t>(k)];
  state["summary"] = {
      {"threshold", app.view().threshold}, {"images", s.images}, {"processed", s.processed}, {"failed", s.failed},
      {"empty", s.empty}, {"emptyRate", s.empty_rate()},
      {"withAnimal", s.with(CategoryKind::Animal)}, {"withPerson", s.with(CategoryKind::Person)},
      {"withVehicle", s.with(CategoryKind::Vehicle)}, {"withOther", s.with(CategoryKind::Other)},
      {"detections", {{"animal", s.detections.animal}, {"person", s.detections.person},
                      {"vehicle", s.detections.vehicle}, {"other", s.detections.other}}},
      {"confidence", std::move(confidence)},
      {"detectionsByHour", s.detections_by_hour}, {"imagesWithTime", s.images_with_time},
      {"species", std::move(species)},
      {"reviewedImages", s.reviewed_images}, {"correctedImages", s.corrected_images},
  };
  const app::ViewerState& v = app.viewer();
  nlohmann::json exif = nullptr;
  const auto& images = app.batch().images();
  if (v.selected >= 0 && v.selected < static_cast<int>(images.size())) {
    const ExifFacts& e = images[static_cast<std::size_t>(v.selected)].record.exif;
    exif = {{"datetime", e.datetime}, {"make", e.make}, {"model", e.model}};
  }
  state["viewer"]["selectedDetection"] = app::selected_detection(v);
  state["viewer"]["drawnBoxes"] = v.drawn_boxes.size();
  state["viewer"]["large"] = v.large;
  state["viewer"]["exif"] = std::move(exif);
  // A clip in the viewer: the frame shown, and its analysed frames (clip_timeline.h).
  state["viewer"]["frame"] = v.frame;
  state["viewer"]["shownFrame"] = v.shown_frame;
  if (v.selected >= 0 && v.selected < static_cast<int>(images.size()) && v.frame >= 0) {
    const ImageRecord& r = images[static_cast<std::size_t>(v.selected)].record;
    std::set<int> with;
    for (const auto& d : r.detections)
      if (d.frame_number && detection_visible(d, app.view().threshold)) with.insert(*d.frame_number);
    state["viewer"]["clip"] = {{"frames", r.frames_processed}, {"framesWithDetections", std::vector<int>(with.begin(), with.end())},
                               {"frameRate", r.frame_rate.value_or(0)}};
  }
  state["review"] = {{"undoable", app.review_history().size()}};
  state["exports"] = {{"annotated", app.annotated_export().completed()}, {"annotatedBusy", app.annotated_export().busy()},
                      {"annotatedError", app.annotated_export().error()}};
  publish_species_state(app, state);
}

}  // namespace

void AutomationPublisher::publish(const app::App& app, int frame_width, int frame_height, double pixel_ratio) {
  const app::UiState& ui = app.ui();
  nlohmann::json state = {
      {"statusText", app.status_text()},
      {"openPanels", {{"about", ui.show_about}, {"backends", ui.show_backends}, {"metrics", ui.show_imgui_metrics}}},
      {"framebuffer", {frame_width, frame_height}},
      {"pixelRatio", pixel_ratio},
      {"threshold", app.view().threshold},
      {"viewer", {{"selected", app.viewer().selected}, {"visibleBoxes", app.viewer().visible_boxes},
                  {"textureLoaded", app.viewer().texture.has_value()}}},
  };
  const app::BatchController& batch = app.batch();
  const app::BatchProgress p = batch.progress();
  static constexpr const char* kModelStates[] = {"none", "loading", "ready", "failed"};
  static constexpr const char* kRunStates[] = {"idle", "running", "paused", "cancelling", "finished"};
  state["model"] = {{"state", kModelStates[static_cast<int>(batch.model_state())]},
                    {"message", batch.model_message()},
                    {"serial", batch.model_serial()},
                    {"provider", batch.session_info() ? batch.session_info()->provider : ""}};
  if (const auto* m = batch.model()) {
    state["model"]["id"] = m->id;
    state["model"]["inputSizes"] = m->input_sizes;
    state["model"]["typicalThreshold"] = m->thresholds.typical;
    state["model"]["classes"] = m->class_names.size();
  }
  // The species classifier (app_classifier.cpp) and what it has done this visit.
  state["classifier"] = {{"state", kModelStates[static_cast<int>(batch.classifier_state())]},
                         {"message", batch.classifier_message()},
                         {"minDetectionConf", batch.classifier_options().min_detection_conf},
                         {"maxCrops", batch.classifier_options().max_crops},
                         {"cropsClassified", p.crops_classified},
                         {"cropsTooSmall", p.crops_too_small},
                         {"problems", p.classifier_problems},
                         {"meanClassifyMs", p.mean_classify_ms},
                         {"imagesClassified", p.images_classified}};
  if (const auto* c = batch.classifier()) {
    state["classifier"]["id"] = c->id;
    state["classifier"]["name"] = c->name;
    state["classifier"]["classes"] = c->class_names.size();
    if (const auto& setup = batch.classifier_setup()) {
      state["classifier"]["batched"] = setup->batched;
      state["classifier"]["cropSize"] = {setup->crop.width, setup->crop.height};
    }
  }
  // The model zoo (app_zoo.cpp): the catalogue, the download in progress, what went wrong.
  {
    const SparrowCatalog& c = app.zoo_catalog();
    int sized = 0;
    for (const auto& e : c.models) sized += e.file ? 1 : 0;
    nlohmann::json job = nullptr;
    if (const auto& j = app.zoo_job()) {
      job = {{"id", j->id}, {"received", j->progress.received}, {"total", j->progress.total},
             {"fromCache", j->progress.from_cache}, {"text", app.zoo_progress_text()}};
    }
    state["zoo"] = {{"version", c.version}, {"record", c.record}, {"entries", c.models.size()}, {"sized", sized},
                    {"job", job}, {"error", app.zoo_error()}};
  }
  publish_review_state(app, state);
  const FrameSampling& sampling = batch.frame_sampling();
  state["video"] = {{"mode", sampling.mode == SampleMode::EveryNthFrame ? "frames" : "seconds"},
                    {"everySeconds", sampling.every_seconds}, {"everyNth", sampling.every_nth},
                    {"maxFrames", sampling.max_frames}, {"description", describe(sampling)}};
  nlohmann::json rects = nlohmann::json::object();
  for (const auto& [name, r] : app.widget_rects()) rects[name] = {r[0], r[1], r[2], r[3]};
  state["widgets"] = std::move(rects);
  state["batch"] = {{"state", kRunStates[static_cast<int>(batch.run_state())]},
                    {"total", p.total}, {"done", p.done}, {"failed", p.failed},
                    {"imagesPerSecond", p.images_per_s}, {"etaSeconds", p.eta_s},
                    {"skippedNonImages", batch.skipped_non_images()},
                    {"framesTotal", p.frames_total}, {"framesDone", p.frames_done},
                    {"processed", p.processed}, {"needFiles", p.need_files}, {"withoutFile", p.without_file},
                    {"origin", batch.origin() == app::BatchOrigin::Import ? "import" : "run"},
                    {"notice", batch.notice()},
                    {"meanStageMs", {{"decode", p.mean_timings.decode_ms}, {"preprocess", p.mean_timings.preprocess_ms},
                                     {"inference", p.mean_timings.inference_ms}, {"postprocess", p.mean_timings.postprocess_ms}}}};
  static constexpr const char* kProviders[] = {"auto", "webgpu", "wasm"};
  state["provider"] = kProviders[static_cast<int>(ui.provider)];
  state["error"] = app.error_text();
  state["notice"] = app.notice_text();
  state["modelUrl"] = {{"open", app.url_window().open},
                       {"text", std::string(app.url_window().text.data())},
                       {"downloading", app.url_download_running()},
                       {"error", app.url_window().error},
                       {"editing", app.url_window().editing}};
  const app::SessionSync& sync = app.session();
  static constexpr const char* kPhases[] = {"loading", "offer", "restoring", "idle"};
  nlohmann::json offer = nullptr;
  if (const auto* o = sync.offer()) {
    offer = {{"title", app::offer_title(*o)}, {"done", o->summary.done}, {"total", o->summary.total},
             {"model", o->summary.model}, {"modelKept", o->model_kept}};
  }
  // Storage figures come from the JS store, which counts what it committed.
  state["session"] = {{"phase", kPhases[static_cast<int>(sync.phase())]}, {"offer", offer}, {"id", sync.session_id()},
                      {"restoreMs", sync.last_restore_ms()}, {"storageProblem", app.storage_problem()}};
  std::string json = state.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (json == last_json_) return;
  last_json_ = std::move(json);
  wl_js_publish_ui(last_json_.c_str());
}

}  // namespace wl::web
