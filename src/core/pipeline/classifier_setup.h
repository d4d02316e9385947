#pragma once
// Everything about running a species classifier on a detector's boxes that does not depend
// on where it runs: which detections are classified, how the crops are made (from the
// model entry and the session's input), and how one run's scores become each crop's top
// classes. The batch driver (batch_driver.h) uses it; the app and the runner build it once
// the classifier's session reports its inputs and outputs.
#include <cstdint>
#include <span>
#include <vector>

#include "core/detect/detection.h"
#include "core/models/manifest.h"
#include "core/models/tensor.h"
#include "core/pipeline/image_preparer.h"
#include "core/util/result.h"

namespace wl {

struct ClassScore {
  int class_id = 0;
  double prob = 0;
  bool operator==(const ClassScore&) const = default;
};

struct ClassifierOptions {
  // Only detections at or above this confidence are classified (the classification
  // detection threshold, separate from the display threshold).
  float min_detection_conf = 0.1f;
  int max_crops = 20;  // per image, most confident first
  int top_k = 5;       // classes kept per detection
  bool operator==(const ClassifierOptions&) const = default;
};

struct ClassifierSetup {
  ModelEntry model;
  ClassifierOptions options;
  std::vector<int> detection_classes;  // detector classes whose boxes are classified; empty: all
  CropSpec crop;
  bool batched = false;  // the input has a dynamic batch axis: one run per image
};

// Checks the classifier against its session's inputs and outputs and the detector it
// follows. Errors say what to do: a detector chosen as classifier, an input that is not an
// image, a size that disagrees, a label count that does not match the output.
Result<ClassifierSetup> make_classifier_setup(ModelEntry classifier, const ModelEntry& detector,
                                              std::span<const TensorInfo> inputs, std::span<const TensorInfo> outputs,
                                              ClassifierOptions options = {});

// Indices of the detections to classify: wanted classes at or above the threshold, most
// confident first, at most max_crops.
std::vector<std::size_t> detections_to_classify(const std::vector<Detection>& detections, const ClassifierSetup& setup);

// The output of one classifier run over `crops` crops -> each crop's top classes, most
// probable first (softmax, sigmoid or as given, per the model entry). An output whose size
// does not match the labels is an error with the counts in it.
Result<std::vector<std::vector<ClassScore>>> crop_top_classes(const TensorF32& output, int crops,
                                                              const ClassifierSetup& setup);

}  // namespace wl
