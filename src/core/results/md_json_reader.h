#pragma once
// Reads MegaDetector batch-output JSON into a RunResults.
//
// Accepted:
// * Format 1.0 to 1.6 files (MegaDetector, AddaxAI, SpeciesNet's detector output, this
//   app's own files). Tolerated: no `info` or no `format_version`; no
//   `detection_categories` (MegaDetector's 1 animal / 2 person / 3 vehicle are assumed);
//   `max_detection_conf` (dropped: it is the maximum of the confidences); numbers written as
//   strings; integer category ids; null for absent members. Members this reader does not
//   know are kept verbatim (RunResults::extra and friends) and written back by
//   write_md_json.
// * The 2019 MegaDetector demo format, {"<file>": {"num_objects", "result", "bboxes":
//   [{x,y,w,h}]}}, whose boxes are in pixels of a frame it does not record: the caller gives
//   the frame size (MdJsonReadOptions::legacy_frame_*), which becomes each image's size.
//   Its boxes have no confidence (DetectionRecord::conf stays empty).
//
// Classification lists are sorted by confidence, highest first, as the format requires. A
// detection with "original_classifications" (write_md_json's way of writing a reviewer's
// species) reads as classifications = that list (the model's) and review.species = the id
// in "classifications". info.export_thresholds and classifier_metadata.classification_threshold
// describe an export, not the run, and are dropped.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/results/run_results.h"
#include "core/util/result.h"

namespace wl {

struct MdJsonReadOptions {
  std::optional<int> legacy_frame_width, legacy_frame_height;
};

// Errors: Empty for no bytes, UnsupportedFormat for text that is not JSON or JSON that is
// not MegaDetector results, Corrupt for a member of the wrong type (the message names it).
Result<RunResults> read_md_json(std::string_view bytes, const MdJsonReadOptions& options = {});
Result<RunResults> read_md_json(std::span<const std::uint8_t> bytes, const MdJsonReadOptions& options = {});

// One `images[]` entry on its own (what write_md_image_json writes), with the same rules and
// messages as inside a file.
Result<ImageRecord> read_md_image_json(std::string_view text);

}  // namespace wl
