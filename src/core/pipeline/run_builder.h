#pragma once
// Collects per-image detections into the results model (src/core/results), in the
// MegaDetector convention: categories as 1-based string ids, boxes normalised to the upright
// image. A model whose manifest maps its classes to animal/person/vehicle reports those three
// categories (classes mapped to nothing are dropped); any other model reports its own classes.
#include <string>

#include "core/models/manifest.h"
#include "core/pipeline/classifier_setup.h"
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

  // Declares the species classifier whose results add() will receive: its classes become
  // classification categories. Names already in `known` (an earlier run's categories, a
  // reviewer's names) keep their ids, so records made before stay valid; new names get the
  // next free ids. Records keep the model's top classes as they are: which species counts,
  // and "unknown" below the threshold, is decided when shown or exported (results/species.h).
  void set_classifier(const ModelEntry& classifier, const std::string& file, const CategoryNames& known = {});

  // `classes`, when given, holds per detection of `image` (same order) its top classes.
  void add(const ImageDetections& image, const std::vector<std::vector<ClassScore>>* classes = nullptr);
  // The record add() would append, without appending it: for hosts that keep their own list
  // of records (the app edits them in review) and assemble the run only when exporting.
  ImageRecord make_record(const ImageDetections& image,
                          const std::vector<std::vector<ClassScore>>* classes = nullptr) const;
  // Appends a record made by make_record (e.g. by the batch driver).
  void add_record(ImageRecord record) { run_.images.push_back(std::move(record)); }
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
  std::vector<std::string> class_ids_;  // classification category id of each classifier class
};

}  // namespace wl
