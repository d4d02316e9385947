#include "core/pipeline/run_builder.h"

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <map>

namespace wl {
namespace {

// Thresholds are float32 (as the references compare them); written as double they would read
// 0.10000000149011612. Seven significant digits give back the number the user wrote.
double as_written(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.7g", static_cast<double>(v));
  return std::strtod(buf, nullptr);
}

}  // namespace

RunBuilder::RunBuilder(const ModelEntry& model, const RunDescription& run) : model_(model) {
  if (model_.maps_to_md()) {
    run_.detection_categories = megadetector_default_categories();
  } else {
    for (std::size_t i = 0; i < model_.class_names.size(); ++i)
      run_.detection_categories[std::to_string(i + 1)] = model_.class_names[i];
  }
  auto& d = run_.detector;
  d.name = run.model_file;
  d.version = model_.id;
  d.model_sha256 = run.model_sha256;
  d.typical_threshold = as_written(model_.thresholds.typical);
  d.conservative_threshold = as_written(model_.thresholds.conservative);
  d.output_threshold = as_written(run.output_threshold);
  if (model_.layout == DetectorLayout::YoloV5 || model_.layout == DetectorLayout::YoloV8)
    d.nms_iou = as_written(model_.thresholds.nms_iou);
  d.input_size = run.input_size;
}

std::optional<std::string> RunBuilder::category_of(int class_id) const {
  if (!model_.maps_to_md()) return std::to_string(class_id + 1);
  const auto& m = model_.md_category.at(static_cast<std::size_t>(class_id));
  if (!m) return std::nullopt;
  return std::to_string(static_cast<int>(*m));
}

void RunBuilder::set_classifier(const ModelEntry& classifier, const std::string& file, const CategoryNames& known) {
  run_.classifier.name = file.empty() ? classifier.id : file;
  run_.classifier.typical_threshold = as_written(classifier.thresholds.typical);
  run_.classification_categories = known;
  std::map<std::string, std::string> id_of_name;
  int highest = 0;
  for (const auto& [id, name] : known) {
    id_of_name.emplace(name, id);
    highest = std::max(highest, std::atoi(id.c_str()));
  }
  class_ids_.clear();
  for (const std::string& name : classifier.class_names) {
    // Only names known before keep an id; the model's own classes each get one, even where
    // two share a name (ImageNet has two "crane"s).
    if (auto it = id_of_name.find(name); it != id_of_name.end()) {
      class_ids_.push_back(it->second);
      continue;
    }
    const std::string id = std::to_string(++highest);
    run_.classification_categories[id] = name;
    class_ids_.push_back(id);
  }
}

void RunBuilder::add(const ImageDetections& image, const std::vector<std::vector<ClassScore>>* classes) {
  run_.images.push_back(make_record(image, classes));
}

ImageRecord RunBuilder::make_record(const ImageDetections& image,
                                    const std::vector<std::vector<ClassScore>>* classes) const {
  ImageRecord rec;
  rec.file = image.file;
  rec.warning = image.warning;
  if (image.failure) {
    rec.failure = *image.failure;
    return rec;
  }
  rec.width = image.width;
  rec.height = image.height;
  rec.exif.datetime = image.facts.datetime;
  rec.exif.make = image.facts.make;
  rec.exif.model = image.facts.model;
  const double w = image.width, h = image.height;
  for (std::size_t i = 0; i < image.detections.size(); ++i) {
    const Detection& det = image.detections[i];
    auto category = category_of(det.class_id);
    if (!category) continue;
    DetectionRecord d;
    d.category = std::move(*category);
    d.conf = det.confidence;
    // Normalised [x, y, w, h] in double from the float pixel box, as MegaDetector computes it.
    const double x1 = det.box.x1, y1 = det.box.y1, x2 = det.box.x2, y2 = det.box.y2;
    d.bbox = {x1 / w, y1 / h, (x2 - x1) / w, (y2 - y1) / h};
    if (classes && i < classes->size()) {
      for (const ClassScore& c : (*classes)[i])  // sorted, most probable first
        if (c.class_id >= 0 && static_cast<std::size_t>(c.class_id) < class_ids_.size())
          d.classifications.push_back({class_ids_[static_cast<std::size_t>(c.class_id)], c.prob});
    }
    rec.detections.push_back(std::move(d));
  }
  return rec;
}

void RunBuilder::add_failure(const std::string& file, const std::string& message) {
  ImageRecord rec;
  rec.file = file;
  rec.failure = message;
  run_.images.push_back(std::move(rec));
}

RunResults RunBuilder::finish(const std::string& completion_time) {
  run_.detector.completion_time = completion_time;
  return std::move(run_);
}

}  // namespace wl
