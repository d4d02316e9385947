#include "core/image/pixel_decoder.h"

#include <stb_image.h>

#include <climits>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/image/image_header.h"
#include "core/image/jpeg_truncation.h"

namespace wl {
namespace {

// Owns a pixel buffer returned by stb_image.
struct StbiFree {
  void operator()(stbi_uc* p) const { stbi_image_free(p); }
};
using StbiPixels = std::unique_ptr<stbi_uc, StbiFree>;

std::string megapixels(std::uint64_t pixels) {
  // Whole megapixels, or one decimal below 10 MP ("4.2 MP").
  const std::uint64_t tenths = (pixels + 50'000) / 100'000;
  if (tenths >= 100) return std::to_string((pixels + 500'000) / 1'000'000) + " MP";
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MP";
}

Error not_an_image(const FileKindInfo& info) {
  switch (info.kind) {
    case FileKind::Empty: return make_error(ErrorCode::Empty, "the file is empty (0 bytes)");
    case FileKind::WebP:
      return make_error(ErrorCode::UnsupportedFormat, "WebP is not supported yet; convert the image to JPEG or PNG");
    case FileKind::Tiff:
      return make_error(ErrorCode::UnsupportedFormat,
                        "TIFF images (and camera raw files built on TIFF) are not supported yet; convert to JPEG or PNG");
    case FileKind::Heif:
      return make_error(ErrorCode::UnsupportedFormat,
                        "HEIC/HEIF/AVIF images are not supported yet; convert the image to JPEG or PNG");
    case FileKind::Svg: return make_error(ErrorCode::UnsupportedFormat, "this is an SVG drawing, not a photo; SVG is not supported");
    case FileKind::Psd:
      return make_error(ErrorCode::UnsupportedFormat, "Photoshop documents are not supported; export the image as JPEG or PNG");
    case FileKind::Video:
      return make_error(ErrorCode::NotAnImage, "this is a " + info.name + ", not a still image");
    case FileKind::Text: return make_error(ErrorCode::NotAnImage, "this is a text file, not an image");
    case FileKind::Html:
      return make_error(ErrorCode::NotAnImage,
                        "this is an HTML web page, not an image (a download may have saved an error page)");
    case FileKind::Pdf:
    case FileKind::Zip:
    case FileKind::Gzip:
    case FileKind::OtherArchive: return make_error(ErrorCode::NotAnImage, "this is a " + info.name + ", not an image");
    default: return make_error(ErrorCode::NotAnImage, "this file is not in an image format we know (JPEG, PNG, BMP, GIF)");
  }
}

const char* display_name(FileKind kind) {
  switch (kind) {
    case FileKind::Jpeg: return "JPEG";
    case FileKind::Png: return "PNG";
    case FileKind::Bmp: return "BMP";
    case FileKind::Gif: return "GIF";
    default: return "image";
  }
}

}  // namespace

Result<StoredImage> decode_stored_pixels(std::span<const std::uint8_t> bytes, std::uint64_t max_pixels) {
  const FileKindInfo kind = sniff_file_kind(bytes);
  if (kind.kind != FileKind::Jpeg && kind.kind != FileKind::Png && kind.kind != FileKind::Bmp && kind.kind != FileKind::Gif) {
    return not_an_image(kind);
  }
  const char* name = display_name(kind.kind);

  auto header = read_image_header(bytes, kind.kind);
  if (!header) return header.error();
  const std::uint64_t pixels = static_cast<std::uint64_t>(header->width) * static_cast<std::uint64_t>(header->height);
  if (pixels > max_pixels) {
    return make_error(ErrorCode::TooLarge, std::string("the ") + name + " image is " + std::to_string(header->width) + "\u00D7" +
                                               std::to_string(header->height) + " (" + megapixels(pixels) + "), above the " +
                                               megapixels(max_pixels) + " limit");
  }
  if (bytes.size() > static_cast<std::size_t>(INT_MAX) - 2) {  // stb takes an int length
    return make_error(ErrorCode::TooLarge, "the file is larger than 2 GB, which the decoder cannot read");
  }

  // A JPEG cut short: stb gets a completed copy (see jpeg_truncation.h).
  const JpegScanInfo scans = kind.kind == FileKind::Jpeg ? jpeg_scan_info(bytes) : JpegScanInfo{};
  const bool truncated_jpeg = kind.kind == FileKind::Jpeg && !scans.has_end;
  std::vector<std::uint8_t> completed;
  std::span<const std::uint8_t> input = bytes;
  if (truncated_jpeg) {
    completed = complete_truncated_jpeg(bytes, false);
    input = completed;
  }

  int w = 0, h = 0, stored_components = 0;
  StbiPixels pixels_rgb(stbi_load_from_memory(input.data(), static_cast<int>(input.size()), &w, &h, &stored_components, 3));
  if (!pixels_rgb) {
    const char* why = stbi_failure_reason();
    return make_error(ErrorCode::Corrupt, std::string("the ") + name + " data is damaged and could not be decoded" +
                                              (why ? std::string(" (") + why + ")" : std::string()));
  }
  if (w != header->width || h != header->height) {
    // The header we checked against the limit must be the one stb decoded.
    return make_error(ErrorCode::Corrupt, std::string("the ") + name + " file is inconsistent: its header says " +
                                              std::to_string(header->width) + "x" + std::to_string(header->height) +
                                              " but the data decodes to " + std::to_string(w) + "x" + std::to_string(h));
  }

  StoredImage out;
  out.format = kind.name;
  out.components = kind.kind == FileKind::Jpeg ? header->components : stored_components;
  out.image.width = w;
  out.image.height = h;
  const std::size_t n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3;
  out.image.pixels.assign(pixels_rgb.get(), pixels_rgb.get() + n);

  if (truncated_jpeg) {
    out.truncated = true;
    out.warning = "the JPEG file is cut short (an interrupted copy or download?); the bottom of the picture is missing";
    // Grey out what libjpeg would leave grey. Only a single-scan (sequential) file has a
    // clean "data ends here" point; a progressive one shows its earlier, coarser scans.
    if (!header->jpeg_progressive && scans.scans == 1) {
      const auto patterned = complete_truncated_jpeg(bytes, true);
      int w2 = 0, h2 = 0, n2 = 0;
      StbiPixels other(stbi_load_from_memory(patterned.data(), static_cast<int>(patterned.size()), &w2, &h2, &n2, 3));
      if (other && w2 == w && h2 == h) {
        ImageRgb8 other_image;
        other_image.width = w;
        other_image.height = h;
        other_image.pixels.assign(other.get(), other.get() + n);
        other.reset();
        // Zero coefficients decode to level 128 in every component: grey for YCbCr and
        // greyscale, and 64 after the CMYK/YCCK-to-RGB step for 4-component files.
        const std::uint8_t fill = header->components == 4 ? 64 : 128;
        grey_out_missing_mcus(out.image, other_image, header->jpeg_mcu_width, header->jpeg_mcu_height, fill);
      }
    }
  }
  return out;
}

}  // namespace wl
