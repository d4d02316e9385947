// The headless runner's wasm side: the detection pipeline (src/core/pipeline) on an ONNX
// Runtime session, driven one step at a time by runner/detect.mjs through these exported C
// functions. All decisions about an image live here; the JS side walks folders, reads files,
// awaits the runtime between polls and prints progress.
//
// Calls return 0 for "not yet", 1 for "done", 2 for "failed"; wl_runner_text() holds the
// message or JSON of the last call that produced one.
#include <emscripten.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/image/decode.h"
#include "core/models/manifest.h"
#include "core/models/manifest_writer.h"
#include "core/models/sparrow_catalog.h"
#include "core/models/zoo_offer.h"
#include "core/models/zoo_package.h"
#include "core/models/model_inputs.h"
#include "core/pipeline/batch_driver.h"
#include "core/pipeline/crop_batch.h"
#include "core/pipeline/inline_preparer.h"
#include "core/pipeline/detect_pipeline.h"
#include "core/pipeline/run_builder.h"
#include "core/results/md_json_writer.h"
#include "platform/inference.h"
#include "platform/js/ort_engine.h"
#include "platform/runner/runner_state.h"

using nlohmann::json;
using namespace wl;
using namespace wl::inference;
using namespace wl::runner;

namespace wl::runner {

std::unique_ptr<Runner> g_runner;
std::string g_text;

int fail(std::string message) {
  g_text = std::move(message);
  return 2;
}

}  // namespace wl::runner

namespace {

json tensor_json(const TensorInfo& t) { return {{"name", t.name}, {"type", to_string(t.type)}, {"shape", t.shape}}; }

// A static model input must match the size the pipeline will feed it.
std::optional<std::string> input_mismatch(const SessionInfo& info, const ModelEntry& entry, int size) {
  if (info.inputs.empty()) return "The model has no inputs.";
  if (auto fits = check_model_inputs(info.inputs, entry); !fits) return fits.error().message;
  const auto& shape = info.inputs.front().shape;
  if (shape.size() != 4) return "The model's input has " + std::to_string(shape.size()) + " dimensions; a detector takes 4 (1, 3, H, W).";
  if ((shape[2] > 0 && shape[2] != size) || (shape[3] > 0 && shape[3] != size))
    return "The model takes " + std::to_string(shape[3]) + "x" + std::to_string(shape[2]) + " images but the configuration asks for " +
           std::to_string(size) + "x" + std::to_string(size) + ". Fix input.sizes in the model configuration.";
  return std::nullopt;
}

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

json image_json(const ImageDetections& img, const RunTimings& run,
                const std::vector<std::vector<ClassScore>>* classes = nullptr) {
  json j = {{"file", img.file}, {"width", img.width}, {"height", img.height}};
  if (img.failure) j["failure"] = *img.failure;
  if (!img.warning.empty()) j["warning"] = img.warning;
  json dets = json::array();
  for (std::size_t i = 0; i < img.detections.size(); ++i) {
    const auto& d = img.detections[i];
    json dj = {{"class", d.class_id}, {"conf", d.confidence}, {"xyxy", {d.box.x1, d.box.y1, d.box.x2, d.box.y2}}};
    if (classes && i < classes->size() && !(*classes)[i].empty()) {
      json cj = json::array();
      for (const auto& c : (*classes)[i]) cj.push_back({c.class_id, c.prob});
      dj["classes"] = std::move(cj);
    }
    dets.push_back(std::move(dj));
  }
  j["detections"] = std::move(dets);
  j["timings"] = {{"decodeMs", img.timings.decode_ms},     {"preprocessMs", img.timings.preprocess_ms},
                  {"inferenceMs", img.timings.inference_ms}, {"postprocessMs", img.timings.postprocess_ms},
                  {"runMs", run.run_ms},                     {"copyInMs", run.copy_in_ms},
                  {"copyOutMs", run.copy_out_ms}};
  return j;
}

}  // namespace

namespace wl::runner {

// The driver, made at the first image (once both models are loaded and the input size is set).
BatchDriver& runner_driver(Runner& r) {
  if (!r.driver) {
    auto feed_classifier = r.classifier_engine ? r.classifier : std::nullopt;
    r.driver.emplace(std::move(*r.pipeline), *r.builder, std::move(feed_classifier), r.preparer, &now_ms);
    r.pipeline.reset();
  }
  return *r.driver;
}

}  // namespace wl::runner

namespace {

int queue_item(const char* file, int file_id) {
  Runner& r = *g_runner;
  runner_driver(r);
  r.queue.push_back(BatchItem{r.submitted++, file_id, file, std::nullopt});
  return 1;
}

}  // namespace

extern "C" {

// config: {"entry": {manifest entry}, "modelFile", "modelSha256", "threshold" (number or null),
//          "inputSize" (0 = default), "providers": [...], "threads", "fullPrecision"}
EMSCRIPTEN_KEEPALIVE int wl_runner_configure(const char* config_json) {
  json cfg = json::parse(config_json, nullptr, false);
  if (cfg.is_discarded() || !cfg.contains("entry")) return fail("internal: the runner configuration is not valid JSON");
  auto entry = parse_model_entry(cfg["entry"].dump());
  if (!entry) return fail(entry.error().message);
  PipelineOptions opts;
  opts.input_size = cfg.value("inputSize", 0);
  if (cfg.contains("threshold") && cfg["threshold"].is_number()) opts.threshold = cfg["threshold"].get<float>();
  std::optional<ModelEntry> classifier;
  ClassifierOptions copts;
  if (cfg.contains("classifier") && cfg["classifier"].is_object()) {
    auto centry = parse_model_entry(cfg["classifier"].dump());
    if (!centry) return fail(centry.error().message);
    if (centry->task != ModelTask::Classifier)
      return fail("'" + centry->id + "' is a detector; --classifier needs a species classifier.");
    copts.min_detection_conf = cfg.value("classifyThreshold", copts.min_detection_conf);
    copts.max_crops = cfg.value("maxCrops", copts.max_crops);
    classifier = std::move(*centry);
  }
  auto pipeline = DetectionPipeline::create(*entry, opts);
  if (!pipeline) return fail(pipeline.error().message);
  auto r = std::make_unique<Runner>();
  if (classifier) {
    r->classifier_file = cfg.value("classifierFile", "");
    r->classifier_entry = std::move(*classifier);
    r->classifier_options = copts;
  }
  r->entry = std::move(*entry);
  r->description = {cfg.value("modelFile", ""), cfg.value("modelSha256", ""), pipeline->input_size(), pipeline->threshold()};
  if (cfg.contains("providers")) r->session_options.providers = cfg["providers"].get<std::vector<std::string>>();
  r->session_options.threads = cfg.value("threads", 0);
  r->full_precision = cfg.value("fullPrecision", false);
  if (cfg.contains("video") && cfg["video"].is_object()) {
    const json& v = cfg["video"];
    FrameSampling fs;
    if (v.contains("everyNth")) {
      fs.mode = SampleMode::EveryNthFrame;
      fs.every_nth = v.value("everyNth", fs.every_nth);
    }
    fs.every_seconds = v.value("everySeconds", fs.every_seconds);
    fs.max_frames = v.value("maxFrames", fs.max_frames);
    r->sampling = sanitized(fs);
  }
  r->pipeline_options = opts;
  r->pipeline.emplace(std::move(*pipeline));
  r->builder = std::make_unique<RunBuilder>(r->entry, r->description);
  if (r->classifier_entry) r->builder->set_classifier(*r->classifier_entry, r->classifier_file);
  g_runner = std::move(r);
  g_text.clear();
  return 1;
}

EMSCRIPTEN_KEEPALIVE int wl_runner_load_model(const std::uint8_t* bytes, std::size_t length) {
  if (!g_runner) return fail("internal: configure the runner first");
  g_runner->engine.reset();
  g_runner->session.reset();
  g_runner->creating.emplace(Session::create(std::span(bytes, length), g_runner->session_options));
  return 1;
}

// 0: loading; 1: ready (text = session description JSON); 2: failed (text = why).
EMSCRIPTEN_KEEPALIVE int wl_runner_poll_model() {
  if (!g_runner || !g_runner->creating) return fail("internal: no model is loading");
  auto r = g_runner->creating->poll();
  if (!r) return 0;
  g_runner->creating.reset();
  if (!r->ok()) return fail(r->error().message);
  auto session = std::make_unique<Session>(std::move(r->value()));
  const SessionInfo& info = session->info();
  Runner& run = *g_runner;
  // An export with a fixed input size that the entry lists (e.g. a 640 export of a model the
  // zoo runs at 1280 by default): use that size, unless the caller asked for one.
  const auto& shape = info.inputs.empty() ? std::vector<std::int64_t>{} : info.inputs.front().shape;
  if (run.pipeline_options.input_size == 0 && shape.size() == 4 && shape[2] > 0 && shape[2] == shape[3] &&
      shape[2] != run.pipeline->input_size()) {
    const auto& sizes = run.entry.input_sizes;
    if (std::find(sizes.begin(), sizes.end(), static_cast<int>(shape[2])) != sizes.end()) {
      PipelineOptions opts = run.pipeline_options;
      opts.input_size = static_cast<int>(shape[2]);
      auto p = DetectionPipeline::create(run.entry, opts);
      if (!p) return fail(p.error().message);
      run.pipeline.emplace(std::move(*p));
      run.description.input_size = opts.input_size;
      run.builder = std::make_unique<RunBuilder>(run.entry, run.description);
      if (run.classifier_entry) run.builder->set_classifier(*run.classifier_entry, run.classifier_file);
    }
  }
  if (auto bad = input_mismatch(info, g_runner->entry, g_runner->pipeline->input_size())) return fail(*bad);
  json j = {{"provider", info.provider}, {"createMs", info.create_ms}, {"opset", info.model.opset()}};
  j["fallbacks"] = json::array();
  for (const auto& f : info.fallbacks) j["fallbacks"].push_back({{"provider", f.provider}, {"reason", f.reason}});
  j["inputs"] = json::array();
  for (const auto& t : info.inputs) j["inputs"].push_back(tensor_json(t));
  j["outputs"] = json::array();
  for (const auto& t : info.outputs) j["outputs"].push_back(tensor_json(t));
  j["inputSize"] = g_runner->pipeline->input_size();
  j["threshold"] = g_runner->pipeline->threshold();
  g_runner->session = std::move(session);
  g_runner->engine = std::make_unique<OrtEngine>(*g_runner->session);
  g_text = j.dump();
  return 1;
}

EMSCRIPTEN_KEEPALIVE int wl_runner_load_classifier(const std::uint8_t* bytes, std::size_t length) {
  if (!g_runner || !g_runner->classifier_entry) return fail("internal: no classifier was configured");
  g_runner->classifier_engine.reset();
  g_runner->classifier_session.reset();
  g_runner->creating_classifier.emplace(Session::create(std::span(bytes, length), g_runner->session_options));
  return 1;
}

// 0: loading; 1: ready (text = {"provider": ...}); 2: failed.
EMSCRIPTEN_KEEPALIVE int wl_runner_poll_classifier() {
  if (!g_runner || !g_runner->creating_classifier) return fail("internal: no classifier is loading");
  auto r = g_runner->creating_classifier->poll();
  if (!r) return 0;
  g_runner->creating_classifier.reset();
  if (!r->ok()) return fail("The classifier could not be loaded: " + r->error().message);
  auto session = std::make_unique<Session>(std::move(r->value()));
  auto setup = make_classifier_setup(*g_runner->classifier_entry, g_runner->entry, session->info().inputs,
                                     session->info().outputs, g_runner->classifier_options);
  if (!setup) return fail("Classifier: " + setup.error().message);
  g_text = json{{"provider", session->info().provider}, {"batched", setup->batched},
                {"cropSize", setup->crop.width}}.dump();
  g_runner->classifier = std::move(*setup);
  g_runner->classifier_session = std::move(session);
  g_runner->classifier_engine = std::make_unique<OrtEngine>(*g_runner->classifier_session);
  return 1;
}

// Queues one image from its file bytes; it is decoded when the driver starts it, which may be
// while the image before it is in the engine.
EMSCRIPTEN_KEEPALIVE int wl_runner_submit(const char* file, const std::uint8_t* bytes, std::size_t length) {
  if (!g_runner || !g_runner->engine) return fail("internal: the model is not loaded");
  return queue_item(file, g_runner->preparer.add_file(std::vector<std::uint8_t>(bytes, bytes + length)));
}

// Starts an image that is already the network input, given as image file bytes (e.g. a saved
// letterbox PNG), made from an upright image of orig_width x orig_height.
EMSCRIPTEN_KEEPALIVE int wl_runner_submit_prepared(const char* file, const std::uint8_t* bytes, std::size_t length,
                                                   int orig_width, int orig_height) {
  if (!g_runner || !g_runner->engine) return fail("internal: the model is not loaded");
  auto img = decode_image(std::span(bytes, length));
  if (!img) return fail(img.error().message);
  if (orig_width <= 0 || orig_height <= 0) return fail("the original image size must be positive");
  return queue_item(file, g_runner->preparer.add_network_input(std::move(img->image), orig_width, orig_height));
}

// A file the JS side could not read: listed as a failure, the batch goes on.
EMSCRIPTEN_KEEPALIVE int wl_runner_add_failure(const char* file, const char* message) {
  if (!g_runner) return fail("internal: configure the runner first");
  g_runner->builder->add_failure(file, message);
  return 1;
}

// 0: still running; 1: the oldest image finished (text = its JSON, with unrounded pixel
// boxes); 2: nothing is in flight.
EMSCRIPTEN_KEEPALIVE int wl_runner_poll_image() {
  if (!g_runner || !g_runner->engine) return fail("internal: the model is not loaded");
  Runner& r = *g_runner;
  if (r.finished.empty()) {
    if (!r.driver || (r.queue.empty() && r.driver->in_flight() == 0)) return fail("internal: no image is in flight");
    const BatchDriver::Feed feed = [&r]() -> std::optional<BatchItem> {
      if (r.queue.empty()) return std::nullopt;
      BatchItem item = std::move(r.queue.front());
      r.queue.pop_front();
      return item;
    };
    r.driver->step(feed, *r.engine, r.classifier_engine.get());
    for (DriverUpdate& u : r.driver->take_updates())
      if (u.kind == DriverUpdateKind::Finished && u.image) r.finished.push_back(std::move(*u.image));
    if (r.finished.empty()) return 0;
  }
  FinishedImage done = std::move(r.finished.front());
  r.finished.pop_front();
  bool clip_done = false;
  if (done.frame_number) {
    // A clip's frame: kept by its assembler; the clip's one record is added with its last frame.
    auto clip = r.clips.find(done.detections.file);
    if (clip != r.clips.end()) {
      clip->second.add(*done.frame_number, std::move(done.record));
      if (clip->second.complete()) {
        r.builder->add_record(clip->second.record(clip->first));
        r.clips.erase(clip);
        clip_done = true;
      }
    }
  } else {
    r.builder->add_record(std::move(done.record));
  }
  const bool classified = std::any_of(done.classes.begin(), done.classes.end(), [](const auto& c) { return !c.empty(); });
  json j = image_json(done.detections, r.engine->last_timings(), classified ? &done.classes : nullptr);
  j["crops"] = done.crops;
  j["tooSmall"] = done.too_small;
  j["timings"]["cropMs"] = done.classify.crop_ms;
  j["timings"]["classifyMs"] = done.classify.classify_ms;
  if (!done.classifier_problem.empty()) j["classifierProblem"] = done.classifier_problem;
  if (done.frame_number) {
    j["frame"] = *done.frame_number;
    j["clipDone"] = clip_done;
  }
  g_text = j.dump();
  return 1;
}

// Writes the MegaDetector JSON of everything so far (text = the file's contents).
EMSCRIPTEN_KEEPALIVE int wl_runner_finish(const char* completion_time) {
  if (!g_runner) return fail("internal: configure the runner first");
  RunResults run = g_runner->builder->results();
  run.detector.completion_time = completion_time;
  MdJsonWriteOptions opts;
  opts.exp.full_precision = g_runner->full_precision;
  auto text = write_md_json(run, opts);
  if (!text) return fail(text.error().message);
  g_text = std::move(*text);
  return 1;
}

// The SPARROW zoo for the runner (runner/detect.mjs --model <zoo id>): the catalogue entry of
// `id` as {"id","displayName","task","record","zip","license","offer","reason","linkUrl","base"},
// read by the same core code as the page.
EMSCRIPTEN_KEEPALIVE int wl_runner_zoo_lookup(const char* catalog_toml, const char* id) {
  auto catalog = parse_sparrow_catalog(catalog_toml);
  if (!catalog) return fail("the model zoo's catalogue is unusable: " + catalog.error().message);
  const CatalogEntry* e = catalog->find(id);
  if (!e) return fail("");  // not a zoo id: the caller says what it looked in
  const ZooOfferDecision offer = zoo_offer(*e);
  g_text = json{{"id", e->id},           {"displayName", e->display_name}, {"task", e->task},
                {"record", catalog->record}, {"zip", e->zip},             {"license", e->license},
                {"offer", to_string(offer.offer)}, {"reason", offer.reason}, {"linkUrl", e->link_url}}
               .dump();
  return 1;
}

// An unpacked package (sparrow-package.js) to the entry and model file to load:
// {"texts": {path: text}, "models": [{path, key, sha256, size}], "catalog": toml?, "id": zoo id?}
// -> {"entry": {...models/zoo.json entry...}, "file": {path, key, sha256}}.
EMSCRIPTEN_KEEPALIVE int wl_runner_package_entry(const char* request_json) {
  const json req = json::parse(request_json, nullptr, false);
  if (!req.is_object()) return fail("internal: the package request is not JSON");
  std::map<std::string, std::string> texts;
  if (req.contains("texts"))
    for (const auto& [k, v] : req["texts"].items()) if (v.is_string()) texts[k] = v.get<std::string>();
  std::vector<PackageModelFile> models;
  if (req.contains("models"))
    for (const auto& m : req["models"])
      models.push_back({m.value("path", std::string()), m.value("key", std::string()), m.value("sha256", std::string()),
                        m.value("size", std::int64_t{0})});
  std::optional<SparrowCatalog> catalog;
  const CatalogEntry* e = nullptr;
  if (req.contains("catalog") && req["catalog"].is_string()) {
    auto parsed = parse_sparrow_catalog(req["catalog"].get<std::string>());
    if (!parsed) return fail("the model zoo's catalogue is unusable: " + parsed.error().message);
    catalog = std::move(*parsed);
    e = catalog->find(req.value("id", std::string()));
  }
  auto choice = choose_package_model(texts, models, e, false);
  if (!choice) return fail(choice.error().message);
  g_text = json{{"entry", json::parse(write_model_entry(choice->entry))},
                {"file", {{"path", choice->file.path}, {"key", choice->file.key}, {"sha256", choice->file.sha256}}}}
               .dump();
  return 1;
}

// Classifies given boxes of one image with the batch driver's crops and scores, without the
// detector: the parity test's way to compare our crops with Pytorch-Wildlife's on the very
// same boxes. boxes_json: [[x1, y1, x2, y2], ...] in upright pixels. Then poll
// wl_runner_poll_boxes: 0 running, 1 done (text = [[[class, prob], ...] or null per box]), 2 failed.
namespace {
struct BoxJob {
  PreparedCrops crops;
  std::size_t next = 0;
  std::vector<json> out;
};
std::optional<BoxJob> g_boxes;

bool start_box_run() {
  BoxJob& b = *g_boxes;
  const ClassifierSetup& setup = *g_runner->classifier;
  const std::size_t per = crop_float_count(setup.crop);
  const std::int64_t shape[4] = {1, 3, setup.crop.height, setup.crop.width};
  return g_runner->classifier_engine->start(std::span<const float>(b.crops.tensor.data() + b.next * per, per), shape, {}).ok();
}
}  // namespace

EMSCRIPTEN_KEEPALIVE int wl_runner_classify_boxes(const std::uint8_t* bytes, std::size_t length, const char* boxes_json) {
  if (!g_runner || !g_runner->classifier_engine || !g_runner->classifier) return fail("internal: no classifier is loaded");
  auto img = decode_image(std::span(bytes, length));
  if (!img) return fail(img.error().message);
  const json boxes = json::parse(boxes_json, nullptr, false);
  if (!boxes.is_array()) return fail("internal: the boxes are not a JSON array");
  CropRequest request;
  request.spec = g_runner->classifier->crop;
  for (const auto& b : boxes) request.boxes.push_back({b.at(0).get<double>(), b.at(1).get<double>(), b.at(2).get<double>(), b.at(3).get<double>()});
  g_boxes.emplace();
  g_boxes->crops = cut_crops(img->image, request);
  g_boxes->out.assign(request.boxes.size(), nullptr);
  if (g_boxes->crops.failure) return fail(*g_boxes->crops.failure);
  if (!g_boxes->crops.cut.empty() && !start_box_run()) return fail("the classifier run could not start");
  return 1;
}

EMSCRIPTEN_KEEPALIVE int wl_runner_poll_boxes() {
  if (!g_boxes) return fail("internal: no boxes are being classified");
  BoxJob& b = *g_boxes;
  while (b.next < b.crops.cut.size()) {
    auto r = g_runner->classifier_engine->poll();
    if (!r) return 0;
    if (!r->ok() || r->value().empty()) return fail(r->ok() ? "the classifier gave no output" : r->error().message);
    auto top = crop_top_classes(r->value().front(), 1, *g_runner->classifier);
    if (!top) return fail(top.error().message);
    json list = json::array();
    for (const ClassScore& c : top->front()) list.push_back({c.class_id, c.prob});
    b.out[static_cast<std::size_t>(b.crops.cut[b.next])] = std::move(list);
    if (++b.next < b.crops.cut.size() && !start_box_run()) return fail("the classifier run could not start");
  }
  g_text = json(b.out).dump();
  g_boxes.reset();
  return 1;
}

EMSCRIPTEN_KEEPALIVE void wl_runner_release() { g_runner.reset(); }
EMSCRIPTEN_KEEPALIVE const char* wl_runner_text() { return g_text.c_str(); }
}
