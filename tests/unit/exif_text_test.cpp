// clean_exif_text: EXIF string bytes to UI/JSON/CSV-safe UTF-8.
#include <catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "core/image/exif_text.h"

namespace {

std::string clean(const std::string& raw) {
  return wl::exif_detail::clean_exif_text(
      std::span(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));
}

}  // namespace

TEST_CASE("clean_exif_text cuts at NUL, trims blanks and replaces control characters") {
  CHECK(clean(std::string("RECONYX\0\0\0", 10)) == "RECONYX");
  CHECK(clean(std::string("G6.1     \0", 10)) == "G6.1");
  CHECK(clean(std::string("  A\0B", 5)) == "A");
  CHECK(clean(std::string("\0abc", 4)).empty());
  CHECK(clean("    ").empty());
  CHECK(clean("").empty());
  CHECK(clean("a\tb\r\nc\x7f") == "a?b??c?");
}

TEST_CASE("clean_exif_text keeps valid UTF-8 and replaces every invalid byte") {
  CHECK(clean("Caf\xC3\xA9") == "Caf\xC3\xA9");                 // é, 2 bytes
  CHECK(clean("\xE2\x82\xAC 5") == "\xE2\x82\xAC 5");           // €, 3 bytes
  CHECK(clean("\xF0\x9F\xA6\x8C") == "\xF0\x9F\xA6\x8C");       // 🦌, 4 bytes
  CHECK(clean("Caf\xE9") == "Caf?");                            // Latin-1 é
  CHECK(clean("\xC3") == "?");                                  // cut-off sequence
  CHECK(clean("\xC0\xAF") == "??");                             // overlong '/'
  CHECK(clean("\xE0\x80\xAF") == "???");                        // overlong, 3 bytes
  CHECK(clean("\xED\xA0\x80") == "???");                        // UTF-16 surrogate
  CHECK(clean("\xF4\x90\x80\x80") == "????");                   // above U+10FFFF
  CHECK(clean("\xF5\x80") == "??");
  CHECK(clean("\x80x\xBF") == "?x?");                           // stray continuation bytes
}

TEST_CASE("clean_exif_text output of every byte pair is valid UTF-8 without control characters") {
  // nlohmann::json::dump throws on invalid UTF-8: an independent check of the validator.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string raw = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(0xA9)};
      const std::string out = clean(raw);
      try {
        (void)nlohmann::json(out).dump();
      } catch (const nlohmann::json::exception& e) {
        FAIL("invalid UTF-8 from " << a << "," << b << ": " << e.what());
      }
      for (char c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) FAIL("control character from " << a << "," << b);
      }
    }
  }
}
