#include "core/results/cct_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/results/number_format.h"
#include "core/version.h"

namespace wl {
namespace {

using Json = nlohmann::ordered_json;

struct WriteFailure {
  std::string message;
};

long long category_number(const std::string& id) {
  long long value = 0;
  const char* end = id.data() + id.size();
  auto [ptr, ec] = std::from_chars(id.data(), end, value);
  if (id.empty() || ec != std::errc() || ptr != end || value < 0)
    throw WriteFailure{"category id \"" + id + "\" is not a whole number, which COCO needs"};
  return value;
}

// MegaDetector reserves 0 for "empty" informally; a detector that uses 0 itself pushes
// "empty" to the first free id instead of sharing it.
long long empty_category_id(const CategoryNames& categories) {
  long long highest = -1;
  bool zero_used = false;
  for (const auto& entry : categories) {
    long long id = category_number(entry.first);
    highest = std::max(highest, id);
    zero_used = zero_used || id == 0;
  }
  return zero_used ? highest + 1 : 0;
}

double pixels(double normalised, int size, const ExportOptions& exp) {
  double px = export_coord(normalised, exp) * size;
  if (!std::isfinite(px)) throw WriteFailure{"a box coordinate is not a finite number"};
  return exp.full_precision ? px : round_decimals(px, 2);
}

Json image_json(const ImageRecord& image) {
  Json out = Json::object();
  out["id"] = image.file;
  out["file_name"] = image.file;
  if (image.width) out["width"] = *image.width;
  if (image.height) out["height"] = *image.height;
  if (!image.exif.datetime.empty()) out["datetime"] = image.exif.datetime;
  if (image.sequence) {
    out["seq_id"] = image.sequence->seq_id;
    if (image.sequence->num_frames) out["seq_num_frames"] = *image.sequence->num_frames;
    if (image.sequence->frame_num) out["frame_num"] = *image.sequence->frame_num;
  }
  if (image.label) out["label"] = image.label->name;
  return out;
}

Json detection_json(long long id, const DetectionRecord& det, const ImageRecord& image, const RunResults& run,
                    const ExportOptions& exp) {
  if (!image.width || !image.height || *image.width <= 0 || *image.height <= 0)
    throw WriteFailure{"the pixel size of \"" + image.file + "\" is unknown, and COCO boxes are in pixels"};
  if (!run.detection_categories.count(det.effective_category()))
    throw WriteFailure{"a detection in \"" + image.file + "\" has category " + det.effective_category() +
                       ", which is not among the detection categories"};
  Json ann = Json::object();
  ann["id"] = id;
  ann["image_id"] = image.file;
  ann["category_id"] = category_number(det.effective_category());
  ann["bbox"] = Json::array({pixels(det.bbox.x, *image.width, exp), pixels(det.bbox.y, *image.height, exp),
                             pixels(det.bbox.w, *image.width, exp), pixels(det.bbox.h, *image.height, exp)});
  if (det.conf) ann["score"] = export_conf(*det.conf, exp);
  if (det.review.state != ReviewState::Unreviewed) ann["reviewed"] = to_string(det.review.state);
  if (!det.classifications.empty()) {
    std::vector<Classification> sorted = det.classifications;
    sort_classifications(sorted);
    ann["classification"] = category_name(run.classification_categories, sorted.front().category);
    ann["classification_conf"] = export_conf(sorted.front().conf, exp);
  }
  return ann;
}

}  // namespace

Result<std::string> write_coco_camera_traps(const RunResults& run, const CctWriteOptions& options) {
  try {
    const long long empty_id = empty_category_id(run.detection_categories);
    Json root = Json::object();
    Json info = Json::object();
    info["version"] = "1.0";
    info["description"] = options.description.empty() ? std::string("Detections by ") + kAppName : options.description;
    if (!run.detector.completion_time.empty()) info["date_created"] = run.detector.completion_time;
    info["contributor"] = std::string(kAppName) + " " + kAppVersion;
    if (!run.detector.name.empty()) info["detector"] = run.detector.name;
    if (options.exp.min_conf || run.detector.output_threshold)
      info["confidence_threshold"] = options.exp.min_conf ? *options.exp.min_conf : *run.detector.output_threshold;
    root["info"] = std::move(info);

    Json images = Json::array();
    Json annotations = Json::array();
    long long next_id = 1;
    for (const ImageRecord& image : run.images) {
      if (image.failed()) {
        if (options.include_failed) {
          Json failed = image_json(image);
          failed["failure"] = *image.failure;
          images.push_back(std::move(failed));
        }
        continue;
      }
      images.push_back(image_json(image));
      const auto detections = exported_detections(image, run, options.exp);
      if (detections.empty()) {
        annotations.push_back(Json{{"id", next_id++}, {"image_id", image.file}, {"category_id", empty_id}});
        continue;
      }
      for (const DetectionRecord* det : detections) {
        annotations.push_back(detection_json(next_id++, *det, image, run, options.exp));
      }
    }
    root["images"] = std::move(images);

    Json categories = Json::array();
    categories.push_back(Json{{"id", empty_id}, {"name", "empty"}});
    std::vector<std::pair<long long, std::string>> sorted;
    for (const auto& [id, name] : run.detection_categories) sorted.emplace_back(category_number(id), name);
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [id, name] : sorted) categories.push_back(Json{{"id", id}, {"name", name}});
    root["categories"] = std::move(categories);
    root["annotations"] = std::move(annotations);
    return root.dump(options.indent, ' ', false, Json::error_handler_t::replace);
  } catch (const WriteFailure& failure) {
    return make_error(ErrorCode::InvalidArgument, "cannot write COCO Camera Traps: " + failure.message);
  }
}

}  // namespace wl
