#pragma once
// A batch run in the app: the detector session, the queue of images, and the per-frame step
// that moves images through prepare (read + decode + letterbox, off the main thread) ->
// pipeline (engine, postprocess) -> results. It never blocks: each step() starts or polls
// work and returns.
#include <deque>
#include <span>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/sources.h"
#include "core/models/manifest.h"
#include "core/pipeline/detect_pipeline.h"
#include "core/results/run_results.h"
#include "platform/inference.h"
#include "platform/js/ort_engine.h"
#include "platform/prepare_service.h"

namespace wl::app {

enum class ImageStatus { Pending, Reading, Running, Done, Failed };

struct BatchImage {
  FileRef file;
  ImageStatus status = ImageStatus::Pending;
  ImageDetections result;  // valid when Done or Failed
  std::string failure;
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
  const ModelEntry* model() const { return model_ ? &*model_ : nullptr; }
  const inference::SessionInfo* session_info() const { return session_ ? &session_->info() : nullptr; }
  RunState run_state() const { return run_; }
  BatchProgress progress() const;
  const std::vector<BatchImage>& images() const { return images_; }
  int skipped_non_images() const { return skipped_; }
  const std::vector<std::string>& skipped_examples() const { return skipped_examples_; }

  // The results so far in the MegaDetector model (all detections above the model's
  // candidate threshold; the UI's threshold is a view filter, exports keep them all).
  RunResults build_results() const;

 private:
  void pull_new_files();
  void advance();
  bool start_next_prepare();  // false when no image is pending
  void finish_image(std::size_t index, ImageDetections result);
  void finish_failed(std::size_t index, std::string message);

  FileSource& files_;
  HostActions& host_;

  ModelState model_state_ = ModelState::None;
  int model_serial_ = 0;
  std::string model_message_;
  std::optional<ModelEntry> model_;
  std::string model_file_, model_sha256_;
  std::optional<inference::PendingSession> creating_;
  std::unique_ptr<inference::Session> session_;
  std::unique_ptr<inference::OrtEngine> engine_;
  std::optional<DetectionPipeline> pipeline_;

  std::vector<BatchImage> images_;
  int skipped_ = 0;
  std::vector<std::string> skipped_examples_;
  RunState run_ = RunState::Idle;
  // Images being read and prepared off the main thread, oldest first; they enter the pipeline
  // in this order.
  struct Preparing {
    std::size_t index;  // into images_
    int job;            // prepare_'s job
  };
  platform::PrepareService prepare_;
  std::deque<Preparing> preparing_;
  std::deque<std::size_t> in_pipeline_; // begun images, oldest first (the pipeline's order)
  std::size_t next_ = 0;                // first index that may still be pending
  double started_ms_ = 0;
  double paused_total_ms_ = 0;
  std::deque<double> finish_times_ms_;  // recent completions, for the rate
  int finished_ = 0, failed_ = 0;  // counted as images finish, so progress() costs nothing per frame
  StageTimings timing_sums_;
  int timed_images_ = 0;
};

}  // namespace wl::app
