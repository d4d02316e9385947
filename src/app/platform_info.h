#pragma once
// What the host (browser or another shell) tells the UI about itself. Filled by the
// platform layer; the app only displays it and derives choices from it.
#include <string>
#include <vector>

namespace wl::app {

struct BackendInfo {
  bool webgpu = false;
  std::string webgpu_adapter;     // e.g. "google swiftshader"
  std::string webgpu_reason;      // why WebGPU is unavailable, when it is
  bool cross_origin_isolated = false;
  bool wasm_threads = false;
  bool wasm_simd = false;
  int cores = 1;
  double device_memory_gb = 0;  // what the browser reports (0 = unknown)
};

// The inference backend the app will use by default: WebGPU first, then WASM with
// threads, then single-threaded WASM.
enum class Backend { WebGpu, WasmThreads, WasmSingle };
Backend preferred_backend(const BackendInfo& info);
const char* backend_label(Backend backend);

// What the user asked models to run on: automatic (WebGPU, then WASM) or one provider.
enum class ProviderChoice { Automatic, WebGpu, Wasm };
// The provider list handed to the inference seam for a choice.
std::vector<std::string> provider_list(ProviderChoice choice);

struct Component {
  std::string name, version, licence, url;
};

struct PlatformInfo {
  BackendInfo backends;
  std::vector<Component> components;  // bundled third-party components, for the About panel
  std::string user_agent;
  // Where the model zoo's packages are served: Zenodo, or a mirror with the same paths
  // (docs/model-zoo.md); set at build time (web/models/sparrow/zoo-config.json).
  std::string zoo_base = "https://zenodo.org";
};

}  // namespace wl::app
