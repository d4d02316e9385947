#include "core/session/session_restore.h"

#include <algorithm>

#include "core/session/session_record.h"

namespace wl {

Result<RestoredSession> restore_session(std::string_view header_json, const std::vector<StoredRecord>& records) {
  auto header = read_session_header(header_json);
  if (!header) return header.error();
  RestoredSession out;
  out.header = std::move(*header);
  out.images.reserve(out.header.files.size());
  for (const SessionFile& f : out.header.files) out.images.push_back({f, std::nullopt});
  // A review rewrites an image's record; where a store kept both, the later one wins.
  for (const StoredRecord& stored : records) {
    if (stored.index >= out.images.size()) { ++out.skipped_records; continue; }
    auto record = read_session_record(stored.json);
    if (!record || record->file != out.images[stored.index].file.path) { ++out.skipped_records; continue; }
    out.images[stored.index].record = std::move(*record);
  }
  for (const RestoredImage& img : out.images) {
    if (!img.record) continue;
    ++out.done;
    if (img.record->failed()) ++out.failed;
  }
  return out;
}

SessionSummary summarize_session(const SessionHeader& header, int record_count) {
  SessionSummary s;
  s.total = static_cast<int>(header.files.size());
  s.done = std::min(record_count, s.total);
  if (header.origin == SessionOrigin::Import) s.model = header.source_name;
  else s.model = !header.model.file_name.empty() ? header.model.file_name : header.model.name;
  s.worth_offering = s.done > 0 && (s.done < s.total || !header.exported);
  return s;
}

}  // namespace wl
