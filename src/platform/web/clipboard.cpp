// The clipboard for ImGui's text fields in the browser. Emscripten's GLFW does not reach the
// system clipboard (3.1.6's glfwGetClipboardString gives nothing; newer ones keep a copy local
// to the page), so Ctrl+V into a field did nothing. A page may read the clipboard only in a
// `paste` event, so web/js/clipboard.js listens for it and hands the text to wl_app_paste_text:
// ImGui's own Ctrl+V (handled in the next frame) then pastes that text, and a paste made without
// the shortcut (the browser's Edit menu) is typed into the focused field. Copying from a field
// (Ctrl+C) goes to the system clipboard where the browser allows it.
#include "platform/web/clipboard.h"

#include <emscripten.h>
#include <imgui.h>

#include <string>

namespace {

std::string g_clipboard;  // the text last pasted into the page or copied from a field

// Best effort: the browser may refuse (no permission, no focus); the page-local copy remains.
EM_JS(void, wl_js_copy_text, (const char* text), {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(UTF8ToString(text)).catch(function() {});
  }
});

const char* get_clipboard(void*) { return g_clipboard.c_str(); }

void set_clipboard(void*, const char* text) {
  g_clipboard = text ? text : "";
  wl_js_copy_text(g_clipboard.c_str());
}

}  // namespace

void wl::web::install_clipboard() {
  ImGuiIO& io = ImGui::GetIO();
  io.GetClipboardTextFn = get_clipboard;
  io.SetClipboardTextFn = set_clipboard;
  io.ClipboardUserData = nullptr;
}

extern "C" {

// Text the user pasted into the page. `from_shortcut`: the paste came from Ctrl+V (or
// Shift+Insert), which ImGui handles itself with the text stored here; typing the text as
// well would paste it twice (and ImGui ignores characters that arrive with Ctrl held).
EMSCRIPTEN_KEEPALIVE void wl_app_paste_text(const char* text, int from_shortcut) {
  if (!text || !ImGui::GetCurrentContext()) return;
  g_clipboard = text;
  ImGuiIO& io = ImGui::GetIO();
  // Characters reach only a text field that has the keyboard, so no check is needed here; and
  // io.WantTextInput would be a frame late for a field activated in the last frame.
  if (!from_shortcut) io.AddInputCharactersUTF8(text);
}

}  // extern "C"
