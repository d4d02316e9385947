#include "core/session/session_header.h"

#include <nlohmann/json.hpp>

#include "core/results/md_json_reader.h"
#include "core/results/md_json_writer.h"

namespace wl {
namespace {

using Json = nlohmann::ordered_json;

struct BadHeader {
  ErrorCode code;
  std::string message;
};

std::string text(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The writer stamps the app's name and version into `info`; the header is ours, so they are
// not kept as if another tool had written them.
void drop_app_stamp(RunResults& run) {
  run.info_extra.erase("app");
  run.info_extra.erase("app_version");
}

}  // namespace

Result<std::string> write_session_header(const SessionHeader& h) {
  RunResults run = h.run;
  run.images.clear();
  MdJsonWriteOptions options;
  options.exp.full_precision = true;
  options.exp.include_gps = true;
  options.indent = -1;
  auto run_text = write_md_json(run, options);
  if (!run_text) return run_text.error();

  Json j = Json::object();
  j["schema"] = kSessionSchema;
  j["id"] = h.id;
  j["created"] = h.created;
  j["origin"] = h.origin == SessionOrigin::Import ? "import" : "run";
  if (!h.source_name.empty()) j["source_name"] = h.source_name;
  j["exported"] = h.exported;
  j["model"] = model_identity_json(h.model);
  j["results"] = Json::parse(*run_text);
  j["results_format"] = h.run.format_version;  // as read from an imported file; ours write "1.5"
  // [path, size] pairs: a 10,000-image batch stays a few hundred kilobytes.
  Json files = Json::array();
  for (const SessionFile& f : h.files) files.push_back(Json::array({f.path, f.size ? Json(*f.size) : Json(nullptr)}));
  j["files"] = std::move(files);
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<SessionHeader> read_session_header(std::string_view text_in) {
  try {
    Json j = Json::parse(text_in.begin(), text_in.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw BadHeader{ErrorCode::Corrupt, "the stored batch is damaged (not JSON)"};
    auto schema = j.find("schema");
    if (schema == j.end() || !schema->is_number_integer() || schema->get<int>() != kSessionSchema)
      throw BadHeader{ErrorCode::UnsupportedFormat, "the stored batch was saved by another version of the app"};
    SessionHeader h;
    h.id = text(j, "id");
    if (h.id.empty()) throw BadHeader{ErrorCode::Corrupt, "the stored batch is damaged (it has no id)"};
    h.created = text(j, "created");
    h.origin = text(j, "origin") == "import" ? SessionOrigin::Import : SessionOrigin::Run;
    h.source_name = text(j, "source_name");
    if (auto e = j.find("exported"); e != j.end() && e->is_boolean()) h.exported = e->get<bool>();
    if (auto m = j.find("model"); m != j.end()) h.model = model_identity_from_json(*m);
    auto results = j.find("results");
    if (results == j.end()) throw BadHeader{ErrorCode::Corrupt, "the stored batch is damaged (no run header)"};
    auto run = read_md_json(results->dump());
    if (!run) throw BadHeader{run.error().code, "the stored batch's run header is damaged: " + run.error().message};
    h.run = std::move(*run);
    drop_app_stamp(h.run);
    h.run.format_version = text(j, "results_format");
    auto files = j.find("files");
    if (files == j.end() || !files->is_array()) throw BadHeader{ErrorCode::Corrupt, "the stored batch is damaged (no file list)"};
    h.files.reserve(files->size());
    for (const Json& f : *files) {
      if (!f.is_array() || f.size() != 2 || !f[0].is_string())
        throw BadHeader{ErrorCode::Corrupt, "the stored batch is damaged (a file entry is not [path, size])"};
      SessionFile file{f[0].get<std::string>(), std::nullopt};
      if (f[1].is_number_unsigned()) file.size = f[1].get<std::uint64_t>();
      h.files.push_back(std::move(file));
    }
    return h;
  } catch (const BadHeader& bad) {
    return make_error(bad.code, bad.message);
  } catch (const Json::exception& e) {
    return make_error(ErrorCode::Corrupt, std::string("the stored batch is damaged: ") + e.what());
  }
}

}  // namespace wl
