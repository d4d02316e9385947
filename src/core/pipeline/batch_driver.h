#pragma once
// The one batch loop, for the page and the headless runner alike: image -> prepare (read,
// decode, letterbox, elsewhere) -> detector -> crops (cut where the image was decoded) ->
// species classifier -> record. It never blocks: step() polls the preparer and the engines,
// moves every image as far as it can go and starts what can start, then returns.
//
// Stages overlap: while the detector runs one image, the next is prepared and waits staged,
// and the classifier works on the image before. Images finish in the order they entered.
//
// Seams, all injected: the preparer (image_preparer.h), the two inference engines
// (engine.h), a clock, and a feed that hands out the next image to run. The caller keeps the
// list of images and their on-screen state; the driver keeps only what is in flight.
#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/pipeline/classifier_setup.h"
#include "core/pipeline/detect_pipeline.h"
#include "core/pipeline/image_preparer.h"
#include "core/pipeline/run_builder.h"

namespace wl {

struct BatchItem {
  std::size_t index = 0;  // the caller's, handed back in updates
  int file_id = 0;        // for the preparer (web: the page's File)
  std::string path;       // as listed; the record's file name
  // A frame of a clip (core/video/clip_assembly.h) instead of an image file.
  std::optional<VideoFrameRequest> frame = std::nullopt;
  std::optional<int> frame_number() const { return frame ? std::optional<int>(frame->number) : std::nullopt; }
};

struct ClassifyTimings {
  double crop_ms = 0;      // in the preparer
  double classify_ms = 0;  // from the classifier run's start to its outputs
};

struct FinishedImage {
  std::size_t index = 0;
  std::optional<int> frame_number;               // the item was this frame of a clip
  ImageDetections detections;                    // boxes in upright pixels, stage timings
  std::vector<std::vector<ClassScore>> classes;  // per detection; empty where not classified
  ImageRecord record;                            // what the results model keeps
  int crops = 0;                                 // detections classified
  int too_small = 0;                             // detections skipped: crop under 8 pixels
  ClassifyTimings classify;
  std::string classifier_problem;  // why this image's species are missing (its boxes are kept)
};

enum class DriverUpdateKind {
  Running,   // entered the detector
  Finished,  // done (or failed); `image` holds the outcome
  Returned,  // dropped by cancel() before it reached the detector: pending again
};

struct DriverUpdate {
  DriverUpdateKind kind = DriverUpdateKind::Running;
  std::size_t index = 0;
  std::optional<FinishedImage> image;
  std::optional<int> frame_number;  // the item was this frame of a clip
};

enum class DriverState { Running, Paused, Cancelling, Finished };

struct DriverTuning {
  // Images being prepared ahead of the detector, besides the one it holds staged.
  std::size_t prepare_ahead = 2;
  // After an image finishes, new decodes wait this long (unless the detector would run dry),
  // so the frame that shows the finished image is drawn before the CPU is busy again.
  double prepare_yield_ms = 0;
  // Images whose detections are known but whose crops are not classified yet; the detector
  // takes no new image while this many wait, so kept images stay few.
  std::size_t classify_backlog = 2;
};

class BatchDriver {
 public:
  using Feed = std::function<std::optional<BatchItem>()>;
  using Clock = std::function<double()>;

  // `builder` (categories, record maker) must outlive the driver. A classifier setup is used
  // only when step() is given a classifier engine.
  BatchDriver(DetectionPipeline detector, const RunBuilder& builder, std::optional<ClassifierSetup> classifier,
              ImagePreparer& preparer, Clock clock, DriverTuning tuning = {});

  // One step. `feed` is asked for images only while running and while there is room. A run
  // that finished because the feed ran dry starts again when stepped (a cancelled one not).
  void step(const Feed& feed, InferenceEngine& detector, InferenceEngine* classifier);
  std::vector<DriverUpdate> take_updates();

  // Paused: the engines finish what they hold; nothing new starts.
  void pause();
  void resume();
  // Images not yet in the detector go back (Returned); those already in finish, classified.
  void cancel();
  DriverState state() const { return state_; }
  // Images in any stage (preparing, detector, crops, classifier).
  std::size_t in_flight() const;
  const DetectionPipeline& pipeline() const { return pipeline_; }
  bool classifies() const { return classifier_.has_value(); }

 private:
  struct Preparing {
    BatchItem item;
    int job = 0;
  };
  struct Detecting {
    BatchItem item;
    int job = 0;
    bool kept = false;  // the preparer keeps its image for crops
  };
  struct Classifying {
    FinishedImage image;
    int job = 0;
    std::vector<std::size_t> wanted;  // detection indices in crop order
    std::optional<PreparedCrops> crops;
    std::size_t next_crop = 0;        // unbatched models: crops run one by one
    std::size_t running = 0;          // crops in the engine's current run
    bool in_engine = false;
    double run_started_ms = 0;
  };

  void poll_classifier(InferenceEngine* classifier);
  void start_classifier_run(Classifying& c, InferenceEngine& engine);
  void poll_detector(InferenceEngine& detector, InferenceEngine* classifier);
  void begin_prepared(InferenceEngine& detector);
  void start_prepares(const Feed& feed);
  void finish(FinishedImage image);
  void finish_failed(const BatchItem& item, std::string message);

  DetectionPipeline pipeline_;
  const RunBuilder& builder_;
  std::optional<ClassifierSetup> classifier_;
  ImagePreparer& preparer_;
  Clock clock_;
  DriverTuning tuning_;
  DriverState state_ = DriverState::Running;
  bool feed_empty_ = false;  // the feed had nothing the last time it was asked
  bool cancelled_ = false;
  double hold_until_ms_ = 0;

  std::deque<Preparing> preparing_;
  std::deque<Detecting> detecting_;
  std::deque<Classifying> classifying_;
  std::vector<DriverUpdate> updates_;
};

}  // namespace wl
