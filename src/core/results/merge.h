#pragma once
// Combines two runs over (parts of) the same images, e.g. resuming an interrupted run or
// re-running the images that failed: images of the second run fill the gaps of the first.
//
// Images are matched by their file name exactly as stored. For each image of `second`:
//   * not in `first`                      -> added (after first's images, in second's order)
//   * failed in `first`, processed in `second` -> second's record replaces it
//   * processed in both                   -> first's is kept, unless prefer_second is set
//   * failed in `second`                  -> first's is kept
// Categories are united; an id that names different things in the two runs is an error,
// because every detection using it would silently change meaning. Detector information is
// first's, gaps filled from second's. Runs by different detectors are refused unless
// allowed: mixing models in one file misleads everyone who uses its thresholds.
#include <cstddef>

#include "core/results/run_results.h"
#include "core/util/result.h"

namespace wl {

struct MergeOptions {
  bool prefer_second = false;
  bool allow_different_detectors = false;
};

struct MergeOutcome {
  RunResults run;
  std::size_t added = 0;     // images only `second` had
  std::size_t replaced = 0;  // images of `first` replaced by `second`'s record
};

Result<MergeOutcome> merge_runs(const RunResults& first, const RunResults& second, const MergeOptions& options = {});

}  // namespace wl
