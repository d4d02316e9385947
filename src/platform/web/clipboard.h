#pragma once
// The clipboard for ImGui's text fields in the browser (see clipboard.cpp).

namespace wl::web {

// Points ImGui's clipboard at the page's: call once, after the GLFW backend is initialised
// (which sets its own clipboard functions).
void install_clipboard();

}  // namespace wl::web
