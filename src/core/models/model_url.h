#pragma once
// Model addresses the user types or pastes (Model → Open model from URL…): which are worth
// fetching, what the file is called, and whether it is a published zoo model. Pure string
// work, so it is tested natively with the rest of the core.
#include <string>
#include <string_view>
#include <vector>

#include "core/models/manifest.h"
#include "core/util/result.h"

namespace wl {

// The address as typed, trimmed, or an error for the user unless it is an http(s) URL with a host.
Result<std::string> check_model_url(std::string_view text);

// The file name a model from `url` is known by: its last path segment, percent-decoded, without
// the query string or fragment ("model.onnx" when the path has none).
std::string model_file_name_from_url(std::string_view url);

// The zoo detector whose published ONNX file is at `url` (sets *weight to that file), or nullptr.
const ModelEntry* zoo_entry_for_url(const std::vector<ModelEntry>& zoo, std::string_view url, const WeightFile** weight);

}  // namespace wl
