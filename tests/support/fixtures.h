#pragma once
// Test access to ../shared/fixtures. Reads whole files into memory, because the core takes
// byte buffers, never paths. A missing fixture throws, so the test fails loudly instead of
// skipping.
#include <cstdint>
#include <string>
#include <vector>

namespace wl::test {

// Absolute path of a file under the fixtures root (WL_FIXTURES_DIR, set by CMake).
std::string fixture_path(const std::string& relative);

// Reads a fixture file; throws std::runtime_error naming the path when it is missing.
std::vector<std::uint8_t> read_fixture(const std::string& relative);

// Reads any file; throws when missing.
std::vector<std::uint8_t> read_file(const std::string& path);
std::string read_text_file(const std::string& path);

// The six images the reference stage fixtures were made for (../shared/fixtures/README.md),
// as paths under images/: 16:9 night IR, EXIF-rotated, 20 MP, greyscale, 100x75, CMYK.
const std::vector<std::string>& stage_images();

// A folder under the build tree where tests may write (the fixtures are read-only in CI).
std::string scratch_dir();

}  // namespace wl::test
