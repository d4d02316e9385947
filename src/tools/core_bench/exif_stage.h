#pragma once
// The parse_exif stage of core_bench, in its own translation unit: core/image/exif.h and
// core/results/run_results.h both define a wl::GpsPosition, so no file can include both.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace wl::bench {

// Runs parse_exif once; returns a value derived from the result (for the benchmark's sink).
std::size_t run_parse_exif(std::span<const std::uint8_t> file_bytes);

// What parse_exif found, in a few words: "orientation 1, has date" or the error.
std::string describe_exif(std::span<const std::uint8_t> file_bytes);

}  // namespace wl::bench
