#pragma once
// Checks and converts the EXIF date/time strings (internal to the EXIF parser).
// EXIF writes local time as "YYYY:MM:DD HH:MM:SS", fractions of a second as a separate digit
// string ("25" = .25 s) and, since EXIF 2.31, the UTC offset as "+HH:MM".
#include <optional>
#include <string>
#include <string_view>

namespace wl::exif_detail {

struct DateTimeFields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

// Parses "YYYY:MM:DD HH:MM:SS" and checks it is a real calendar date and time of day (a leap
// second, :60, is allowed). nullopt for anything else.
std::optional<DateTimeFields> parse_exif_datetime(std::string_view text);

// EXIF's own way of saying "unknown": only blanks, colons and zeros ("0000:00:00 00:00:00").
bool is_unknown_exif_datetime(std::string_view text);

bool is_valid_subsec(std::string_view text);     // one or more ASCII digits
bool is_valid_utc_offset(std::string_view text); // "+HH:MM" / "-HH:MM", |offset| <= 18:00

// "YYYY-MM-DDTHH:MM:SS[.subsec][+HH:MM]"; an invalid subsec or offset is left out.
std::string format_iso8601(const DateTimeFields& when, std::string_view subsec, std::string_view offset);

}  // namespace wl::exif_detail
