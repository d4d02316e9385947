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

// Decodes with stb_image into an RGB image; on failure the image is empty and `why` holds
// stb's reason. stb's own buffer is freed before returning.
ImageRgb8 stb_decode_rgb(std::span<const std::uint8_t> input, int& stored_components, std::string& why) {
  ImageRgb8 image;
  int w = 0, h = 0;
  StbiPixels pixels(stbi_load_from_memory(input.data(), static_cast<int>(input.size()), &w, &h, &stored_components, 3));
  if (!pixels) {
    const char* reason = stbi_failure_reason();
    why = reason ? reason : "unknown reason";
    return image;
  }
  image.width = w;
  image.height = h;
  image.pixels.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  return image;
}

enum class MissingData { Unknown, None, Some };

// Grey out what libjpeg would leave grey in a truncated JPEG (see jpeg_truncation.h).
// Only a single-scan (sequential) file has a clean "data ends here" point; a progressive
// one shows its earlier, coarser scans everywhere, and is left as stb decoded it.
// Returns None when both completions decode alike: then only the end marker was missing.
MissingData grey_out_truncated_area(std::span<const std::uint8_t> bytes, const ImageHeader& header, int scan_count,
                                    ImageRgb8& image) {
  if (header.jpeg_progressive || scan_count != 1) return MissingData::Unknown;
  int components = 0;
  std::string why;
  const ImageRgb8 patterned = stb_decode_rgb(complete_truncated_jpeg(bytes, true), components, why);
  if (patterned.width != image.width || patterned.height != image.height) return MissingData::Unknown;
  // Zero coefficients decode to level 128 in every component: grey for YCbCr and
  // greyscale, and 64 after the CMYK/YCCK-to-RGB step for 4-component files.
  const std::uint8_t fill = header.components == 4 ? 64 : 128;
  const long first = grey_out_missing_mcus(image, patterned, header.jpeg_mcu_width, header.jpeg_mcu_height, fill);
  return first < 0 ? MissingData::None : MissingData::Some;
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

  StoredImage out;
  int stored_components = 0;
  std::string why;
  out.image = stb_decode_rgb(input, stored_components, why);
  if (out.image.pixels.empty()) {
    return make_error(ErrorCode::Corrupt, std::string("the ") + name + " data is damaged and could not be decoded (" + why + ")");
  }
  if (out.image.width != header->width || out.image.height != header->height) {
    // The header we checked against the limit must be the one stb decoded.
    return make_error(ErrorCode::Corrupt, std::string("the ") + name + " file is inconsistent: its header says " +
                                              std::to_string(header->width) + "x" + std::to_string(header->height) +
                                              " but the data decodes to " + std::to_string(out.image.width) + "x" +
                                              std::to_string(out.image.height));
  }
  out.format = kind.name;
  out.components = kind.kind == FileKind::Jpeg ? header->components : stored_components;
  if (truncated_jpeg) {
    completed.clear();
    completed.shrink_to_fit();
    // Some writers leave out only the final end marker; that file is complete.
    if (grey_out_truncated_area(bytes, *header, scans.scans, out.image) != MissingData::None) {
      out.truncated = true;
      out.warning = "the JPEG file is cut short (an interrupted copy or download?); the bottom of the picture is missing";
    }
  }
  return out;
}

}  // namespace wl
