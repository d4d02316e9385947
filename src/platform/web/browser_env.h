#pragma once
// Reads what boot.js probed (window.wlEnv) into the app's PlatformInfo.
#include <cstdint>
#include <string>
#include <vector>

#include "app/platform_info.h"

namespace wl::web {

app::PlatformInfo read_platform_info();

// The UI font's bytes, fetched by boot.js; empty if the fetch failed.
std::vector<std::uint8_t> take_font_bytes();

double device_pixel_ratio();

// models/zoo.json as fetched by boot.js ("" when it could not be fetched).
std::string read_model_zoo_json();

// models/sparrow/catalog.toml (SPARROW's model-zoo catalogue) as fetched by boot.js ("" when not).
std::string read_zoo_catalog_toml();

}  // namespace wl::web
