#pragma once
// A batch run in the app: the detector and classifier sessions, the list of images and what
// the screen shows of them. The loop itself is the core's BatchDriver (the same one the
// headless runner uses); this is the glue that feeds it the listed images, keeps their
// statuses and records, and counts progress. It never blocks: each step() polls and returns.
#include <deque>
#include <span>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/sources.h"
#include "core/models/manifest.h"
#include "core/models/model_limits.h"
#include "core/pipeline/batch_driver.h"
#include "core/pipeline/detect_pipeline.h"
#include "core/pipeline/run_builder.h"
#include "core/results/run_results.h"
#include "core/session/file_match.h"
#include "core/session/session_restore.h"
#include "core/video/clip_assembly.h"
#include "core/video/frame_sampling.h"
#include "platform/inference.h"
#include "platform/js/ort_engine.h"
#include "platform/prepare_service.h"
#include "platform/video_probe.h"

namespace wl::app {

// NeedsFile: listed by a stored batch or imported results, not finished, and its file is not
// in the page; adding the file again makes it Pending.
enum class ImageStatus { Pending, Reading, Running, Done, Failed, NeedsFile };

struct BatchImage {
  // file.id is 0 while the file is not in the page (results restored from storage or
  // imported): the results are there, the pixels come back when its folder is added again.
  FileRef file;
  ImageStatus status = ImageStatus::Pending;
  // Valid when Done or Failed: the image in the results model, which review edits and every
  // export and view reads, so what the user sees is what is exported.
  ImageRecord record;
  StageTimings timings;
  // A clip: probed when the run reaches it, then run frame by frame (core/video); its record
  // is the clip's, in the MegaDetector video convention, once every sampled frame is done.
  bool clip = false;
  int probe_job = 0;                    // reading the clip's header
  std::optional<ClipAssembler> frames = std::nullopt;  // once probed: its sampled frames and their outcomes
  std::string failure_text() const { return record.failure.value_or(""); }
  bool has_file() const { return file.id != 0; }
};

// Where the bytes of a model being loaded came from, so a later visit can get them again.
struct ModelOrigin {
  ModelSource source = ModelSource::Url;
  std::string url;     // the model cache's key (empty for bytes handed over by a script)
  std::string zoo_id;  // when chosen from the zoo
};

// Where the listed results come from: detection in this app, or a MegaDetector file.
enum class BatchOrigin { Run, Import };

// What changed since the last take_changes(): what the session storage must write.
struct BatchChanges {
  bool replaced = false;  // the list was cleared or replaced by imported results
  bool header = false;    // the run header (model, categories) changed
  bool files = false;     // images were added to the list
  std::vector<std::size_t> records;  // images whose record was set or edited
};

enum class ModelState { None, Loading, Ready, Failed };
enum class RunState { Idle, Running, Paused, Cancelling, Finished };

struct BatchProgress {
  int total = 0, done = 0, failed = 0;
  double images_per_s = 0;
  double eta_s = -1;  // < 0: unknown
  double elapsed_s = 0;
  StageTimings mean_timings;  // per image, over the images finished so far
  double mean_classify_ms = 0;  // per classified image: its crops cut and in the classifier
  int images_classified = 0;    // images with at least one crop classified
  int crops_classified = 0;     // detections given species, this page visit
  int crops_too_small = 0;      // detections skipped: crop under 8 pixels
  int classifier_problems = 0;  // images whose species could not be classified (boxes kept)
  int processed = 0;    // images (and clip frames) handed to the detector since the page opened
  int frames_total = 0, frames_done = 0;  // sampled frames of the clips read so far
  int need_files = 0;   // unfinished images whose file is not in the page
  int without_file = 0; // images (finished or not) whose file is not in the page
};

class BatchController {
 public:
  BatchController(FileSource& files, HostActions& host) : files_(files), host_(host) {}

  // Starts creating a session for a detector from model bytes and its manifest entry.
  // `sha256` (hex) of the bytes is recorded in the results; the host computes it.
  void load_model(std::span<const std::uint8_t> bytes, ModelEntry entry, std::string file_name, std::string sha256,
                  std::vector<std::string> providers, ModelOrigin origin = {});
  // Starts creating a session for a species classifier. It replaces the one in use only once
  // ready, and runs on the detections of the images processed from then on.
  void load_classifier(std::span<const std::uint8_t> bytes, ModelEntry entry, std::string file_name, std::string sha256,
                       std::vector<std::string> providers, ModelOrigin origin = {});
  // "None": no species classification for the images processed from now on.
  void clear_classifier();
  ModelState classifier_state() const { return classifier_state_; }
  const std::string& classifier_message() const { return classifier_message_; }
  const ModelEntry* classifier() const { return classifier_ ? &classifier_->entry : nullptr; }
  std::optional<ModelIdentity> classifier_identity() const;
  int classifier_serial() const { return classifier_serial_; }
  int classifier_in_use_serial() const { return classifier_ ? classifier_->serial : 0; }
  const std::optional<ClassifierSetup>& classifier_setup() const { return classifier_setup_; }
  // Which detections are classified (threshold, crops per image); applies from the next run.
  void set_classifier_options(ClassifierOptions options) { classifier_options_ = options; }
  const ClassifierOptions& classifier_options() const { return classifier_options_; }
  // Which frames of a clip are analysed; applies to clips the run has not reached yet.
  void set_frame_sampling(FrameSampling sampling) { sampling_ = sanitized(sampling); }
  const FrameSampling& frame_sampling() const { return sampling_; }
  // Models above these limits are refused with a message before any session is created.
  void set_model_limits(ModelLimits limits) { limits_ = limits; }

  void start();
  void pause();
  void resume();
  // Starts nothing more; images already in the engine finish and keep their results.
  void cancel();
  void clear_images();     // forgets every image and result (only when not running)

  // Replaces the list with a stored batch (not while running): finished images come back with
  // their results, the others wait for their files. Files added later are matched to the
  // listed images by relative path and size (core/session/file_match.h).
  void restore(RestoredSession session);
  // Replaces the list with imported MegaDetector results (not while running); their files are
  // matched as they are added, by relative path, else by a unique file name.
  Result<void> import_results(RunResults run, std::string source_name);
  BatchOrigin origin() const { return origin_; }
  const std::string& source_name() const { return source_name_; }
  // Why the last start() did nothing, for the UI ("" when it started).
  const std::string& notice() const { return notice_; }
  BatchChanges take_changes();

  // Call once per frame.
  void step();

  ModelState model_state() const { return model_state_; }
  int model_serial() const { return model_serial_; }  // counts load_model() calls
  const std::string& model_message() const { return model_message_; }
  const ModelEntry* model() const { return model_ ? &model_->entry : nullptr; }
  // The model in use and where its bytes came from (nullopt before a model is ready).
  std::optional<ModelIdentity> model_identity() const;
  // The load_model() call (counted by model_serial) whose model is in use; 0 before one.
  int model_in_use_serial() const { return model_in_use_serial_; }
  // The run header exports start from: the model's, or the imported or restored file's.
  const RunResults& run_header() const { return header_; }
  const inference::SessionInfo* session_info() const { return session_ ? &session_->info() : nullptr; }
  RunState run_state() const { return run_; }
  BatchProgress progress() const;
  const std::vector<BatchImage>& images() const { return images_; }
  // Names of the detection categories the records use (id -> name); empty before a model.
  const CategoryNames& detection_categories() const;
  const CategoryNames& classification_categories() const;

  // A reviewer's decision on one detection of a finished image; out-of-range indices are ignored.
  void set_review(std::size_t image, std::size_t detection, Review review);
  // The classification category id of a species name, added to the run's categories when it
  // is new (a reviewer typed a species the classifier does not know). "" for an empty name.
  std::string species_category(const std::string& name);
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
  std::optional<BatchItem> next_pending();  // the driver's feed
  void finish_image(FinishedImage result);
  void finish_frame(FinishedImage result);
  void count_classified(const FinishedImage& result);
  void set_finished(std::size_t index, ImageRecord record, const StageTimings* timings);
  void step_probes();
  void adopt_model();
  void adopt_classifier();
  void rebuild_header();  // the run builder from the detector (and classifier) in use
  void step_model_loads();
  void reset_list();
  void attach_or_append(FileRef file);

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
    ModelOrigin origin;
    int serial = 0;
  };
  std::optional<LoadedModel> model_, incoming_;
  std::optional<DetectionPipeline> incoming_pipeline_;
  std::optional<inference::PendingSession> creating_;
  std::unique_ptr<inference::Session> session_;
  std::unique_ptr<inference::OrtEngine> engine_;
  std::optional<DetectionPipeline> pipeline_;
  std::optional<RunBuilder> builder_;  // run header (categories, detector) and record maker
  // The species classifier in use (and one being loaded), as for the detector.
  ModelState classifier_state_ = ModelState::None;
  int classifier_serial_ = 0;
  std::string classifier_message_;
  std::optional<LoadedModel> classifier_, incoming_classifier_;
  std::optional<inference::PendingSession> creating_classifier_;
  std::optional<inference::Session> pending_classifier_session_;  // created, being checked
  std::unique_ptr<inference::Session> classifier_session_;
  std::unique_ptr<inference::OrtEngine> classifier_engine_;
  std::optional<ClassifierSetup> classifier_setup_;
  ClassifierOptions classifier_options_;
  int model_in_use_serial_ = 0;
  BatchOrigin origin_ = BatchOrigin::Run;
  RunResults header_;        // what build_results() starts from
  std::string source_name_;  // imported results: the file's name
  std::optional<FileMatcher> matcher_;  // listed images still without a file
  BatchChanges changes_;
  std::string notice_;
  int processed_ = 0, need_files_ = 0, without_file_ = 0;
  ModelLimits limits_;

  std::vector<BatchImage> images_;
  int skipped_ = 0;
  std::vector<std::string> skipped_examples_;
  RunState run_ = RunState::Idle;
  platform::PrepareService prepare_;
  platform::VideoProbe probe_;
  FrameSampling sampling_;
  std::vector<std::size_t> probing_;   // clips whose header is being read
  int frames_total_ = 0, frames_done_ = 0;
  std::optional<BatchDriver> driver_;   // the run in progress
  std::size_t next_ = 0;                // first index that may still be pending
  double started_ms_ = 0;
  std::deque<double> finish_times_ms_;  // recent completions, for the rate
  int finished_ = 0, failed_ = 0;  // counted as images finish, so progress() costs nothing per frame
  std::uint64_t revision_ = 0;
  StageTimings timing_sums_;
  int timed_images_ = 0;
  double classify_ms_sum_ = 0;
  int classified_images_ = 0, crops_classified_ = 0, crops_too_small_ = 0, classifier_problems_ = 0;
};

}  // namespace wl::app
