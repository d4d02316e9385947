#pragma once
// A minimal reader for NumPy .npy files as the fixtures store them: float32, little-endian,
// C order (format versions 1 to 3). Anything else is rejected with a message naming what was
// found, so a fixture in an unexpected format fails the test instead of being misread.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/detect/tensor_view.h"

namespace wl::test {

struct NpyArray {
  std::vector<std::int64_t> shape;
  std::vector<float> values;

  TensorView view() const { return TensorView{values, shape}; }
};

// Throws std::runtime_error on a malformed or unsupported file.
NpyArray parse_npy(std::span<const std::uint8_t> bytes);

}  // namespace wl::test
