#pragma once
// A read-only view of one model output tensor: the values (row-major, C order) and the shape.
// The values stay where the inference runtime put them; decoders read them in place, so a
// 25200x85 YOLOv5 output is never copied.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace wl {

template <class T>
struct BasicTensorView {
  std::span<const T> data;
  std::vector<std::int64_t> shape;

  std::size_t rank() const { return shape.size(); }
  std::int64_t dim(std::size_t i) const { return shape[i]; }
};

using TensorView = BasicTensorView<float>;
// Some exports give integer outputs (RT-DETR's `labels` is int64).
using Int64TensorView = BasicTensorView<std::int64_t>;

// "[1, 25200, 85]": for error messages.
std::string shape_to_string(const std::vector<std::int64_t>& shape);

// Checks that the shape has the given rank, no negative dimension, and that its element count
// equals the number of values in the span, so that every index a decoder computes from the
// shape stays inside the buffer. `what` names the tensor in the error message.
Result<void> check_tensor(std::span<const std::int64_t> shape, std::size_t value_count, std::size_t rank,
                          const std::string& what);

template <class T>
Result<void> check_tensor(const BasicTensorView<T>& t, std::size_t rank, const std::string& what) {
  return check_tensor(t.shape, t.data.size(), rank, what);
}

}  // namespace wl
