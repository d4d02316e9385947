#include "app/platform_info.h"

namespace wl::app {

Backend preferred_backend(const BackendInfo& info) {
  if (info.webgpu) return Backend::WebGpu;
  if (info.wasm_threads) return Backend::WasmThreads;
  return Backend::WasmSingle;
}

const char* backend_label(Backend backend) {
  switch (backend) {
    case Backend::WebGpu: return "WebGPU";
    case Backend::WasmThreads: return "WASM (threads)";
    case Backend::WasmSingle: return "WASM (single-threaded)";
  }
  return "?";
}

std::vector<std::string> provider_list(ProviderChoice choice) {
  switch (choice) {
    case ProviderChoice::WebGpu: return {"webgpu"};
    case ProviderChoice::Wasm: return {"wasm"};
    case ProviderChoice::Automatic: break;
  }
  return {"webgpu", "wasm"};
}

}  // namespace wl::app
