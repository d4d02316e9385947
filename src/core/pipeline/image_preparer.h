#pragma once
// The "prepare images somewhere else" seam as the batch driver sees it: an image is read,
// decoded and made into the detector's input away from the caller's loop, and once its
// detections are known, the classifier's crops are cut from the same decoded image, where
// it already is, so nothing is decoded twice and no full-size image crosses back.
//
// Jobs are started and polled, never awaited. The browser implements it over a Web Worker,
// native builds over a thread (src/platform/prepare_service.h), the headless runner inline,
// and the unit tests with a fake.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/pipeline/prepare_image.h"
#include "core/preprocess/classifier_crop.h"
#include "core/video/frame_request.h"

namespace wl {

struct PrepareRequest {
  int file_id = 0;    // web: the id of the File kept by web/js/files.js
  std::string path;   // native: the file to read
  PrepareSpec spec;   // how (DetectionPipeline::prepare_spec())
  // Keep the decoded upright image after the input is made, for crop() or release().
  bool keep_for_crops = false;
  // Decode this frame of the clip (file_id / path) instead of reading an image.
  std::optional<VideoFrameRequest> frame = std::nullopt;
};

// How the classifier wants its crops: the size of its input, and its normalisation.
struct CropSpec {
  int width = 0, height = 0;
  std::array<float, 3> mean{0, 0, 0};
  std::array<float, 3> std{1, 1, 1};
  bool bgr = false;   // channels B, G, R
  bool nhwc = false;  // each crop as height x width x 3 (TensorFlow exports) instead of 3 x H x W
  bool operator==(const CropSpec&) const = default;
};

struct CropRequest {
  std::vector<PixelBox> boxes;  // in upright-image pixels, most confident first
  CropSpec spec;
};

// The crops of one image, as one tensor of `cut.size()` crops, in the order of the boxes.
struct PreparedCrops {
  std::vector<float> tensor;  // cut.size() x 3 x H x W (or x H x W x 3)
  std::vector<int> cut;       // index into CropRequest::boxes of each crop in the tensor
  int too_small = 0;          // boxes smaller than kMinCropPixels: not classified
  std::optional<std::string> failure;  // nothing could be cut (the image is gone)
  double crop_ms = 0;
};

class ImagePreparer {
 public:
  virtual ~ImagePreparer() = default;
  // Starts a job and returns its id (> 0). Jobs may finish in any order.
  virtual int start(const PrepareRequest& request) = 0;
  // nullopt while the job runs; then its outcome, once. A job that kept its image stays
  // alive for crop() or release().
  virtual std::optional<PreparedInput> poll(int job) = 0;
  // Forgets a job (and any image it kept): an outcome that still arrives is dropped.
  virtual void cancel(int job) = 0;
  // Cuts crops from the image a job kept (after poll() gave its input), then forgets it.
  virtual void crop(int job, const CropRequest& request) = 0;
  // nullopt while cutting; then the crops, once.
  virtual std::optional<PreparedCrops> poll_crops(int job) = 0;
  // The job's kept image is not needed (nothing to classify): forget it.
  virtual void release(int job) = 0;
};

}  // namespace wl
