#include "core/results/cct_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "core/results/number_format.h"
#include "core/results/species.h"
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

// Species categories take the ids offset + classification id, offset the first multiple of
// 1000 above every detection (and the empty) category id: 1000 + id for MegaDetector's.
long long species_offset(const CategoryNames& detection_categories, long long empty_id) {
  long long highest = empty_id;
  for (const auto& entry : detection_categories) highest = std::max(highest, category_number(entry.first));
  return (highest / 1000 + 1) * 1000;
}

// What annotations need to know about the run's species.
struct SpeciesContext {
  bool enabled = false;
  long long offset = 0;
  double threshold = 0;
  std::map<std::string, std::string> called;  // classification id -> name, for every species written
};

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

// A clip's analysed frame as a COCO image: the clip is its sequence, the frame its frame_num.
std::string frame_image_id(const std::string& clip, int frame) {
  char name[32];
  std::snprintf(name, sizeof name, "/frame%06d", frame);
  return clip + name;
}

Json frame_json(const ImageRecord& clip, int frame) {
  Json out = image_json(clip);
  out["id"] = frame_image_id(clip.file, frame);
  out["seq_id"] = clip.file;
  out["seq_num_frames"] = clip.frames_processed.size();
  out["frame_num"] = frame;
  if (clip.frame_rate && *clip.frame_rate > 0) out["frame_time_s"] = std::round(frame / *clip.frame_rate * 1000) / 1000;
  return out;
}

Json detection_json(long long id, const std::string& image_id, const DetectionRecord& det, const ImageRecord& image,
                    const RunResults& run, const ExportOptions& exp, SpeciesContext& species) {
  if (!image.width || !image.height || *image.width <= 0 || *image.height <= 0)
    throw WriteFailure{"the pixel size of \"" + image.file + "\" is unknown, and COCO boxes are in pixels"};
  if (!run.detection_categories.count(det.effective_category()))
    throw WriteFailure{"a detection in \"" + image.file + "\" has category " + det.effective_category() +
                       ", which is not among the detection categories"};
  Json ann = Json::object();
  ann["id"] = id;
  ann["image_id"] = image_id;
  const long long detection_id = category_number(det.effective_category());
  ann["category_id"] = detection_id;
  const auto call = detection_species(det, run.classification_categories, species.threshold);
  if (call && !call->unknown) {
    // LILA's camera-trap sets label annotations with the species; the detector's category stays beside it.
    ann["category_id"] = species.offset + category_number(call->category);
    species.called.emplace(call->category, call->name);
  }
  if (species.enabled || call) ann["detection_category_id"] = detection_id;
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
  if (call) {
    ann["species"] = call->name;
    if (call->conf && !call->unknown) ann["species_conf"] = export_conf(*call->conf, exp);
    if (call->reviewed) ann["species_reviewed"] = true;
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
    SpeciesContext species;
    species.enabled = run_has_species(run);
    species.offset = species_offset(run.detection_categories, empty_id);
    species.threshold = export_classification_threshold(run, options.exp);
    if (!run.classifier.name.empty()) info["classifier"] = run.classifier.name;
    // The thresholds this export applied.
    info["confidence_threshold"] = export_detection_threshold(run, options.exp);
    if (species.enabled) info["classification_threshold"] = species.threshold;
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
      const auto detections = exported_detections(image, run, options.exp);
      if (image.frame_rate && !image.frames_processed.empty()) {
        // A clip: each analysed frame is an image, with the clip's detections in that frame.
        for (int frame : image.frames_processed) {
          const std::string id = frame_image_id(image.file, frame);
          images.push_back(frame_json(image, frame));
          bool any = false;
          for (const DetectionRecord* det : detections) {
            if (det->frame_number != frame) continue;
            annotations.push_back(detection_json(next_id++, id, *det, image, run, options.exp, species));
            any = true;
          }
          if (!any) annotations.push_back(Json{{"id", next_id++}, {"image_id", id}, {"category_id", empty_id}});
        }
        continue;
      }
      images.push_back(image_json(image));
      if (detections.empty()) {
        annotations.push_back(Json{{"id", next_id++}, {"image_id", image.file}, {"category_id", empty_id}});
        continue;
      }
      for (const DetectionRecord* det : detections) {
        annotations.push_back(detection_json(next_id++, image.file, *det, image, run, options.exp, species));
      }
    }
    root["images"] = std::move(images);

    Json categories = Json::array();
    categories.push_back(Json{{"id", empty_id}, {"name", "empty"}});
    std::vector<std::pair<long long, std::string>> sorted;
    for (const auto& [id, name] : run.detection_categories) sorted.emplace_back(category_number(id), name);
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [id, name] : sorted) categories.push_back(Json{{"id", id}, {"name", name}});
    // Every species the run names (not the "unknown" of older files) and every one called.
    std::map<std::string, std::string> classes = species.called;
    for (const auto& [id, name] : run.classification_categories)
      if (name != kUnknownSpecies) classes.emplace(id, name);
    sorted.clear();
    for (const auto& [id, name] : classes) sorted.emplace_back(species.offset + category_number(id), name);
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
