#include "core/models/model_inputs.h"

#include <algorithm>

namespace wl {
namespace {

std::string shape_text(const TensorInfo& t) {
  std::string s = "[";
  for (std::size_t i = 0; i < t.shape.size(); ++i) {
    if (i) s += ", ";
    s += t.shape[i] < 0 ? (i < t.dim_names.size() && !t.dim_names[i].empty() ? t.dim_names[i] : std::string("?"))
                        : std::to_string(t.shape[i]);
  }
  return s + "]";
}

std::string names_of(const std::vector<TensorInfo>& inputs) {
  std::string s;
  for (const auto& t : inputs) s += (s.empty() ? "'" : ", '") + t.name + "'";
  return s;
}

}  // namespace

Result<void> check_model_inputs(const std::vector<TensorInfo>& inputs, const ModelEntry& entry) {
  if (inputs.empty()) return make_error(ErrorCode::ModelInvalid, "The model declares no inputs, so it cannot be run.");
  if (!entry.size_input.empty()) {
    auto it = std::find_if(inputs.begin() + 1, inputs.end(), [&](const TensorInfo& t) { return t.name == entry.size_input; });
    if (it == inputs.end())
      return make_error(ErrorCode::UnsupportedLayout,
                        "The model configuration feeds the image size to an input '" + entry.size_input +
                            "', but this model has no such input beside the image (it takes " + names_of(inputs) +
                            "). Remove input.size_input from the configuration, or pick the model it was written for.");
    const bool int64 = it->type == ElementType::Int64 || it->type == ElementType::Unknown;
    const bool pair = it->shape.size() == 2 && (it->shape[1] == 2 || it->shape[1] < 0);
    if (!int64 || !pair)
      return make_error(ErrorCode::UnsupportedLayout,
                        "The model's input '" + entry.size_input + "' is " + to_string(it->type) + " " + shape_text(*it) +
                            "; the image size is fed as int64 [1, 2] (width, height).");
  }
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    if (inputs[i].name == entry.size_input) continue;
    const TensorInfo& t = inputs[i];
    std::string hint = ".";
    if (t.type == ElementType::Int64 && t.shape.size() == 2 && (t.shape[1] == 2 || t.shape[1] < 0))
      hint = ". If it is the image size (as RT-DETRv2 exports take in 'orig_target_sizes'), set input.size_input to \"" +
             t.name + "\" in the model configuration.";
    return make_error(ErrorCode::UnsupportedLayout, "The model takes an input '" + t.name + "' (" + to_string(t.type) + " " +
                                                        shape_text(t) + ") beside the image, which the app does not know how "
                                                        "to fill" + hint);
  }
  return {};
}

}  // namespace wl
