#pragma once
// A model file the user brought (picker or drag-and-drop): what we could tell about it from
// its shapes and metadata, shown for confirmation before it is loaded.
#include <array>
#include <map>
#include <optional>
#include <string>

#include "app/sources.h"
#include "core/models/infer_entry.h"
#include "core/models/model_limits.h"

namespace wl::app {

struct LocalModelOffer {
  PickedModel file;
  InferredEntry inferred;
  int input_size = 640;  // editable when the size could not be inferred
  // Where the bytes were downloaded from (Model → Open model from URL…), "" for a file from
  // disk: the model cache already keeps them under this address.
  std::string source_url;
};

// Replaces the entry's class names with a labels file's lines; a count that disagrees with the
// model's output is an error that says so.
Result<void> apply_labels_text(ModelEntry& entry, const std::string& text);

// Reads the ONNX header and infers a manifest entry; errors say why the file cannot be used.
Result<LocalModelOffer> make_local_model_offer(PickedModel file, const ModelLimits& limits = {});

// Draws the confirmation window. Returns true when the user chose to load the model
// (`offer` then holds the final entry); `open` becomes false when the window is closed.
// The Load button's rectangle is recorded in `rects` as "button:Load model".
bool draw_local_model_offer(LocalModelOffer& offer, bool* open, std::map<std::string, std::array<float, 4>>& rects);

}  // namespace wl::app
