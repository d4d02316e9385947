// The storage seam (src/platform/storage.h) without a browser: a folder holding the session
// header, an append-only file of records and the preferences. The unit tests use it natively
// and under Node (where Emscripten's NODERAWFS reaches the real disk), so the app's session
// logic is tested against the same interface the browser implements over IndexedDB.
//
// records.jsonl holds one "index<TAB>json" line per write: a rewritten record (a review) is a
// new line, and reading keeps the last line of each index, as the browser's put() would.
#include "platform/storage.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace wl::storage {

namespace fs = std::filesystem;

struct Storage::Impl {
  fs::path dir;
  std::optional<Error> error;
  StorageStats stats;
  std::optional<Result<std::optional<StoredSessionSummary>>> summary;
  std::optional<Result<std::vector<StoredRecord>>> records;

  void fail(const std::string& what) {
    if (!error) error = make_error(ErrorCode::Io, what);
  }
  bool ensure_dir() {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) {
      fail("results cannot be kept: the folder " + dir.string() + " cannot be created (" + ec.message() + ")");
      return false;
    }
    return true;
  }
  static std::optional<std::string> read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Written beside and renamed over, so a crash leaves the old file or the new one.
  bool write_whole(const fs::path& p, const std::string& text) {
    if (!ensure_dir()) return false;
    const fs::path tmp = p.string() + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out.flush()) { fail("results cannot be kept: writing " + tmp.string() + " failed"); return false; }
    }
    std::error_code ec;
    fs::rename(tmp, p, ec);
    if (ec) { fail("results cannot be kept: " + ec.message()); return false; }
    stats.bytes_written += text.size();
    return true;
  }
  std::string stored_id() const { return read(dir / "session-id").value_or(""); }
};

Storage::Storage(std::string location) : impl_(std::make_unique<Impl>()) { impl_->dir = std::move(location); }
Storage::~Storage() = default;

void Storage::write_header(const std::string& session_id, const std::string& header_json) {
  if (impl_->stored_id() != session_id) {
    std::error_code ec;
    fs::remove(impl_->dir / "records.jsonl", ec);
    if (!impl_->write_whole(impl_->dir / "session-id", session_id)) return;
  }
  impl_->write_whole(impl_->dir / "session-header.json", header_json);
}

void Storage::put_record(const std::string& session_id, std::size_t index, const std::string& record_json) {
  if (impl_->stored_id() != session_id || !impl_->ensure_dir()) return;
  std::ofstream out(impl_->dir / "records.jsonl", std::ios::binary | std::ios::app);
  out << index << '\t' << record_json << '\n';
  if (!out.flush()) { impl_->fail("results cannot be kept: appending to records.jsonl failed"); return; }
  ++impl_->stats.records_written;
  impl_->stats.bytes_written += record_json.size();
}

void Storage::discard_session() {
  std::error_code ec;
  for (const char* f : {"session-id", "session-header.json", "records.jsonl"}) fs::remove(impl_->dir / f, ec);
}

void Storage::start_load_summary() {
  const auto header = Impl::read(impl_->dir / "session-header.json");
  if (!header || impl_->stored_id().empty()) {
    impl_->summary = Result<std::optional<StoredSessionSummary>>(std::nullopt);
    return;
  }
  std::map<std::size_t, bool> indices;
  std::ifstream in(impl_->dir / "records.jsonl");
  for (std::string line; std::getline(in, line);) {
    const auto tab = line.find('\t');
    if (tab != std::string::npos) indices[std::strtoull(line.c_str(), nullptr, 10)] = true;
  }
  impl_->summary = Result<std::optional<StoredSessionSummary>>(
      StoredSessionSummary{*header, static_cast<int>(indices.size()), false});
}

std::optional<Result<std::optional<StoredSessionSummary>>> Storage::poll_summary() {
  auto out = std::move(impl_->summary);
  impl_->summary.reset();
  return out;
}

void Storage::start_load_records(const std::string& session_id) {
  std::vector<StoredRecord> out;
  if (impl_->stored_id() == session_id) {
    std::map<std::size_t, std::string> latest;
    std::ifstream in(impl_->dir / "records.jsonl");
    for (std::string line; std::getline(in, line);) {
      const auto tab = line.find('\t');
      if (tab == std::string::npos) continue;  // a line cut short by a crash
      latest[std::strtoull(line.c_str(), nullptr, 10)] = line.substr(tab + 1);
    }
    for (auto& [index, json] : latest) out.push_back({index, std::move(json)});
  }
  impl_->records = Result<std::vector<StoredRecord>>(std::move(out));
}

std::optional<Result<std::vector<StoredRecord>>> Storage::poll_records() {
  auto out = std::move(impl_->records);
  impl_->records.reset();
  return out;
}

std::optional<Error> Storage::take_error() {
  auto out = std::move(impl_->error);
  impl_->error.reset();
  return out;
}

StorageStats Storage::stats() const { return impl_->stats; }

std::string Storage::read_preferences() { return Impl::read(impl_->dir / "preferences.json").value_or(""); }

void Storage::write_preferences(const std::string& text) { impl_->write_whole(impl_->dir / "preferences.json", text); }

}  // namespace wl::storage
