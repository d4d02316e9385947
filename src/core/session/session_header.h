#pragma once
// A batch session as the app keeps it in the browser between visits, so that nothing
// computed is lost on reload. A session is a header (this file) plus one record per finished
// image (session_record.h), stored separately so that each finished image costs one small
// write, whatever the size of the batch.
//
// The header says what the batch is: the model that ran (and how to get it back), the run
// header every export starts from (detector info, category maps), and every image of the
// batch with its relative path and size, in list order. Records are keyed by an image's index
// in that list; re-adding the same files finds them by path and size.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/results/run_results.h"
#include "core/session/model_identity.h"
#include "core/util/result.h"

namespace wl {

inline constexpr int kSessionSchema = 1;

struct SessionFile {
  std::string path;                   // relative path as the user gave it
  std::optional<std::uint64_t> size;  // bytes; unknown for images listed by imported results
  bool operator==(const SessionFile&) const = default;
};

enum class SessionOrigin {
  Run,     // a detector ran in this app
  Import,  // results read from a MegaDetector JSON file
};

struct SessionHeader {
  std::string id;            // changes when a new batch starts; records of another id are stale
  std::string created;       // "YYYY-MM-DD HH:MM:SS", local time
  SessionOrigin origin = SessionOrigin::Run;
  std::string source_name;   // imported results: the file's name
  ModelIdentity model;       // source None for imported results
  RunResults run;            // the run header (images empty): detector info, categories
  std::vector<SessionFile> files;
  bool exported = false;     // the results were exported since the last image finished
  bool operator==(const SessionHeader&) const = default;
};

// Compact JSON text. Fails only for a run header that cannot be written (non-finite numbers).
Result<std::string> write_session_header(const SessionHeader& header);
// Errors name what is wrong; a header of another schema version is refused (UnsupportedFormat).
Result<SessionHeader> read_session_header(std::string_view text);

}  // namespace wl
