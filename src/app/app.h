#pragma once
// The ImGui application: everything the user sees. It draws one frame at a time and never
// blocks; the platform shell owns the window, the GL context and the frame loop.
#include <string>

#include "app/platform_info.h"

namespace wl::app {

struct UiState {
  bool show_about = false;
  bool show_backends = false;
  bool show_imgui_metrics = false;
};

class App {
 public:
  explicit App(PlatformInfo platform);

  // Draws the whole UI for this frame into the current ImGui context.
  void draw_frame();

  const UiState& ui() const { return ui_; }
  // The text of the status bar, as shown: the automation API publishes it for tests.
  const std::string& status_text() const { return status_text_; }

 private:
  void draw_menu_bar();
  void draw_workspace(float top, float bottom);
  void draw_status_bar(float height);
  void handle_shortcuts();

  PlatformInfo platform_;
  UiState ui_;
  std::string status_text_;
};

}  // namespace wl::app
