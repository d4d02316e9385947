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

}  // namespace wl::app
