#include "core/pipeline/image_facts.h"

#include "core/image/exif.h"

namespace wl {

ImageFacts read_image_facts(std::span<const std::uint8_t> file_bytes) {
  ImageFacts facts;
  auto exif = parse_exif(file_bytes);
  if (!exif) return facts;
  facts.datetime = exif->iso8601_datetime().value_or("");
  facts.make = exif->make.value_or("");
  facts.model = exif->model.value_or("");
  return facts;
}

}  // namespace wl
