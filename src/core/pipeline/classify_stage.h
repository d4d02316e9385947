#pragma once
// Species classification of one image's detections: each chosen detection is cut out of the
// upright image (the box as is, as Pytorch-Wildlife's DetectionCrops does), resized to the
// classifier's input, normalised, and run through the classifier engine one crop after the
// other. Scores become probabilities (softmax, sigmoid or as given, per the manifest) and the
// best few are kept per detection.
#include <optional>
#include <vector>

#include "core/detect/detection.h"
#include "core/image/image.h"
#include "core/models/manifest.h"
#include "core/pipeline/engine.h"
#include "core/util/result.h"

namespace wl {

struct ClassScore {
  int class_id = 0;
  double prob = 0;
  bool operator==(const ClassScore&) const = default;
};

struct ClassifyOptions {
  float min_detection_conf = 0.2f;  // detections below are not classified
  std::vector<int> detection_classes;  // only these detector classes (empty: all)
  int top_k = 3;
};

class ClassificationStage {
 public:
  static Result<ClassificationStage> create(ModelEntry classifier, ClassifyOptions options);

  // Starts on one image. `image` and `detections` must stay alive until poll() returns a value.
  void begin(const ImageRgb8& image, const std::vector<Detection>& detections, InferenceEngine& engine);

  // nullopt while crops are still being classified; then, per detection (same order), its top
  // classes (empty for detections that were not classified or whose crop failed).
  std::optional<std::vector<std::vector<ClassScore>>> poll(InferenceEngine& engine);

  bool busy() const { return image_ != nullptr; }
  const ModelEntry& model() const { return model_; }

 private:
  ClassificationStage(ModelEntry model, ClassifyOptions options) : model_(std::move(model)), options_(std::move(options)) {}
  bool wanted(const Detection& d) const;
  void start_next(InferenceEngine& engine);  // starts the next wanted crop, or finishes
  std::vector<ClassScore> top_classes(const std::vector<float>& scores) const;

  ModelEntry model_;
  ClassifyOptions options_;
  const ImageRgb8* image_ = nullptr;
  const std::vector<Detection>* detections_ = nullptr;
  std::size_t next_ = 0;     // next detection to look at
  std::size_t running_ = 0;  // the detection whose crop is in the engine
  bool in_flight_ = false;
  std::vector<std::vector<ClassScore>> results_;
  std::vector<float> tensor_;
};

}  // namespace wl
