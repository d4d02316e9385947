#pragma once
// Bounds-checked reading of the TIFF structure inside an EXIF block (internal to exif.cpp).
//
// Every offset and count in the block comes from the file and is untrusted: all arithmetic is
// done in 64 bits and checked against the block size before any byte is read, so a hostile
// count (count x type size overflowing 32 bits) or offset simply makes one entry unreadable.
// Only three IFDs are ever read (IFD0, the Exif IFD and the GPS IFD), each at most once and
// with a cap on entries, which bounds the work and makes IFD loops impossible.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace wl::exif_detail {

// Collects warnings into one short string. Hostile input can trigger many; only the first few
// are kept so the message stays readable and its size bounded.
class WarningLog {
 public:
  void add(const std::string& message);  // one sentence, without "; " (the separator)
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  int count_ = 0;
};

enum class TiffType : std::uint16_t {
  Byte = 1, Ascii = 2, Short = 3, Long = 4, Rational = 5, SByte = 6, Undefined = 7,
  SShort = 8, SLong = 9, SRational = 10, Float = 11, Double = 12, Ifd = 13,
  Utf8 = 129,  // EXIF 3.0
};

// Size in bytes of one value of a TIFF type; 0 for a type number the format does not define.
std::size_t tiff_type_size(std::uint16_t type);

struct TiffEntry {
  std::uint16_t tag = 0;
  std::uint16_t type = 0;
  std::uint32_t count = 0;
  std::size_t entry_pos = 0;  // offset of the 12-byte entry within the block
};

enum class IfdKind { Primary, Exif, Gps };

class TiffBlock {
 public:
  // Checks the 8-byte header ("II*\0" or "MM\0*"); nullopt when it is not a TIFF header.
  static std::optional<TiffBlock> open(std::span<const std::uint8_t> bytes);

  std::size_t size() const { return bytes_.size(); }
  bool big_endian() const { return big_endian_; }
  std::uint32_t ifd0_offset() const { return ifd0_offset_; }

  // Reads an unsigned value at an offset; nullopt when it would run past the block.
  std::optional<std::uint16_t> u16(std::uint64_t offset) const;
  std::optional<std::uint32_t> u32(std::uint64_t offset) const;

  // The bytes of an entry's value (inline in the entry when they fit in 4 bytes, else at the
  // offset it holds). nullopt when the type is unknown, the count is 0, or the value does not
  // lie wholly inside the block.
  std::optional<std::span<const std::uint8_t>> value_bytes(const TiffEntry& entry) const;

  // Element `index` of an integer-typed entry (BYTE, SHORT, LONG, or a signed one holding a
  // non-negative value). nullopt for other types, negative values or out-of-range reads.
  std::optional<std::uint32_t> integer(const TiffEntry& entry, std::uint32_t index) const;

  // Element `index` of a RATIONAL (or non-negative SRATIONAL) entry as numerator/denominator.
  struct Rational { std::uint32_t num = 0, den = 0; };
  std::optional<Rational> rational(const TiffEntry& entry, std::uint32_t index) const;

 private:
  TiffBlock(std::span<const std::uint8_t> bytes, bool big_endian, std::uint32_t ifd0)
      : bytes_(bytes), big_endian_(big_endian), ifd0_offset_(ifd0) {}
  std::span<const std::uint8_t> bytes_;
  bool big_endian_ = false;
  std::uint32_t ifd0_offset_ = 0;
};

// The entries of the IFDs that parse_exif uses, read with the guards described above.
struct TiffDirectory {
  std::vector<TiffEntry> primary, exif, gps;

  // First entry with this tag in that IFD (the first wins when a broken file repeats a tag).
  const TiffEntry* find(IfdKind kind, std::uint16_t tag) const;
};

// Most entries read from one IFD. A full 64 KiB JPEG APP1 segment holds at most ~5400; real
// IFDs hold a few dozen. The cap bounds the work for PNG/WebP blocks, which can be larger.
inline constexpr std::size_t kMaxEntriesPerIfd = 1024;

TiffDirectory read_directory(const TiffBlock& block, WarningLog& warnings);

}  // namespace wl::exif_detail
