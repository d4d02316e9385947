#include "core/results/md_json_writer.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/version.h"
#include "core/video/video_info.h"

namespace wl {
namespace {

using Json = nlohmann::ordered_json;  // keeps members in the order written, like MegaDetector's files

// Thrown inside the writer and turned into a Result at the top; keeps each helper short.
struct WriteFailure {
  std::string message;
};

double finite(double value, const std::string& what) {
  if (!std::isfinite(value)) throw WriteFailure{what + " is not a finite number"};
  return value;
}

// Puts the members a reader kept but did not understand back, without overriding ours.
void add_extra(Json& object, const ExtraFields& extra, const std::string& where) {
  for (const auto& [key, text] : extra) {
    if (object.contains(key)) continue;
    Json value = Json::parse(text, nullptr, false);
    if (value.is_discarded()) throw WriteFailure{"the kept member \"" + key + "\" of " + where + " is not valid JSON"};
    object[key] = std::move(value);
  }
}

Json categories_json(const CategoryNames& map) {
  Json out = Json::object();
  for (const auto& [id, name] : map) out[id] = name;
  return out;
}

// The run's classification categories, plus any id a written detection uses that the run
// does not name (named by its id), so every id in the file resolves.
CategoryNames classification_categories_written(const RunResults& run, const ExportOptions& exp) {
  CategoryNames out = run.classification_categories;
  for (const ImageRecord& image : run.images)
    for (const DetectionRecord* det : exported_detections(image, run, exp)) {
      for (const Classification& c : det->classifications) out.emplace(c.category, c.category);
      if (!det->review.species.empty()) out.emplace(det->review.species, det->review.species);
    }
  return out;
}

Json info_json(const RunResults& run, const MdJsonWriteOptions& options) {
  const DetectorInfo& d = run.detector;
  Json info = Json::object();
  info["format_version"] = kMdFormatVersion;
  if (!d.name.empty()) info["detector"] = d.name;
  if (!d.completion_time.empty()) info["detection_completion_time"] = d.completion_time;

  Json meta = Json::object();
  if (!d.version.empty()) meta["megadetector_version"] = d.version;
  if (d.typical_threshold) meta["typical_detection_threshold"] = finite(*d.typical_threshold, "the typical threshold");
  if (d.conservative_threshold)
    meta["conservative_detection_threshold"] = finite(*d.conservative_threshold, "the conservative threshold");
  if (d.input_size) meta["image_size"] = *d.input_size;
  // The threshold this file was written with is the one readers should assume was applied.
  std::optional<double> written_threshold = options.exp.min_conf ? options.exp.min_conf : d.output_threshold;
  if (written_threshold) meta["confidence_threshold"] = finite(*written_threshold, "the confidence threshold");
  if (d.nms_iou) meta["nms_iou_threshold"] = finite(*d.nms_iou, "the NMS IoU threshold");
  add_extra(meta, d.metadata_extra, "detector_metadata");
  if (!meta.empty()) info["detector_metadata"] = std::move(meta);
  if (!d.model_sha256.empty()) info["model_sha256"] = d.model_sha256;

  const ClassifierInfo& c = run.classifier;
  if (!c.name.empty()) info["classifier"] = c.name;
  if (!c.completion_time.empty()) info["classification_completion_time"] = c.completion_time;
  const bool species = run_has_species(run);
  const double detection_threshold = finite(export_detection_threshold(run, options.exp), "the detection threshold");
  const double classification_threshold =
      finite(export_classification_threshold(run, options.exp), "the classification threshold");
  Json cmeta = Json::object();
  if (c.typical_threshold)
    cmeta["typical_classification_threshold"] = finite(*c.typical_threshold, "the classification threshold");
  // The threshold this file's species calls assume (the classifications are all listed).
  if (species) cmeta["classification_threshold"] = classification_threshold;
  add_extra(cmeta, c.metadata_extra, "classifier_metadata");
  if (!cmeta.empty()) info["classifier_metadata"] = std::move(cmeta);
  // What this export applied, whatever the models suggest.
  Json thresholds = {{"detection", detection_threshold}};
  if (species) thresholds["classification"] = classification_threshold;
  info["export_thresholds"] = std::move(thresholds);
  info["app"] = kAppName;
  info["app_version"] = kAppVersion;
  add_extra(info, run.info_extra, "info");
  return info;
}

Json detection_json(const DetectionRecord& det, const std::string& where, const ExportOptions& exp) {
  Json out = Json::object();
  out["category"] = det.effective_category();
  if (det.conf) out["conf"] = export_conf(finite(*det.conf, "the confidence of " + where), exp);
  Json box = Json::array();
  for (double v : {det.bbox.x, det.bbox.y, det.bbox.w, det.bbox.h}) box.push_back(export_coord(finite(v, "the box of " + where), exp));
  out["bbox"] = std::move(box);
  if (!det.classifications.empty() || !det.review.species.empty()) {
    std::vector<Classification> sorted = det.classifications;
    sort_classifications(sorted);
    Json list = Json::array();
    for (const auto& c : sorted)
      list.push_back(Json::array({c.category, export_conf(finite(c.conf, "a classification of " + where), exp)}));
    if (det.review.species.empty()) {
      out["classifications"] = std::move(list);
    } else {
      // As for a relabelled category: the file shows the reviewer's species, certain, and
      // keeps the model's list beside it.
      out["classifications"] = Json::array({Json::array({det.review.species, 1.0})});
      out["original_classifications"] = std::move(list);
    }
  }
  if (det.frame_number) out["frame_number"] = *det.frame_number;
  if (det.review.state != ReviewState::Unreviewed) {
    out["reviewed"] = to_string(det.review.state);
    if (det.review.state == ReviewState::Relabelled) out["original_category"] = det.category;
  }
  add_extra(out, det.extra, where);
  return out;
}

Json image_json(const ImageRecord& image, const RunResults& run, const MdJsonWriteOptions& options) {
  const ExportOptions& exp = options.exp;
  const std::string where = "\"" + image.file + "\"";
  Json out = Json::object();
  out["file"] = image.file;
  if (image.width) out["width"] = *image.width;
  if (image.height) out["height"] = *image.height;
  if (!image.exif.datetime.empty()) out["datetime"] = image.exif.datetime;

  Json exif = Json::object();
  if (!image.exif.make.empty()) exif["make"] = image.exif.make;
  if (!image.exif.model.empty()) exif["model"] = image.exif.model;
  if (image.exif.gps && exp.include_gps) {
    Json gps = {{"latitude", finite(image.exif.gps->latitude, "the GPS latitude of " + where)},
                {"longitude", finite(image.exif.gps->longitude, "the GPS longitude of " + where)}};
    if (image.exif.gps->altitude_m) gps["altitude"] = finite(*image.exif.gps->altitude_m, "the GPS altitude of " + where);
    exif["gps"] = std::move(gps);
  }
  if (!exif.empty()) out["exif"] = std::move(exif);

  if (image.sequence) {
    out["seq_id"] = image.sequence->seq_id;
    if (image.sequence->frame_num) out["frame_num"] = *image.sequence->frame_num;
    if (image.sequence->num_frames) out["seq_num_frames"] = *image.sequence->num_frames;
  }
  if (image.label) {
    Json label = {{"name", image.label->name}};
    if (image.label->conf) label["conf"] = export_conf(finite(*image.label->conf, "the label confidence of " + where), exp);
    if (!image.label->source.empty()) label["source"] = image.label->source;
    out["label"] = std::move(label);
  }
  if (!image.warning.empty()) out["warning"] = image.warning;
  if (image.frame_rate) out["frame_rate"] = finite(*image.frame_rate, "the frame rate of " + where);
  // MegaDetector's validator wants a frame rate on every video entry, a clip that could not be
  // read included; 0 says it is unknown (the validator refuses only negative rates).
  else if (image.failed() && looks_like_video(image.file)) out["frame_rate"] = 0.0;
  if (!image.frames_processed.empty()) out["frames_processed"] = image.frames_processed;

  if (image.failed()) {
    // The spec: a failed file has a failure string and null (not empty) detections.
    out["failure"] = *image.failure;
    out["detections"] = nullptr;
  } else {
    Json dets = Json::array();
    std::size_t n = 0;
    double max_conf = 0.0;
    for (const DetectionRecord* det : exported_detections(image, run, exp)) {
      dets.push_back(detection_json(*det, "detection " + std::to_string(++n) + " of " + where, exp));
      if (det->conf) max_conf = std::max(max_conf, export_conf(*det->conf, exp));
    }
    if (options.max_detection_conf) out["max_detection_conf"] = max_conf;
    out["detections"] = std::move(dets);
  }
  add_extra(out, image.extra, where);
  return out;
}

}  // namespace

Result<std::string> write_md_json(const RunResults& run, const MdJsonWriteOptions& options) {
  try {
    Json root = Json::object();
    root["info"] = info_json(run, options);
    root["detection_categories"] = categories_json(run.detection_categories);
    const CategoryNames classes = classification_categories_written(run, options.exp);
    if (!classes.empty()) root["classification_categories"] = categories_json(classes);
    if (!run.classification_category_descriptions.empty())
      root["classification_category_descriptions"] = categories_json(run.classification_category_descriptions);
    Json images = Json::array();
    for (const auto& image : run.images) images.push_back(image_json(image, run, options));
    root["images"] = std::move(images);
    add_extra(root, run.extra, "the file");
    // File names from cameras and zip files are not always valid UTF-8; replacing the bad
    // bytes keeps the file readable instead of failing the whole export.
    return root.dump(options.indent, ' ', false, Json::error_handler_t::replace);
  } catch (const WriteFailure& failure) {
    return make_error(ErrorCode::InvalidArgument, "cannot write MegaDetector results: " + failure.message);
  }
}

Result<std::string> write_md_image_json(const ImageRecord& image, const MdJsonWriteOptions& options) {
  try {
    static const RunResults no_run;  // no output threshold: nothing is filtered beyond the options
    return image_json(image, no_run, options).dump(options.indent, ' ', false, Json::error_handler_t::replace);
  } catch (const WriteFailure& failure) {
    return make_error(ErrorCode::InvalidArgument, "cannot write the results of an image: " + failure.message);
  }
}

}  // namespace wl
