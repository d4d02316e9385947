#pragma once
// A batch run in the app: the detector session, the queue of images, and the per-frame step
// that moves one image at a time through read -> pipeline -> results. It never blocks: each
// step() starts or polls work and returns.
#include <deque>
#include <span>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/sources.h"
#include "core/models/manifest.h"
#include "core/models/model_limits.h"
#include "core/pipeline/detect_pipeline.h"
#include "core/pipeline/run_builder.h"
#include "core/results/run_results.h"
#include "platform/inference.h"
#include "platform/js/ort_engine.h"

namespace wl::app {

enum class ImageStatus { Pending, Reading, Running, Done, Failed };

struct BatchImage {
  FileRef file;
  ImageStatus status = ImageStatus::Pending;
  // Valid when Done or Failed: the image in the results model, which review edits and every
  // export and view reads, so what the user sees is what is exported.
  ImageRecord record;
  StageTimings timings;
  std::string failure_text() const { return record.failure.value_or(""); }
};

enum class ModelState { None, Loading, Ready, Failed };
enum class RunState { Idle, Running, Paused, Cancelling, Finished };

struct BatchProgress {
  int total = 0, done = 0, failed = 0;
  double images_per_s = 0;
  double eta_s = -1;  // < 0: unknown
  double elapsed_s = 0;
  StageTimings mean_timings;  // per image, over the images finished so far
};

class BatchController {
 public:
  BatchController(FileSource& files, HostActions& host) : files_(files), host_(host) {}

  // Starts creating a session for a detector from model bytes and its manifest entry.
  // `sha256` (hex) of the bytes is recorded in the results; the host computes it.
  void load_model(std::span<const std::uint8_t> bytes, ModelEntry entry, std::string file_name, std::string sha256,
                  std::vector<std::string> providers);
  // Models above these limits are refused with a message before any session is created.
  void set_model_limits(ModelLimits limits) { limits_ = limits; }

  void start();
  void pause() { if (run_ == RunState::Running) run_ = RunState::Paused; }
  void resume() { if (run_ == RunState::Paused) run_ = RunState::Running; }
  // Starts nothing more; images already in the engine finish and keep their results.
  void cancel();
  void clear_images();     // forgets every image and result (only when not running)

  // Call once per frame.
  void step();

  ModelState model_state() const { return model_state_; }
  int model_serial() const { return model_serial_; }  // counts load_model() calls
  const std::string& model_message() const { return model_message_; }
  const ModelEntry* model() const { return model_ ? &model_->entry : nullptr; }
  const inference::SessionInfo* session_info() const { return session_ ? &session_->info() : nullptr; }
  RunState run_state() const { return run_; }
  BatchProgress progress() const;
  const std::vector<BatchImage>& images() const { return images_; }
  // Names of the detection categories the records use (id -> name); empty before a model.
  const CategoryNames& detection_categories() const;
  const CategoryNames& classification_categories() const;

  // A reviewer's decision on one detection of a finished image; out-of-range indices are ignored.
  void set_review(std::size_t image, std::size_t detection, Review review);
  // A label for a whole finished image (a reviewer's tag), or none.
  void set_label(std::size_t image, std::optional<ImageLabel> label);
  // Changes whenever an image is added, finishes, is reviewed or cleared: views that derive
  // something from every image (gallery order, summary) recompute only when it moves.
  std::uint64_t revision() const { return revision_; }
  int skipped_non_images() const { return skipped_; }
  const std::vector<std::string>& skipped_examples() const { return skipped_examples_; }

  // The results so far in the MegaDetector model (all detections above the model's
  // candidate threshold; the UI's threshold is a view filter, exports keep them all).
  RunResults build_results() const;

 private:
  void pull_new_files();
  void advance();
  void start_next_read();
  void finish_image(std::size_t index, ImageDetections result);
  void adopt_model();
  void finish_failed(std::size_t index, std::string message);

  FileSource& files_;
  HostActions& host_;

  ModelState model_state_ = ModelState::None;
  int model_serial_ = 0;
  std::string model_message_;
  // The model in use; a model being loaded waits in `incoming_` and replaces it only once its
  // session is ready, so a model that fails to load leaves the working one in place.
  struct LoadedModel {
    ModelEntry entry;
    std::string file, sha256;
  };
  std::optional<LoadedModel> model_, incoming_;
  std::optional<DetectionPipeline> incoming_pipeline_;
  std::optional<inference::PendingSession> creating_;
  std::unique_ptr<inference::Session> session_;
  std::unique_ptr<inference::OrtEngine> engine_;
  std::optional<DetectionPipeline> pipeline_;
  std::optional<RunBuilder> builder_;
  ModelLimits limits_;  // run header (categories, detector) and record maker

  std::vector<BatchImage> images_;
  int skipped_ = 0;
  std::vector<std::string> skipped_examples_;
  RunState run_ = RunState::Idle;
  std::optional<std::size_t> reading_;  // index into images_ whose bytes are being read
  std::deque<std::size_t> in_pipeline_; // begun images, oldest first (the pipeline's order)
  std::size_t next_ = 0;                // first index that may still be pending
  double started_ms_ = 0;
  std::deque<double> finish_times_ms_;  // recent completions, for the rate
  int finished_ = 0, failed_ = 0;  // counted as images finish, so progress() costs nothing per frame
  std::uint64_t revision_ = 0;
  StageTimings timing_sums_;
  int timed_images_ = 0;
};

}  // namespace wl::app
