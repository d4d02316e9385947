#include "platform/web/web_host.h"

#include <GLES3/gl3.h>
#include <emscripten.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

namespace {

// Strings come back from JS in malloc'd memory; this takes ownership.
std::string take_js_string(char* raw) {
  std::unique_ptr<char, decltype(&std::free)> owned(raw, &std::free);
  return raw ? std::string(raw) : std::string();
}

}  // namespace

EM_JS(char*, wl_js_files_take_new, (), { return stringToNewUTF8(globalThis.wlFiles.takeNewJson()); });
EM_JS(char*, wl_js_files_take_skipped, (), { return stringToNewUTF8(globalThis.wlFiles.takeSkippedJson()); });
EM_JS(void, wl_js_files_start_read, (int id), { globalThis.wlFiles.startRead(id); });
EM_JS(int, wl_js_files_poll_read, (int id), { return globalThis.wlFiles.pollRead(id); });
EM_JS(int, wl_js_files_read_size, (int id), { return globalThis.wlFiles.readSize(id); });
EM_JS(void, wl_js_files_copy_read, (int id, std::uint8_t* dest), { globalThis.wlFiles.copyRead(id, HEAPU8, dest); });
EM_JS(char*, wl_js_files_read_error, (int id), { return stringToNewUTF8(globalThis.wlFiles.readError(id)); });
EM_JS(void, wl_js_files_forget_read, (int id), { globalThis.wlFiles.forgetRead(id); });

EM_JS(void, wl_js_texture_start, (int job, int file_id, int max_dim, int frame), {
  globalThis.wlHost.startTexture(job, file_id, max_dim, frame);
});
// GL and GLctx are Emscripten's WebGL state; the texture is registered there (see host.js).
EM_JS(int, wl_js_texture_poll, (int job, int* out), {
  return globalThis.wlHost.pollTexture(job, GL, GLctx, HEAP32, out >> 2);
});
EM_JS(void, wl_js_texture_cancel, (int job), { globalThis.wlHost.cancelTexture(job); });
EM_JS(char*, wl_js_texture_error, (int job), { return stringToNewUTF8(globalThis.wlHost.textureError(job)); });

EM_JS(void, wl_js_open_picker, (int kind), { globalThis.wlOpenPicker(["files", "folder", "model", "results"][kind]); });
// Moves the next picked results file into globalThis.wlPickedResults; byte count, -1 when it
// could not be read, -2 when none waits.
EM_JS(int, wl_js_take_results, (), {
  const r = globalThis.wlFiles.takeResults();
  globalThis.wlPickedResults = r;
  if (!r) return -2;
  return r.error ? -1 : r.bytes.length;
});
EM_JS(char*, wl_js_picked_results_text, (), {
  const r = globalThis.wlPickedResults;
  return stringToNewUTF8(r.error ? r.name + ": " + r.error : r.name);
});
EM_JS(void, wl_js_picked_results_copy, (std::uint8_t* dest), {
  HEAPU8.set(globalThis.wlPickedResults.bytes, dest);
  globalThis.wlPickedResults = null;
});
// Moves the next picked model into globalThis.wlPickedModel; returns its byte count, -1 when
// it could not be read, -2 when none waits.
EM_JS(int, wl_js_take_model, (), {
  const m = globalThis.wlFiles.takeModel();
  globalThis.wlPickedModel = m;
  if (!m) return -2;
  return m.error ? -1 : m.bytes.length;
});
EM_JS(char*, wl_js_picked_model_text, (), {
  const m = globalThis.wlPickedModel;
  return stringToNewUTF8(m.error ? m.name + ": " + m.error : m.name);
});
EM_JS(char*, wl_js_picked_model_sha, (), { return stringToNewUTF8(globalThis.wlPickedModel.sha256 || ""); });
EM_JS(char*, wl_js_picked_model_labels, (), { return stringToNewUTF8(globalThis.wlPickedModel.labels || ""); });
EM_JS(void, wl_js_picked_model_copy, (std::uint8_t* dest), {
  HEAPU8.set(globalThis.wlPickedModel.bytes, dest);
  globalThis.wlPickedModel = null;
});
EM_JS(void, wl_js_download, (const char* name, const char* mime, const char* data, int size), {
  globalThis.wlHost.download(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(data, data + size));
});

EM_JS(void, wl_js_model_fetch, (int job, const char* url, const char* sha256, int cache_only), {
  globalThis.wlHost.startModelFetch(job, UTF8ToString(url), UTF8ToString(sha256), cache_only !== 0);
});
EM_JS(void, wl_js_keep_model, (const char* name, const char* sha256, const std::uint8_t* data, int size), {
  globalThis.wlHost.keepModel(UTF8ToString(name), UTF8ToString(sha256), HEAPU8.slice(data, data + size));
});
EM_JS(char*, wl_js_folder_name, (), { return stringToNewUTF8(globalThis.wlHost.folderName()); });
EM_JS(void, wl_js_save_start, (int job, const char* name, const char* mime, const char* data, int size), {
  globalThis.wlHost.startSave(job, UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(data, data + size));
});
// 0 pending, 1 saved, 2 failed; the text is the saved name or the reason.
EM_JS(int, wl_js_save_poll, (int job), { const j = globalThis.wlHost.saveJob(job); return j ? j.state : 2; });
EM_JS(char*, wl_js_save_text, (int job), {
  const j = globalThis.wlHost.saveJob(job);
  globalThis.wlHost.saveJobs.delete(job);
  return stringToNewUTF8(j ? (j.state === 2 ? j.error : j.name) : "unknown save");
});
// Returns 0 pending (progress written), 1 done, 2 failed.
EM_JS(int, wl_js_model_poll, (int job, float* progress), {
  const j = globalThis.wlHost.modelJob(job);
  if (!j) return 2;
  HEAPF32[progress >> 2] = j.total > 0 ? j.received / j.total : -1;
  return j.state;
});
EM_JS(int, wl_js_model_size, (int job), { return globalThis.wlHost.modelJob(job).bytes.length; });
EM_JS(void, wl_js_model_copy, (int job, std::uint8_t* dest), { HEAPU8.set(globalThis.wlHost.modelJob(job).bytes, dest); });
EM_JS(char*, wl_js_model_text, (int job), {
  const j = globalThis.wlHost.modelJob(job);
  return stringToNewUTF8(j ? (j.state === 2 ? j.error : JSON.stringify({ sha256: j.sha256, fromCache: j.fromCache })) : "unknown download");
});
EM_JS(void, wl_js_model_forget, (int job), { globalThis.wlHost.modelJobs.delete(job); });
// SPARROW packages (web/js/host.js over web/js/sparrow-package.js): requests and results are
// JSON text; model bytes stay in the page until fetch_kept_model asks for them.
EM_JS(void, wl_js_package_fetch, (int job, const char* request_json), {
  globalThis.wlHost.startPackageFetch(job, JSON.parse(UTF8ToString(request_json)));
});
EM_JS(int, wl_js_package_poll, (int job, double* progress), {
  const j = globalThis.wlHost.packageJob(job);
  if (!j) return 2;
  HEAPF64[progress >> 3] = j.received;
  HEAPF64[(progress >> 3) + 1] = j.total;
  HEAPF64[(progress >> 3) + 2] = j.fromCache ? 1 : 0;
  return j.state;
});
EM_JS(char*, wl_js_package_take, (int job), { return stringToNewUTF8(globalThis.wlHost.takePackageJob(job)); });
EM_JS(void, wl_js_package_cancel, (int job), { globalThis.wlHost.cancelPackage(job); });
EM_JS(char*, wl_js_picked_package, (), { return stringToNewUTF8(globalThis.wlHost.takePickedPackage()); });
EM_JS(void, wl_js_zoo_record_request, (const char* base, const char* record), {
  globalThis.wlHost.loadZooRecord(UTF8ToString(base), UTF8ToString(record));
});
EM_JS(char*, wl_js_zoo_record, (), { return stringToNewUTF8(globalThis.wlHost.takeZooRecord()); });
EM_JS(char*, wl_js_local_time, (), { return stringToNewUTF8(globalThis.wlHost.localTime()); });

namespace wl::web {

std::vector<app::FileRef> WebFileSource::take_new_files() {
  const auto list = nlohmann::json::parse(take_js_string(wl_js_files_take_new()), nullptr, false);
  std::vector<app::FileRef> out;
  if (!list.is_array()) return out;
  for (const auto& f : list) out.push_back({f.value("id", 0), f.value("path", ""), f.value("size", std::uint64_t{0})});
  return out;
}

std::vector<std::string> WebFileSource::take_skipped_files() {
  const auto list = nlohmann::json::parse(take_js_string(wl_js_files_take_skipped()), nullptr, false);
  std::vector<std::string> out;
  if (list.is_array()) for (const auto& s : list) if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

void WebFileSource::request_bytes(int id) { wl_js_files_start_read(id); }

std::optional<Result<std::vector<std::uint8_t>>> WebFileSource::poll_bytes(int id) {
  const int state = wl_js_files_poll_read(id);
  if (state == 0) return std::nullopt;
  if (state == 2) {
    Error e = make_error(ErrorCode::Io, take_js_string(wl_js_files_read_error(id)));
    wl_js_files_forget_read(id);
    return Result<std::vector<std::uint8_t>>(std::move(e));
  }
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(wl_js_files_read_size(id)));
  if (!bytes.empty()) wl_js_files_copy_read(id, bytes.data());
  wl_js_files_forget_read(id);
  return Result<std::vector<std::uint8_t>>(std::move(bytes));
}

int WebTextureSource::request_texture(int file_id, int max_dim, int frame) {
  const int job = next_job_++;
  wl_js_texture_start(job, file_id, max_dim, frame);
  return job;
}

std::optional<Result<app::Texture>> WebTextureSource::poll_texture(int job) {
  int out[3] = {0, 0, 0};
  const int state = wl_js_texture_poll(job, out);
  if (state == 0) return std::nullopt;
  if (state == 2) return Result<app::Texture>(make_error(ErrorCode::UnsupportedFormat, take_js_string(wl_js_texture_error(job))));
  return Result<app::Texture>(app::Texture{static_cast<unsigned int>(out[0]), out[1], out[2]});
}

void WebTextureSource::cancel_texture(int job) { wl_js_texture_cancel(job); }

void WebTextureSource::release_texture(const app::Texture& texture) {
  const GLuint id = texture.gl_id;
  glDeleteTextures(1, &id);
}

void WebHostActions::open_file_picker(bool folder) { wl_js_open_picker(folder ? 1 : 0); }

void WebHostActions::open_model_picker() { wl_js_open_picker(2); }

void WebHostActions::open_results_picker() { wl_js_open_picker(3); }

std::optional<Result<app::PickedFile>> WebHostActions::take_picked_results() {
  const int size = wl_js_take_results();
  if (size == -2) return std::nullopt;
  std::string text = take_js_string(wl_js_picked_results_text());
  if (size < 0) return Result<app::PickedFile>(make_error(ErrorCode::Io, std::move(text)));
  app::PickedFile picked;
  picked.name = std::move(text);
  picked.bytes.resize(static_cast<std::size_t>(size));
  if (!picked.bytes.empty()) wl_js_picked_results_copy(picked.bytes.data());
  return Result<app::PickedFile>(std::move(picked));
}

std::optional<Result<app::PickedModel>> WebHostActions::take_picked_model() {
  const int size = wl_js_take_model();
  if (size == -2) return std::nullopt;
  std::string text = take_js_string(wl_js_picked_model_text());
  if (size < 0) return Result<app::PickedModel>(make_error(ErrorCode::Io, std::move(text)));
  app::PickedModel picked;
  picked.name = std::move(text);
  picked.sha256 = take_js_string(wl_js_picked_model_sha());
  picked.labels = take_js_string(wl_js_picked_model_labels());
  picked.bytes.resize(static_cast<std::size_t>(size));
  if (!picked.bytes.empty()) wl_js_picked_model_copy(picked.bytes.data());
  return Result<app::PickedModel>(std::move(picked));
}

void WebHostActions::download(const std::string& name, const std::string& mime, const std::string& contents) {
  wl_js_download(name.c_str(), mime.c_str(), contents.data(), static_cast<int>(contents.size()));
}

int WebHostActions::fetch_model(const std::string& url, const std::string& sha256) {
  const int job = next_job_++;
  wl_js_model_fetch(job, url.c_str(), sha256.c_str(), 0);
  return job;
}

int WebHostActions::fetch_kept_model(const std::string& url, const std::string& sha256) {
  const int job = next_job_++;
  wl_js_model_fetch(job, url.c_str(), sha256.c_str(), 1);
  return job;
}

void WebHostActions::keep_model_file(const std::string& name, const std::string& sha256,
                                     std::span<const std::uint8_t> bytes) {
  wl_js_keep_model(name.c_str(), sha256.c_str(), bytes.data(), static_cast<int>(bytes.size()));
}

std::string WebHostActions::writable_folder_name() { return take_js_string(wl_js_folder_name()); }

int WebHostActions::save_into_folder(const std::string& name, const std::string& mime, const std::string& contents) {
  const int job = next_job_++;
  wl_js_save_start(job, name.c_str(), mime.c_str(), contents.data(), static_cast<int>(contents.size()));
  return job;
}

std::optional<Result<std::string>> WebHostActions::poll_save(int job) {
  const int state = wl_js_save_poll(job);
  if (state == 0) return std::nullopt;
  std::string text = take_js_string(wl_js_save_text(job));
  if (state == 2) return Result<std::string>(make_error(ErrorCode::Io, std::move(text)));
  return Result<std::string>(std::move(text));
}

std::optional<Result<app::FetchedModel>> WebHostActions::poll_model(int job, float* progress) {
  const int state = wl_js_model_poll(job, progress);
  if (state == 0) return std::nullopt;
  const std::string text = take_js_string(wl_js_model_text(job));
  if (state == 2) {
    wl_js_model_forget(job);
    return Result<app::FetchedModel>(make_error(ErrorCode::Io, text));
  }
  app::FetchedModel model;
  model.bytes.resize(static_cast<std::size_t>(wl_js_model_size(job)));
  if (!model.bytes.empty()) wl_js_model_copy(job, model.bytes.data());
  const auto meta = nlohmann::json::parse(text, nullptr, false);
  if (meta.is_object()) {
    model.sha256 = meta.value("sha256", "");
    model.from_cache = meta.value("fromCache", false);
  }
  wl_js_model_forget(job);
  return Result<app::FetchedModel>(std::move(model));
}

int WebHostActions::fetch_package(const app::PackageRequest& request) {
  const int job = next_job_++;
  const nlohmann::json j = {{"id", request.id}, {"record", request.record}, {"zip", request.zip}, {"base", request.base}};
  wl_js_package_fetch(job, j.dump().c_str());
  return job;
}

namespace {

// {"ok": true, "package": {...}} or {"ok": false, "error": "..."} (host.js).
Result<app::FetchedPackage> read_package_json(const std::string& text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return make_error(ErrorCode::Internal, "internal: the page sent an unreadable package result");
  if (!j.value("ok", false)) {
    // The message already says what to do (for a host without CORS: where to download it by hand).
    return make_error(ErrorCode::Io, j.value("error", std::string("the package could not be fetched")));
  }
  const auto& p = j["package"];
  app::FetchedPackage out;
  out.id = p.value("id", std::string());
  out.from_cache = p.value("fromCache", false);
  out.warning = p.value("warning", std::string());
  if (p.contains("texts") && p["texts"].is_object())
    for (const auto& [k, v] : p["texts"].items()) if (v.is_string()) out.texts[k] = v.get<std::string>();
  if (p.contains("models") && p["models"].is_array())
    for (const auto& m : p["models"])
      out.models.push_back({m.value("path", std::string()), m.value("key", std::string()), m.value("sha256", std::string()),
                            m.value("size", std::int64_t{0})});
  return out;
}

}  // namespace

std::optional<Result<app::FetchedPackage>> WebHostActions::poll_package(int job, app::TransferProgress* progress) {
  double p[3] = {0, 0, 0};
  const int state = wl_js_package_poll(job, p);
  if (progress) *progress = {p[0], p[1], p[2] != 0};
  if (state == 0) return std::nullopt;
  return read_package_json(take_js_string(wl_js_package_take(job)));
}

void WebHostActions::cancel_package(int job) { wl_js_package_cancel(job); }

std::optional<Result<app::FetchedPackage>> WebHostActions::take_picked_package() {
  const std::string text = take_js_string(wl_js_picked_package());
  if (text.empty()) return std::nullopt;
  return read_package_json(text);
}

void WebHostActions::request_zoo_record(const std::string& base, const std::string& record) {
  wl_js_zoo_record_request(base.c_str(), record.c_str());
}

std::string WebHostActions::take_zoo_record() { return take_js_string(wl_js_zoo_record()); }

double WebHostActions::now_ms() { return emscripten_get_now(); }

std::string WebHostActions::local_time_string() { return take_js_string(wl_js_local_time()); }

}  // namespace wl::web
