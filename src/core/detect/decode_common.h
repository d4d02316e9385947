#pragma once
// Small pieces shared by the output decoders. Each mirrors one PyTorch/numpy expression of the
// reference postprocessing code in float32, because the parity tests compare bit-close values.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "core/detect/detection.h"

namespace wl::detail {

// torch `x.max(1)`: the largest value and the FIRST index that holds it. `stride` is the distance
// between consecutive classes (1 for rows, N for the transposed [4+C, N] layout).
struct BestClass {
  float score = 0;
  int index = 0;
};
inline BestClass best_class(const float* first, std::size_t count, std::size_t stride) {
  BestClass best{first[0], 0};
  for (std::size_t c = 1; c < count; ++c) {
    const float v = first[c * stride];
    if (v > best.score) best = {v, static_cast<int>(c)};
  }
  return best;
}

// xywh2xyxy as YOLOv5 and Ultralytics write it: half the size is subtracted from / added to the
// centre in float32 (w / 2 is exact, so this is the same as w * 0.5f).
inline BoxXyxy cxcywh_to_xyxy(float cx, float cy, float w, float h) {
  const float hw = w / 2.0f;
  const float hh = h / 2.0f;
  return BoxXyxy{cx - hw, cy - hh, cx + hw, cy + hh};
}

inline float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

// A threshold given as a double (as Python passes it) compared the way PyTorch compares a float32
// tensor with a Python scalar: the scalar is first converted to float32. With a double comparison
// a score equal to float(0.25) would pass a 0.25 threshold, which the reference does not do.
inline bool above(float score, double threshold) { return score > static_cast<float>(threshold); }

}  // namespace wl::detail
