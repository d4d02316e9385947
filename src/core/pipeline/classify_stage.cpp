#include "core/pipeline/classify_stage.h"

#include <algorithm>
#include <cmath>

#include "core/preprocess/classifier_crop.h"
#include "core/preprocess/tensor.h"

namespace wl {

Result<ClassificationStage> ClassificationStage::create(ModelEntry classifier, ClassifyOptions options) {
  if (classifier.task != ModelTask::Classifier)
    return make_error(ErrorCode::InvalidArgument, "'" + classifier.id + "' is a detector; --classifier needs a classifier.");
  if (options.top_k < 1) options.top_k = 1;
  return ClassificationStage(std::move(classifier), std::move(options));
}

bool ClassificationStage::wanted(const Detection& d) const {
  if (d.confidence < options_.min_detection_conf) return false;
  if (options_.detection_classes.empty()) return true;
  return std::find(options_.detection_classes.begin(), options_.detection_classes.end(), d.class_id) !=
         options_.detection_classes.end();
}

void ClassificationStage::begin(const ImageRgb8& image, const std::vector<Detection>& detections, InferenceEngine& engine) {
  image_ = &image;
  detections_ = &detections;
  next_ = 0;
  in_flight_ = false;
  results_.assign(detections.size(), {});
  start_next(engine);
}

void ClassificationStage::start_next(InferenceEngine& engine) {
  const int size = model_.input_sizes.front();
  ClassifierCropParams crop;
  crop.size = size;
  crop.square = false;
  while (next_ < detections_->size()) {
    const std::size_t i = next_++;
    const Detection& d = (*detections_)[i];
    if (!wanted(d)) continue;
    auto img = classifier_crop(*image_, {d.box.x1, d.box.y1, d.box.x2, d.box.y2}, crop);
    if (!img) continue;  // a degenerate box: that detection stays unclassified
    tensor_.resize(nchw_float_count(*img));
    TensorNormalization norm;
    norm.mean = model_.mean;
    norm.std = model_.std;
    norm.bgr = model_.bgr;
    if (!write_nchw_float(*img, norm, tensor_)) continue;
    const std::int64_t shape[4] = {1, 3, size, size};
    if (!engine.start(tensor_, shape)) continue;
    running_ = i;
    in_flight_ = true;
    return;
  }
  in_flight_ = false;
}

std::vector<ClassScore> ClassificationStage::top_classes(const std::vector<float>& scores) const {
  std::vector<double> p(scores.begin(), scores.end());
  if (model_.scores == ClassifierScores::Sigmoid) {
    for (auto& v : p) v = 1.0 / (1.0 + std::exp(-v));
    if (p.size() == 1) p = {1.0 - p[0], p[0]};  // one logit: class 1 vs class 0
  } else if (model_.scores == ClassifierScores::Logits) {
    const double m = *std::max_element(p.begin(), p.end());
    double sum = 0;
    for (auto& v : p) sum += (v = std::exp(v - m));
    for (auto& v : p) v /= sum;
  }
  std::vector<ClassScore> all;
  for (std::size_t c = 0; c < p.size() && c < model_.class_names.size(); ++c) all.push_back({static_cast<int>(c), p[c]});
  const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(options_.top_k), all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<long>(k), all.end(),
                    [](const ClassScore& a, const ClassScore& b) { return a.prob > b.prob; });
  all.resize(k);
  return all;
}

std::optional<std::vector<std::vector<ClassScore>>> ClassificationStage::poll(InferenceEngine& engine) {
  if (!image_) return std::nullopt;
  while (in_flight_) {
    auto out = engine.poll();
    if (!out) return std::nullopt;
    if (out->ok() && !out->value().empty() && !out->value().front().data.empty())
      results_[running_] = top_classes(out->value().front().data);
    start_next(engine);
  }
  image_ = nullptr;
  detections_ = nullptr;
  return std::move(results_);
}

}  // namespace wl
