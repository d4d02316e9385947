#include "core/util/result.h"

namespace wl {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return "invalid argument";
    case ErrorCode::Empty: return "empty file";
    case ErrorCode::NotAnImage: return "not an image";
    case ErrorCode::UnsupportedFormat: return "unsupported format";
    case ErrorCode::TooLarge: return "too large";
    case ErrorCode::Corrupt: return "corrupt data";
    case ErrorCode::ModelInvalid: return "invalid model";
    case ErrorCode::UnsupportedLayout: return "unsupported model output layout";
    case ErrorCode::Io: return "input/output error";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Internal: return "internal error";
  }
  return "unknown error";
}

}  // namespace wl
