#include "core/models/sparrow_manifest.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <toml++/toml.h>
#include <utility>

namespace wl {
namespace {

// Thrown inside this file only and turned into an Error at parse_sparrow_manifest: it keeps
// every field check to one line. UnsupportedFormat = a valid manifest this app cannot run;
// InvalidArgument = a manifest SPARROW-Engine itself would reject.
struct BadManifest {
  ErrorCode code;
  std::string message;
};

const std::string kPrefix = "The package's manifest ";

[[noreturn]] void invalid(const std::string& what) { throw BadManifest{ErrorCode::InvalidArgument, kPrefix + what}; }
[[noreturn]] void refuse(const std::string& what) { throw BadManifest{ErrorCode::UnsupportedFormat, what}; }

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// A number as people write it: 0.447, 114, 0.25 (no std::to_chars for floats in Emscripten 3.1.6).
std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// One [section] of the manifest, naming itself and the key in every error.
class Section {
 public:
  Section(const toml::table& root, std::string name, bool required) : name_(std::move(name)) {
    const toml::node* n = root.get(name_);
    if (!n) {
      if (required) invalid("has no [" + name_ + "] section.");
      return;
    }
    t_ = n->as_table();
    if (!t_) invalid("gives " + name_ + " as a value; [" + name_ + "] must be a section (a table).");
  }

  bool present() const { return t_ != nullptr; }
  std::string field(std::string_view key) const { return "[" + name_ + "] " + std::string(key); }
  const toml::node* get(std::string_view key) const { return t_ ? t_->get(key) : nullptr; }

  [[noreturn]] void wrong_type(std::string_view key, const std::string& expected) const {
    invalid("gives " + field(key) + " the wrong type: it must be " + expected + ".");
  }

  std::string string(std::string_view key, bool required) const {
    const toml::node* n = get(key);
    if (!n) {
      if (required) invalid("has no " + field(key) + ".");
      return {};
    }
    if (const auto* s = n->as_string()) return s->get();
    wrong_type(key, "a string");
  }

  // Integers count as numbers, as serde reads them into the engine's f32 fields.
  std::optional<double> number(std::string_view key) const {
    const toml::node* n = get(key);
    if (!n) return std::nullopt;
    if (const auto* f = n->as_floating_point()) return f->get();
    if (const auto* i = n->as_integer()) return static_cast<double>(i->get());
    wrong_type(key, "a number");
  }

  // A fraction between 0 and 1, as every threshold of the manifest is.
  std::optional<double> fraction(std::string_view key) const {
    auto v = number(key);
    if (v && !(std::isfinite(*v) && *v >= 0.0 && *v <= 1.0))
      invalid("gives " + field(key) + " = " + number_text(*v) + "; it must be between 0 and 1.");
    return v;
  }

  std::optional<std::int64_t> integer(std::string_view key) const {
    const toml::node* n = get(key);
    if (!n) return std::nullopt;
    if (const auto* i = n->as_integer()) return i->get();
    wrong_type(key, "a whole number");
  }

  std::optional<bool> boolean(std::string_view key) const {
    const toml::node* n = get(key);
    if (!n) return std::nullopt;
    if (const auto* b = n->as_boolean()) return b->get();
    wrong_type(key, "true or false");
  }

  // [a, b] of positive whole numbers (input_size, resize_size).
  std::optional<std::array<std::int64_t, 2>> pair(std::string_view key) const {
    const toml::node* n = get(key);
    if (!n) return std::nullopt;
    const auto* arr = n->as_array();
    if (!arr || arr->size() != 2 || !(*arr)[0].is_integer() || !(*arr)[1].is_integer())
      wrong_type(key, "two whole numbers, [width, height]");
    std::array<std::int64_t, 2> v{(*arr)[0].as_integer()->get(), (*arr)[1].as_integer()->get()};
    if (v[0] <= 0 || v[1] <= 0 || v[0] > 8192 || v[1] > 8192)
      invalid("gives " + field(key) + " = [" + std::to_string(v[0]) + ", " + std::to_string(v[1]) +
              "]; each side must be between 1 and 8192 pixels.");
    return v;
  }

  // A list of strings; a single string counts as a list of one.
  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* n = get(key);
    if (!n) return out;
    if (const auto* s = n->as_string()) return {s->get()};
    const auto* arr = n->as_array();
    if (!arr) wrong_type(key, "a list of strings");
    for (const toml::node& item : *arr) {
      const auto* s = item.as_string();
      if (!s) wrong_type(key, "a list of strings");
      out.push_back(s->get());
    }
    return out;
  }

 private:
  std::string name_;
  const toml::table* t_ = nullptr;
};

// Paths stay inside the package, as the engine's reject_unsafe_path demands.
void check_path(const Section& s, std::string_view key, const std::string& path) {
  if (path.empty()) invalid("gives an empty " + s.field(key) + ".");
  bool escapes = path.front() == '/' || path.front() == '\\' || (path.size() > 1 && path[1] == ':');
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find_first_of("/\\", start);
    if (end == std::string::npos) end = path.size();
    if (path.compare(start, end - start, "..") == 0) escapes = true;
    start = end + 1;
  }
  if (escapes) invalid("gives " + s.field(key) + " = " + quoted(path) + ", which points outside the package's folder.");
}

std::string lower_hex64(const std::string& s) {
  if (s.size() != 64) return {};
  std::string out;
  for (char c : s) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!((l >= '0' && l <= '9') || (l >= 'a' && l <= 'f'))) return {};
    out += l;
  }
  return out;
}

enum class Norm { Unit, Imagenet, None };

// SPARROW pads the letterbox with pad_value in the tensor's scale after normalisation (the
// default 114/255 is grey 114 under unit normalisation); this app pads with one whole pixel
// value before normalising. Returns that value, or refuses where no single one gives the tensor
// the manifest asks for.
int pad_pixel(const Section& pre, double pad, Norm norm, const ModelEntry& e) {
  std::array<double, 3> px{};
  for (std::size_t c = 0; c < 3; ++c) {
    switch (norm) {
      case Norm::Unit: px[c] = pad * 255.0; break;
      case Norm::None: px[c] = pad; break;
      case Norm::Imagenet: px[c] = (pad * static_cast<double>(e.std[c]) + static_cast<double>(e.mean[c])) * 255.0; break;
    }
  }
  const std::string given = pre.field("pad_value") + " = " + number_text(pad);
  std::array<long, 3> r{};
  for (std::size_t c = 0; c < 3; ++c) {
    if (!std::isfinite(px[c]) || px[c] < -0.5 || px[c] >= 255.5)
      invalid("gives " + given + ", which is outside the range of pixel values (it is in the tensor's scale after "
              "normalisation: 0.447 is grey 114 under unit normalisation).");
    r[c] = std::lround(px[c]);
  }
  if (r[0] != r[1] || r[1] != r[2])
    refuse(given + " with imagenet normalisation pads each channel with a different grey (" + std::to_string(r[0]) +
           ", " + std::to_string(r[1]) + ", " + std::to_string(r[2]) +
           "); this app letterboxes with one grey for all three channels.");
  return static_cast<int>(r[0]);
}

// [preprocessing] method = "resize_crop" is a plain stretch when it cuts nothing: no square cut
// before the resize, and an exact resize to input_size (its centre crop to input_size is then a
// no-op). Every other form is refused, naming the field that makes it one.
void check_resize_crop(const Section& pre, std::int64_t size) {
  const std::string method = pre.field("method") + " = \"resize_crop\"";
  const std::string mode = pre.string("resize_mode", false);
  if (!mode.empty() && mode != "exact" && mode != "shorter_side")
    invalid("gives " + pre.field("resize_mode") + " = " + quoted(mode) + ", which SPARROW does not define (exact, shorter_side).");
  auto later = [&](const std::string& why) {
    refuse(method + " with " + why + " is a resize-and-crop this app cannot do yet; it only stretches the image to the input size.");
  };
  if (pre.boolean("pre_crop_square").value_or(false)) later(pre.field("pre_crop_square") + " = true (a centre square cut before the resize)");
  if (mode == "shorter_side") later(pre.field("resize_mode") + " = \"shorter_side\"");
  if (auto rs = pre.pair("resize_size"); rs && ((*rs)[0] != size || (*rs)[1] != size))
    later(pre.field("resize_size") + " = [" + std::to_string((*rs)[0]) + ", " + std::to_string((*rs)[1]) +
          "] (not the input size, then a crop)");
}

// Leaves the pad (which needs the task's checks first, for the clearer refusal) to the caller.
void read_preprocessing(const Section& pre, ModelEntry& e, std::string& method, std::string& notes_extra,
                        std::optional<double>& pad, Norm& pad_norm) {
  method = pre.string("method", true);
  const std::string given = pre.field("method") + " = " + quoted(method);
  if (method == "mel_spectrogram" || method == "raw_audio") refuse(given + " is for audio models; this app reads images.");
  if (method == "resize_min_max")
    refuse(given + " (torchvision's shorter/longer-side resize, for RetinaNet-style detectors) is not a preprocessing this "
                   "app can do yet.");
  if (method != "letterbox" && method != "resize" && method != "resize_crop")
    invalid("gives " + given + ", which SPARROW does not define (letterbox, resize, resize_min_max, resize_crop, "
                               "mel_spectrogram, raw_audio).");

  auto size = pre.pair("input_size");
  if (!size) invalid("has no " + pre.field("input_size") + " ([width, height] in pixels).");
  if ((*size)[0] != (*size)[1])
    refuse(pre.field("input_size") + " = [" + std::to_string((*size)[0]) + ", " + std::to_string((*size)[1]) +
           "] is not square; this app runs models on square inputs only.");
  const std::int64_t s = (*size)[0];
  e.input_sizes = {static_cast<int>(s)};
  e.stride = s % 32 == 0 ? 32 : 1;  // only checked against the size; no letterbox here pads to a stride
  e.resize = method == "letterbox" ? ResizeMode::Letterbox : ResizeMode::Stretch;
  if (method == "resize_crop") check_resize_crop(pre, s);

  const std::string layout = pre.string("layout", true);
  if (layout == "nhwc")
    refuse(pre.field("layout") + " = \"nhwc\" asks for channels-last tensors; this app feeds ONNX models NCHW tensors "
                                 "(SPARROW allows NHWC only for TFLite models).");
  if (layout != "nchw") invalid("gives " + pre.field("layout") + " = " + quoted(layout) + ", which SPARROW does not define (nchw, nhwc).");

  const std::string norm_name = pre.string("normalization", true);
  Norm norm = Norm::Unit;
  if (norm_name == "unit") {
    norm = Norm::Unit;
  } else if (norm_name == "imagenet") {
    norm = Norm::Imagenet;
    e.mean = {0.485f, 0.456f, 0.406f};
    e.std = {0.229f, 0.224f, 0.225f};
  } else if (norm_name == "none") {
    norm = Norm::None;  // raw 0..255: (pixel / 255) / (1 / 255)
    e.std = {1.0f / 255.0f, 1.0f / 255.0f, 1.0f / 255.0f};
  } else {
    invalid("gives " + pre.field("normalization") + " = " + quoted(norm_name) + ", which SPARROW does not define (unit, imagenet, none).");
  }

  const std::string order = pre.string("channel_order", false);
  if (order == "bgr") e.bgr = true;
  else if (!order.empty() && order != "rgb")
    invalid("gives " + pre.field("channel_order") + " = " + quoted(order) + ", which SPARROW does not define (rgb, bgr).");

  const std::string interp = pre.string("interpolation", false);
  if (interp == "bicubic" || interp == "lanczos")
    notes_extra = "The package asks for a " + interp + " resize; this app resizes bilinearly (results are close).";
  else if (!interp.empty() && interp != "bilinear" && interp != "cv2_bilinear")
    invalid("gives " + pre.field("interpolation") + " = " + quoted(interp) +
            ", which SPARROW does not define (bilinear, bicubic, lanczos, cv2_bilinear).");

  pad = pre.number("pad_value");
  pad_norm = norm;
}

void read_inference(const Section& inf, const Section& model, SparrowPackage& p) {
  const std::string strategy = inf.string("strategy", true);
  if (strategy == "tiled")
    refuse("The package's manifest asks for tiled inference (" + inf.field("strategy") +
           " = \"tiled\"), which this app cannot run yet.");
  if (strategy == "sliding_window")
    refuse("The package's manifest asks for sliding-window inference (" + inf.field("strategy") +
           " = \"sliding_window\"), which is for audio models; this app reads images.");
  if (strategy != "single")
    invalid("gives " + inf.field("strategy") + " = " + quoted(strategy) + ", which SPARROW does not define (single, tiled, sliding_window).");

  const std::string precision = inf.string("precision", false);
  if (precision == "fp16") {
    if (p.model_file_fp16.empty())
      invalid("sets " + inf.field("precision") + " = \"fp16\" but gives no " + model.field("file_fp16") + " (the half-precision model file).");
    p.prefers_fp16 = true;
  } else if (precision == "int8") {
    invalid("sets " + inf.field("precision") + " = \"int8\", which SPARROW allows only for TFLite models, not ONNX.");
  } else if (!precision.empty() && precision != "fp32") {
    invalid("gives " + inf.field("precision") + " = " + quoted(precision) + ", which SPARROW does not define (fp32, fp16, int8).");
  }
}

void read_postprocessing(const Section& post, const std::string& pre_method, ModelEntry& e) {
  const std::string method = post.string("method", true);
  const std::string given = post.field("method") + " = " + quoted(method);
  auto needs_pre = [&](const char* wanted) {
    if (pre_method != wanted)
      invalid("gives " + given + ", which needs [preprocessing] method = \"" + wanted + "\" (it says " + quoted(pre_method) + ").");
  };
  const auto conf = post.fraction("confidence_threshold");
  if (method == "yolo_e2e") {
    needs_pre("letterbox");
    e.task = ModelTask::Detector;
    e.layout = DetectorLayout::YoloV10;  // [N, 6] x1, y1, x2, y2, score, class in letterbox pixels
    e.rescale = BoxRescale::Ultralytics;
    e.family = "yolo-e2e";
  } else if (method == "megadet_v5a") {
    needs_pre("letterbox");
    e.task = ModelTask::Detector;
    e.layout = DetectorLayout::YoloV5;  // [N, 5 + C] raw YOLOv5 head; NMS here
    e.rescale = BoxRescale::YoloV5;
    e.family = "yolov5";
    e.thresholds.nms_iou = static_cast<float>(post.fraction("iou_threshold").value_or(0.45));
    if (e.input_sizes.front() % 64 == 0) e.stride = 64;  // MegaDetector v5 is a P6 (stride 64) YOLOv5
  } else if (method == "rtdetr_topk") {
    needs_pre("resize");
    e.task = ModelTask::Detector;
    e.layout = DetectorLayout::RtDetrTopk;
    e.family = "rtdetr";
    if (auto k = post.integer("topk")) {
      if (*k < 1 || *k > 100000) invalid("gives " + post.field("topk") + " = " + std::to_string(*k) + "; it must be between 1 and 100000.");
      e.thresholds.max_det = static_cast<int>(*k);
    }
  } else if (method == "softmax" || method == "sigmoid") {
    e.task = ModelTask::Classifier;
    e.layout = DetectorLayout::None;
    e.family = "classifier";
    e.scores = method == "softmax" ? ClassifierScores::Logits : ClassifierScores::Sigmoid;
    if (method == "sigmoid" && !conf) invalid("sets " + given + " but gives no " + post.field("confidence_threshold") + ".");
    if (e.resize != ResizeMode::Stretch)
      refuse("[preprocessing] method = \"letterbox\" for a classifier: this app stretches each crop to the classifier's input "
             "size, so it cannot letterbox them yet.");
  } else if (method == "embedding") {
    refuse("The package's model '" + e.id + "' is an encoder (embeddings); this app cannot use encoders yet (" + given + ").");
  } else if (method == "heatmap_peaks") {
    refuse(given + " (points found in a heatmap, as HerdNet counts animals) is not a model output this app can read yet.");
  } else if (method == "retinanet_soft_nms") {
    refuse(given + " (RetinaNet candidates with soft-NMS) is not a model output this app can read yet.");
  } else {
    invalid("gives " + given + ", which SPARROW does not define (yolo_e2e, megadet_v5a, rtdetr_topk, "
                               "retinanet_soft_nms, heatmap_peaks, softmax, sigmoid, embedding).");
  }
  if (conf) {
    // One threshold: it is the typical one, and conservative is half of it.
    e.thresholds.typical = static_cast<float>(*conf);
    e.thresholds.conservative = static_cast<float>(*conf / 2.0);
  }
}

SparrowPackage read_manifest(const toml::table& root) {
  if (root.get("pipeline"))
    refuse("The package's manifest describes a pipeline of several models ([pipeline]), not one model; this app opens "
           "the models of a pipeline one by one.");
  const Section model(root, "model", true), pre(root, "preprocessing", true), inf(root, "inference", true),
      post(root, "postprocessing", true), labels(root, "labels", false);
  SparrowPackage p;
  ModelEntry& e = p.entry;
  e.id = model.string("id", true);
  if (e.id.empty()) invalid("gives an empty " + model.field("id") + ".");
  e.name = e.id;
  const std::string format = model.string("format", true);
  if (format == "tflite")
    refuse(model.field("format") + " = \"tflite\" is a TensorFlow Lite model for phones; this app runs ONNX models.");
  if (format != "onnx")
    refuse(model.field("format") + " = " + quoted(format) + " is not a model format this app runs; it runs ONNX models.");
  p.model_file = model.string("file", true);
  check_path(model, "file", p.model_file);
  p.model_file_fp16 = model.string("file_fp16", false);
  if (model.get("file_fp16")) check_path(model, "file_fp16", p.model_file_fp16);

  WeightFile w;
  w.format = "onnx";
  w.path = p.model_file;
  w.sha256 = lower_hex64(model.string("onnx_sha256", false));
  if (w.sha256->empty()) w.sha256.reset();
  if (auto bytes = model.integer("onnx_size_bytes"); bytes && *bytes > 0) w.bytes = *bytes;
  e.weights.push_back(std::move(w));
  (void)model.strings("family");  // type-checked like the engine does; our family is the architecture

  std::string pre_method, interp_note;
  std::optional<double> pad;
  Norm norm = Norm::Unit;
  read_preprocessing(pre, e, pre_method, interp_note, pad, norm);
  read_inference(inf, model, p);
  read_postprocessing(post, pre_method, e);
  // The engine's default is grey 114 for letterbox (in the unit scale); other methods do not pad.
  if (pre_method == "letterbox") e.pad_value = pad_pixel(pre, pad.value_or(114.0 / 255.0), norm, e);

  if (labels.present()) {
    p.labels_file = labels.string("file", true);
    check_path(labels, "file", p.labels_file);
    p.labels_format = labels.string("format", true);
    if (p.labels_format != "one_per_line" && p.labels_format != "name_index_csv" && p.labels_format != "index_name_csv")
      invalid("gives " + labels.field("format") + " = " + quoted(p.labels_format) +
              ", which SPARROW does not define (one_per_line, name_index_csv, index_name_csv).");
  } else if (e.task == ModelTask::Classifier) {
    invalid("has no [labels] section; a classifier needs its labels file.");
  }

  e.notes = model.string("description", false);
  if (!interp_note.empty()) e.notes += (e.notes.empty() ? "" : " ") + interp_note;
  return p;
}

Error toml_error(const toml::parse_error& err) {
  const auto& b = err.source().begin;
  return make_error(ErrorCode::Corrupt, kPrefix + "is not valid TOML (line " + std::to_string(b.line) + ", column " +
                                            std::to_string(b.column) + "): " + std::string(err.description()) + ".");
}

}  // namespace

Result<SparrowPackage> parse_sparrow_manifest(std::string_view manifest_toml) {
  try {
#if TOML_EXCEPTIONS
    toml::table root;
    try {
      root = toml::parse(manifest_toml);
    } catch (const toml::parse_error& err) {
      return toml_error(err);
    }
#else
    toml::parse_result parsed = toml::parse(manifest_toml);
    if (!parsed) return toml_error(parsed.error());
    const toml::table& root = parsed.table();
#endif
    return read_manifest(root);
  } catch (const BadManifest& bad) {
    return make_error(bad.code, bad.message);
  }
}

}  // namespace wl
