#pragma once
// Where the UI drew its widgets, by name ("button:Run detection", "menu:Help"): published to
// window.wildlife.ui.widgets so tests and scripts can click them (docs/automation-api.md).
#include <array>
#include <map>
#include <string>

namespace wl::app {

using WidgetRects = std::map<std::string, std::array<float, 4>>;  // x, y, width, height (framebuffer pixels)

// Records the last drawn item's rectangle under `name` in `rects`.
void record_item_rect(WidgetRects& rects, const std::string& name);

}  // namespace wl::app
