#pragma once
// The CPU half of detecting one image, as a pure function: file bytes -> upright image (EXIF
// orientation) -> letterbox or stretch -> NCHW float tensor, with everything the rest of the
// pipeline needs afterwards (the frame that maps boxes back, the upright size, EXIF facts, a
// warning or the reason the image failed).
//
// It holds no state and touches no engine, so it can run anywhere: DetectionPipeline::begin()
// calls it inline (headless runner, unit tests), and the browser app runs it in a Web Worker
// through src/platform/prepare_service.h so that decoding never stalls the UI's frame loop.
// Both paths go through this one function, so they give the same tensor bit for bit.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/image/image.h"
#include "core/models/manifest.h"
#include "core/pipeline/image_facts.h"
#include "core/pipeline/postprocess.h"

namespace wl {

// The preprocessing numbers of a model entry at one input size: all a worker needs to know
// about the model (a whole ModelEntry is large and would have to be serialised).
struct PrepareSpec {
  int input_size = 0;  // square network input
  ResizeMode resize = ResizeMode::Letterbox;
  int stride = 32;
  int pad_value = 114;
  std::array<float, 3> mean{0, 0, 0};
  std::array<float, 3> std{1, 1, 1};
  bool bgr = false;  // channels B, G, R (ModelEntry::bgr)
};

PrepareSpec make_prepare_spec(const ModelEntry& model, int input_size);

// One image made ready for the engine. Either `failure` is set (nothing else but the timings,
// and for decodable images the upright size and facts, is meaningful) or `tensor` holds the
// network input of shape `shape`.
struct PreparedInput {
  std::vector<float> tensor;                   // NCHW, shape[0] * ... * shape[3] floats
  std::array<std::int64_t, 4> shape{1, 3, 0, 0};
  InputFrame frame;                            // network input size and upright image size
  ImageFacts facts;                            // EXIF capture time and camera
  std::string warning;                         // e.g. a truncated JPEG decoded as far as it goes
  std::optional<std::string> failure;          // for the user; the batch goes on without it
  double decode_ms = 0;
  double preprocess_ms = 0;                    // letterbox + tensor
  std::optional<ImageRgb8> image;              // the upright image, when asked for

  int width() const { return frame.orig_width; }   // upright size
  int height() const { return frame.orig_height; }
};

struct PrepareOptions {
  bool keep_image = false;     // hand the upright image back (for a classifier stage)
  std::vector<float> buffer;   // a tensor buffer to reuse (its contents are overwritten)
};

// Never throws and never fails as a call: an image that cannot be used comes back with
// `failure` set.
PreparedInput prepare_image(std::span<const std::uint8_t> bytes, const PrepareSpec& spec, PrepareOptions options = {});
PreparedInput prepare_image(std::span<const std::uint8_t> bytes, const ModelEntry& model, int input_size);

// The same from pixels decoded elsewhere (a video frame from FFmpeg): letterbox and tensor,
// exactly as for an image of those pixels. `decode_ms` is the decoder's time, recorded as is.
PreparedInput prepare_decoded(ImageRgb8 image, const PrepareSpec& spec, PrepareOptions options = {},
                              double decode_ms = 0);

// The last step alone, for an image that already is the network input (a saved letterbox):
// writes its tensor, shape and the frame's input size into `out`, whose upright size the
// caller has set. Reuses out.tensor's buffer. Sets out.failure when the image is unusable.
void write_network_input(const ImageRgb8& network_input, const PrepareSpec& spec, PreparedInput& out);

}  // namespace wl
