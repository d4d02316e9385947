#include "core/models/tensor.h"

namespace wl {

const char* to_string(ElementType type) {
  switch (type) {
    case ElementType::Float32: return "float32";
    case ElementType::Uint8: return "uint8";
    case ElementType::Int8: return "int8";
    case ElementType::Uint16: return "uint16";
    case ElementType::Int16: return "int16";
    case ElementType::Int32: return "int32";
    case ElementType::Int64: return "int64";
    case ElementType::String: return "string";
    case ElementType::Bool: return "bool";
    case ElementType::Float16: return "float16";
    case ElementType::Float64: return "float64";
    case ElementType::Uint32: return "uint32";
    case ElementType::Uint64: return "uint64";
    case ElementType::BFloat16: return "bfloat16";
    case ElementType::Unknown: break;
  }
  return "unknown";
}

ElementType element_type_from_string(const std::string& name) {
  static const ElementType all[] = {ElementType::Float32, ElementType::Uint8,  ElementType::Int8,
                                    ElementType::Uint16,  ElementType::Int16,  ElementType::Int32,
                                    ElementType::Int64,   ElementType::String, ElementType::Bool,
                                    ElementType::Float16, ElementType::Float64, ElementType::Uint32,
                                    ElementType::Uint64,  ElementType::BFloat16};
  for (auto t : all)
    if (name == to_string(t)) return t;
  if (name == "float") return ElementType::Float32;
  if (name == "double") return ElementType::Float64;
  return ElementType::Unknown;
}

}  // namespace wl
