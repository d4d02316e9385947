#pragma once
// The EXIF facts a results file carries for each image: capture time and camera. Kept in a
// header of plain strings, so that the pipeline and the results model need not include the
// EXIF parser's types (whose GpsPosition shares its name with the results model's).
// GPS positions are deliberately left out here: a batch output should not locate rare
// animals unless the user asks for it.
#include <cstdint>
#include <span>
#include <string>

namespace wl {

struct ImageFacts {
  std::string datetime;  // ISO 8601 capture time, empty when unknown
  std::string make, model;
};

// Never fails: a file without (readable) EXIF gives empty facts.
ImageFacts read_image_facts(std::span<const std::uint8_t> file_bytes);

}  // namespace wl
