#include "core/image/exif_datetime.h"

#include "core/image/exif.h"

namespace wl::exif_detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads n digits at text[at]; -1 when any of them is not a digit.
int digits(std::string_view text, std::size_t at, std::size_t n) {
  int value = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[at + i];
    if (!is_digit(c)) return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

void append_padded(std::string& out, int value, int width) {
  std::string digits_text = std::to_string(value);
  if (static_cast<int>(digits_text.size()) < width) out.append(static_cast<std::size_t>(width) - digits_text.size(), '0');
  out += digits_text;
}

}  // namespace

std::optional<DateTimeFields> parse_exif_datetime(std::string_view text) {
  // "YYYY:MM:DD HH:MM:SS": fixed positions, so a length check makes every index safe.
  if (text.size() != 19) return std::nullopt;
  if (text[4] != ':' || text[7] != ':' || text[10] != ' ' || text[13] != ':' || text[16] != ':') return std::nullopt;
  DateTimeFields f;
  f.year = digits(text, 0, 4);
  f.month = digits(text, 5, 2);
  f.day = digits(text, 8, 2);
  f.hour = digits(text, 11, 2);
  f.minute = digits(text, 14, 2);
  f.second = digits(text, 17, 2);
  if (f.year < 1 || f.month < 1 || f.month > 12 || f.day < 1) return std::nullopt;
  if (f.day > days_in_month(f.year, f.month)) return std::nullopt;
  if (f.hour < 0 || f.hour > 23 || f.minute < 0 || f.minute > 59 || f.second < 0 || f.second > 60) return std::nullopt;
  return f;
}

bool is_unknown_exif_datetime(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != ':' && c != '0') return false;
  }
  return true;
}

bool is_valid_subsec(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!is_digit(c)) return false;
  }
  return true;
}

bool is_valid_utc_offset(std::string_view text) {
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return false;
  const int hours = digits(text, 1, 2);
  const int minutes = digits(text, 4, 2);
  if (hours < 0 || minutes < 0 || minutes > 59) return false;
  return hours < 18 || (hours == 18 && minutes == 0);
}

std::string format_iso8601(const DateTimeFields& when, std::string_view subsec, std::string_view offset) {
  std::string out;
  out.reserve(32);
  append_padded(out, when.year, 4);
  out += '-';
  append_padded(out, when.month, 2);
  out += '-';
  append_padded(out, when.day, 2);
  out += 'T';
  append_padded(out, when.hour, 2);
  out += ':';
  append_padded(out, when.minute, 2);
  out += ':';
  append_padded(out, when.second, 2);
  if (is_valid_subsec(subsec)) {
    out += '.';
    out += subsec;
  }
  if (is_valid_utc_offset(offset)) out += offset;
  return out;
}

}  // namespace wl::exif_detail

namespace wl {

std::optional<std::string> ExifInfo::iso8601_datetime() const {
  if (!datetime_original) return std::nullopt;
  const auto when = exif_detail::parse_exif_datetime(*datetime_original);
  if (!when) return std::nullopt;
  return exif_detail::format_iso8601(*when, subsec_time_original.value_or(""), offset_time_original.value_or(""));
}

}  // namespace wl
