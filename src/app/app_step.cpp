// App::step: the work that goes on without drawing. draw_frame() calls it first; the web shell
// calls it alone while the page is hidden, when the browser no longer runs the frame loop
// (src/platform/web/background_steps.cpp), so a batch finishes behind another tab.
#include "app/app.h"

namespace wl::app {

void App::step() {
  batch_.step();
  if (batch_.images().empty() && review_.size() > 0) review_.clear();  // the images were cleared
  annotated_.step(batch_, files_, host_);
  step_session();
  step_zoo();
  poll_model_download();
  poll_classifier_download();
  poll_local_model();
  poll_picked_results();
  poll_folder_save();
  if (view_.threshold_from_model && batch_.model()) view_.threshold = batch_.model()->thresholds.typical;
  if (view_.class_threshold_from_model) {  // the run's classifier's typical threshold, else the loaded one's, else 0.5
    const auto& typical = batch_.run_header().classifier.typical_threshold;
    view_.class_threshold = static_cast<float>(typical ? *typical : batch_.classifier() ? batch_.classifier()->thresholds.typical : 0.5);
  }
}

bool App::working() const {
  const RunState run = batch_.run_state();
  return run == RunState::Running || run == RunState::Cancelling || zoo_job_.has_value() || url_download_running() ||
         classifier_download_.has_value();
}

}  // namespace wl::app
