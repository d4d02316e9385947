#pragma once
// What a model file says about itself, read straight from the ONNX protobuf bytes.
// ONNX Runtime Web does not expose the opset or metadata_props to JavaScript, and we want the
// same facts natively and in tests without a runtime, so the few ModelProto fields we need are
// read here by a small protobuf wire-format reader. It only walks field boundaries (no copies of
// the weights), so it is cheap even on a 280 MB MegaDetector v5 file.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/models/tensor.h"
#include "core/util/result.h"

namespace wl {

struct OpsetImport {
  std::string domain;  // "" (or "ai.onnx") is the default operator set
  std::int64_t version = 0;
};

struct OnnxModelInfo {
  std::int64_t ir_version = 0;
  std::string producer_name;
  std::string producer_version;
  std::vector<OpsetImport> opset_imports;
  std::vector<std::pair<std::string, std::string>> metadata;  // metadata_props, in file order
  std::vector<TensorInfo> inputs;   // graph inputs that are not initializers
  std::vector<TensorInfo> outputs;
  bool uses_external_data = false;  // weights live in side files we were not given

  // Version of the default ("" / "ai.onnx") operator set, 0 when absent.
  std::int64_t opset() const;
  // metadata_props value for key, or nullopt.
  std::optional<std::string> metadata_value(const std::string& key) const;
};

// Parses ModelProto bytes. Errors (code ModelInvalid) say what is wrong in words a user can act
// on, e.g. that the file is not an ONNX model or was cut short while downloading.
Result<OnnxModelInfo> read_onnx_info(std::span<const std::uint8_t> bytes);

}  // namespace wl
