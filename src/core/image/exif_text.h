#pragma once
// Turns the bytes of an EXIF string tag into text that is safe to show, log or export
// (internal to the EXIF parser).
//
// EXIF strings are meant to be 7-bit ASCII but firmware writes anything: Latin-1 names,
// UTF-8, padding with spaces or NULs, stray control characters. The app shows these strings
// in its UI and writes them to JSON/CSV, where a newline breaks a CSV row and invalid UTF-8
// makes a JSON writer throw. So the result is always valid UTF-8 with no control characters.
#include <cstdint>
#include <span>
#include <string>

namespace wl::exif_detail {

// Cuts at the first NUL, keeps valid UTF-8 sequences, replaces each control character
// (below 0x20, or 0x7F) and each byte that does not start a valid UTF-8 sequence with '?',
// and trims spaces at both ends.
std::string clean_exif_text(std::span<const std::uint8_t> bytes);

}  // namespace wl::exif_detail
