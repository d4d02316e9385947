#pragma once
// One image through a detector: bytes -> decode (EXIF upright) -> letterbox/resize -> NCHW
// tensor -> engine -> decode/NMS -> boxes in original pixels. The engine part is asynchronous
// (see engine.h), so the pipeline is a small state machine: begin() does the CPU stages up to
// starting the run, poll() finishes the image once the engine has answered.
//
// The CPU stages are prepare_image() (prepare_image.h). A caller that runs them elsewhere (the
// browser app, in a Web Worker) hands the prepared input to begin(file, PreparedInput, ...);
// begin(file, bytes, ...) runs them inline. Both end in the same code.
//
// Platform-free: the browser app, the headless runner and the unit tests (with a fake engine)
// drive the same code.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/detect/detection.h"
#include "core/image/image.h"
#include "core/models/manifest.h"
#include "core/pipeline/engine.h"
#include "core/pipeline/image_facts.h"
#include "core/pipeline/postprocess.h"
#include "core/pipeline/prepare_image.h"
#include "core/util/result.h"

namespace wl {

struct PipelineOptions {
  int input_size = 0;             // square network input; 0 = the model entry's first size
  std::optional<float> threshold; // keep detections above this; default: thresholds.candidate
  bool keep_image = false;        // hand the upright image back (for a classifier stage)
};

struct StageTimings {
  double decode_ms = 0;
  double preprocess_ms = 0;   // letterbox + tensor
  double inference_ms = 0;    // start() to the poll that returned outputs
  double postprocess_ms = 0;  // decode + NMS + rescale
};

// The outcome for one image. Either `failure` is set (the image could not be processed;
// the batch goes on) or `detections` holds its boxes in upright-image pixels.
struct ImageDetections {
  std::string file;
  int width = 0, height = 0;  // upright image size
  std::vector<Detection> detections;
  std::optional<std::string> failure;
  std::string warning;        // e.g. a truncated JPEG that was decoded as far as it goes
  ImageFacts facts;           // EXIF capture time and camera
  StageTimings timings;
  std::optional<ImageRgb8> image;  // the upright image, with PipelineOptions::keep_image
};

class DetectionPipeline {
 public:
  // Checks that the entry can be run (a detector with a known layout, a valid input size).
  static Result<DetectionPipeline> create(ModelEntry model, const PipelineOptions& options);

  // Starts an image from its file bytes (read only during the call). While another image is
  // in the engine, one more may be begun: it is decoded and preprocessed now, on this thread,
  // and handed to the engine as soon as the first finishes, so decoding overlaps inference.
  // A file that cannot be decoded does not fail the call: the image finishes with `failure`.
  // Fails only when two images are already queued.
  Result<void> begin(std::string file, std::span<const std::uint8_t> bytes, InferenceEngine& engine);

  // Starts an image whose CPU stages ran elsewhere, with prepare_spec(): the same as begin()
  // on its bytes would have done. An input that carries a failure finishes with it.
  Result<void> begin(std::string file, PreparedInput input, InferenceEngine& engine);

  // Starts an image that is already the network input (e.g. a saved letterbox), made from an
  // upright image of orig_width x orig_height. Boxes are mapped back to that size.
  Result<void> begin_prepared(std::string file, const ImageRgb8& network_input, int orig_width, int orig_height,
                              InferenceEngine& engine);

  // nullopt while the engine works (or when nothing was begun); then the oldest image,
  // finished. Images come back in the order they were begun.
  std::optional<ImageDetections> poll(InferenceEngine& engine);

  bool busy() const { return running_.has_value(); }
  bool can_begin() const { return !staged_.has_value(); }  // room for one more image
  const ModelEntry& model() const { return model_; }
  // What prepare_image() needs to make this pipeline's input (model numbers, input size).
  const PrepareSpec& prepare_spec() const { return spec_; }
  int input_size() const { return input_size_; }
  float threshold() const { return threshold_; }

 private:
  // One image on its way: what is known about it, and its network input until the engine
  // has taken it.
  struct Slot {
    ImageDetections out;
    InputFrame frame;
    std::vector<float> tensor;
    std::array<std::int64_t, 4> shape{1, 3, 0, 0};
    bool done = false;  // failed before reaching the engine, or finished
    double run_started_ms = 0;
  };

  DetectionPipeline(ModelEntry model, int input_size, float threshold, bool keep_image)
      : model_(std::move(model)),
        input_size_(input_size),
        threshold_(threshold),
        keep_image_(keep_image),
        spec_(make_prepare_spec(model_, input_size)) {}
  Result<void> enqueue(Slot slot, InferenceEngine& engine);
  void launch(Slot& slot, InferenceEngine& engine);

  ModelEntry model_;
  int input_size_ = 0;
  float threshold_ = 0;
  bool keep_image_ = false;
  PrepareSpec spec_;
  std::optional<Slot> running_;  // in the engine (or finished early), oldest first
  std::optional<Slot> staged_;   // prepared, waiting for the engine
  std::vector<float> spare_;     // a tensor buffer the engine no longer needs, for reuse
};

}  // namespace wl
