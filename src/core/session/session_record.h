#pragma once
// One finished image of a batch session as stored: the MegaDetector JSON `images[]` entry
// the exports write (md_json_writer.h), but at full precision, with GPS, and with rejected
// detections and every review kept, so that reading it back gives the identical ImageRecord.
// Reusing the export's entry keeps one definition of what an image's results are, and a
// stored record can be read by anyone who knows the MegaDetector format.
#include <string>
#include <string_view>

#include "core/results/run_results.h"
#include "core/util/result.h"

namespace wl {

// Compact JSON (one line). Fails only for non-finite numbers.
Result<std::string> write_session_record(const ImageRecord& record);
Result<ImageRecord> read_session_record(std::string_view text);

}  // namespace wl
