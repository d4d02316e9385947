#pragma once
// The 2019 MegaDetector demo output (internal to results/; reached through read_md_json):
//   {"S1_F10_R1_PICT0104.JPG": {"num_objects": 1, "image_name": "...",
//                               "result": "Animal Detected",
//                               "bboxes": [{"x": 973.3, "y": 1114.5, "w": 486.4, "h": 805.5}]}}
// Boxes are pixels of the frame the demo ran on, which the file does not record, so the
// caller must give it. There is no confidence and no per-box category: the image's "result"
// names the category of all its boxes.
#include "core/results/json_fields.h"
#include "core/results/md_json_reader.h"

namespace wl::results_detail {

// True for a non-empty object whose every member is an object with a "bboxes" list.
bool looks_like_legacy_demo(const Json& root);

RunResults read_legacy_demo(const Json& root, const MdJsonReadOptions& options);

}  // namespace wl::results_detail
