#include "exif_stage.h"

#include "core/image/exif.h"

namespace wl::bench {

std::size_t run_parse_exif(std::span<const std::uint8_t> file_bytes) {
  const auto e = parse_exif(file_bytes);
  return e ? static_cast<std::size_t>(e->orientation) + (e->datetime_original ? e->datetime_original->size() : 0) : 0;
}

std::string describe_exif(std::span<const std::uint8_t> file_bytes) {
  const auto e = parse_exif(file_bytes);
  if (!e) return "error: " + e.error().message;
  std::string s = "orientation " + std::to_string(e->orientation);
  if (e->datetime_original) s += ", date " + *e->datetime_original;
  if (e->make) s += ", " + *e->make;
  return s;
}

}  // namespace wl::bench
