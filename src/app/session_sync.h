#pragma once
// Keeps the batch in browser storage as it goes, and offers it back on the next visit.
//
// Writing: a session begins when a batch starts (or results are imported or restored). Its
// header is written then and again only when the model, the run header or the file list
// changes; each image is written once as it finishes (and again when a review edits it), so
// a 10,000-image batch costs 10,000 small writes, never a rewrite of the whole run. Another
// model, a cleared list or an import starts a new session, which replaces the stored one.
//
// Reading: at start the stored session's header and record count are read. When something
// finished is there and it is unfinished or was never exported, the app offers it back
// (offer()); resume() reads the records and restores the batch, discard() forgets it. While
// the offer waits nothing is written; starting another batch meanwhile discards it.
//
// A storage failure is reported once (take_problem()); the batch goes on without storage.
#include <optional>
#include <string>

#include "app/batch.h"
#include "app/sources.h"
#include "core/session/session_restore.h"
#include "platform/storage.h"

namespace wl::app {

class SessionSync {
 public:
  enum class Phase { Loading, Offer, Restoring, Idle };
  struct Offer {
    SessionHeader header;
    SessionSummary summary;
    bool model_kept = false;  // the model's bytes are in this browser: it reloads by itself
  };

  SessionSync(storage::Storage& storage, BatchController& batch, HostActions& host);

  // Once per frame, after the batch has stepped.
  void step();

  Phase phase() const { return phase_; }
  const Offer* offer() const { return offer_ ? &*offer_ : nullptr; }
  void resume();
  void discard();
  // The results were exported: a finished batch is then not offered again.
  void mark_exported();

  // The model of a resumed batch, once, for the app to reload (from the browser's caches).
  std::optional<ModelIdentity> take_model_to_reload();
  // A storage failure, once, written for the user.
  std::optional<std::string> take_problem();
  // Why a resume failed, once.
  std::optional<std::string> take_resume_error();

  const std::string& session_id() const;  // "" when no session is being written
  double last_restore_ms() const { return restore_ms_; }

 private:
  void report_problem(const std::string& reason);
  void poll_summary();
  void poll_records();
  void write_changes();
  void begin_session();
  SessionHeader header_from_batch(const std::string& id) const;
  void write_header();
  void put_record(std::size_t index);
  std::string new_session_id();

  storage::Storage& storage_;
  BatchController& batch_;
  HostActions& host_;
  Phase phase_ = Phase::Loading;
  std::optional<Offer> offer_;
  std::optional<SessionHeader> current_;  // the session being written
  std::optional<ModelIdentity> reload_;
  std::optional<std::string> problem_, resume_error_;
  bool problem_reported_ = false;
  double restore_started_ms_ = 0, restore_ms_ = -1;
  int id_counter_ = 0;
};

}  // namespace wl::app
