#pragma once
// The storage seam: what the app keeps in the browser between visits.
//  * The batch session (core/session): one header and one record per finished image, so
//    nothing computed is lost on reload. Only one session is kept; writing a header with a
//    new id replaces the stored session and drops its records.
//  * The remembered choices (core/session/preferences.h), as small text.
//
// Browser (src/platform/js/storage.cpp over web/js/session-store.js): IndexedDB for the
// session, localStorage for the choices. Native (src/platform/native/storage.cpp): files in a
// folder, used by the unit tests (natively and under Node) and any native shell.
//
// Writes never block the frame: they are queued and applied in order, writes queued in one
// frame go in one transaction, and a failure (quota, private mode, no IndexedDB) is kept for
// take_error() and does not stop the app. Reads are started, then polled once per frame.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/session/session_restore.h"
#include "core/util/result.h"

namespace wl::storage {

struct StoredSessionSummary {
  std::string header_json;
  int record_count = 0;
  bool model_kept = false;  // the header's model bytes are in this browser (model cache)
};

struct StorageStats {
  std::uint64_t records_written = 0;
  std::uint64_t bytes_written = 0;  // record and header text, as stored
};

class Storage {
 public:
  // `location`: the IndexedDB database and localStorage prefix (browser), or a folder (native).
  explicit Storage(std::string location);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  // --- the batch session ---
  void write_header(const std::string& session_id, const std::string& header_json);
  // Creates or replaces the record of image `index` (its position in the header's file list).
  void put_record(const std::string& session_id, std::size_t index, const std::string& record_json);
  void discard_session();

  // The stored session's header and record count (nullopt inside: nothing stored).
  void start_load_summary();
  std::optional<Result<std::optional<StoredSessionSummary>>> poll_summary();
  // Every record of the session `session_id`.
  void start_load_records(const std::string& session_id);
  std::optional<Result<std::vector<StoredRecord>>> poll_records();

  // The first write failure since the last call, written for the user; nullopt when none.
  std::optional<Error> take_error();
  StorageStats stats() const;

  // --- remembered choices ---
  std::string read_preferences();  // "" on a first visit or when storage is unavailable
  void write_preferences(const std::string& text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wl::storage
