#include "core/detect/tensor_view.h"

#include <limits>

namespace wl {

std::string shape_to_string(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

Result<void> check_tensor(std::span<const std::int64_t> shape, std::size_t value_count, std::size_t rank,
                          const std::string& what) {
  const std::vector<std::int64_t> dims(shape.begin(), shape.end());
  if (shape.size() != rank) {
    return make_error(ErrorCode::UnsupportedLayout, "the model output " + what + " has shape " +
                                                        shape_to_string(dims) + ", expected " +
                                                        std::to_string(rank) + " dimensions");
  }
  // Multiply with an overflow check: a corrupt shape must not wrap around to a small count.
  std::uint64_t count = 1;
  for (std::int64_t d : shape) {
    if (d < 0) {
      return make_error(ErrorCode::UnsupportedLayout,
                        "the model output " + what + " has a negative dimension " + shape_to_string(dims));
    }
    const auto ud = static_cast<std::uint64_t>(d);
    if (ud != 0 && count > std::numeric_limits<std::uint64_t>::max() / ud) {
      return make_error(ErrorCode::UnsupportedLayout, "the model output " + what + " shape " +
                                                          shape_to_string(dims) + " is too large");
    }
    count *= ud;
  }
  if (count != value_count) {
    return make_error(ErrorCode::InvalidArgument, "the model output " + what + " has shape " +
                                                      shape_to_string(dims) + " (" + std::to_string(count) +
                                                      " values) but " + std::to_string(value_count) +
                                                      " values were given");
  }
  return {};
}

}  // namespace wl
