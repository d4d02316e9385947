#pragma once
// Collects per-image detections into the results model (src/core/results), in the
// MegaDetector convention: categories as 1-based string ids, boxes normalised to the upright
// image. A model whose manifest maps its classes to animal/person/vehicle reports those three
// categories (classes mapped to nothing are dropped); any other model reports its own classes.
#include <string>

#include "core/models/manifest.h"
#include "core/pipeline/classify_stage.h"
#include "core/pipeline/detect_pipeline.h"
#include "core/results/run_results.h"

namespace wl {

struct RunDescription {
  std::string model_file;    // what the user ran, e.g. "md_v5a.0.0.onnx" or a zoo id
  std::string model_sha256;  // of the bytes that ran
  int input_size = 0;
  float output_threshold = 0;
};

class RunBuilder {
 public:
  RunBuilder(const ModelEntry& model, const RunDescription& run);

  // Declares the species classifier whose results add() will receive. A detection whose best
  // class is below the classifier's typical threshold is labelled "unknown" first (its top-k
  // classes follow, so nothing is lost), and each image gets a label: its most confident
  // class at or above the threshold, else "unknown" when something was classified.
  void set_classifier(const ModelEntry& classifier, const std::string& file);

  // `classes`, when given, holds per detection of `image` (same order) its top classes.
  void add(const ImageDetections& image, const std::vector<std::vector<ClassScore>>* classes = nullptr);
  // The record add() would append, without appending it: for hosts that keep their own list
  // of records (the app edits them in review) and assemble the run only when exporting.
  ImageRecord make_record(const ImageDetections& image,
                          const std::vector<std::vector<ClassScore>>* classes = nullptr) const;
  // A file that could not even be read (permissions, vanished): listed as a failure.
  void add_failure(const std::string& file, const std::string& message);

  // Stamps the completion time ("YYYY-MM-DD HH:MM:SS", supplied by the caller so the core
  // needs no clock) and hands the run over.
  RunResults finish(const std::string& completion_time);

  const RunResults& results() const { return run_; }

 private:
  std::optional<std::string> category_of(int class_id) const;
  ModelEntry model_;
  RunResults run_;
  double classification_threshold_ = 0;
  std::string unknown_id_;  // classification category id of "unknown"
};

}  // namespace wl
