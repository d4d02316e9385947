#include "core/session/model_identity.h"

namespace wl {

namespace {

using Json = nlohmann::ordered_json;

const char* source_name(ModelSource s) {
  switch (s) {
    case ModelSource::Url: return "url";
    case ModelSource::LocalFile: return "local-file";
    case ModelSource::Memory: return "memory";
    case ModelSource::None: break;
  }
  return "none";
}

std::string text(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string local_model_url(const std::string& sha256) { return "https://local-models.invalid/" + sha256 + ".onnx"; }

Json model_identity_json(const ModelIdentity& m) {
  Json j = Json::object();
  j["source"] = source_name(m.source);
  j["zoo_id"] = m.zoo_id;
  j["name"] = m.name;
  j["file"] = m.file_name;
  j["url"] = m.url;
  j["sha256"] = m.sha256;
  j["input_size"] = m.input_size;
  j["threshold"] = m.threshold;
  // The entry as an object, so the stored header reads like the zoo file it came from.
  Json entry = Json::parse(m.entry_json, nullptr, false);
  j["entry"] = entry.is_discarded() ? Json(m.entry_json) : entry;
  return j;
}

ModelIdentity model_identity_from_json(const Json& j) {
  ModelIdentity m;
  if (!j.is_object()) return m;
  const std::string source = text(j, "source");
  m.source = source == "url"          ? ModelSource::Url
             : source == "local-file" ? ModelSource::LocalFile
             : source == "memory"     ? ModelSource::Memory
                                      : ModelSource::None;
  m.zoo_id = text(j, "zoo_id");
  m.name = text(j, "name");
  m.file_name = text(j, "file");
  m.url = text(j, "url");
  m.sha256 = text(j, "sha256");
  if (auto it = j.find("input_size"); it != j.end() && it->is_number_integer()) m.input_size = it->get<int>();
  if (auto it = j.find("threshold"); it != j.end() && it->is_number()) m.threshold = it->get<double>();
  if (auto it = j.find("entry"); it != j.end()) m.entry_json = it->is_string() ? it->get<std::string>() : it->dump();
  return m;
}

}  // namespace wl
