#pragma once
// Model → Open model from URL…: the window where the user types or pastes the address of an
// ONNX file, and the checks on that address. The download goes through HostActions::fetch_model
// like a zoo model (progress, the browser's model cache, SHA-256 of the bytes); what the bytes
// become (a zoo entry, or a model offered like a local file) is decided by the App.
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/models/manifest.h"
#include "core/models/model_url.h"
#include "core/util/result.h"

namespace wl::app {

struct UrlModelWindow {
  bool open = false;
  bool focus_field = false;        // put the text cursor in the field on the next frame
  std::array<char, 2048> text{};   // the field's buffer (ImGui edits it in place)
  std::string error;               // why the last address could not be opened, and what to do
  bool editing = false;            // the field has the keyboard (typing and pasting go there)
  void show() {
    open = true;
    focus_field = true;
    error.clear();
  }
};

// A failed download's message with what the user can do about it.
std::string url_download_error(const std::string& message);

enum class UrlWindowAction { None, Open, Cancel };

// The download in progress, as the window shows it.
struct UrlWindowProgress {
  bool downloading = false;
  float fraction = -1;  // < 0: size unknown
  std::string what;     // the file being downloaded
};

// Draws the window; records "input:Model URL" and "button:Open URL" in `rects`. Open comes from
// the button or Enter in the field; Cancel from the button or the window's close box.
UrlWindowAction draw_url_model_window(UrlModelWindow& window, const UrlWindowProgress& progress,
                                      std::map<std::string, std::array<float, 4>>& rects);

}  // namespace wl::app
