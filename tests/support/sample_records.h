#pragma once
// Small builders for hand-made results records in tests: a detection of a category at a
// confidence (with a reviewer's decision), and an image with its detections and capture time.
#include <string>
#include <vector>

#include "core/results/run_results.h"

namespace wl::test {

DetectionRecord det(std::string category, double conf, Review review = {});
ImageRecord image(std::string file, std::vector<DetectionRecord> dets, std::string when = "");

}  // namespace wl::test
