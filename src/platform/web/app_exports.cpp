// The automation API's way into the app (window.wildlife in web/js/automation.js): plain C
// functions the page calls between frames. They act on the same App the UI drives, so a
// script and a person see one state.
#include <emscripten.h>

#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "platform/web/app_instance.h"

namespace {
std::string g_text;

char* to_malloced(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}
}  // namespace

extern "C" {

// Starts loading a detector. Returns 0 when loading started, 1 with wl_app_text() on error.
// `url`: where the bytes came from (kept in the model cache), "" for bytes a script handed over.
EMSCRIPTEN_KEEPALIVE int wl_app_load_model(const std::uint8_t* bytes, int size, const char* entry_json,
                                           const char* file_name, const char* sha256, const char* url) {
  wl::app::App* app = wl::web::app_instance();
  if (!app) { g_text = "the app has not started"; return 1; }
  auto entry = wl::parse_model_entry(entry_json);
  if (!entry) { g_text = entry.error().message; return 1; }
  const std::string source_url = url;
  app->batch().load_model(std::span<const std::uint8_t>(bytes, static_cast<std::size_t>(size)), std::move(*entry),
                          file_name, sha256, app->providers(),
                          wl::app::ModelOrigin{source_url.empty() ? wl::ModelSource::Memory : wl::ModelSource::Url,
                                               source_url, ""});
  if (app->batch().model_state() == wl::app::ModelState::Failed) { g_text = app->batch().model_message(); return 1; }
  return 0;
}

// 1 start, 2 pause, 3 resume, 4 cancel, 5 clear images.
EMSCRIPTEN_KEEPALIVE void wl_app_command(int command) {
  wl::app::App* app = wl::web::app_instance();
  if (!app) return;
  auto& b = app->batch();
  switch (command) {
    case 1: b.start(); break;
    case 2: b.pause(); break;
    case 3: b.resume(); break;
    case 4: b.cancel(); break;
    case 5: b.clear_images(); break;
    default: break;
  }
}

EMSCRIPTEN_KEEPALIVE void wl_app_set_threshold(float threshold) {
  if (wl::app::App* app = wl::web::app_instance()) app->set_threshold(threshold);
}

// 0 automatic (WebGPU, else WASM), 1 WebGPU only, 2 WASM only: for the next model loaded.
EMSCRIPTEN_KEEPALIVE void wl_app_set_provider(int choice) {
  if (wl::app::App* app = wl::web::app_instance()) app->set_provider(static_cast<wl::app::ProviderChoice>(choice));
}

// 0 MegaDetector JSON, 1 CSV, 2 COCO Camera Traps. Flags: 1 keeps unrounded numbers in the
// MegaDetector JSON; 2 writes all candidates (as Export → All candidates), 4 applies the
// thresholds (the default), otherwise the Export menu's choice. Returns malloc'd text (the
// caller frees), or null with wl_app_text() holding why.
EMSCRIPTEN_KEEPALIVE char* wl_app_export(int kind, int flags) {
  wl::app::App* app = wl::web::app_instance();
  if (!app) { g_text = "the app has not started"; return nullptr; }
  const bool was_all = app->export_all_candidates();
  if (flags & 2) app->set_export_all_candidates(true);
  if (flags & 4) app->set_export_all_candidates(false);
  char* out = nullptr;
  if (kind == 1) {
    out = to_malloced(app->export_csv());
  } else {
    auto text = kind == 2 ? app->export_coco() : app->export_md_json((flags & 1) != 0);
    if (text) out = to_malloced(*text);
    else g_text = text.error().message;
  }
  app->set_export_all_candidates(was_all);
  return out;
}

// A reviewer's decision on one detection: state 0 unreviewed, 1 accepted, 2 rejected,
// 3 relabelled to `category` (a detection category id). Returns 0, or 1 with wl_app_text().
EMSCRIPTEN_KEEPALIVE int wl_app_review(int image, int detection, int state, const char* category) {
  wl::app::App* app = wl::web::app_instance();
  if (!app) { g_text = "the app has not started"; return 1; }
  const auto& images = app->batch().images();
  if (image < 0 || image >= static_cast<int>(images.size()) ||
      images[static_cast<std::size_t>(image)].status != wl::app::ImageStatus::Done) {
    g_text = "no finished image at index " + std::to_string(image);
    return 1;
  }
  const auto& dets = images[static_cast<std::size_t>(image)].record.detections;
  if (detection < 0 || detection >= static_cast<int>(dets.size())) {
    g_text = "image " + std::to_string(image) + " has no detection " + std::to_string(detection);
    return 1;
  }
  if (state < 0 || state > 3) { g_text = "unknown review state"; return 1; }
  const std::string cat = category ? category : "";
  if (state == 3 && !app->batch().detection_categories().count(cat)) {
    g_text = "\"" + cat + "\" is not a detection category of this run";
    return 1;
  }
  app->review_detection(static_cast<std::size_t>(image), static_cast<std::size_t>(detection),
                        {static_cast<wl::ReviewState>(state), state == 3 ? cat : std::string()});
  return 0;
}

// The gallery's filter and sort from JSON (docs/automation-api.md); members left out keep
// their value. Returns 0, or 1 with wl_app_text().
EMSCRIPTEN_KEEPALIVE int wl_app_set_gallery(const char* json_text) {
  wl::app::App* app = wl::web::app_instance();
  if (!app) { g_text = "the app has not started"; return 1; }
  const auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_object()) { g_text = "the gallery settings are not a JSON object"; return 1; }
  wl::ImageFilter& f = app->gallery().filter();
  wl::ImageSort& s = app->gallery().sort();
  try {
    if (j.contains("show")) {
      static const std::pair<const char*, unsigned> kFlags[] = {
          {"animal", wl::kShowAnimal}, {"person", wl::kShowPerson}, {"vehicle", wl::kShowVehicle},
          {"other", wl::kShowOther},   {"empty", wl::kShowEmpty},   {"failed", wl::kShowFailed}};
      f.show = 0;
      for (const auto& name : j["show"]) {
        bool known = false;
        for (const auto& [n, bit] : kFlags) if (name == n) { f.show |= bit; known = true; }
        if (!known) { g_text = "unknown gallery show flag " + name.dump(); return 1; }
      }
    }
    if (j.contains("minConf")) f.min_conf = j["minConf"].get<double>();
    if (j.contains("maxConf")) f.max_conf = j["maxConf"].get<double>();
    if (j.contains("text")) app->gallery().set_text(j["text"].get<std::string>());
    if (j.contains("review")) {
      static const char* kReview[] = {"any", "reviewed", "notReviewed", "corrected"};
      const std::string r = j["review"].get<std::string>();
      int found = -1;
      for (int i = 0; i < 4; ++i) if (r == kReview[i]) found = i;
      if (found < 0) { g_text = "unknown review filter " + r; return 1; }
      f.review = static_cast<wl::ReviewFilter>(found);
    }
    if (j.contains("sort")) {
      static const char* kSort[] = {"added", "name", "time", "confidence"};
      const std::string k = j["sort"].get<std::string>();
      int found = -1;
      for (int i = 0; i < 4; ++i) if (k == kSort[i]) found = i;
      if (found < 0) { g_text = "unknown sort key " + k; return 1; }
      s.key = static_cast<wl::SortKey>(found);
    }
    if (j.contains("descending")) s.descending = j["descending"].get<bool>();
  } catch (const nlohmann::json::exception& e) {
    g_text = std::string("bad gallery settings: ") + e.what();
    return 1;
  }
  return 0;
}

// 0 gallery, 1 list, 2 summary.
EMSCRIPTEN_KEEPALIVE void wl_app_show_tab(int tab) {
  if (wl::app::App* app = wl::web::app_instance(); app && tab >= 0 && tab <= 2)
    app->show_tab(static_cast<wl::app::LeftTab>(tab));
}

// Imports MegaDetector results; 0 on success, 1 with wl_app_text() saying why not.
EMSCRIPTEN_KEEPALIVE int wl_app_import_results(const std::uint8_t* bytes, int size, const char* name) {
  wl::app::App* app = wl::web::app_instance();
  if (!app) { g_text = "the app has not started"; return 1; }
  auto done = app->import_results(std::span<const std::uint8_t>(bytes, static_cast<std::size_t>(size)), name);
  if (!done) { g_text = done.error().message; return 1; }
  return 0;
}

// The stored batch offered at start: 1 resume, 2 discard (as the dialog's buttons).
EMSCRIPTEN_KEEPALIVE void wl_app_session_command(int command) {
  wl::app::App* app = wl::web::app_instance();
  if (!app) return;
  if (command == 1) app->session().resume();
  if (command == 2) app->session().discard();
}

EMSCRIPTEN_KEEPALIVE const char* wl_app_text() { return g_text.c_str(); }

}  // extern "C"
