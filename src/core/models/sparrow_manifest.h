#pragma once
// A model package of Microsoft's SPARROW model zoo (one ZIP per model, unpacking to
// `<id>/manifest.toml`, `<id>/model.onnx` and, for models with classes, a labels file), read
// into our ModelEntry. The manifest drives all of SPARROW-Engine's pre- and post-processing;
// its meaning here follows the engine's own parser and postprocessors (sparrow-engine-types
// manifest.rs, sparrow-engine-core postprocess.rs), not the older schema documents.
//
// What maps to what:
//   [model] id                 -> entry.id and entry.name; description -> entry.notes
//   [model] format             "onnx" only
//   [model] file / file_fp16   -> model_file / model_file_fp16 (relative, inside the package)
//   [preprocessing] method     letterbox -> ResizeMode::Letterbox; resize -> Stretch;
//                              resize_crop -> Stretch only where it is one (no square pre-crop,
//                              an exact resize to input_size); the others are refused
//   [preprocessing] input_size [w, h], square -> entry.input_sizes {w}
//   [preprocessing] normalization unit -> mean 0, std 1; imagenet -> ImageNet mean/std;
//                              none (raw 0..255) -> mean 0, std 1/255
//   [preprocessing] pad_value  in the tensor's scale after normalisation (0.447 = grey 114 for
//                              unit); -> entry.pad_value, the nearest whole pixel value
//   [preprocessing] channel_order bgr -> entry.bgr
//   [postprocessing] method    yolo_e2e -> YoloV10 (Ultralytics box rescale); megadet_v5a ->
//                              YoloV5 (YOLOv5 rescale), iou_threshold -> thresholds.nms_iou;
//                              rtdetr_topk -> RtDetrTopk, topk -> thresholds.max_det;
//                              softmax -> classifier, Logits; sigmoid -> classifier, Sigmoid
//   [postprocessing] confidence_threshold -> thresholds.typical; conservative = half of it
//   [labels] file / format     -> labels_file / labels_format
// Unknown keys are ignored, as the engine's parser does.
#include <string>
#include <string_view>
#include <vector>

#include "core/models/manifest.h"
#include "core/util/result.h"

namespace wl {

// What a SPARROW package's manifest says, in our terms.
struct SparrowPackage {
  ModelEntry entry;              // task, layout, preprocessing, thresholds; classes once labels are applied
  std::string model_file;        // relative to the package folder, e.g. "model.onnx"
  std::string model_file_fp16;   // "" when the manifest names no half-precision twin
  bool prefers_fp16 = false;     // [inference] precision = "fp16": SPARROW runs model_file_fp16
  std::string labels_file;       // "" when the model has no labels file (a detector only)
  std::string labels_format;     // "one_per_line" | "name_index_csv" | "index_name_csv" ("" without labels)
  bool species_direct = false;   // hint only; left false (the catalogue sets it)
};

// Parses manifest.toml text. Errors are for people and name the field, e.g.
// "The package's manifest asks for tiled inference ([inference] strategy = \"tiled\"), which this
// app cannot run yet." A detector without [labels] parses, with no class names: apply labels
// (or refuse it) before running it.
Result<SparrowPackage> parse_sparrow_manifest(std::string_view manifest_toml);

// The labels file's text in one of the three formats, as a list indexed by class id:
//   one_per_line    one name a line, the line (empty lines skipped, as the engine does) is the id
//   name_index_csv  "animal,0" lines
//   index_name_csv  "0,animal" lines
// Names are trimmed; a UTF-8 byte-order mark and Windows line ends are fine. Ids that a CSV
// leaves out (and blank names) are named "unknown_<id>", as the engine names them.
// Errors: no labels at all, a CSV line without a comma or with an index that is not a whole
// number (with its line number), the same index twice.
Result<std::vector<std::string>> parse_sparrow_labels(std::string_view labels_text, std::string_view labels_format);

// Fills entry.class_names (and entry.md_category) from the labels file's text in labels_format.
// When every label is a MegaDetector category name (case-insensitive: animal; person, human,
// people; vehicle, car — MDv6's label files say "car"), the entry maps to MD categories;
// otherwise it keeps its class names as its categories (md_category empty).
Result<void> apply_sparrow_labels(SparrowPackage& package, std::string_view labels_text);

}  // namespace wl
