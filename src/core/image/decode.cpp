#include "core/image/decode.h"

#include <utility>

#include "core/image/exif.h"
#include "core/image/orientation.h"
#include "core/image/pixel_decoder.h"

namespace wl {
namespace {

void add_warning(std::string& warnings, const std::string& text) {
  if (text.empty()) return;
  if (!warnings.empty()) warnings += "; ";
  warnings += text;
}

}  // namespace

Result<DecodedImage> decode_image(std::span<const std::uint8_t> bytes, const DecodeOptions& opts) {
  auto stored = decode_stored_pixels(bytes, opts.max_pixels);
  if (!stored) return stored.error();

  DecodedImage out;
  out.format = std::move(stored->format);
  out.stored_width = stored->image.width;
  out.stored_height = stored->image.height;
  out.truncated = stored->truncated;
  add_warning(out.warning, stored->warning);

  // EXIF problems never make an image unreadable: parse_exif reports what it skipped
  // as a warning, and an error from it (only for unusable input) means "no EXIF".
  auto exif = parse_exif(bytes);
  if (exif) {
    out.exif_orientation = is_valid_exif_orientation(exif->orientation) ? exif->orientation : 1;
    add_warning(out.warning, exif->warning);
  }

  if (opts.apply_exif_orientation && out.exif_orientation != 1) {
    out.image = apply_orientation(stored->image, out.exif_orientation);
  } else {
    out.image = std::move(stored->image);
  }
  return out;
}

}  // namespace wl
