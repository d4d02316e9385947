#include "platform/web/browser_env.h"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

// Returns window.wlEnv (minus the font bytes) as a JSON string in malloc'd memory.
EM_JS(char*, wl_js_env_json, (), {
  const env = Object.assign({}, window.wlEnv || {});
  delete env.fontBytes;
  delete env.zooJson;
  delete env.sparrowCatalog;
  const json = JSON.stringify(env);
  const size = lengthBytesUTF8(json) + 1;
  const ptr = _malloc(size);
  stringToUTF8(json, ptr, size);
  return ptr;
});

EM_JS(int, wl_js_font_size, (), {
  return window.wlEnv && window.wlEnv.fontBytes ? window.wlEnv.fontBytes.length : 0;
});

EM_JS(void, wl_js_font_copy, (std::uint8_t* dest), {
  HEAPU8.set(window.wlEnv.fontBytes, dest);
});

EM_JS(char*, wl_js_zoo_json, (), {
  const text = (window.wlEnv && window.wlEnv.zooJson) || "";
  const size = lengthBytesUTF8(text) + 1;
  const ptr = _malloc(size);
  stringToUTF8(text, ptr, size);
  return ptr;
});

EM_JS(char*, wl_js_zoo_catalog, (), {
  const text = (window.wlEnv && window.wlEnv.sparrowCatalog) || "";
  return stringToNewUTF8(text);
});

namespace wl::web {

std::string read_zoo_catalog_toml() {
  std::unique_ptr<char, decltype(&std::free)> raw(wl_js_zoo_catalog(), &std::free);
  return raw.get();
}

std::string read_model_zoo_json() {
  std::unique_ptr<char, decltype(&std::free)> raw(wl_js_zoo_json(), &std::free);
  return raw.get();
}


app::PlatformInfo read_platform_info() {
  std::unique_ptr<char, decltype(&std::free)> raw(wl_js_env_json(), &std::free);
  const auto env = nlohmann::json::parse(raw.get(), nullptr, /*allow_exceptions=*/false);
  app::PlatformInfo info;
  if (!env.is_object()) return info;
  auto& b = info.backends;
  b.webgpu = env.value("webgpu", false);
  b.webgpu_adapter = env.value("webgpuAdapter", "");
  b.webgpu_reason = env.value("webgpuReason", "");
  b.cross_origin_isolated = env.value("crossOriginIsolated", false);
  b.wasm_threads = env.value("wasmThreads", false);
  b.wasm_simd = env.value("wasmSimd", false);
  b.cores = env.value("cores", 1);
  b.device_memory_gb = env.value("deviceMemoryGb", 0.0);
  if (env.contains("zooBase") && env["zooBase"].is_string() && !env["zooBase"].get<std::string>().empty())
    info.zoo_base = env["zooBase"].get<std::string>();
  info.user_agent = env.value("userAgent", "");
  if (env.contains("components") && env["components"].is_array()) {
    for (const auto& c : env["components"]) {
      if (!c.is_object()) continue;
      info.components.push_back({c.value("name", ""), c.value("version", ""), c.value("licence", ""), c.value("url", "")});
    }
  }
  return info;
}

std::vector<std::uint8_t> take_font_bytes() {
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(wl_js_font_size()));
  if (!bytes.empty()) wl_js_font_copy(bytes.data());
  return bytes;
}

double device_pixel_ratio() { return emscripten_get_device_pixel_ratio(); }

}  // namespace wl::web
