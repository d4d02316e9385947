#pragma once
// How big a model a host can load, checked before any copy is made so an oversized file
// gets a clear message instead of an out-of-memory crash that would lose the user's work.
//
// In a browser tab the model passes through onnxruntime-web's 32-bit WebAssembly heap (4 GiB
// at most, shared with activations), and a single-file ONNX model cannot exceed protobuf's
// 2 GiB. Larger models need external-data files, which the app does not load; the headless
// runner has the same 2 GiB ceiling for the same reason.
#include <cstdint>
#include <string>

#include "core/util/result.h"

namespace wl {

inline constexpr std::uint64_t kSingleFileOnnxLimit = std::uint64_t{2} << 30;  // 2 GiB

struct ModelLimits {
  std::uint64_t max_bytes = kSingleFileOnnxLimit;
  // What the device reports (navigator.deviceMemory, rounded down by the browser); 0 = unknown.
  // A session needs the model about three times over while it loads (our copy, ORT's copy,
  // the optimised graph), so a model above a third of it is refused.
  std::uint64_t device_memory_bytes = 0;
};

// "512 KB", "9.2 MB", "2.4 GB" (decimal units, as file managers show sizes).
std::string format_bytes(std::uint64_t bytes);

// ErrorCode::TooLarge with a message that says what to do instead.
Result<void> check_model_size(std::uint64_t model_bytes, const ModelLimits& limits = {});

}  // namespace wl
