#include "core/pipeline/classifier_setup.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace wl {
namespace {

std::string dims(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + (shape[i] < 0 ? std::string("?") : std::to_string(shape[i]));
  return s + "]";
}

std::vector<ClassScore> top_classes(std::span<const float> scores, const ClassifierSetup& setup) {
  std::vector<double> p(scores.begin(), scores.end());
  if (setup.model.scores == ClassifierScores::Sigmoid) {
    for (auto& v : p) v = 1.0 / (1.0 + std::exp(-v));
    if (p.size() == 1) p = {1.0 - p[0], p[0]};  // one logit: class 1 against class 0
  } else if (setup.model.scores == ClassifierScores::Logits) {
    const double m = *std::max_element(p.begin(), p.end());
    double sum = 0;
    for (auto& v : p) sum += (v = std::exp(v - m));
    for (auto& v : p) v /= sum;
  }
  std::vector<ClassScore> all;
  for (std::size_t c = 0; c < p.size() && c < setup.model.class_names.size(); ++c) all.push_back({static_cast<int>(c), p[c]});
  const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, setup.options.top_k)), all.size());
  // Ties go to the lower class index, as torch.max / argmax pick (int8 models tie often).
  std::partial_sort(all.begin(), all.begin() + static_cast<long>(k), all.end(), [](const ClassScore& a, const ClassScore& b) {
    return a.prob > b.prob || (a.prob == b.prob && a.class_id < b.class_id);
  });
  all.resize(k);
  return all;
}

}  // namespace

Result<ClassifierSetup> make_classifier_setup(ModelEntry classifier, const ModelEntry& detector,
                                              std::span<const TensorInfo> inputs, std::span<const TensorInfo> outputs,
                                              ClassifierOptions options) {
  const std::string name = classifier.name.empty() ? classifier.id : classifier.name;
  if (classifier.task != ModelTask::Classifier)
    return make_error(ErrorCode::InvalidArgument,
                      name + " is a detector, not a species classifier. Choose it as the detector in the Model menu, "
                             "and a classifier under Model → Species classifier.");
  if (classifier.class_names.empty())
    return make_error(ErrorCode::InvalidArgument,
                      name + " has no class names. Give its labels (labels.txt, one class per line, or the model's metadata).");
  if (inputs.empty() || outputs.empty())
    return make_error(ErrorCode::InvalidArgument, name + " has no inputs or no outputs, so it is not a classifier.");
  const auto& in = inputs.front().shape;
  if (in.size() != 4 || (in[1] != 3 && in[3] != 3))
    return make_error(ErrorCode::InvalidArgument, name + "'s input " + dims(in) +
                                                      " is not an image batch (N, 3, H, W or N, H, W, 3); is it a classifier?");
  ClassifierSetup setup;
  setup.crop.nhwc = in[1] != 3 && in[3] == 3;
  const std::int64_t h = setup.crop.nhwc ? in[1] : in[2];
  const std::int64_t w = setup.crop.nhwc ? in[2] : in[3];
  const int size = classifier.input_sizes.empty() ? 0 : classifier.input_sizes.front();
  setup.crop.width = w > 0 ? static_cast<int>(w) : size;
  setup.crop.height = h > 0 ? static_cast<int>(h) : size;
  if (size > 0 && ((w > 0 && w != size) || (h > 0 && h != size)))
    return make_error(ErrorCode::InvalidArgument, name + " takes " + std::to_string(w) + "x" + std::to_string(h) +
                                                      " crops but its configuration says " + std::to_string(size) + ".");
  if (setup.crop.width <= 0 || setup.crop.height <= 0)
    return make_error(ErrorCode::InvalidArgument, name + "'s input size is not fixed and not configured; give input.sizes.");
  const auto& out = outputs.front().shape;
  if (out.size() != 2)
    return make_error(ErrorCode::InvalidArgument, name + "'s output " + dims(out) +
                                                      " is not one row of scores per crop; is it a detector?");
  if (out[1] > 0 && static_cast<std::size_t>(out[1]) != classifier.class_names.size() &&
      !(out[1] == 1 && classifier.class_names.size() == 2 && classifier.scores == ClassifierScores::Sigmoid))
    return make_error(ErrorCode::InvalidArgument,
                      name + " gives " + std::to_string(out[1]) + " scores per crop but its labels name " +
                          std::to_string(classifier.class_names.size()) +
                          " classes. Check that the labels belong to this model.");
  setup.batched = in[0] < 0;
  setup.crop.mean = classifier.mean;
  setup.crop.std = classifier.std;
  setup.crop.bgr = classifier.bgr;
  // A MegaDetector-style detector: its animals are classified, not people or vehicles.
  for (std::size_t c = 0; c < detector.md_category.size(); ++c)
    if (detector.md_category[c] == MdCategory::Animal) setup.detection_classes.push_back(static_cast<int>(c));
  if (options.max_crops < 1) options.max_crops = 1;
  setup.options = options;
  setup.model = std::move(classifier);
  return setup;
}

std::vector<std::size_t> detections_to_classify(const std::vector<Detection>& detections, const ClassifierSetup& setup) {
  std::vector<std::size_t> out;
  const auto& classes = setup.detection_classes;
  for (std::size_t i = 0; i < detections.size(); ++i) {
    const Detection& d = detections[i];
    if (d.confidence < setup.options.min_detection_conf) continue;
    if (!classes.empty() && std::find(classes.begin(), classes.end(), d.class_id) == classes.end()) continue;
    out.push_back(i);
  }
  std::stable_sort(out.begin(), out.end(),
                   [&](std::size_t a, std::size_t b) { return detections[a].confidence > detections[b].confidence; });
  if (out.size() > static_cast<std::size_t>(setup.options.max_crops)) out.resize(static_cast<std::size_t>(setup.options.max_crops));
  return out;
}

Result<std::vector<std::vector<ClassScore>>> crop_top_classes(const TensorF32& output, int crops,
                                                              const ClassifierSetup& setup) {
  if (crops <= 0) return std::vector<std::vector<ClassScore>>{};
  const std::size_t per = output.data.size() / static_cast<std::size_t>(crops);
  const std::size_t labels = setup.model.class_names.size();
  const bool one_logit = per == 1 && labels == 2 && setup.model.scores == ClassifierScores::Sigmoid;
  if (per * static_cast<std::size_t>(crops) != output.data.size() || (per != labels && !one_logit))
    return make_error(ErrorCode::InvalidArgument,
                      "the classifier gave " + std::to_string(output.data.size()) + " scores for " + std::to_string(crops) +
                          " crops, but its labels name " + std::to_string(labels) +
                          " classes; check that the labels belong to this model");
  std::vector<std::vector<ClassScore>> out;
  out.reserve(static_cast<std::size_t>(crops));
  for (int i = 0; i < crops; ++i)
    out.push_back(top_classes(std::span<const float>(output.data).subspan(static_cast<std::size_t>(i) * per, per), setup));
  return out;
}

}  // namespace wl
