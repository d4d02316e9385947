#pragma once
// The few EXIF fields a camera-trap app needs: how to rotate the pixels, when the picture was
// taken, which camera took it, and where.
//
// Camera-trap files are often written by cheap firmware and later touched by other tools, so
// their EXIF is sometimes broken. A broken EXIF block must never make an image unreadable:
// parse_exif returns what it could read plus a warning, and returns an error only when the
// call itself is unusable (an empty buffer).
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/util/result.h"

#include "core/util/gps.h"

namespace wl {

struct ExifInfo {
  int orientation = 1;  // EXIF Orientation 1..8; invalid values read as 1 (with a warning)
  // "YYYY:MM:DD HH:MM:SS" as stored in DateTimeOriginal, or in DateTime when the original
  // time is missing or unusable. Absent when neither holds a real date.
  std::optional<std::string> datetime_original;
  std::optional<std::string> subsec_time_original;  // digits only, e.g. "25" = .25 s
  std::optional<std::string> offset_time_original;  // "+02:00"
  std::optional<std::string> make, model;           // blanks and NUL padding removed
  std::optional<GpsPosition> gps;
  std::string warning;  // empty if all was well; otherwise what was skipped and why
  // All strings here are valid UTF-8 without control characters (see exif_text.h), so they
  // can go straight into the UI, JSON or CSV.

  // ISO 8601 with subseconds and offset when present, e.g. "2019-05-04T13:02:11.25+02:00".
  // Absent when datetime_original is absent or not a valid date and time.
  std::optional<std::string> iso8601_datetime() const;
};

// Reads EXIF from a whole image file held in memory: JPEG (APP1 "Exif"), PNG (eXIf chunk),
// WebP (EXIF chunk) or a bare TIFF. A file of another format, or without EXIF, gives the
// defaults with no warning. Errors: ErrorCode::Empty for a zero-byte buffer.
Result<ExifInfo> parse_exif(std::span<const std::uint8_t> file_bytes);

}  // namespace wl
