#pragma once
// Publishes the UI's live state to window.wildlife (the page's automation API), so tests and
// power users can see what the canvas shows. Only changes are pushed.
#include "app/app.h"

namespace wl::web {

class AutomationPublisher {
 public:
  void publish(const app::App& app, int frame_width, int frame_height, double pixel_ratio);

 private:
  std::string last_json_;
};

}  // namespace wl::web
