#pragma once
// Writes EXIF (TIFF-structured) blocks and wraps them in minimal JPEG, PNG and WebP files, so
// tests can make both well-formed and deliberately broken EXIF in either byte order. After
// build(), the writer reports where each IFD and entry landed, which lets a test corrupt one
// precise field of an otherwise valid block.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace wl::test {

enum class ByteOrder { Little, Big };

void put_u16(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint16_t value, ByteOrder order);
void put_u32(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint32_t value, ByteOrder order);

class TiffWriter {
 public:
  explicit TiffWriter(ByteOrder order);

  ByteOrder order() const { return order_; }

  // IFD 0 exists from the start; add_ifd returns the id of a new, empty IFD. IFDs are laid out
  // in id order right after the header, and out-of-line values after all IFDs.
  int add_ifd();

  // Entries keep the order they are added in (so tests can repeat or misorder tags).
  void add_ascii(int ifd, std::uint16_t tag, const std::string& text);  // adds the NUL
  void add_short(int ifd, std::uint16_t tag, std::uint16_t value);
  void add_long(int ifd, std::uint16_t tag, std::uint32_t value);
  void add_byte(int ifd, std::uint16_t tag, std::uint8_t value);
  void add_rationals(int ifd, std::uint16_t tag, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& values);
  // Any type and count with the given value bytes (already in the block's byte order). The
  // bytes need not match type x count: that is how tests write lying entries.
  void add_raw(int ifd, std::uint16_t tag, std::uint16_t type, std::uint32_t count, std::vector<std::uint8_t> value);
  // A LONG entry whose value is the offset of another IFD (resolved by build()).
  void add_link(int ifd, std::uint16_t tag, int target_ifd);

  std::vector<std::uint8_t> build();

  // Positions in the last build.
  std::size_t ifd_offset(int ifd) const { return ifd_offsets_.at(static_cast<std::size_t>(ifd)); }
  std::size_t entry_offset(int ifd, std::size_t index) const;
  // Index of the first entry with this tag in an IFD; throws when absent.
  std::size_t entry_index(int ifd, std::uint16_t tag) const;

 private:
  struct Entry {
    std::uint16_t tag = 0;
    std::uint16_t type = 0;
    std::uint32_t count = 0;
    std::vector<std::uint8_t> value;
    int link = -1;  // target IFD id for add_link
  };
  std::vector<std::uint8_t> u16_bytes(std::uint16_t v) const;
  std::vector<std::uint8_t> u32_bytes(std::uint32_t v) const;

  ByteOrder order_;
  std::vector<std::vector<Entry>> ifds_;
  std::vector<std::size_t> ifd_offsets_;
};

// A camera-trap-like block: IFD0 (Orientation 6, Make, Model, DateTime, links), an Exif IFD
// (DateTimeOriginal, SubSecTimeOriginal, OffsetTimeOriginal) and a GPS IFD (12°34'56.7" N,
// 98°45'30" W, 123.5 m). Returned unbuilt so tests can add to it. IFD ids: 0, kExif, kGps.
struct CameraExif {
  static constexpr int kExif = 1;
  static constexpr int kGps = 2;
  static constexpr double kLatitude = 12.0 + 34.0 / 60 + 56.7 / 3600;
  static constexpr double kLongitude = -(98.0 + 45.0 / 60 + 30.0 / 3600);
  static constexpr double kAltitude = 123.5;
};
TiffWriter camera_exif(ByteOrder order);

// Minimal files around an EXIF block. The JPEG has SOI, APP0 (JFIF), APP1 (Exif), a stand-in
// SOS segment and EOI: enough for marker walking, not a decodable picture.
std::vector<std::uint8_t> jpeg_with_exif(const std::vector<std::uint8_t>& tiff);
std::vector<std::uint8_t> png_with_exif(const std::vector<std::uint8_t>& tiff);
std::vector<std::uint8_t> webp_with_exif(const std::vector<std::uint8_t>& tiff);

}  // namespace wl::test
