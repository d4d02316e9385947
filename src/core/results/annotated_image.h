#pragma once
// An image with its detections burnt into the pixels, as the viewer shows them: the boxes
// shown at the view's threshold in their kind's colour, each with its caption. For the
// "Annotated image" export, so a picture can be shared or printed with its boxes.
#include <cstdint>
#include <span>
#include <vector>

#include "core/image/image.h"
#include "core/results/run_results.h"
#include "core/util/result.h"

namespace wl {

struct AnnotateOptions {
  double threshold = 0.2;        // boxes shown at this threshold (reviews included)
  bool labels = true;            // captions above the boxes
  bool below_threshold = false;  // also draw, dashed, the boxes under the threshold
  std::span<const std::uint8_t> font;  // TrueType bytes for the captions; empty: no captions
};

// Draws onto `image`, which must be the record's image upright (boxes are normalised to it).
// Fails only when captions are asked for and the font is unusable.
Result<void> annotate_detections(ImageRgb8& image, const ImageRecord& record, const CategoryNames& detection_names,
                                 const CategoryNames& classification_names, const AnnotateOptions& options);

// The whole export: file bytes -> decoded upright image -> boxes and captions -> JPEG.
Result<std::vector<std::uint8_t>> annotated_jpeg(std::span<const std::uint8_t> file_bytes, const ImageRecord& record,
                                                 const CategoryNames& detection_names,
                                                 const CategoryNames& classification_names,
                                                 const AnnotateOptions& options, int quality = 90);

}  // namespace wl
