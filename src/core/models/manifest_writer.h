#pragma once
// Writes a model manifest entry back as JSON, in the schema parse_model_entry reads
// (models/zoo.json). The app keeps the entry of the detector a batch ran with beside the
// batch's results, so that a later visit can rebuild the same pipeline, including entries that
// exist only in memory (inferred from a local ONNX file, with the user's input size).
#include <string>

#include "core/models/manifest.h"

namespace wl {

// One entry as a JSON object (compact text). parse_model_entry(write_model_entry(e)) gives
// back an entry that writes the same text. Weight files with neither a URL nor a path are
// left out (the parser refuses them; nothing can be fetched from them anyway).
std::string write_model_entry(const ModelEntry& entry);

}  // namespace wl
