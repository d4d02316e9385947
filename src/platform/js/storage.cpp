// The storage seam (src/platform/storage.h) in the browser, over globalThis.wlStorage, the
// SessionStore of web/js/session-store.js (IndexedDB for the session, localStorage for the
// remembered choices). Writes are handed over and forgotten; reads are jobs polled per frame.
#include "platform/storage.h"

#include <emscripten.h>

#include <cstdlib>
#include <memory>

namespace {

std::string take_js_string(char* raw) {
  std::unique_ptr<char, decltype(&std::free)> owned(raw, &std::free);
  return raw ? std::string(raw) : std::string();
}

}  // namespace

// boot.js exposes the SessionStore class; without it (a page without the module) nothing is
// kept and every call below does nothing.
EM_JS(void, wl_js_storage_open, (const char* name), {
  if (globalThis.WlSessionStore) globalThis.wlStorage = new globalThis.WlSessionStore(UTF8ToString(name));
  else console.warn("storage: web/js/session-store.js is not installed; nothing will be kept");
});
EM_JS(void, wl_js_storage_write_header, (const char* id, const char* header), {
  if (globalThis.wlStorage) globalThis.wlStorage.writeHeader(UTF8ToString(id), UTF8ToString(header));
});
EM_JS(void, wl_js_storage_put_record, (const char* id, int index, const char* json), {
  if (globalThis.wlStorage) globalThis.wlStorage.putRecord(UTF8ToString(id), index, UTF8ToString(json));
});
EM_JS(void, wl_js_storage_discard, (), { if (globalThis.wlStorage) globalThis.wlStorage.discard(); });
EM_JS(void, wl_js_storage_start_summary, (), { if (globalThis.wlStorage) globalThis.wlStorage.startSummary(); });
// 0 pending, 1 done, 2 failed (-1: no store, treated as nothing stored).
EM_JS(int, wl_js_storage_summary_state, (), {
  const s = globalThis.wlStorage;
  return s && s.summaryJob ? s.summaryJob.state : -1;
});
// The summary as JSON ({header, id, count, modelKept} or null), or the error text.
EM_JS(char*, wl_js_storage_summary_text, (), {
  const j = globalThis.wlStorage.summaryJob;
  globalThis.wlStorage.summaryJob = null;
  return stringToNewUTF8(j.state === 2 ? j.error : JSON.stringify(j.value));
});
EM_JS(void, wl_js_storage_start_records, (const char* id), {
  if (globalThis.wlStorage) globalThis.wlStorage.startRecords(UTF8ToString(id));
});
EM_JS(int, wl_js_storage_records_state, (), {
  const s = globalThis.wlStorage;
  return s && s.recordsJob ? s.recordsJob.state : -1;
});
EM_JS(int, wl_js_storage_records_count, (), { return globalThis.wlStorage.recordsJob.value.length; });
EM_JS(int, wl_js_storage_record_index, (int i), { return globalThis.wlStorage.recordsJob.value[i].index; });
EM_JS(char*, wl_js_storage_record_text, (int i), {
  return stringToNewUTF8(globalThis.wlStorage.recordsJob.value[i].json);
});
EM_JS(char*, wl_js_storage_records_error, (), { return stringToNewUTF8(globalThis.wlStorage.recordsJob.error); });
EM_JS(void, wl_js_storage_records_forget, (), { globalThis.wlStorage.recordsJob = null; });
EM_JS(char*, wl_js_storage_take_error, (), {
  const e = globalThis.wlStorage ? globalThis.wlStorage.takeError() : null;
  return e ? stringToNewUTF8(e) : 0;
});
EM_JS(double, wl_js_storage_stat, (int which), {
  const s = globalThis.wlStorage;
  if (!s) return 0;
  return which === 0 ? s.stats.recordsWritten : s.stats.bytesWritten;
});
EM_JS(char*, wl_js_storage_read_preferences, (), {
  return stringToNewUTF8(globalThis.wlStorage ? globalThis.wlStorage.readPreferences() : "");
});
EM_JS(void, wl_js_storage_write_preferences, (const char* text), {
  if (globalThis.wlStorage) globalThis.wlStorage.writePreferences(UTF8ToString(text));
});

// nlohmann only for the summary's few members.
#include <nlohmann/json.hpp>

namespace wl::storage {

struct Storage::Impl {};

Storage::Storage(std::string location) : impl_(std::make_unique<Impl>()) { wl_js_storage_open(location.c_str()); }
Storage::~Storage() = default;

void Storage::write_header(const std::string& session_id, const std::string& header_json) {
  wl_js_storage_write_header(session_id.c_str(), header_json.c_str());
}

void Storage::put_record(const std::string& session_id, std::size_t index, const std::string& record_json) {
  wl_js_storage_put_record(session_id.c_str(), static_cast<int>(index), record_json.c_str());
}

void Storage::discard_session() { wl_js_storage_discard(); }

void Storage::start_load_summary() { wl_js_storage_start_summary(); }

std::optional<Result<std::optional<StoredSessionSummary>>> Storage::poll_summary() {
  using Out = Result<std::optional<StoredSessionSummary>>;
  const int state = wl_js_storage_summary_state();
  if (state == 0) return std::nullopt;
  if (state < 0) return Out(std::nullopt);
  const std::string text = take_js_string(wl_js_storage_summary_text());
  if (state == 2) return Out(make_error(ErrorCode::Io, text));
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return Out(std::nullopt);
  StoredSessionSummary s;
  s.header_json = j.value("header", "");
  s.record_count = j.value("count", 0);
  s.model_kept = j.value("modelKept", false);
  return Out(std::move(s));
}

void Storage::start_load_records(const std::string& session_id) { wl_js_storage_start_records(session_id.c_str()); }

std::optional<Result<std::vector<StoredRecord>>> Storage::poll_records() {
  using Out = Result<std::vector<StoredRecord>>;
  const int state = wl_js_storage_records_state();
  if (state == 0) return std::nullopt;
  if (state < 0) return Out(std::vector<StoredRecord>{});
  if (state == 2) {
    Error e = make_error(ErrorCode::Io, "the stored results could not be read: " + take_js_string(wl_js_storage_records_error()));
    wl_js_storage_records_forget();
    return Out(std::move(e));
  }
  std::vector<StoredRecord> out(static_cast<std::size_t>(wl_js_storage_records_count()));
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].index = static_cast<std::size_t>(wl_js_storage_record_index(static_cast<int>(i)));
    out[i].json = take_js_string(wl_js_storage_record_text(static_cast<int>(i)));
  }
  wl_js_storage_records_forget();
  return Out(std::move(out));
}

std::optional<Error> Storage::take_error() {
  char* raw = wl_js_storage_take_error();
  if (!raw) return std::nullopt;
  return make_error(ErrorCode::Io, take_js_string(raw));
}

StorageStats Storage::stats() const {
  return {static_cast<std::uint64_t>(wl_js_storage_stat(0)), static_cast<std::uint64_t>(wl_js_storage_stat(1))};
}

std::string Storage::read_preferences() { return take_js_string(wl_js_storage_read_preferences()); }

void Storage::write_preferences(const std::string& text) { wl_js_storage_write_preferences(text.c_str()); }

}  // namespace wl::storage
