#pragma once
// Greedy non-maximum suppression, with the results of torchvision.ops.nms as YOLOv5 and
// Ultralytics call it:
//   1. candidates sorted by confidence, descending; equal confidences keep their input order
//      (torchvision sorts with stable=true);
//   2. only the first `max_nms` are considered (YOLOv5's max_nms = 30000);
//   3. walking that order, a box is kept unless an already kept box of the same class (any class
//      when agnostic) overlaps it with IoU > iou_threshold (strict). IoU = inter / (areaA + areaB
//      - inter), no "+1", computed in float32 and compared in double exactly as torchvision's
//      CPU kernel does;
//   4. at most `max_det` boxes are kept. Keeping stops there, which gives the same boxes as
//      YOLOv5's "nms(...)[:max_det]" because later boxes never change earlier decisions.
//
// Class awareness: YOLOv5 and Ultralytics add class * 7680 to the coordinates and run one NMS.
// Here each class has its own bucket, which is the same in exact arithmetic. `class_offset`
// (7680 to match them) adds that offset to the coordinates used for the IoU, so that float32
// rounding of large offset coordinates is reproduced as well; 0 uses the boxes as they are.
//
// Speed: each class bucket gets a uniform grid once it holds enough kept boxes, so a candidate
// is compared only with kept boxes that share a grid cell. Pruning by cells is exact: a pair
// with IoU > t >= 0 must intersect, and intersecting boxes share a cell. Boxes too large for
// the grid, and non-finite ones, are compared with everything.
#include <cstddef>
#include <span>
#include <vector>

#include "core/detect/detection.h"

namespace wl {

struct NmsParams {
  double iou_threshold = 0;   // MDv5 / YOLOv5: 0.45; Ultralytics: 0.7
  std::size_t max_det = 0;    // keep at most this many (300 in YOLOv5 and Ultralytics)
  std::size_t max_nms = 0;    // candidates considered after sorting (30000 in YOLOv5 and Ultralytics)
  bool agnostic = false;      // true: every class suppresses every other
  float class_offset = 0;     // see above; 7680 reproduces YOLOv5/Ultralytics bit for bit
};

// Indices into `candidates` of the kept boxes, by descending confidence. Candidates whose
// confidence is NaN are never kept.
std::vector<std::size_t> nms_indices(std::span<const Detection> candidates, const NmsParams& params);

// The kept detections themselves, by descending confidence.
std::vector<Detection> nms(std::span<const Detection> candidates, const NmsParams& params);

}  // namespace wl
