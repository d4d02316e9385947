#include "core/results/md_legacy_reader.h"

#include <cctype>

namespace wl::results_detail {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The demo said "Animal Detected" (and, for other classes, "Person/Human/Vehicle Detected").
// Maps that to MegaDetector's category ids; anything else is refused rather than guessed.
std::string category_for_result(const std::string& result, const std::string& path) {
  const std::string r = lower(result);
  if (r.find("animal") != std::string::npos) return "1";
  if (r.find("person") != std::string::npos || r.find("human") != std::string::npos) return "2";
  if (r.find("vehicle") != std::string::npos) return "3";
  throw ReadFailure{ErrorCode::Corrupt, path + ".result \"" + result + "\" does not name animal, person or vehicle"};
}

}  // namespace

bool looks_like_legacy_demo(const Json& root) {
  if (!root.is_object() || root.empty()) return false;
  for (const auto& item : root) {
    if (!item.is_object()) return false;
    auto boxes = item.find("bboxes");
    if (boxes == item.end() || !boxes->is_array()) return false;
  }
  return true;
}

RunResults read_legacy_demo(const Json& root, const MdJsonReadOptions& options) {
  if (!options.legacy_frame_width || !options.legacy_frame_height || *options.legacy_frame_width <= 0 ||
      *options.legacy_frame_height <= 0) {
    throw ReadFailure{ErrorCode::UnsupportedFormat,
                      "the file is an old (2019) MegaDetector demo result with boxes in pixels; it cannot be read "
                      "without the size of the frame those pixels refer to"};
  }
  const double fw = *options.legacy_frame_width, fh = *options.legacy_frame_height;
  RunResults run;
  run.format_version = "legacy-demo";
  run.detection_categories = megadetector_default_categories();
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string path = it.key();
    const Json& entry = it.value();
    ImageRecord image;
    image.file = it.key();
    image.width = *options.legacy_frame_width;
    image.height = *options.legacy_frame_height;
    const Json& boxes = entry["bboxes"];
    if (auto n = opt_int(entry, "num_objects", path); n && *n != static_cast<int>(boxes.size())) {
      throw ReadFailure{ErrorCode::Corrupt, path + " says num_objects " + std::to_string(*n) + " but lists " +
                                                std::to_string(boxes.size()) + " boxes"};
    }
    std::string category;
    if (!boxes.empty()) category = category_for_result(opt_text(entry, "result", path), path);
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      const std::string p = path + ".bboxes[" + std::to_string(i) + "]";
      const Json& box = boxes[i];
      if (!box.is_object()) fail_type(p, "an object {x, y, w, h}", box);
      auto x = opt_number(box, "x", p), y = opt_number(box, "y", p), w = opt_number(box, "w", p), h = opt_number(box, "h", p);
      if (!x || !y || !w || !h) throw ReadFailure{ErrorCode::Corrupt, p + " needs x, y, w and h"};
      DetectionRecord det;
      det.category = category;
      det.bbox = NormBox{*x / fw, *y / fh, *w / fw, *h / fh};
      image.detections.push_back(std::move(det));
    }
    run.images.push_back(std::move(image));
  }
  return run;
}

}  // namespace wl::results_detail
