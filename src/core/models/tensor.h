#pragma once
// Tensor descriptions shared by the core (model info, pipeline, fake engines in tests) and the
// platform inference layer. The core never talks to ONNX Runtime; it only sees these types.
#include <cstdint>
#include <string>
#include <vector>

namespace wl {

// ONNX TensorProto.DataType numbering, so values read from model bytes map one to one.
enum class ElementType : int {
  Unknown = 0,
  Float32 = 1,
  Uint8 = 2,
  Int8 = 3,
  Uint16 = 4,
  Int16 = 5,
  Int32 = 6,
  Int64 = 7,
  String = 8,
  Bool = 9,
  Float16 = 10,
  Float64 = 11,
  Uint32 = 12,
  Uint64 = 13,
  BFloat16 = 16,
};

// The names ONNX Runtime's JavaScript API uses ("float32", "int64", ...).
const char* to_string(ElementType type);
ElementType element_type_from_string(const std::string& name);

// A model input or output as declared. Dynamic dimensions are -1; their symbolic names (if
// any) are kept in dim_names at the same index so the UI can show "height" rather than -1.
struct TensorInfo {
  std::string name;
  ElementType type = ElementType::Unknown;
  std::vector<std::int64_t> shape;
  std::vector<std::string> dim_names;
};

// A dense float tensor. Model outputs of other numeric types are widened to float on the way
// in (type keeps what the model declared), because every decoder we have works in float.
struct TensorF32 {
  std::string name;
  ElementType type = ElementType::Float32;
  std::vector<std::int64_t> shape;
  std::vector<float> data;

  std::int64_t element_count() const {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
  }
};

}  // namespace wl
