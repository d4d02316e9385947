#include "core/image/exif_tiff.h"

#include <array>

namespace wl::exif_detail {

namespace {

constexpr int kMaxWarnings = 6;
constexpr std::uint16_t kTagExifIfd = 0x8769;
constexpr std::uint16_t kTagGpsIfd = 0x8825;
constexpr std::uint64_t kHeaderSize = 8;
constexpr std::uint64_t kEntrySize = 12;

std::uint16_t load_u16(const std::uint8_t* p, bool big_endian) {
  return big_endian ? static_cast<std::uint16_t>((p[0] << 8) | p[1])
                    : static_cast<std::uint16_t>((p[1] << 8) | p[0]);
}

std::uint32_t load_u32(const std::uint8_t* p, bool big_endian) {
  if (big_endian) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
  }
  return (std::uint32_t{p[3]} << 24) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[1]} << 8) | p[0];
}

const char* ifd_name(IfdKind kind) {
  switch (kind) {
    case IfdKind::Primary: return "IFD0";
    case IfdKind::Exif: return "Exif IFD";
    case IfdKind::Gps: return "GPS IFD";
  }
  return "IFD";
}

}  // namespace

void WarningLog::add(const std::string& message) {
  ++count_;
  if (count_ > kMaxWarnings) {
    if (count_ == kMaxWarnings + 1) text_ += "; further EXIF warnings omitted";
    return;
  }
  if (!text_.empty()) text_ += "; ";
  text_ += message;
}

std::size_t tiff_type_size(std::uint16_t type) {
  switch (static_cast<TiffType>(type)) {
    case TiffType::Byte:
    case TiffType::Ascii:
    case TiffType::SByte:
    case TiffType::Undefined:
    case TiffType::Utf8: return 1;
    case TiffType::Short:
    case TiffType::SShort: return 2;
    case TiffType::Long:
    case TiffType::SLong:
    case TiffType::Float:
    case TiffType::Ifd: return 4;
    case TiffType::Rational:
    case TiffType::SRational:
    case TiffType::Double: return 8;
  }
  return 0;
}

std::optional<TiffBlock> TiffBlock::open(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kHeaderSize) return std::nullopt;
  bool big_endian = false;
  if (bytes[0] == 'I' && bytes[1] == 'I') {
    big_endian = false;
  } else if (bytes[0] == 'M' && bytes[1] == 'M') {
    big_endian = true;
  } else {
    return std::nullopt;
  }
  if (load_u16(bytes.data() + 2, big_endian) != 42) return std::nullopt;
  return TiffBlock(bytes, big_endian, load_u32(bytes.data() + 4, big_endian));
}

std::optional<std::uint16_t> TiffBlock::u16(std::uint64_t offset) const {
  if (offset > bytes_.size() || bytes_.size() - offset < 2) return std::nullopt;
  return load_u16(bytes_.data() + offset, big_endian_);
}

std::optional<std::uint32_t> TiffBlock::u32(std::uint64_t offset) const {
  if (offset > bytes_.size() || bytes_.size() - offset < 4) return std::nullopt;
  return load_u32(bytes_.data() + offset, big_endian_);
}

std::optional<std::span<const std::uint8_t>> TiffBlock::value_bytes(const TiffEntry& entry) const {
  const std::uint64_t type_size = tiff_type_size(entry.type);
  if (type_size == 0 || entry.count == 0) return std::nullopt;
  // count < 2^32 and type_size <= 8, so the product cannot overflow 64 bits.
  const std::uint64_t total = std::uint64_t{entry.count} * type_size;
  std::uint64_t start = entry.entry_pos + 8;
  if (total > 4) {
    const auto pointed = u32(entry.entry_pos + 8);
    if (!pointed) return std::nullopt;
    start = *pointed;
  }
  if (start > bytes_.size() || bytes_.size() - start < total) return std::nullopt;
  return bytes_.subspan(static_cast<std::size_t>(start), static_cast<std::size_t>(total));
}

std::optional<std::uint32_t> TiffBlock::integer(const TiffEntry& entry, std::uint32_t index) const {
  if (index >= entry.count) return std::nullopt;
  const auto bytes = value_bytes(entry);
  if (!bytes) return std::nullopt;
  const std::size_t at = static_cast<std::size_t>(index) * tiff_type_size(entry.type);
  const std::uint8_t* p = bytes->data() + at;
  switch (static_cast<TiffType>(entry.type)) {
    case TiffType::Byte: return p[0];
    case TiffType::Short: return load_u16(p, big_endian_);
    case TiffType::Long: return load_u32(p, big_endian_);
    case TiffType::SByte:
      if (p[0] & 0x80u) return std::nullopt;
      return p[0];
    case TiffType::SShort: {
      const std::uint16_t v = load_u16(p, big_endian_);
      if (v & 0x8000u) return std::nullopt;
      return v;
    }
    case TiffType::SLong: {
      const std::uint32_t v = load_u32(p, big_endian_);
      if (v & 0x80000000u) return std::nullopt;
      return v;
    }
    default: return std::nullopt;
  }
}

std::optional<TiffBlock::Rational> TiffBlock::rational(const TiffEntry& entry, std::uint32_t index) const {
  const auto type = static_cast<TiffType>(entry.type);
  if (type != TiffType::Rational && type != TiffType::SRational) return std::nullopt;
  if (index >= entry.count) return std::nullopt;
  const auto bytes = value_bytes(entry);
  if (!bytes) return std::nullopt;
  const std::uint8_t* p = bytes->data() + static_cast<std::size_t>(index) * 8;
  Rational r{load_u32(p, big_endian_), load_u32(p + 4, big_endian_)};
  // A signed rational is usable here only when both halves are non-negative: GPS values are
  // unsigned by definition, and a writer that picked SRATIONAL still means the same numbers.
  if (type == TiffType::SRational && ((r.num | r.den) & 0x80000000u)) return std::nullopt;
  return r;
}

const TiffEntry* TiffDirectory::find(IfdKind kind, std::uint16_t tag) const {
  const std::vector<TiffEntry>& entries = kind == IfdKind::Primary ? primary : kind == IfdKind::Exif ? exif : gps;
  for (const TiffEntry& e : entries) {
    if (e.tag == tag) return &e;
  }
  return nullptr;
}

namespace {

// Reads one IFD's entries. The next-IFD link at its end is not followed: IFD1 describes the
// thumbnail, and nothing this parser reports lives there.
std::vector<TiffEntry> read_ifd(const TiffBlock& block, IfdKind kind, std::uint32_t offset, WarningLog& warnings) {
  std::vector<TiffEntry> entries;
  if (offset < kHeaderSize) {
    warnings.add(std::string(ifd_name(kind)) + " offset " + std::to_string(offset) + " points into the TIFF header");
    return entries;
  }
  const auto declared = block.u16(offset);
  if (!declared) {
    warnings.add(std::string(ifd_name(kind)) + " offset " + std::to_string(offset) + " is past the end of the " +
                 std::to_string(block.size()) + "-byte EXIF block");
    return entries;
  }
  std::size_t count = *declared;
  if (count > kMaxEntriesPerIfd) {
    warnings.add(std::string(ifd_name(kind)) + " declares " + std::to_string(count) + " entries, read the first " +
                 std::to_string(kMaxEntriesPerIfd));
    count = kMaxEntriesPerIfd;
  }
  entries.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t pos = std::uint64_t{offset} + 2 + kEntrySize * i;
    if (pos > block.size() || block.size() - pos < kEntrySize) {
      warnings.add(std::string(ifd_name(kind)) + " is cut off after " + std::to_string(i) + " of " +
                   std::to_string(count) + " entries");
      break;
    }
    TiffEntry e;
    e.tag = *block.u16(pos);
    e.type = *block.u16(pos + 2);
    e.count = *block.u32(pos + 4);
    e.entry_pos = static_cast<std::size_t>(pos);
    entries.push_back(e);
  }
  return entries;
}

// Offset of a sub-IFD from its pointer entry, or nullopt (with a warning) when unusable.
std::optional<std::uint32_t> sub_ifd_offset(const TiffBlock& block, const TiffEntry& pointer, IfdKind kind,
                                            WarningLog& warnings) {
  const auto type = static_cast<TiffType>(pointer.type);
  if (type != TiffType::Long && type != TiffType::Ifd) {
    warnings.add(std::string(ifd_name(kind)) + " pointer has TIFF type " + std::to_string(pointer.type) +
                 ", not LONG");
    return std::nullopt;
  }
  if (pointer.count == 0) {
    warnings.add(std::string(ifd_name(kind)) + " pointer is empty");
    return std::nullopt;
  }
  // One 4-byte value is stored inline; a count above 1 makes the field an offset to an array,
  // whose first element is still the IFD offset.
  TiffEntry first = pointer;
  first.type = static_cast<std::uint16_t>(TiffType::Long);
  const auto value = block.integer(first, 0);
  if (!value) warnings.add(std::string(ifd_name(kind)) + " pointer value lies outside the EXIF block");
  return value;
}

}  // namespace

TiffDirectory read_directory(const TiffBlock& block, WarningLog& warnings) {
  TiffDirectory dir;
  // IFD offsets already read. A sub-IFD pointer back at one of them (a loop, or two pointers
  // sharing one IFD) is refused, so each IFD is read once and never as the wrong kind.
  std::array<std::uint32_t, 3> visited{};
  std::size_t n_visited = 0;
  auto seen = [&](std::uint32_t offset) {
    for (std::size_t i = 0; i < n_visited; ++i) {
      if (visited[i] == offset) return true;
    }
    return false;
  };

  dir.primary = read_ifd(block, IfdKind::Primary, block.ifd0_offset(), warnings);
  visited[n_visited++] = block.ifd0_offset();

  auto follow = [&](IfdKind kind, const TiffEntry* pointer, std::vector<TiffEntry>& out) {
    if (!pointer) return;
    const auto offset = sub_ifd_offset(block, *pointer, kind, warnings);
    if (!offset) return;
    if (seen(*offset)) {
      warnings.add(std::string(ifd_name(kind)) + " pointer leads back to an IFD already read (offset " +
                   std::to_string(*offset) + ")");
      return;
    }
    visited[n_visited++] = *offset;
    out = read_ifd(block, kind, *offset, warnings);
  };

  follow(IfdKind::Exif, dir.find(IfdKind::Primary, kTagExifIfd), dir.exif);
  // The GPS pointer belongs in IFD0; some writers put it in the Exif IFD instead.
  const TiffEntry* gps = dir.find(IfdKind::Primary, kTagGpsIfd);
  if (!gps) gps = dir.find(IfdKind::Exif, kTagGpsIfd);
  follow(IfdKind::Gps, gps, dir.gps);
  return dir;
}

}  // namespace wl::exif_detail
