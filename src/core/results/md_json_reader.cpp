#include "core/results/md_json_reader.h"

#include <set>

#include "core/results/json_fields.h"
#include "core/results/md_legacy_reader.h"

namespace wl {
namespace {

using namespace results_detail;

void keep_unknown(const Json& object, const std::set<std::string>& known, ExtraFields& extra) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!known.count(it.key())) extra[it.key()] = it.value().dump();
  }
}

const Json& require_object(const Json& value, const std::string& path) {
  if (!value.is_object()) fail_type(path, "an object", value);
  return value;
}

CategoryNames read_categories(const Json& value, const std::string& path) {
  require_object(value, path);
  CategoryNames map;
  for (auto it = value.begin(); it != value.end(); ++it) map[it.key()] = to_text(it.value(), path + "." + it.key());
  return map;
}

void read_info(const Json& info, RunResults& run) {
  require_object(info, "info");
  if (const Json* v = member(info, "format_version")) run.format_version = v->is_string() ? v->get<std::string>() : v->dump();
  DetectorInfo& d = run.detector;
  d.name = opt_text(info, "detector", "info");
  d.completion_time = opt_text(info, "detection_completion_time", "info");
  d.model_sha256 = opt_text(info, "model_sha256", "info");
  if (const Json* meta = member(info, "detector_metadata")) {
    const std::string path = "info.detector_metadata";
    require_object(*meta, path);
    d.version = opt_text(*meta, "megadetector_version", path);
    d.typical_threshold = opt_number(*meta, "typical_detection_threshold", path);
    d.conservative_threshold = opt_number(*meta, "conservative_detection_threshold", path);
    d.input_size = opt_int(*meta, "image_size", path);
    d.output_threshold = opt_number(*meta, "confidence_threshold", path);
    d.nms_iou = opt_number(*meta, "nms_iou_threshold", path);
    keep_unknown(*meta,
                 {"megadetector_version", "typical_detection_threshold", "conservative_detection_threshold",
                  "image_size", "confidence_threshold", "nms_iou_threshold"},
                 d.metadata_extra);
  }
  ClassifierInfo& c = run.classifier;
  c.name = opt_text(info, "classifier", "info");
  c.completion_time = opt_text(info, "classification_completion_time", "info");
  if (const Json* meta = member(info, "classifier_metadata")) {
    const std::string path = "info.classifier_metadata";
    require_object(*meta, path);
    c.typical_threshold = opt_number(*meta, "typical_classification_threshold", path);
    // classification_threshold is what an export applied (its writer writes its own).
    keep_unknown(*meta, {"typical_classification_threshold", "classification_threshold"}, c.metadata_extra);
  }
  keep_unknown(info,
               {"format_version", "detector", "detection_completion_time", "model_sha256", "detector_metadata",
                "classifier", "classification_completion_time", "classifier_metadata", "export_thresholds"},
               run.info_extra);
}

NormBox read_bbox(const Json& value, const std::string& path) {
  if (!value.is_array() || value.size() != 4) fail_type(path, "a list of 4 numbers [x, y, width, height]", value);
  return NormBox{to_number(value[0], path + "[0]"), to_number(value[1], path + "[1]"), to_number(value[2], path + "[2]"),
                 to_number(value[3], path + "[3]")};
}

std::vector<Classification> read_classifications(const Json& value, const std::string& path) {
  if (!value.is_array()) fail_type(path, "a list of [category, confidence] pairs", value);
  std::vector<Classification> list;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string p = path + "[" + std::to_string(i) + "]";
    const Json& pair = value[i];
    if (!pair.is_array() || pair.size() != 2) fail_type(p, "a [category, confidence] pair", pair);
    list.push_back(Classification{to_id(pair[0], p + "[0]"), to_number(pair[1], p + "[1]")});
  }
  sort_classifications(list);
  return list;
}

DetectionRecord read_detection(const Json& value, const std::string& path) {
  require_object(value, path);
  DetectionRecord det;
  const Json* category = member(value, "category");
  if (!category) throw ReadFailure{ErrorCode::Corrupt, path + " has no category"};
  const Json* bbox = member(value, "bbox");
  if (!bbox) throw ReadFailure{ErrorCode::Corrupt, path + " has no bbox"};
  det.category = to_id(*category, path + ".category");
  det.conf = opt_number(value, "conf", path);
  det.bbox = read_bbox(*bbox, path + ".bbox");
  if (const Json* list = member(value, "classifications")) det.classifications = read_classifications(*list, path + ".classifications");
  if (const Json* original = member(value, "original_classifications")) {
    // A reviewer's species: "classifications" shows it, the model's list is kept beside it.
    std::vector<Classification> model = read_classifications(*original, path + ".original_classifications");
    if (!det.classifications.empty()) det.review.species = det.classifications.front().category;
    det.classifications = std::move(model);
  }
  det.frame_number = opt_int(value, "frame_number", path);

  std::string state_text = opt_text(value, "reviewed", path);
  std::optional<ReviewState> state = review_state_from_string(state_text);
  if (!state)
    throw ReadFailure{ErrorCode::Corrupt, path + ".reviewed should be accepted, rejected or changed, not \"" + state_text + "\""};
  det.review.state = *state;
  if (*state == ReviewState::Relabelled) {
    // The file shows the reviewer's category; the detector's is kept beside it.
    det.review.category = det.category;
    std::string original = member(value, "original_category") ? to_id(value["original_category"], path + ".original_category") : "";
    if (!original.empty()) det.category = original;
  }
  static const std::set<std::string> known = {"category",     "conf",     "bbox",              "classifications",
                                              "frame_number", "reviewed", "original_category", "original_classifications"};
  keep_unknown(value, known, det.extra);
  return det;
}

ExifFacts read_exif(const Json& image, const std::string& path) {
  ExifFacts exif;
  exif.datetime = opt_text(image, "datetime", path);
  if (const Json* e = member(image, "exif")) {
    const std::string p = path + ".exif";
    require_object(*e, p);
    exif.make = opt_text(*e, "make", p);
    exif.model = opt_text(*e, "model", p);
    if (const Json* gps = member(*e, "gps")) {
      require_object(*gps, p + ".gps");
      auto lat = opt_number(*gps, "latitude", p + ".gps");
      auto lon = opt_number(*gps, "longitude", p + ".gps");
      if (!lat || !lon) throw ReadFailure{ErrorCode::Corrupt, p + ".gps needs both latitude and longitude"};
      exif.gps = GpsPosition{*lat, *lon, opt_number(*gps, "altitude", p + ".gps")};
    }
  }
  return exif;
}

std::optional<ImageLabel> read_label(const Json& image, const std::string& path) {
  const Json* v = member(image, "label");
  if (!v) return std::nullopt;
  if (v->is_string()) return ImageLabel{v->get<std::string>(), std::nullopt, ""};
  require_object(*v, path + ".label");
  return ImageLabel{opt_text(*v, "name", path + ".label"), opt_number(*v, "conf", path + ".label"),
                    opt_text(*v, "source", path + ".label")};
}

ImageRecord read_image(const Json& value, const std::string& path) {
  require_object(value, path);
  ImageRecord image;
  const Json* file = member(value, "file");
  if (!file) throw ReadFailure{ErrorCode::Corrupt, path + " has no file name (\"file\")"};
  image.file = to_text(*file, path + ".file");
  const std::string where = path + " (" + image.file + ")";
  image.width = opt_int(value, "width", where);
  image.height = opt_int(value, "height", where);
  if (const Json* failure = member(value, "failure")) image.failure = to_text(*failure, where + ".failure");
  // The spec asks for [] on a processed image without detections; some tools omit the
  // member instead, which reads the same.
  if (const Json* dets = member(value, "detections")) {
    if (!dets->is_array()) fail_type(where + ".detections", "a list", *dets);
    for (std::size_t i = 0; i < dets->size(); ++i)
      image.detections.push_back(read_detection((*dets)[i], where + ".detections[" + std::to_string(i) + "]"));
  }
  image.exif = read_exif(value, where);
  image.label = read_label(value, where);
  image.warning = opt_text(value, "warning", where);
  if (const Json* seq = member(value, "seq_id")) {
    image.sequence = SequenceInfo{to_id(*seq, where + ".seq_id"), opt_int(value, "frame_num", where), opt_int(value, "seq_num_frames", where)};
  }
  image.frame_rate = opt_number(value, "frame_rate", where);
  if (const Json* frames = member(value, "frames_processed")) {
    if (!frames->is_array()) fail_type(where + ".frames_processed", "a list of frame numbers", *frames);
    for (std::size_t i = 0; i < frames->size(); ++i)
      image.frames_processed.push_back(to_int((*frames)[i], where + ".frames_processed[" + std::to_string(i) + "]"));
  }
  // max_detection_conf (format 1.0-1.3) is derived data and is recomputed by anyone who
  // needs it. frame_num and seq_num_frames belong to the sequence only when there is one.
  static const std::set<std::string> known_with_sequence = {
      "file",    "width",  "height",    "failure",        "detections", "datetime",         "exif",
      "label",   "warning", "seq_id",   "frame_num",      "seq_num_frames", "frame_rate", "frames_processed",
      "max_detection_conf"};
  static const std::set<std::string> known_without_sequence = {
      "file",  "width",  "height",  "failure",    "detections",       "datetime",          "exif",
      "label", "warning", "seq_id", "frame_rate", "frames_processed", "max_detection_conf"};
  keep_unknown(value, image.sequence ? known_with_sequence : known_without_sequence, image.extra);
  return image;
}

RunResults read_md_document(const Json& root) {
  RunResults run;
  if (const Json* info = member(root, "info")) read_info(*info, run);
  if (const Json* cats = member(root, "detection_categories"))
    run.detection_categories = read_categories(*cats, "detection_categories");
  else
    run.detection_categories = megadetector_default_categories();
  if (const Json* cats = member(root, "classification_categories"))
    run.classification_categories = read_categories(*cats, "classification_categories");
  if (const Json* cats = member(root, "classification_category_descriptions"))
    run.classification_category_descriptions = read_categories(*cats, "classification_category_descriptions");
  const Json& images = root["images"];
  if (!images.is_array()) fail_type("images", "a list", images);
  run.images.reserve(images.size());
  for (std::size_t i = 0; i < images.size(); ++i) run.images.push_back(read_image(images[i], "images[" + std::to_string(i) + "]"));
  keep_unknown(root, {"info", "detection_categories", "classification_categories", "classification_category_descriptions", "images"},
               run.extra);
  return run;
}

}  // namespace

Result<RunResults> read_md_json(std::string_view bytes, const MdJsonReadOptions& options) {
  if (bytes.empty()) return make_error(ErrorCode::Empty, "the results file is empty");
  Json root;
  try {
    root = Json::parse(bytes.begin(), bytes.end());
  } catch (const Json::parse_error& e) {
    return make_error(ErrorCode::UnsupportedFormat,
                      "the results file is not valid JSON (error near byte " + std::to_string(e.byte) + ")");
  }
  try {
    if (!root.is_object())
      throw ReadFailure{ErrorCode::UnsupportedFormat,
                        std::string("the file is JSON but not MegaDetector results: its top level is ") + describe(root) +
                            ", not an object"};
    if (root.contains("images")) {
      if (root.contains("annotations") && root.contains("categories"))
        throw ReadFailure{ErrorCode::UnsupportedFormat,
                          "the file is a COCO Camera Traps file, not MegaDetector results"};
      return read_md_document(root);
    }
    if (results_detail::looks_like_legacy_demo(root)) return results_detail::read_legacy_demo(root, options);
    throw ReadFailure{ErrorCode::UnsupportedFormat,
                      "the file is JSON but not MegaDetector results: it has no \"images\" list"};
  } catch (const ReadFailure& failure) {
    return make_error(failure.code, failure.message);
  } catch (const Json::exception& e) {
    return make_error(ErrorCode::Corrupt, std::string("the results file could not be read: ") + e.what());
  }
}

Result<ImageRecord> read_md_image_json(std::string_view text) {
  if (text.empty()) return make_error(ErrorCode::Empty, "the image entry is empty");
  try {
    return read_image(Json::parse(text.begin(), text.end()), "image");
  } catch (const ReadFailure& failure) {
    return make_error(failure.code, failure.message);
  } catch (const Json::exception& e) {
    return make_error(ErrorCode::Corrupt, std::string("the image entry could not be read: ") + e.what());
  }
}

Result<RunResults> read_md_json(std::span<const std::uint8_t> bytes, const MdJsonReadOptions& options) {
  return read_md_json(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), options);
}

}  // namespace wl
