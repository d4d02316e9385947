#pragma once
// A synthetic run that exercises every part of the results model: detections with and
// without classifications, reviewer decisions (accepted, rejected, relabelled), an empty
// image, a failed one, awkward file names (unicode, commas, quotes, a newline, a leading
// "="), EXIF with GPS, an image label, a sequence and a video. Values are chosen so that
// rounding to MegaDetector's 3/4 decimals changes them.
#include "core/results/run_results.h"

namespace wl::test {

RunResults sample_run();

// A run with a species classifier (typical threshold 0.5) and a reviewer's species, one image
// per species rule. Classification categories: 1 lion, 2 leopard, 3 cheetah, 4 "unknown" (as
// older versions wrote it), 5 aardwolf (added by the reviewer, never output by the model).
// Every image is 1000x800. Images:
//   lion.jpg      animal 0.9 [lion 0.91, leopard 0.05, cheetah 0.01]; person 0.5, unclassified
//   unsure.jpg    animal 0.8 [leopard 0.4, cheetah 0.35, lion 0.2]: unknown at 0.5
//   reviewed.jpg  animal 0.7 [lion 0.8, leopard 0.1], reviewer: leopard;
//                 animal 0.95 [lion 0.99]
//   named.jpg     animal 0.6 unclassified, accepted, reviewer: aardwolf
//   old_unknown.jpg animal 0.85 [unknown 0.7, cheetah 0.6]
//   faint.jpg     animal 0.1 [lion 0.95]: empty at the typical detection threshold 0.2
//   rejected.jpg  animal 0.9 [leopard 0.9], rejected
//   blank.jpg     nothing
//   broken.jpg    failed
RunResults species_run();

// Index of the image with this file name in run.images; throws when absent.
std::size_t image_index(const RunResults& run, const std::string& file);

}  // namespace wl::test
