#pragma once
// Rebuilds a stored batch session from its header and records, and says what a resume would
// bring back ("34 of 66 images done with yolov5n.onnx"). Tolerant of what a crash or a
// closed tab leaves behind: a record that cannot be read, or whose index or file does not
// fit the header, is skipped and counted; its image simply needs processing again.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/session/session_header.h"

namespace wl {

// One stored record: the image's index in SessionHeader::files and its JSON text.
struct StoredRecord {
  std::size_t index = 0;
  std::string json;
};

struct RestoredImage {
  SessionFile file;
  std::optional<ImageRecord> record;  // absent: not finished, the image must be processed
};

struct RestoredSession {
  SessionHeader header;
  std::vector<RestoredImage> images;  // in the header's order
  int done = 0;                       // images with a record (failed ones included)
  int failed = 0;
  int skipped_records = 0;            // unreadable or not fitting the header
};

Result<RestoredSession> restore_session(std::string_view header_json, const std::vector<StoredRecord>& records);

// What the resume offer shows, from the header and the number of stored records alone (the
// records themselves are read only when the user chooses to resume).
struct SessionSummary {
  int done = 0, total = 0;
  std::string model;  // the model's file name (or name), or the imported file's name
  bool worth_offering = false;  // something finished, and unfinished or not yet exported
};
SessionSummary summarize_session(const SessionHeader& header, int record_count);

}  // namespace wl
