#include "exif_builder.h"

#include <stdexcept>

namespace wl::test {

void put_u16(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint16_t value, ByteOrder order) {
  const auto hi = static_cast<std::uint8_t>(value >> 8);
  const auto lo = static_cast<std::uint8_t>(value & 0xFF);
  bytes.at(at) = order == ByteOrder::Big ? hi : lo;
  bytes.at(at + 1) = order == ByteOrder::Big ? lo : hi;
}

void put_u32(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint32_t value, ByteOrder order) {
  const auto hi = static_cast<std::uint16_t>(value >> 16);
  const auto lo = static_cast<std::uint16_t>(value & 0xFFFF);
  put_u16(bytes, order == ByteOrder::Big ? at : at + 2, hi, order);
  put_u16(bytes, order == ByteOrder::Big ? at + 2 : at, lo, order);
}

TiffWriter::TiffWriter(ByteOrder order) : order_(order), ifds_(1) {}

int TiffWriter::add_ifd() {
  ifds_.emplace_back();
  return static_cast<int>(ifds_.size()) - 1;
}

std::vector<std::uint8_t> TiffWriter::u16_bytes(std::uint16_t v) const {
  std::vector<std::uint8_t> out(2);
  put_u16(out, 0, v, order_);
  return out;
}

std::vector<std::uint8_t> TiffWriter::u32_bytes(std::uint32_t v) const {
  std::vector<std::uint8_t> out(4);
  put_u32(out, 0, v, order_);
  return out;
}

void TiffWriter::add_ascii(int ifd, std::uint16_t tag, const std::string& text) {
  std::vector<std::uint8_t> value(text.begin(), text.end());
  value.push_back(0);
  const auto count = static_cast<std::uint32_t>(value.size());
  add_raw(ifd, tag, 2, count, std::move(value));
}

void TiffWriter::add_short(int ifd, std::uint16_t tag, std::uint16_t value) { add_raw(ifd, tag, 3, 1, u16_bytes(value)); }

void TiffWriter::add_long(int ifd, std::uint16_t tag, std::uint32_t value) { add_raw(ifd, tag, 4, 1, u32_bytes(value)); }

void TiffWriter::add_byte(int ifd, std::uint16_t tag, std::uint8_t value) { add_raw(ifd, tag, 1, 1, {value}); }

void TiffWriter::add_rationals(int ifd, std::uint16_t tag,
                               const std::vector<std::pair<std::uint32_t, std::uint32_t>>& values) {
  std::vector<std::uint8_t> bytes;
  for (const auto& [num, den] : values) {
    for (std::uint32_t v : {num, den}) {
      const auto b = u32_bytes(v);
      bytes.insert(bytes.end(), b.begin(), b.end());
    }
  }
  add_raw(ifd, tag, 5, static_cast<std::uint32_t>(values.size()), std::move(bytes));
}

void TiffWriter::add_raw(int ifd, std::uint16_t tag, std::uint16_t type, std::uint32_t count,
                         std::vector<std::uint8_t> value) {
  ifds_.at(static_cast<std::size_t>(ifd)).push_back(Entry{tag, type, count, std::move(value), -1});
}

void TiffWriter::add_link(int ifd, std::uint16_t tag, int target_ifd) {
  ifds_.at(static_cast<std::size_t>(ifd)).push_back(Entry{tag, 4, 1, {}, target_ifd});
}

std::vector<std::uint8_t> TiffWriter::build() {
  std::vector<std::uint8_t> out(8);
  out[0] = out[1] = order_ == ByteOrder::Big ? 'M' : 'I';
  put_u16(out, 2, 42, order_);
  put_u32(out, 4, 8, order_);

  ifd_offsets_.clear();
  std::size_t pos = 8;
  for (const auto& ifd : ifds_) {
    ifd_offsets_.push_back(pos);
    pos += 2 + 12 * ifd.size() + 4;
  }
  out.resize(pos, 0);
  for (std::size_t i = 0; i < ifds_.size(); ++i) {
    const std::size_t base = ifd_offsets_[i];
    put_u16(out, base, static_cast<std::uint16_t>(ifds_[i].size()), order_);
    for (std::size_t k = 0; k < ifds_[i].size(); ++k) {
      const Entry& e = ifds_[i][k];
      const std::size_t at = base + 2 + 12 * k;
      put_u16(out, at, e.tag, order_);
      put_u16(out, at + 2, e.type, order_);
      put_u32(out, at + 4, e.count, order_);
      if (e.link >= 0) {
        put_u32(out, at + 8, static_cast<std::uint32_t>(ifd_offsets_.at(static_cast<std::size_t>(e.link))), order_);
      } else if (e.value.size() <= 4) {
        for (std::size_t b = 0; b < e.value.size(); ++b) out[at + 8 + b] = e.value[b];
      } else {
        if (out.size() % 2) out.push_back(0);  // TIFF values start on even offsets
        put_u32(out, at + 8, static_cast<std::uint32_t>(out.size()), order_);
        out.insert(out.end(), e.value.begin(), e.value.end());
      }
    }
    // The next-IFD link stays 0: these blocks have no thumbnail IFD.
  }
  return out;
}

std::size_t TiffWriter::entry_offset(int ifd, std::size_t index) const { return ifd_offset(ifd) + 2 + 12 * index; }

std::size_t TiffWriter::entry_index(int ifd, std::uint16_t tag) const {
  const auto& entries = ifds_.at(static_cast<std::size_t>(ifd));
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].tag == tag) return i;
  }
  throw std::runtime_error("exif_builder: no tag " + std::to_string(tag) + " in IFD " + std::to_string(ifd));
}

TiffWriter camera_exif(ByteOrder order) {
  TiffWriter w(order);
  const int exif = w.add_ifd();
  const int gps = w.add_ifd();
  if (exif != CameraExif::kExif || gps != CameraExif::kGps) throw std::logic_error("exif_builder: IFD ids");
  w.add_ascii(0, 0x010F, "CamTrapCo");
  w.add_ascii(0, 0x0110, "CT-1 Pro");
  w.add_short(0, 0x0112, 6);
  w.add_ascii(0, 0x0132, "2019:05:04 13:00:00");
  w.add_link(0, 0x8769, exif);
  w.add_link(0, 0x8825, gps);
  w.add_ascii(exif, 0x9003, "2019:05:04 13:02:11");
  w.add_ascii(exif, 0x9011, "+02:00");
  w.add_ascii(exif, 0x9291, "25");
  w.add_raw(gps, 0x0000, 1, 4, {2, 3, 0, 0});  // GPSVersionID
  w.add_ascii(gps, 0x0001, "N");
  w.add_rationals(gps, 0x0002, {{12, 1}, {34, 1}, {567, 10}});
  w.add_ascii(gps, 0x0003, "W");
  w.add_rationals(gps, 0x0004, {{98, 1}, {45, 1}, {30, 1}});
  w.add_byte(gps, 0x0005, 0);
  w.add_rationals(gps, 0x0006, {{247, 2}});
  return w;
}

namespace {

void append(std::vector<std::uint8_t>& out, std::initializer_list<std::uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void append_be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  append(out, {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
               static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)});
}

std::uint32_t crc32(const std::uint8_t* data, std::size_t n) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

void append_png_chunk(std::vector<std::uint8_t>& out, const char* type, const std::vector<std::uint8_t>& data) {
  append_be32(out, static_cast<std::uint32_t>(data.size()));
  const std::size_t type_at = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data.begin(), data.end());
  append_be32(out, crc32(out.data() + type_at, out.size() - type_at));
}

}  // namespace

std::vector<std::uint8_t> jpeg_with_exif(const std::vector<std::uint8_t>& tiff) {
  const std::size_t length = 2 + 6 + tiff.size();
  if (length > 0xFFFF) throw std::length_error("exif_builder: EXIF block too big for one APP1 segment");
  std::vector<std::uint8_t> out;
  append(out, {0xFF, 0xD8});
  append(out, {0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0});
  append(out, {0xFF, 0xE1, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length & 0xFF)});
  append(out, {'E', 'x', 'i', 'f', 0, 0});
  out.insert(out.end(), tiff.begin(), tiff.end());
  append(out, {0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9});
  return out;
}

std::vector<std::uint8_t> png_with_exif(const std::vector<std::uint8_t>& tiff) {
  std::vector<std::uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  append_png_chunk(out, "IHDR", {0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0});
  append_png_chunk(out, "eXIf", tiff);
  append_png_chunk(out, "IEND", {});
  return out;
}

std::vector<std::uint8_t> webp_with_exif(const std::vector<std::uint8_t>& tiff) {
  std::vector<std::uint8_t> out = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'};
  auto chunk = [&out](const char* fourcc, const std::vector<std::uint8_t>& data) {
    out.insert(out.end(), fourcc, fourcc + 4);
    const auto n = static_cast<std::uint32_t>(data.size());
    append(out, {static_cast<std::uint8_t>(n), static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n >> 16),
                 static_cast<std::uint8_t>(n >> 24)});
    out.insert(out.end(), data.begin(), data.end());
    if (n % 2) out.push_back(0);
  };
  // VP8X header chunk: flags (EXIF present = 0x08), then 24-bit width-1 and height-1.
  chunk("VP8X", {0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  chunk("EXIF", tiff);
  const auto riff_size = static_cast<std::uint32_t>(out.size() - 8);
  for (int i = 0; i < 4; ++i) out[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(riff_size >> (8 * i));
  return out;
}

}  // namespace wl::test
