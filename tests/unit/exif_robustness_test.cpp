// parse_exif on broken and hostile input: IFD loops, offsets and counts that point outside the
// block or overflow 32-bit arithmetic, cut-off segments, and deterministic sweeps (every
// truncation length, every bit flip, seeded overwrites with boundary values). Each input is
// parsed from an exact-size copy, so AddressSanitizer (native-asan preset) catches any read
// past its end. The sweeps run in well under a second.
#include <catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image/exif.h"
#include "exif_builder.h"

using wl::test::ByteOrder;
using wl::test::CameraExif;
using Bytes = std::vector<std::uint8_t>;

namespace {

constexpr std::uint16_t kTagOrientation = 0x0112;
constexpr std::uint16_t kTagMake = 0x010F;
constexpr std::uint16_t kTagExifIfd = 0x8769;
constexpr std::uint16_t kTagGpsIfd = 0x8825;
constexpr std::uint16_t kTagGpsLatitude = 0x0002;
constexpr const char* kDateTime = "2019:05:04 13:00:00";  // camera_exif's IFD0 DateTime

// Parses a copy holding exactly `size` bytes of `bytes`.
wl::ExifInfo parse_exact(const Bytes& bytes, std::size_t size) {
  const Bytes copy(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size));
  auto result = wl::parse_exif(copy);
  if (!result.ok()) FAIL("parse_exif failed on " << size << " bytes: " << result.error().message);
  return std::move(result).value();
}

wl::ExifInfo parse_exact(const Bytes& bytes) { return parse_exact(bytes, bytes.size()); }

// The value field of an entry (4 bytes after tag, type and count).
std::size_t value_field(const wl::test::TiffWriter& w, int ifd, std::uint16_t tag) {
  return w.entry_offset(ifd, w.entry_index(ifd, tag)) + 8;
}

std::size_t count_field(const wl::test::TiffWriter& w, int ifd, std::uint16_t tag) {
  return w.entry_offset(ifd, w.entry_index(ifd, tag)) + 4;
}

// nlohmann::json::dump throws on invalid UTF-8, as any JSON export of these strings would.
bool is_valid_utf8(const std::string& s) {
  try {
    (void)nlohmann::json(s).dump();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

bool has_control_char(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// Properties every result must have, whatever the input: what a caller may rely on.
std::string problem_with(const wl::ExifInfo& info, std::size_t input_size) {
  if (info.orientation < 1 || info.orientation > 8) return "orientation " + std::to_string(info.orientation);
  for (const auto* s : {&info.datetime_original, &info.subsec_time_original, &info.offset_time_original, &info.make,
                        &info.model}) {
    if (!*s) continue;
    if ((*s)->empty() || (*s)->size() > input_size) return "string of size " + std::to_string((*s)->size());
    if (has_control_char(**s)) return "control character in \"" + **s + "\"";
    if (!is_valid_utf8(**s)) return "invalid UTF-8 in a field";
  }
  if (!is_valid_utf8(info.warning)) return "invalid UTF-8 in the warning";
  if (info.datetime_original && !info.iso8601_datetime()) return "invalid datetime " + *info.datetime_original;
  if (info.subsec_time_original &&
      !std::all_of(info.subsec_time_original->begin(), info.subsec_time_original->end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return "subsec " + *info.subsec_time_original;
  }
  if (info.offset_time_original && info.offset_time_original->size() != 6) return "offset " + *info.offset_time_original;
  if (info.gps) {
    const auto& g = *info.gps;
    if (!std::isfinite(g.latitude) || std::abs(g.latitude) > 90) return "latitude " + std::to_string(g.latitude);
    if (!std::isfinite(g.longitude) || std::abs(g.longitude) > 180) return "longitude " + std::to_string(g.longitude);
    if (g.altitude_m && !std::isfinite(*g.altitude_m)) return "altitude not finite";
  }
  if (info.warning.size() > 2000) return "warning of " + std::to_string(info.warning.size()) + " characters";
  return {};
}

// For a cut-off copy of the camera block: each field is either missing or the true value,
// never something made up from the bytes that remain.
std::string differs_from_full(const wl::ExifInfo& got, const wl::ExifInfo& full) {
  if (got.orientation != 1 && got.orientation != full.orientation) return "orientation";
  if (got.make && got.make != full.make) return "make " + *got.make;
  if (got.model && got.model != full.model) return "model " + *got.model;
  if (got.datetime_original && got.datetime_original != full.datetime_original && *got.datetime_original != kDateTime) {
    return "datetime " + *got.datetime_original;
  }
  if (got.subsec_time_original && got.subsec_time_original != full.subsec_time_original) return "subsec";
  if (got.offset_time_original && got.offset_time_original != full.offset_time_original) return "offset";
  if (got.gps) {
    if (got.gps->latitude != full.gps->latitude || got.gps->longitude != full.gps->longitude) return "gps position";
    if (got.gps->altitude_m && got.gps->altitude_m != full.gps->altitude_m) return "gps altitude";
  }
  return {};
}

Bytes container(int kind, const Bytes& tiff) {
  switch (kind) {
    case 0: return wl::test::jpeg_with_exif(tiff);
    case 1: return wl::test::png_with_exif(tiff);
    case 2: return wl::test::webp_with_exif(tiff);
    default: return tiff;
  }
}

}  // namespace

TEST_CASE("EXIF IFD pointers that lead back to an IFD already read are refused") {
  for (ByteOrder order : {ByteOrder::Little, ByteOrder::Big}) {
    auto w = wl::test::camera_exif(order);
    Bytes tiff = w.build();
    INFO((order == ByteOrder::Big ? "MM" : "II"));
    SECTION("Exif IFD pointer to IFD0") {
      wl::test::put_u32(tiff, value_field(w, 0, kTagExifIfd), static_cast<std::uint32_t>(w.ifd_offset(0)), order);
      const auto info = parse_exact(wl::test::jpeg_with_exif(tiff));
      CHECK(info.warning.find("already read") != std::string::npos);
      CHECK(info.datetime_original == std::optional<std::string>(kDateTime));  // DateTime fallback
      CHECK(info.orientation == 6);
      CHECK(info.gps.has_value());
    }
    SECTION("GPS IFD pointer to the Exif IFD, and to IFD0") {
      for (int target : {CameraExif::kExif, 0}) {
        Bytes t = tiff;
        wl::test::put_u32(t, value_field(w, 0, kTagGpsIfd), static_cast<std::uint32_t>(w.ifd_offset(target)), order);
        const auto info = parse_exact(wl::test::jpeg_with_exif(t));
        CHECK(info.warning.find("already read") != std::string::npos);
        CHECK_FALSE(info.gps.has_value());
        CHECK(info.subsec_time_original == std::optional<std::string>("25"));
      }
    }
    SECTION("next-IFD link of IFD0 pointing at itself is never followed") {
      const std::size_t next_link = w.entry_offset(0, w.entry_index(0, kTagGpsIfd)) + 12;
      wl::test::put_u32(tiff, next_link, static_cast<std::uint32_t>(w.ifd_offset(0)), order);
      const auto info = parse_exact(wl::test::jpeg_with_exif(tiff));
      CHECK(info.warning.empty());
      CHECK(info.orientation == 6);
    }
  }
  SECTION("an Exif IFD that links to itself and to IFD0") {
    auto w = wl::test::camera_exif(ByteOrder::Big);
    w.add_link(CameraExif::kExif, kTagExifIfd, CameraExif::kExif);
    w.add_link(CameraExif::kExif, kTagGpsIfd, 0);
    const auto info = parse_exact(wl::test::jpeg_with_exif(w.build()));
    CHECK(info.warning.empty());  // the GPS pointer in IFD0 wins; the Exif IFD's is not needed
    CHECK(info.gps.has_value());
    CHECK(info.iso8601_datetime() == std::optional<std::string>("2019-05-04T13:02:11.25+02:00"));
  }
}

TEST_CASE("EXIF offsets outside the block cost only the field they belong to") {
  for (ByteOrder order : {ByteOrder::Little, ByteOrder::Big}) {
    auto w = wl::test::camera_exif(order);
    const Bytes tiff = w.build();
    const auto size = static_cast<std::uint32_t>(tiff.size());
    INFO((order == ByteOrder::Big ? "MM" : "II"));
    for (std::uint32_t ifd0 : {0xFFFFFFFFu, 0x7FFFFFFFu, size, size - 1, 2u}) {
      Bytes t = tiff;
      wl::test::put_u32(t, 4, ifd0, order);
      const auto info = parse_exact(wl::test::jpeg_with_exif(t));
      INFO("IFD0 offset " << ifd0);
      CHECK(info.orientation == 1);
      CHECK_FALSE(info.make.has_value());
      CHECK(info.warning.find("IFD0") != std::string::npos);
    }
    // Offsets that overflow 32 bits once the value size is added.
    for (std::uint32_t offset : {0xFFFFFFFFu, 0xFFFFFFFCu, size, size - 4}) {
      Bytes t = tiff;
      wl::test::put_u32(t, value_field(w, 0, kTagMake), offset, order);
      const auto info = parse_exact(wl::test::jpeg_with_exif(t));
      INFO("Make offset " << offset);
      CHECK_FALSE(info.make.has_value());
      CHECK(info.warning.find("Make value lies outside") != std::string::npos);
      CHECK(info.model == std::optional<std::string>("CT-1 Pro"));
      CHECK(info.orientation == 6);
    }
    for (std::uint32_t offset : {0xFFFFFFFFu, size, size - 1}) {
      Bytes t = tiff;
      wl::test::put_u32(t, value_field(w, 0, kTagExifIfd), offset, order);
      const auto info = parse_exact(wl::test::jpeg_with_exif(t));
      CHECK(info.warning.find("Exif IFD") != std::string::npos);
      CHECK(info.datetime_original == std::optional<std::string>(kDateTime));
    }
    {
      Bytes t = tiff;  // latitude needs 24 bytes; only 8 remain
      wl::test::put_u32(t, value_field(w, CameraExif::kGps, kTagGpsLatitude), size - 8, order);
      const auto info = parse_exact(wl::test::jpeg_with_exif(t));
      CHECK_FALSE(info.gps.has_value());
      CHECK(info.warning.find("GPSLatitude") != std::string::npos);
    }
  }
}

TEST_CASE("EXIF counts whose byte size overflows 32 bits are refused") {
  for (ByteOrder order : {ByteOrder::Little, ByteOrder::Big}) {
    auto w = wl::test::camera_exif(order);
    const Bytes tiff = w.build();
    INFO((order == ByteOrder::Big ? "MM" : "II"));
    // 0x20000001 RATIONALs are 8 bytes in 32-bit arithmetic: a reader that wraps would read
    // the real latitude through the (valid) offset and report it.
    for (std::uint32_t count : {0x20000000u, 0x20000001u, 0xFFFFFFFFu}) {
      Bytes t = tiff;
      wl::test::put_u32(t, count_field(w, CameraExif::kGps, kTagGpsLatitude), count, order);
      const auto info = parse_exact(wl::test::jpeg_with_exif(t));
      INFO("count " << count);
      CHECK_FALSE(info.gps.has_value());
    }
    // 0x80000001 SHORTs are 2 bytes in 32-bit arithmetic, which would fit inline and read 6.
    for (std::uint32_t count : {0x80000001u, 0xFFFFFFFFu}) {
      Bytes t = tiff;
      wl::test::put_u32(t, count_field(w, 0, kTagOrientation), count, order);
      const auto info = parse_exact(wl::test::jpeg_with_exif(t));
      CHECK(info.orientation == 1);
      CHECK(info.warning.find("Orientation") != std::string::npos);
    }
    {
      Bytes t = tiff;
      wl::test::put_u32(t, count_field(w, 0, kTagMake), 0xFFFFFFFFu, order);
      const auto info = parse_exact(wl::test::jpeg_with_exif(t));
      CHECK_FALSE(info.make.has_value());
      CHECK(info.model == std::optional<std::string>("CT-1 Pro"));
    }
    {
      Bytes t = tiff;  // an IFD0 that claims 65535 entries runs off the end of the block
      wl::test::put_u16(t, w.ifd_offset(0), 0xFFFF, order);
      const auto info = parse_exact(wl::test::jpeg_with_exif(t));
      CHECK(info.orientation == 6);
      CHECK(info.warning.find("IFD0") != std::string::npos);
    }
  }
}

TEST_CASE("EXIF entries past the per-IFD cap are not read") {
  for (bool orientation_first : {true, false}) {
    wl::test::TiffWriter w(ByteOrder::Little);
    if (orientation_first) w.add_short(0, kTagOrientation, 3);
    for (int i = 0; i < 2000; ++i) w.add_short(0, 0xC000, 0);
    if (!orientation_first) w.add_short(0, kTagOrientation, 3);
    const auto info = parse_exact(wl::test::png_with_exif(w.build()));
    CHECK(info.orientation == (orientation_first ? 3 : 1));
    CHECK(info.warning.find("read the first 1024") != std::string::npos);
  }
}

TEST_CASE("EXIF warnings are capped, so a block full of broken tags gives a short message") {
  wl::test::TiffWriter w(ByteOrder::Big);
  const int exif = w.add_ifd();
  const int gps = w.add_ifd();
  w.add_short(0, kTagOrientation, 42);
  w.add_short(0, kTagMake, 1);
  w.add_short(0, 0x0110, 1);
  w.add_link(0, kTagExifIfd, exif);
  w.add_link(0, kTagGpsIfd, gps);
  w.add_ascii(exif, 0x9003, "yesterday");
  w.add_ascii(0, 0x0132, "today");
  w.add_rationals(gps, kTagGpsLatitude, {{1, 0}});
  w.add_short(gps, 0x0004, 1);
  const auto info = parse_exact(wl::test::jpeg_with_exif(w.build()));
  CHECK(info.orientation == 1);
  CHECK_FALSE(info.make.has_value());
  CHECK_FALSE(info.datetime_original.has_value());
  CHECK_FALSE(info.gps.has_value());
  CHECK(info.warning.find("Orientation 42") != std::string::npos);
  CHECK(info.warning.find("further EXIF warnings omitted") != std::string::npos);
  CHECK(std::count(info.warning.begin(), info.warning.end(), ';') == 6);
}

TEST_CASE("EXIF blocks without a valid TIFF header give defaults and a warning") {
  auto w = wl::test::camera_exif(ByteOrder::Little);
  const Bytes tiff = w.build();
  for (std::size_t at : {0u, 1u, 2u, 3u}) {
    Bytes t = tiff;
    t[at] ^= 0x01;  // "II*\0" -> "HI*\0", "IH*\0", "II+\0", "II*\1"
    const auto info = parse_exact(wl::test::jpeg_with_exif(t));
    CHECK(info.orientation == 1);
    CHECK(info.warning.find("TIFF header") != std::string::npos);
  }
}

TEST_CASE("JPEG segment walking survives broken segment structure") {
  auto w = wl::test::camera_exif(ByteOrder::Big);
  const Bytes jpeg = wl::test::jpeg_with_exif(w.build());
  const std::size_t app1 = 20;  // after SOI (2) and the 18-byte APP0
  REQUIRE(jpeg[app1] == 0xFF);
  REQUIRE(jpeg[app1 + 1] == 0xE1);

  SECTION("APP1 length running past the end of the file") {
    Bytes j(jpeg.begin(), jpeg.end() - 8);  // drop SOS and EOI, keep the whole TIFF block
    j[app1 + 2] = 0xFF;
    j[app1 + 3] = 0xFF;
    const auto info = parse_exact(j);
    CHECK(info.orientation == 6);
    CHECK(info.make == std::optional<std::string>("CamTrapCo"));
    CHECK(info.warning.find("file ends") != std::string::npos);
  }
  SECTION("fill bytes before a marker are allowed") {
    Bytes j = jpeg;
    j.insert(j.begin() + static_cast<std::ptrdiff_t>(app1), {0xFF, 0xFF, 0xFF});
    const auto info = parse_exact(j);
    CHECK(info.orientation == 6);
    CHECK(info.warning.empty());
  }
  SECTION("an XMP APP1 before the EXIF one is skipped") {
    Bytes j = jpeg;
    const std::string xmp = "http://ns.adobe.com/xap/1.0/";
    Bytes seg = {0xFF, 0xE1, 0x00, static_cast<std::uint8_t>(xmp.size() + 3)};
    seg.insert(seg.end(), xmp.begin(), xmp.end());
    seg.push_back(0);
    j.insert(j.begin() + static_cast<std::ptrdiff_t>(app1), seg.begin(), seg.end());
    const auto info = parse_exact(j);
    CHECK(info.orientation == 6);
    CHECK(info.warning.empty());
  }
  SECTION("garbage between segments, a stray FF00, impossible lengths") {
    for (const Bytes& insert : {Bytes{0x00}, Bytes{0x12, 0xFF}, Bytes{0xFF, 0x00}, Bytes{0xFF, 0xE2, 0x00, 0x01},
                                Bytes{0xFF, 0xE2, 0x00, 0x00}}) {
      Bytes j = jpeg;
      j.insert(j.begin() + static_cast<std::ptrdiff_t>(app1), insert.begin(), insert.end());
      const auto info = parse_exact(j);
      CHECK(info.orientation == 1);
      CHECK(info.warning.find("EXIF search stopped") != std::string::npos);
    }
  }
  SECTION("EXIF after the start of scan is not looked for") {
    Bytes j = {0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02};
    j.insert(j.end(), jpeg.begin() + static_cast<std::ptrdiff_t>(app1), jpeg.end());
    const auto info = parse_exact(j);
    CHECK(info.orientation == 1);
    CHECK(info.warning.empty());
  }
}

TEST_CASE("PNG and WebP chunks that run past the end still give what they hold") {
  auto w = wl::test::camera_exif(ByteOrder::Little);
  const Bytes tiff = w.build();
  Bytes png = wl::test::png_with_exif(tiff);
  png.resize(png.size() - 12 - 4);  // drop IEND and the eXIf CRC: the file ends with the block
  const std::size_t exif_len_at = 8 + 25;  // signature + IHDR chunk
  REQUIRE(std::string(png.begin() + static_cast<std::ptrdiff_t>(exif_len_at) + 4,
                      png.begin() + static_cast<std::ptrdiff_t>(exif_len_at) + 8) == "eXIf");
  png[exif_len_at] = 0x00;
  png[exif_len_at + 1] = 0x10;  // 1 MiB and more
  auto info = parse_exact(png);
  CHECK(info.orientation == 6);
  CHECK(info.warning.find("eXIf chunk declares") != std::string::npos);

  png[exif_len_at] = 0x80;  // beyond PNG's 2^31-1 limit
  info = parse_exact(png);
  CHECK(info.orientation == 1);
  CHECK(info.warning.find("invalid length") != std::string::npos);

  Bytes webp = wl::test::webp_with_exif(tiff);
  const std::size_t webp_len_at = 12 + 18 + 4;  // header + VP8X chunk + "EXIF"
  REQUIRE(webp[webp_len_at - 4] == 'E');
  webp[webp_len_at + 3] = 0x7F;
  info = parse_exact(webp);
  CHECK(info.orientation == 6);
  CHECK(info.warning.find("WebP EXIF chunk declares") != std::string::npos);
}

TEST_CASE("EXIF sweep: every truncation length, in every container and byte order") {
  int checked = 0;
  for (ByteOrder order : {ByteOrder::Little, ByteOrder::Big}) {
    auto w = wl::test::camera_exif(order);
    const Bytes tiff = w.build();
    for (int kind = 0; kind < 4; ++kind) {
      const Bytes file = container(kind, tiff);
      const wl::ExifInfo full = parse_exact(file);
      REQUIRE(full.warning.empty());
      REQUIRE(full.gps.has_value());
      for (std::size_t n = 1; n < file.size(); ++n) {
        const wl::ExifInfo cut = parse_exact(file, n);
        std::string problem = problem_with(cut, n);
        if (problem.empty()) problem = differs_from_full(cut, full);
        if (!problem.empty()) FAIL_CHECK("container " << kind << ", " << n << " of " << file.size() << ": " << problem);
        ++checked;
      }
    }
  }
  CHECK(checked > 2000);
}

TEST_CASE("EXIF sweep: every single-bit flip of a camera JPEG") {
  for (ByteOrder order : {ByteOrder::Little, ByteOrder::Big}) {
    auto w = wl::test::camera_exif(order);
    const Bytes jpeg = wl::test::jpeg_with_exif(w.build());
    int changed = 0;
    for (std::size_t i = 0; i < jpeg.size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        Bytes j = jpeg;
        j[i] = static_cast<std::uint8_t>(j[i] ^ (1u << bit));
        const wl::ExifInfo info = parse_exact(j);
        const std::string problem = problem_with(info, j.size());
        if (!problem.empty()) FAIL_CHECK("byte " << i << " bit " << bit << ": " << problem);
        if (!info.warning.empty() || info.orientation != 6) ++changed;
      }
    }
    // Flips in structure (offsets, types, counts, the orientation value) must be noticed.
    CHECK(changed > 200);
  }
}

TEST_CASE("EXIF sweep: seeded overwrites with boundary values") {
  std::uint32_t state = 12345;  // fixed seed: the same inputs on every run and platform
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  for (ByteOrder order : {ByteOrder::Little, ByteOrder::Big}) {
    auto w = wl::test::camera_exif(order);
    const Bytes tiff = w.build();
    const auto size = static_cast<std::uint32_t>(tiff.size());
    const std::uint32_t values[] = {0, 1, 2, 4, 8, 0xFF, 0xFFFF, 0x7FFFFFFF, 0x80000000u, 0xFFFFFFFFu,
                                    0x20000001u, size, size - 1, size - 2, size - 4, size - 8,
                                    static_cast<std::uint32_t>(w.ifd_offset(0)),
                                    static_cast<std::uint32_t>(w.ifd_offset(CameraExif::kExif)),
                                    static_cast<std::uint32_t>(w.ifd_offset(CameraExif::kGps))};
    for (int round = 0; round < 3000; ++round) {
      Bytes t = tiff;
      const int writes = 1 + static_cast<int>(next() % 3);
      for (int k = 0; k < writes; ++k) {
        const std::uint32_t value = values[next() % std::size(values)];
        const bool wide = next() % 2;
        const std::size_t at = (next() % (size - 4)) & ~std::size_t{1};
        if (wide) {
          wl::test::put_u32(t, at, value, order);
        } else {
          wl::test::put_u16(t, at, static_cast<std::uint16_t>(value), order);
        }
      }
      const Bytes file = wl::test::jpeg_with_exif(t);
      const std::string problem = problem_with(parse_exact(file), file.size());
      if (!problem.empty()) FAIL_CHECK("round " << round << ": " << problem);
    }
  }
}
