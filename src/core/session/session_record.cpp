#include "core/session/session_record.h"

#include "core/results/md_json_reader.h"
#include "core/results/md_json_writer.h"

namespace wl {

Result<std::string> write_session_record(const ImageRecord& record) {
  MdJsonWriteOptions options;
  options.exp.full_precision = true;
  options.exp.include_rejected = true;
  options.exp.include_gps = true;
  options.indent = -1;
  return write_md_image_json(record, options);
}

Result<ImageRecord> read_session_record(std::string_view text) { return read_md_image_json(text); }

}  // namespace wl
