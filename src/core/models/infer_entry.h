#pragma once
// A manifest entry for a model nobody wrote one for: a user drops an .onnx file on the app, and
// we read what the file says about itself (read_onnx_info) and fill in a ModelEntry.
//
// What is read:
//  - the output layout from the first output's shape: [1, N, 5+C] YOLOv5, [1, 4+C, N]
//    YOLOv8/v9 (Ultralytics), [1, K, 6] YOLOv10 end-to-end, [1, Q, 4+C] RT-DETR (only with
//    Ultralytics RT-DETR metadata), [N, C] a classifier; and from all the outputs, RT-DETRv2's
//    labels/boxes/scores with an int64 image-size input, and the MIT YOLO's nine per-stride
//    tensors. Dynamic dimensions (-1) are resolved
//    from the metadata: Ultralytics exports name the model in 'description', the dimension the
//    exporter called "anchors" says which axis holds the boxes, and 'names' gives C;
//  - the input size from a static input shape, else Ultralytics' 'imgsz'; the stride from
//    'stride';
//  - the class names from 'names' (a Python dict literal as YOLOv5 and Ultralytics write it, or
//    JSON), and from them the mapping to MegaDetector's animal/person/vehicle where one is known
//    (COCO-80, MegaDetector's own classes, and MDv6's '0', '1', '2');
//  - per-family defaults (resize, box rescale, NMS IoU, thresholds) as models/zoo.json sets them.
//
// Every guess is listed in `assumptions`, in words for the user; what cannot be guessed and
// matters (class names, an input size for a model that takes any size) is listed in `needs` as
// well, so the UI can ask for it. Layouts no decoder handles give an UnsupportedLayout error that
// names the output shape and the layouts that are understood.
#include <string>
#include <vector>

#include "core/models/manifest.h"
#include "core/models/onnx_info.h"
#include "core/util/result.h"

namespace wl {

struct InferredEntry {
  ModelEntry entry;
  // Each guess, said for the user, e.g. "classes read from the model's 'names' metadata (80 classes)".
  std::vector<std::string> assumptions;
  // What the user must still provide: short fixed phrases the UI can key on. Each one also has
  // an assumption saying which placeholder is used until then.
  std::vector<std::string> needs;
};

// The phrases `needs` holds.
inline constexpr const char* kNeedClassNames = "class names";
inline constexpr const char* kNeedInputSize = "input size";

// Builds an entry for the model `info` describes. `file_name` (e.g. "my-model.onnx") gives the
// entry's id, name and weight path.
Result<InferredEntry> infer_model_entry(const OnnxModelInfo& info, const std::string& file_name);

// Parses a 'names' metadata value: a Python dict literal with whole-number keys
// ({0: 'person', 1: "a 'quoted' name"}, either quote style, backslash escapes, any spacing,
// a trailing comma), a Python or JSON list of strings, or a JSON object with "0", "1", ... keys.
// The keys must be 0..C-1, each once, in any order. Returns the names by index.
Result<std::vector<std::string>> parse_names_metadata(const std::string& text);

}  // namespace wl
