#include "core/models/manifest_writer.h"

#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace wl {
namespace {

using Json = nlohmann::ordered_json;  // members in the order the zoo file uses

// The shortest decimal that reads back as the same float: thresholds stay "0.2", not
// 0.20000000298023224, and parse back to the identical float.
double float_text(float v) {
  char buf[32];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(v));
    if (std::strtof(buf, nullptr) == v) break;
  }
  return std::strtod(buf, nullptr);
}

const char* resize_name(ResizeMode m) {
  switch (m) {
    case ResizeMode::Letterbox: return "letterbox";
    case ResizeMode::LetterboxStride: return "letterbox_stride";
    case ResizeMode::Stretch: return "stretch";
  }
  return "letterbox";
}

const char* scores_name(ClassifierScores s) {
  switch (s) {
    case ClassifierScores::Logits: return "logits";
    case ClassifierScores::Probabilities: return "probabilities";
    case ClassifierScores::Sigmoid: return "sigmoid";
  }
  return "logits";
}

Json triple(const std::array<float, 3>& v) { return Json::array({float_text(v[0]), float_text(v[1]), float_text(v[2])}); }

}  // namespace

std::string write_model_entry(const ModelEntry& e) {
  Json j = Json::object();
  j["id"] = e.id;
  j["name"] = e.name;
  const bool detector = e.task == ModelTask::Detector;
  j["task"] = detector ? "detector" : "classifier";
  j["family"] = e.family;
  if (detector && e.layout != DetectorLayout::None) j["layout"] = to_string(e.layout);

  Json in = Json::object();
  in["sizes"] = e.input_sizes;
  in["dynamic_hw"] = e.dynamic_hw;
  in["resize"] = resize_name(e.resize);
  in["stride"] = e.stride;
  in["pad_value"] = e.pad_value;
  in["box_rescale"] = e.rescale == BoxRescale::YoloV5 ? "yolov5" : "ultralytics";
  in["mean"] = triple(e.mean);
  in["std"] = triple(e.std);
  if (e.bgr) in["channel_order"] = "bgr";
  if (!e.size_input.empty()) in["size_input"] = e.size_input;
  j["input"] = std::move(in);

  j["classes"] = e.class_names;
  if (e.maps_to_md()) {
    Json map = Json::array();
    for (const auto& m : e.md_category) map.push_back(m ? Json(to_string(*m)) : Json(nullptr));
    j["md_category"] = std::move(map);
  }
  if (!detector) j["scores"] = scores_name(e.scores);

  const Thresholds& t = e.thresholds;
  j["thresholds"] = {{"typical", float_text(t.typical)},     {"conservative", float_text(t.conservative)},
                     {"candidate", float_text(t.candidate)}, {"nms_iou", float_text(t.nms_iou)},
                     {"max_det", t.max_det},                 {"agnostic_nms", t.agnostic_nms}};
  j["licence"] = e.licence;
  if (!e.source_url.empty()) j["source_url"] = e.source_url;
  Json weights = Json::array();
  for (const WeightFile& w : e.weights) {
    if (w.url.empty() == w.path.empty()) continue;
    Json f = {{"format", w.format}};
    if (!w.url.empty()) f["url"] = w.url;
    else f["path"] = w.path;
    if (w.bytes) f["bytes"] = *w.bytes;
    f["sha256"] = w.sha256.value_or("unknown");
    weights.push_back(std::move(f));
  }
  if (!weights.empty()) j["weights"] = std::move(weights);
  if (!e.notes.empty()) j["notes"] = e.notes;
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace wl
