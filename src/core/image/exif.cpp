// parse_exif: finds the EXIF block, reads its IFDs with exif_tiff's guards, and turns the few
// tags we use into ExifInfo. Each field is read on its own, so one broken tag costs only that
// field (and adds a warning), never the others or the image.
#include "core/image/exif.h"

#include <variant>

#include "core/image/exif_container.h"
#include "core/image/exif_datetime.h"
#include "core/image/exif_text.h"
#include "core/image/exif_tiff.h"

namespace wl {

namespace {

using exif_detail::IfdKind;
using exif_detail::TiffBlock;
using exif_detail::TiffDirectory;
using exif_detail::TiffEntry;
using exif_detail::TiffType;
using exif_detail::WarningLog;

namespace tag {
constexpr std::uint16_t kMake = 0x010F;
constexpr std::uint16_t kModel = 0x0110;
constexpr std::uint16_t kOrientation = 0x0112;
constexpr std::uint16_t kDateTime = 0x0132;
constexpr std::uint16_t kDateTimeOriginal = 0x9003;
constexpr std::uint16_t kOffsetTime = 0x9010;
constexpr std::uint16_t kOffsetTimeOriginal = 0x9011;
constexpr std::uint16_t kSubSecTime = 0x9290;
constexpr std::uint16_t kSubSecTimeOriginal = 0x9291;
constexpr std::uint16_t kGpsLatitudeRef = 0x0001;
constexpr std::uint16_t kGpsLatitude = 0x0002;
constexpr std::uint16_t kGpsLongitudeRef = 0x0003;
constexpr std::uint16_t kGpsLongitude = 0x0004;
constexpr std::uint16_t kGpsAltitudeRef = 0x0005;
constexpr std::uint16_t kGpsAltitude = 0x0006;
}  // namespace tag

// Everything a field reader needs, so the helpers below stay short.
struct Reader {
  const TiffBlock& block;
  const TiffDirectory& dir;
  WarningLog& warnings;

  void warn_type(const char* name, const TiffEntry& e) const {
    warnings.add(std::string(name) + " has unexpected TIFF type " + std::to_string(e.type));
  }
  void warn_outside(const char* name) const { warnings.add(std::string(name) + " value lies outside the EXIF block"); }
};

// Quotes a value read from the file inside a warning, kept short.
std::string quoted(const std::string& text) {
  constexpr std::size_t kMax = 40;
  if (text.size() <= kMax) return "\"" + text + "\"";
  std::size_t cut = kMax;  // back off to a UTF-8 character boundary
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return "\"" + text.substr(0, cut) + "...\"";
}

// A string tag as clean text (see exif_text.h); empty text reads as absent. BYTE, UNDEFINED
// and EXIF 3.0's UTF-8 type are accepted besides ASCII: writers use them for the same bytes.
std::optional<std::string> read_text(const Reader& r, IfdKind kind, std::uint16_t tag_id, const char* name) {
  const TiffEntry* e = r.dir.find(kind, tag_id);
  if (!e) return std::nullopt;
  const auto type = static_cast<TiffType>(e->type);
  if (type != TiffType::Ascii && type != TiffType::Undefined && type != TiffType::Byte && type != TiffType::Utf8) {
    r.warn_type(name, *e);
    return std::nullopt;
  }
  if (e->count == 0) return std::nullopt;
  const auto bytes = r.block.value_bytes(*e);
  if (!bytes) {
    r.warn_outside(name);
    return std::nullopt;
  }
  std::string text = exif_detail::clean_exif_text(*bytes);
  if (text.empty()) return std::nullopt;
  return text;
}

bool is_integer_type(std::uint16_t type) {
  switch (static_cast<TiffType>(type)) {
    case TiffType::Byte:
    case TiffType::Short:
    case TiffType::Long:
    case TiffType::SByte:
    case TiffType::SShort:
    case TiffType::SLong: return true;
    default: return false;
  }
}

int read_orientation(const Reader& r) {
  const TiffEntry* e = r.dir.find(IfdKind::Primary, tag::kOrientation);
  if (!e) return 1;
  const auto value = r.block.integer(*e, 0);
  if (!value) {
    if (is_integer_type(e->type)) {
      r.warnings.add("Orientation has no readable value");
    } else {
      r.warn_type("Orientation", *e);
    }
    return 1;
  }
  if (*value < 1 || *value > 8) {
    r.warnings.add("Orientation " + std::to_string(*value) + " is not in 1..8, using 1");
    return 1;
  }
  return static_cast<int>(*value);
}

// A capture time is a date tag with its own subsecond and UTC-offset tags.
struct DateTags {
  IfdKind date_ifd;
  std::uint16_t date;
  const char* date_name;
  std::uint16_t subsec;
  const char* subsec_name;
  std::uint16_t offset;
  const char* offset_name;
};

constexpr DateTags kOriginalTime{IfdKind::Exif, tag::kDateTimeOriginal, "DateTimeOriginal",
                                 tag::kSubSecTimeOriginal, "SubSecTimeOriginal",
                                 tag::kOffsetTimeOriginal, "OffsetTimeOriginal"};
constexpr DateTags kFileTime{IfdKind::Primary, tag::kDateTime, "DateTime",
                             tag::kSubSecTime, "SubSecTime",
                             tag::kOffsetTime, "OffsetTime"};

// Fills the capture time from one set of tags. Returns false when the date tag is missing,
// blank or invalid, so the caller can fall back to the next set.
bool read_datetime(const Reader& r, ExifInfo& info, const DateTags& tags) {
  const auto date = read_text(r, tags.date_ifd, tags.date, tags.date_name);
  if (!date || exif_detail::is_unknown_exif_datetime(*date)) return false;
  if (!exif_detail::parse_exif_datetime(*date)) {
    r.warnings.add(std::string(tags.date_name) + " " + quoted(*date) + " is not a valid date and time");
    return false;
  }
  info.datetime_original = *date;
  // The subsecond and offset tags all live in the Exif IFD, whichever IFD held the date.
  auto subsec = read_text(r, IfdKind::Exif, tags.subsec, tags.subsec_name);
  if (subsec && !exif_detail::is_valid_subsec(*subsec)) {
    r.warnings.add(std::string(tags.subsec_name) + " " + quoted(*subsec) + " is not a digit string");
    subsec.reset();
  }
  info.subsec_time_original = subsec;
  auto offset = read_text(r, IfdKind::Exif, tags.offset, tags.offset_name);
  if (offset && !exif_detail::is_valid_utc_offset(*offset)) {
    r.warnings.add(std::string(tags.offset_name) + " " + quoted(*offset) + " is not a +HH:MM offset");
    offset.reset();
  }
  info.offset_time_original = offset;
  return true;
}

enum class Coordinate { Missing, Invalid };

// One GPS coordinate in degrees from its degrees/minutes/seconds rationals and N/S or E/W ref.
// Writers without a fix leave the tag out or fill it with 0/0, both read as Missing.
std::variant<double, Coordinate> read_coordinate(const Reader& r, std::uint16_t value_tag, std::uint16_t ref_tag,
                                                 const char* name, char positive, char negative, double limit) {
  const TiffEntry* e = r.dir.find(IfdKind::Gps, value_tag);
  if (!e) return Coordinate::Missing;
  const auto type = static_cast<TiffType>(e->type);
  if (type != TiffType::Rational && type != TiffType::SRational) {
    r.warn_type(name, *e);
    return Coordinate::Invalid;
  }
  if (e->count == 0) return Coordinate::Missing;
  double degrees = 0;
  double unit = 1;
  bool all_zero_over_zero = true;
  for (std::uint32_t i = 0; i < 3 && i < e->count; ++i, unit *= 60) {
    const auto part = r.block.rational(*e, i);
    if (!part) {
      r.warnings.add(std::string(name) + " is unreadable (outside the EXIF block or negative)");
      return Coordinate::Invalid;
    }
    if (part->den == 0) {
      if (part->num == 0) continue;  // 0/0: "unknown", counted as 0
      r.warnings.add(std::string(name) + " has a zero denominator");
      return Coordinate::Invalid;
    }
    all_zero_over_zero = false;
    degrees += static_cast<double>(part->num) / part->den / unit;
  }
  if (all_zero_over_zero) return Coordinate::Missing;
  if (degrees > limit) {
    r.warnings.add(std::string(name) + " " + std::to_string(degrees) + " is out of range");
    return Coordinate::Invalid;
  }
  const auto ref = read_text(r, IfdKind::Gps, ref_tag, (std::string(name) + "Ref").c_str());
  if (!ref) {
    r.warnings.add(std::string(name) + "Ref is missing, assuming " + positive);
    return degrees;
  }
  const char c = (*ref)[0];
  if (c == positive) return degrees;
  if (c == negative) return -degrees;
  r.warnings.add(std::string(name) + "Ref " + quoted(*ref) + " is not " + positive + " or " + negative);
  return Coordinate::Invalid;
}

std::optional<double> read_altitude(const Reader& r) {
  const TiffEntry* e = r.dir.find(IfdKind::Gps, tag::kGpsAltitude);
  if (!e) return std::nullopt;
  const auto value = r.block.rational(*e, 0);
  if (!value || value->den == 0) {
    r.warnings.add("GPSAltitude is unreadable");
    return std::nullopt;
  }
  double metres = static_cast<double>(value->num) / value->den;
  if (const TiffEntry* ref_entry = r.dir.find(IfdKind::Gps, tag::kGpsAltitudeRef)) {
    const auto ref = r.block.integer(*ref_entry, 0);
    if (!ref || *ref > 1) {
      r.warnings.add("GPSAltitudeRef is not 0 (above) or 1 (below sea level), altitude ignored");
      return std::nullopt;
    }
    if (*ref == 1) metres = -metres;
  }
  return metres;
}

std::optional<GpsPosition> read_gps(const Reader& r) {
  if (r.dir.gps.empty()) return std::nullopt;
  const auto lat = read_coordinate(r, tag::kGpsLatitude, tag::kGpsLatitudeRef, "GPSLatitude", 'N', 'S', 90);
  const auto lon = read_coordinate(r, tag::kGpsLongitude, tag::kGpsLongitudeRef, "GPSLongitude", 'E', 'W', 180);
  const auto* lat_status = std::get_if<Coordinate>(&lat);
  const auto* lon_status = std::get_if<Coordinate>(&lon);
  // A GPS IFD without a position (time or status only) is normal; half a position is not.
  if (lat_status || lon_status) {
    const bool one_missing = (lat_status && *lat_status == Coordinate::Missing && !lon_status) ||
                             (lon_status && *lon_status == Coordinate::Missing && !lat_status);
    if (one_missing) r.warnings.add("GPS position has only one of latitude and longitude");
    return std::nullopt;
  }
  GpsPosition gps;
  gps.latitude = std::get<double>(lat);
  gps.longitude = std::get<double>(lon);
  gps.altitude_m = read_altitude(r);
  return gps;
}

}  // namespace

Result<ExifInfo> parse_exif(std::span<const std::uint8_t> file_bytes) {
  if (file_bytes.empty()) return make_error(ErrorCode::Empty, "The file is empty (0 bytes), so it has no EXIF data.");
  ExifInfo info;
  WarningLog warnings;
  const auto block_bytes = exif_detail::find_exif_block(file_bytes, warnings);
  if (!block_bytes.empty()) {
    const auto block = TiffBlock::open(block_bytes);
    if (!block) {
      warnings.add("EXIF block does not start with a TIFF header");
    } else {
      const TiffDirectory dir = exif_detail::read_directory(*block, warnings);
      const Reader r{*block, dir, warnings};
      info.orientation = read_orientation(r);
      info.make = read_text(r, IfdKind::Primary, tag::kMake, "Make");
      info.model = read_text(r, IfdKind::Primary, tag::kModel, "Model");
      // DateTime is when the file was last written, which for camera-trap firmware is the
      // capture time; it stands in when DateTimeOriginal is missing or unusable.
      if (!read_datetime(r, info, kOriginalTime)) read_datetime(r, info, kFileTime);
      info.gps = read_gps(r);
    }
  }
  info.warning = warnings.text();
  return info;
}

}  // namespace wl
