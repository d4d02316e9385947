#pragma once
// Free-standing panels: each draws one window (or a region) from the state it is given.
#include <string>

#include "app/platform_info.h"

namespace wl::app {

// "WebGPU: google swiftshader · WASM threads: 2 cores · SIMD: yes"
std::string backend_summary(const BackendInfo& info);

void draw_welcome(const BackendInfo& backends);
// The backends panel also lets the user override the provider; returns true when changed.
bool draw_backends_panel(const BackendInfo& backends, ProviderChoice* choice, const std::string& in_use, bool* open);
void draw_about_panel(const PlatformInfo& platform, bool* open);

}  // namespace wl::app
