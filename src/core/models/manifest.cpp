#include "core/models/manifest.h"

#include <nlohmann/json.hpp>
#include <set>

namespace wl {
namespace {

using nlohmann::json;

// Thrown inside this file only, caught at the public functions and turned into an Error: it
// keeps every field check to one line.
struct BadEntry {
  std::string message;
};

class EntryReader {
 public:
  explicit EntryReader(std::string id) : id_(std::move(id)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw BadEntry{"Model entry '" + id_ + "': '" + field + "' " + what + "."};
  }

  const json* find(const json& obj, const std::string& key) const {
    auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
  }

  std::string string(const json& obj, const std::string& key, const std::string& path, bool required) const {
    const json* v = find(obj, key);
    if (!v) {
      if (required) fail(path, "is missing");
      return {};
    }
    if (!v->is_string()) fail(path, "must be a string");
    return v->get<std::string>();
  }

  double number(const json& obj, const std::string& key, const std::string& path, double fallback, double lo,
                double hi) const {
    const json* v = find(obj, key);
    if (!v) return fallback;
    if (!v->is_number()) fail(path, "must be a number");
    double d = v->get<double>();
    if (d < lo || d > hi) fail(path, "must be between " + trim(lo) + " and " + trim(hi) + " (it is " + trim(d) + ")");
    return d;
  }

  static std::string trim(double d) {
    std::string s = std::to_string(d);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }

  template <class E>
  E choice(const json& obj, const std::string& key, const std::string& path,
           std::initializer_list<std::pair<const char*, E>> options, std::optional<E> fallback) const {
    const json* v = find(obj, key);
    std::string allowed;
    for (const auto& [name, value] : options) allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    if (!v) {
      if (fallback) return *fallback;
      fail(path, "is missing (one of: " + allowed + ")");
    }
    if (v->is_string())
      for (const auto& [name, value] : options)
        if (v->get<std::string>() == name) return value;
    fail(path, "must be one of: " + allowed);
  }

 private:
  std::string id_;
};

std::optional<MdCategory> md_from_string(const std::string& s) {
  if (s == "animal") return MdCategory::Animal;
  if (s == "person") return MdCategory::Person;
  if (s == "vehicle") return MdCategory::Vehicle;
  return std::nullopt;
}

bool is_hex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

ModelEntry parse_entry(const json& j) {
  if (!j.is_object()) throw BadEntry{"A model entry must be a JSON object."};
  std::string id = j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>() : std::string("(no id)");
  EntryReader r(id);
  ModelEntry e;
  e.id = r.string(j, "id", "id", true);
  if (e.id.empty()) r.fail("id", "must not be empty");
  e.name = r.string(j, "name", "name", false);
  if (e.name.empty()) e.name = e.id;
  e.task = r.choice<ModelTask>(j, "task", "task", {{"detector", ModelTask::Detector}, {"classifier", ModelTask::Classifier}},
                               std::nullopt);
  e.family = r.string(j, "family", "family", true);
  if (e.task == ModelTask::Detector) {
    // Absent for published models whose ONNX output layout nobody has recorded yet; such an
    // entry documents the model, and running it is refused with the entry's notes.
    e.layout = r.choice<DetectorLayout>(j, "layout", "layout",
                                        {{"yolov5", DetectorLayout::YoloV5},
                                         {"yolov8", DetectorLayout::YoloV8},
                                         {"yolov10", DetectorLayout::YoloV10},
                                         {"rtdetr", DetectorLayout::RtDetr},
                                         {"detr_triple", DetectorLayout::DetrTriple},
                                         {"yolo_mit", DetectorLayout::YoloMit},
                                         {"rtdetr_topk", DetectorLayout::RtDetrTopk}},
                                        DetectorLayout::None);
  } else if (r.find(j, "layout")) {
    r.fail("layout", "is only meaningful for detectors");
  }

  // input
  const json* in = r.find(j, "input");
  if (!in || !in->is_object()) r.fail("input", "is missing (an object with sizes, resize, ...)");
  const json* sizes = r.find(*in, "sizes");
  if (!sizes || !sizes->is_array() || sizes->empty()) r.fail("input.sizes", "must be a non-empty list of sizes in pixels");
  e.stride = static_cast<int>(r.number(*in, "stride", "input.stride", 32, 1, 256));
  for (const auto& s : *sizes) {
    if (!s.is_number_integer() || s.get<int>() <= 0 || s.get<int>() > 8192)
      r.fail("input.sizes", "must hold whole numbers of pixels between 1 and 8192");
    if (e.task == ModelTask::Detector && s.get<int>() % e.stride != 0)
      r.fail("input.sizes", "must be multiples of the stride (" + std::to_string(e.stride) + ")");
    e.input_sizes.push_back(s.get<int>());
  }
  const json* dyn = r.find(*in, "dynamic_hw");
  if (dyn && !dyn->is_boolean()) r.fail("input.dynamic_hw", "must be true or false");
  e.dynamic_hw = dyn && dyn->get<bool>();
  e.resize = r.choice<ResizeMode>(*in, "resize", "input.resize",
                                  {{"letterbox", ResizeMode::Letterbox},
                                   {"letterbox_stride", ResizeMode::LetterboxStride},
                                   {"stretch", ResizeMode::Stretch}},
                                  e.task == ModelTask::Detector ? std::optional(ResizeMode::Letterbox)
                                                                : std::optional(ResizeMode::Stretch));
  if (e.resize == ResizeMode::LetterboxStride && !e.dynamic_hw)
    r.fail("input.resize", "is letterbox_stride, which needs a model with dynamic H/W (input.dynamic_hw: true)");
  e.pad_value = static_cast<int>(r.number(*in, "pad_value", "input.pad_value", 114, 0, 255));
  e.bgr = r.choice<bool>(*in, "channel_order", "input.channel_order", {{"rgb", false}, {"bgr", true}}, false);
  e.size_input = r.string(*in, "size_input", "input.size_input", false);
  if (!e.size_input.empty() && e.task != ModelTask::Detector)
    r.fail("input.size_input", "is only meaningful for detectors");
  e.rescale = r.choice<BoxRescale>(*in, "box_rescale", "input.box_rescale",
                                   {{"yolov5", BoxRescale::YoloV5}, {"ultralytics", BoxRescale::Ultralytics}},
                                   BoxRescale::YoloV5);
  for (const char* key : {"mean", "std"}) {
    const json* v = r.find(*in, key);
    if (!v) continue;
    std::string path = std::string("input.") + key;
    if (!v->is_array() || v->size() != 3) r.fail(path, "must be a list of 3 numbers (R, G, B)");
    for (int c = 0; c < 3; ++c) {
      if (!(*v)[c].is_number()) r.fail(path, "must be a list of 3 numbers (R, G, B)");
      float f = (*v)[c].get<float>();
      if (key[0] == 's' && f <= 0) r.fail(path, "must be positive");
      (key[0] == 'm' ? e.mean : e.std)[c] = f;
    }
  }

  // classes
  const json* classes = r.find(j, "classes");
  if (!classes || !classes->is_array() || classes->empty()) r.fail("classes", "must be a non-empty list of class names");
  for (const auto& c : *classes) {
    if (!c.is_string() || c.get<std::string>().empty()) r.fail("classes", "must hold non-empty strings");
    e.class_names.push_back(c.get<std::string>());
  }
  if (const json* map = r.find(j, "md_category")) {
    if (!map->is_array() || map->size() != e.class_names.size())
      r.fail("md_category", "must list one entry per class (" + std::to_string(e.class_names.size()) +
                                "): \"animal\", \"person\", \"vehicle\" or null to drop the class");
    for (const auto& c : *map) {
      if (c.is_null()) {
        e.md_category.push_back(std::nullopt);
        continue;
      }
      auto m = c.is_string() ? md_from_string(c.get<std::string>()) : std::nullopt;
      if (!m) r.fail("md_category", "holds something other than \"animal\", \"person\", \"vehicle\" or null");
      e.md_category.push_back(m);
    }
  }

  if (e.task == ModelTask::Classifier) {
    e.scores = r.choice<ClassifierScores>(j, "scores", "scores",
                                          {{"logits", ClassifierScores::Logits},
                                           {"probabilities", ClassifierScores::Probabilities},
                                           {"sigmoid", ClassifierScores::Sigmoid}},
                                          ClassifierScores::Logits);
  } else if (r.find(j, "scores")) {
    r.fail("scores", "is only meaningful for classifiers");
  }

  // thresholds
  if (const json* t = r.find(j, "thresholds")) {
    if (!t->is_object()) r.fail("thresholds", "must be an object");
    auto& th = e.thresholds;
    th.typical = static_cast<float>(r.number(*t, "typical", "thresholds.typical", th.typical, 0, 1));
    th.conservative = static_cast<float>(r.number(*t, "conservative", "thresholds.conservative", th.conservative, 0, 1));
    th.candidate = static_cast<float>(r.number(*t, "candidate", "thresholds.candidate", th.candidate, 0, 1));
    th.nms_iou = static_cast<float>(r.number(*t, "nms_iou", "thresholds.nms_iou", th.nms_iou, 0, 1));
    th.max_det = static_cast<int>(r.number(*t, "max_det", "thresholds.max_det", th.max_det, 1, 100000));
    if (const json* a = r.find(*t, "agnostic_nms")) {
      if (!a->is_boolean()) r.fail("thresholds.agnostic_nms", "must be true or false");
      th.agnostic_nms = a->get<bool>();
    }
    if (th.conservative > th.typical) r.fail("thresholds.conservative", "must not be above thresholds.typical");
  }

  // provenance
  e.licence = r.string(j, "licence", "licence", true);
  e.source_url = r.string(j, "source_url", "source_url", false);
  e.notes = r.string(j, "notes", "notes", false);
  if (const json* files = r.find(j, "weights")) {
    if (!files->is_array()) r.fail("weights", "must be a list of files");
    for (const auto& f : *files) {
      if (!f.is_object()) r.fail("weights", "must hold objects with format and url");
      WeightFile w;
      w.format = r.string(f, "format", "weights[].format", true);
      w.url = r.string(f, "url", "weights[].url", false);
      w.path = r.string(f, "path", "weights[].path", false);
      if (w.url.empty() == w.path.empty()) r.fail("weights[]", "needs exactly one of url (a download) or path (a local file)");
      if (!w.url.empty() && w.url.rfind("https://", 0) != 0 && w.url.rfind("http://", 0) != 0)
        r.fail("weights[].url", "must be an http(s) address (it is \"" + w.url + "\")");
      if (const json* b = r.find(f, "bytes")) {
        if (!b->is_number_integer() || b->get<std::int64_t>() <= 0) r.fail("weights[].bytes", "must be a positive whole number");
        w.bytes = b->get<std::int64_t>();
      }
      std::string sha = r.string(f, "sha256", "weights[].sha256", false);
      if (!sha.empty() && sha != "unknown") {
        if (!is_hex64(sha)) r.fail("weights[].sha256", "must be 64 lowercase hex digits or \"unknown\"");
        w.sha256 = sha;
      }
      e.weights.push_back(std::move(w));
    }
  }
  return e;
}

template <class T>
Result<T> guarded(const std::string& text, T (*body)(const json&)) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded())
    return make_error(ErrorCode::InvalidArgument, "The model configuration is not valid JSON. Check for a missing comma or quote.");
  try {
    return body(j);
  } catch (const BadEntry& e) {
    return make_error(ErrorCode::InvalidArgument, e.message);
  } catch (const json::exception& e) {
    return make_error(ErrorCode::InvalidArgument, std::string("The model configuration has a field of the wrong type: ") + e.what());
  }
}

ModelEntry entry_body(const json& j) { return parse_entry(j); }

std::vector<ModelEntry> zoo_body(const json& j) {
  if (!j.is_object() || !j.contains("models") || !j["models"].is_array())
    throw BadEntry{"A model zoo file must be an object with a \"models\" list."};
  if (!j.contains("schema") || j["schema"] != 1)
    throw BadEntry{"This model zoo file is for another version of the app (expected \"schema\": 1)."};
  std::vector<ModelEntry> out;
  std::set<std::string> ids;
  for (const auto& m : j["models"]) {
    out.push_back(parse_entry(m));
    if (!ids.insert(out.back().id).second) throw BadEntry{"Model id '" + out.back().id + "' appears twice in the zoo."};
  }
  return out;
}

}  // namespace

bool ModelEntry::has_onnx() const {
  for (const auto& w : weights)
    if (w.format == "onnx") return true;
  return false;
}

const char* to_string(DetectorLayout layout) {
  switch (layout) {
    case DetectorLayout::YoloV5: return "yolov5";
    case DetectorLayout::YoloV8: return "yolov8";
    case DetectorLayout::YoloV10: return "yolov10";
    case DetectorLayout::RtDetr: return "rtdetr";
    case DetectorLayout::DetrTriple: return "detr_triple";
    case DetectorLayout::YoloMit: return "yolo_mit";
    case DetectorLayout::RtDetrTopk: return "rtdetr_topk";
    case DetectorLayout::None: break;
  }
  return "none";
}

const char* to_string(MdCategory category) {
  switch (category) {
    case MdCategory::Animal: return "animal";
    case MdCategory::Person: return "person";
    case MdCategory::Vehicle: return "vehicle";
  }
  return "animal";
}

Result<ModelEntry> parse_model_entry(const std::string& json_text) { return guarded<ModelEntry>(json_text, entry_body); }

Result<std::vector<ModelEntry>> parse_model_zoo(const std::string& json_text) {
  return guarded<std::vector<ModelEntry>>(json_text, zoo_body);
}

}  // namespace wl
