#include "core/models/model_limits.h"

#include <cstdio>

namespace wl {

std::string format_bytes(std::uint64_t bytes) {
  char buf[32];
  const double b = static_cast<double>(bytes);
  if (b >= 1e9) std::snprintf(buf, sizeof buf, "%.1f GB", b / 1e9);
  else if (b >= 1e6) std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
  else if (b >= 1e3) std::snprintf(buf, sizeof buf, "%.0f KB", b / 1e3);
  else std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  return buf;
}

Result<void> check_model_size(std::uint64_t model_bytes, const ModelLimits& limits) {
  if (model_bytes > limits.max_bytes) {
    return make_error(ErrorCode::TooLarge,
                      "the model file is " + format_bytes(model_bytes) + ", above the " + format_bytes(limits.max_bytes) +
                          " a single-file ONNX model can have in the browser. Export it at lower precision (FP16), "
                          "choose a smaller variant, or run it with the headless runner on a computer.");
  }
  if (limits.device_memory_bytes > 0 && model_bytes * 3 > limits.device_memory_bytes) {
    return make_error(ErrorCode::TooLarge,
                      "the model file is " + format_bytes(model_bytes) + "; loading it needs about " +
                          format_bytes(model_bytes * 3) + ", but this device reports " +
                          format_bytes(limits.device_memory_bytes) +
                          " of memory. Choose a smaller model or use a computer with more memory.");
  }
  return {};
}

}  // namespace wl
