#include "core/session/preferences.h"

#include <nlohmann/json.hpp>

namespace wl {

namespace {
using Json = nlohmann::ordered_json;

bool flag(const Json& j, const char* key, bool fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}
}  // namespace

std::string write_preferences(const Preferences& p) {
  Json j = Json::object();
  j["schema"] = 1;
  if (p.threshold) j["threshold"] = *p.threshold;
  j["provider"] = p.provider;
  if (p.detector.known()) j["detector"] = model_identity_json(p.detector);
  if (p.classifier.known()) j["classifier"] = model_identity_json(p.classifier);
  if (p.classify_threshold) j["classifyThreshold"] = *p.classify_threshold;
  if (p.max_crops) j["maxCrops"] = *p.max_crops;
  if (p.class_threshold) j["classThreshold"] = *p.class_threshold;
  if (p.video) {
    j["video"] = {{"mode", p.video->mode == SampleMode::EveryNthFrame ? "frames" : "seconds"},
                  {"everySeconds", p.video->every_seconds},
                  {"everyNth", p.video->every_nth},
                  {"maxFrames", p.video->max_frames}};
  }
  j["panels"] = {{"backends", p.show_backends}, {"metrics", p.show_metrics}};
  j["labels"] = p.show_labels;
  if (!p.accepted_terms.empty()) j["acceptedTerms"] = p.accepted_terms;
  if (p.welcome_dismissed) j["welcomeDismissed"] = true;
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Preferences read_preferences(std::string_view text) {
  Preferences p;
  const Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return p;
  if (auto t = j.find("threshold"); t != j.end() && t->is_number()) {
    const double v = t->get<double>();
    if (v >= 0 && v <= 1) p.threshold = static_cast<float>(v);
  }
  if (auto v = j.find("provider"); v != j.end() && v->is_string()) {
    const std::string s = v->get<std::string>();
    if (s == "auto" || s == "webgpu" || s == "wasm") p.provider = s;
  }
  if (auto d = j.find("detector"); d != j.end()) p.detector = model_identity_from_json(*d);
  if (auto c = j.find("classifier"); c != j.end() && c->is_object()) p.classifier = model_identity_from_json(*c);
  const auto fraction = [&](const char* key) -> std::optional<float> {
    auto t = j.find(key);
    if (t == j.end() || !t->is_number()) return std::nullopt;
    const double v = t->get<double>();
    return v >= 0 && v <= 1 ? std::optional<float>(static_cast<float>(v)) : std::nullopt;
  };
  p.classify_threshold = fraction("classifyThreshold");
  p.class_threshold = fraction("classThreshold");
  if (auto m = j.find("maxCrops"); m != j.end() && m->is_number_integer() && m->get<int>() >= 1 && m->get<int>() <= 100)
    p.max_crops = m->get<int>();
  if (auto v = j.find("video"); v != j.end() && v->is_object()) {
    FrameSampling s;
    s.mode = v->value("mode", "seconds") == "frames" ? SampleMode::EveryNthFrame : SampleMode::EverySeconds;
    if (auto e = v->find("everySeconds"); e != v->end() && e->is_number()) s.every_seconds = e->get<double>();
    if (auto e = v->find("everyNth"); e != v->end() && e->is_number_integer()) s.every_nth = e->get<int>();
    if (auto e = v->find("maxFrames"); e != v->end() && e->is_number_integer()) s.max_frames = e->get<int>();
    p.video = sanitized(s);
  }
  if (auto panels = j.find("panels"); panels != j.end() && panels->is_object()) {
    p.show_backends = flag(*panels, "backends", p.show_backends);
    p.show_metrics = flag(*panels, "metrics", p.show_metrics);
  }
  p.show_labels = flag(j, "labels", p.show_labels);
  if (auto a = j.find("acceptedTerms"); a != j.end() && a->is_array())
    for (const auto& id : *a)
      if (id.is_string()) p.accepted_terms.push_back(id.get<std::string>());
  p.welcome_dismissed = flag(j, "welcomeDismissed", false);
  return p;
}

}  // namespace wl
