#pragma once
// A model manifest entry: everything the app needs to run a model it did not train, read
// from models/zoo.json (the published models) or a user's --model-config file. It says how to
// prepare pixels (input size, letterbox, normalisation), how to read the outputs (family ->
// output layout, thresholds, NMS), what the classes mean (names, mapping to MegaDetector's
// animal/person/vehicle), and where the weights come from (licence, URLs, checksums).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace wl {

enum class ModelTask { Detector, Classifier };

// The output layout a detector's ONNX export produces.
enum class DetectorLayout {
  YoloV5,      // [1, N, 5 + C]: cx, cy, w, h, objectness, class scores (sigmoided)
  YoloV8,      // [1, 4 + C, N]: cx, cy, w, h, class scores (YOLOv8/v9, Ultralytics 8)
  YoloV10,     // [1, K, 6]: x1, y1, x2, y2, score, class (end-to-end, no NMS)
  RtDetr,      // [1, Q, 4 + C]: normalised cx, cy, w, h, class scores (no NMS)
  DetrTriple,  // labels [1, Q], boxes [1, Q, 4] xyxy, scores [1, Q] (RT-DETRv2 deploy export, no NMS)
  YoloMit,     // per stride: class logits, distance distribution, l/t/r/b distances (MIT YOLO export)
  RtDetrTopk,  // [1, K, 6]: normalised cx, cy, w, h, score, class (SPARROW's rtdetr_topk; no NMS)
  None,        // classifiers, and detectors whose ONNX layout is not known yet
};

// How pixels reach the network's input size.
enum class ResizeMode {
  Letterbox,        // keep aspect, pad to a square input (YOLOv5 / Ultralytics LetterBox auto=False)
  LetterboxStride,  // keep aspect, pad only to a multiple of the stride (auto=True)
  Stretch,          // resize to the input size ignoring aspect (classifiers, RT-DETR)
};

// How letterbox boxes go back to the original image. YOLOv5 subtracts the float pad
// (dw/2); Ultralytics subtracts the integer pad the letterbox actually used.
enum class BoxRescale { YoloV5, Ultralytics };

enum class MdCategory { Animal = 1, Person = 2, Vehicle = 3 };  // MegaDetector's "1"/"2"/"3"

// What a classifier's output holds: raw logits (softmax them), probabilities already, or one
// logit per class to pass through a sigmoid (a one-output model is "not class 0 / class 1").
enum class ClassifierScores { Logits, Probabilities, Sigmoid };

struct Thresholds {
  float typical = 0.2f;        // the confidence a user would normally review at
  float conservative = 0.1f;   // higher recall, more false positives
  float candidate = 0.005f;    // keep candidates above this before NMS (for recall-oriented output)
  float nms_iou = 0.45f;       // IoU above which a box suppresses another (YOLOv5 / v8 only)
  int max_det = 300;
  bool agnostic_nms = false;   // NMS across classes
};

struct WeightFile {
  std::string format;  // "onnx", "pytorch", ...
  std::string url;   // where to download it, or
  std::string path;  // a local file, relative to the manifest's folder or a known root (tests)
  std::optional<std::int64_t> bytes;
  std::optional<std::string> sha256;  // lowercase hex; nullopt = not known
};

struct ModelEntry {
  std::string id;    // stable key, e.g. "mdv5a", also accepted by scripts/detect --model
  std::string name;  // for people
  ModelTask task = ModelTask::Detector;
  std::string family;  // architecture, e.g. "yolov5", "yolov9", "rtdetr", "resnet50"
  DetectorLayout layout = DetectorLayout::None;

  // Preprocessing.
  std::vector<int> input_sizes;  // square sizes the model is meant for; first is the default
  bool dynamic_hw = false;       // the ONNX input takes any H/W (then input_sizes are defaults)
  ResizeMode resize = ResizeMode::Letterbox;
  int stride = 32;
  int pad_value = 114;
  BoxRescale rescale = BoxRescale::YoloV5;
  std::array<float, 3> mean{0, 0, 0};  // applied after scaling to [0,1]
  std::array<float, 3> std{1, 1, 1};
  bool bgr = false;  // feed the channels as B, G, R (SPARROW's channel_order = "bgr"); images stay RGB
  // The name of an int64 [1, 2] input fed the upright image's (width, height) beside the
  // pixels, as RT-DETRv2's `orig_target_sizes`; its graph then gives boxes in image pixels.
  // Empty for models that take only the image.
  std::string size_input;

  // Classes.
  std::vector<std::string> class_names;
  std::vector<std::optional<MdCategory>> md_category;  // per class; empty = not mapped, nullopt = dropped
  ClassifierScores scores = ClassifierScores::Logits;   // classifiers only

  Thresholds thresholds;

  // Provenance.
  std::string licence;
  std::string source_url;
  std::vector<WeightFile> weights;  // every published file we know of
  std::string notes;                // e.g. "only PyTorch weights are published"

  bool has_onnx() const;
  bool maps_to_md() const { return !md_category.empty(); }
};

const char* to_string(DetectorLayout layout);
const char* to_string(MdCategory category);

// Parses one entry (a JSON object as text). Errors name the entry and the field, e.g.
// "Model entry 'mdv5a': 'input.sizes' must be a non-empty list of positive multiples of 32".
Result<ModelEntry> parse_model_entry(const std::string& json_text);

// Parses a zoo file: {"schema": 1, "models": [entry, ...]}. Ids must be unique.
Result<std::vector<ModelEntry>> parse_model_zoo(const std::string& json_text);

}  // namespace wl
