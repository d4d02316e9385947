#pragma once
// The Summary panel: what the run found, at the view's thresholds, as numbers and plots drawn
// with ImDrawList (images by what they show, the empty rate, detections by category, the
// confidence histogram with the threshold on it, detections by hour of day, species at the
// classification threshold). It follows the batch as images finish, reviews as they are made
// and the threshold sliders as they move, without re-running anything.
#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "app/batch.h"
#include "app/viewer_panel.h"
#include "core/results/summary.h"

namespace wl::app {

class SummaryPanel {
 public:
  // Recomputes the summary when the batch or a threshold changed; cheap otherwise.
  const RunSummary& update(const BatchController& batch, const ViewSettings& view);
  void draw(const BatchController& batch, const ViewSettings& view, std::map<std::string, std::array<float, 4>>& rects);
  const RunSummary& summary() const { return summary_; }
  double last_update_ms() const { return update_ms_; }

 private:
  RunSummary summary_;
  std::uint64_t revision_ = ~std::uint64_t{0};
  float threshold_ = -1, class_threshold_ = -1;
  double update_ms_ = 0;
};

}  // namespace wl::app
