#pragma once
// An ImagePreparer that does its work on the caller's thread, when the batch driver starts a
// job: for the headless runner (its JavaScript reads each file and hands the bytes over) and
// for tests. Images are handed over first, each under a file id for the driver's BatchItem.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/pipeline/image_preparer.h"

namespace wl {

class InlinePreparer final : public ImagePreparer {
 public:
  // Takes an image file's bytes; returns the file id to put in its BatchItem.
  int add_file(std::vector<std::uint8_t> bytes);
  // An image that already is the network input (a saved letterbox), made from an upright
  // image of orig_width x orig_height. It has no upright pixels: its boxes are not classified.
  int add_network_input(ImageRgb8 network_input, int orig_width, int orig_height);
  // A video frame decoded by the caller (the runner's FFmpeg), prepared as an image of those
  // pixels; or the reason it could not be decoded, which becomes the frame's failure.
  int add_decoded(ImageRgb8 pixels, double decode_ms);
  int add_failure(std::string reason);

  int start(const PrepareRequest& request) override;
  std::optional<PreparedInput> poll(int job) override;
  void cancel(int job) override;
  void crop(int job, const CropRequest& request) override;
  std::optional<PreparedCrops> poll_crops(int job) override;
  void release(int job) override;

  std::size_t kept_images() const { return kept_.size(); }  // for tests: nothing leaks

 private:
  struct Source {
    std::vector<std::uint8_t> bytes;
    std::optional<ImageRgb8> network_input;
    std::optional<ImageRgb8> decoded;
    std::optional<std::string> failure;
    double decode_ms = 0;
    int orig_width = 0, orig_height = 0;
  };
  int next_file_ = 1, next_job_ = 1;
  std::map<int, Source> files_;
  std::map<int, PreparedInput> done_;
  std::map<int, ImageRgb8> kept_;
  std::map<int, PreparedCrops> crops_;
};

}  // namespace wl
