#pragma once
// A synthetic run that exercises every part of the results model: detections with and
// without classifications, reviewer decisions (accepted, rejected, relabelled), an empty
// image, a failed one, awkward file names (unicode, commas, quotes, a newline, a leading
// "="), EXIF with GPS, an image label, a sequence and a video. Values are chosen so that
// rounding to MegaDetector's 3/4 decimals changes them.
#include "core/results/run_results.h"

namespace wl::test {

RunResults sample_run();

// Index of the image with this file name in run.images; throws when absent.
std::size_t image_index(const RunResults& run, const std::string& file);

}  // namespace wl::test
