#pragma once
// Which detector produced a batch's results, and where its bytes can be found again, so that
// a later visit can reload the same model without asking: from the model cache by URL (a zoo
// download or any URL), or, for a file the user picked from disk, from the copy the app kept
// in the browser under local_model_url(sha256). Stored in the session header and in the
// remembered choices (preferences).
#include <string>

#include <nlohmann/json.hpp>

namespace wl {

enum class ModelSource {
  None,       // no model: results imported from a file
  Url,        // downloaded (zoo or any URL); the model cache holds it under `url`
  LocalFile,  // picked from disk; the app keeps a copy under local_model_url(sha256)
  Memory,     // bytes a script handed over (automation API): nothing to fetch them from again
};

struct ModelIdentity {
  ModelSource source = ModelSource::None;
  std::string zoo_id;      // the zoo entry's id, when chosen from the zoo
  std::string name;        // for people (the entry's name)
  std::string file_name;   // "md_v5a.0.0.onnx"
  std::string url;         // the model cache's key for the bytes
  std::string sha256;      // of the bytes (lowercase hex)
  std::string entry_json;  // the manifest entry the pipeline was built from (write_model_entry)
  int input_size = 0;
  double threshold = 0;    // detections below it were not kept

  bool known() const { return source != ModelSource::None; }
  // Whether a later visit can get the bytes back without asking the user.
  bool reloadable() const { return (source == ModelSource::Url || source == ModelSource::LocalFile) && !url.empty(); }
  // Same bytes and the same entry: results of one can continue the other's batch.
  bool same_model(const ModelIdentity& other) const {
    return sha256 == other.sha256 && entry_json == other.entry_json;
  }
  bool operator==(const ModelIdentity&) const = default;
};

// Where a local model file's bytes are kept (Cache Storage, web/js/model-store.js); the
// .invalid host can never be fetched, so only the cache answers for it.
std::string local_model_url(const std::string& sha256);

// JSON for the session header and the preferences. Reading is tolerant: a missing or
// malformed member keeps its default (an unknown source reads as None).
nlohmann::ordered_json model_identity_json(const ModelIdentity& model);
ModelIdentity model_identity_from_json(const nlohmann::ordered_json& json);

}  // namespace wl
