#include "fixtures.h"

#include <fstream>
#include <stdexcept>
#include <sys/stat.h>

namespace wl::test {

std::string fixture_path(const std::string& relative) { return std::string(WL_FIXTURES_DIR) + "/" + relative; }

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error("missing test file: " + path);
  // One bulk read: a byte-by-byte stream iterator takes seconds for the 66 fixture images
  // under AddressSanitizer.
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(in.tellg()));
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
    throw std::runtime_error("could not read test file: " + path);
  }
  return bytes;
}

std::string read_text_file(const std::string& path) {
  auto bytes = read_file(path);
  return std::string(bytes.begin(), bytes.end());
}

std::vector<std::uint8_t> read_fixture(const std::string& relative) { return read_file(fixture_path(relative)); }

const std::vector<std::string>& stage_images() {
  static const std::vector<std::string> images = {
      "megadetector_test/channel_islands_camera_traps_loc-h500ee07133550_010_643.jpg",
      "speciesnet_test/african_elephants_with_exif_orientation.jpg",
      "megadetector_test/snapshot_kruger_KRU_S1_25_25_R1_KRU_S1_25_R1_IMAG0012.JPG",
      "speciesnet_test/african_elephants_bw.jpg",
      "camtrapR_sabah/StationA/PBE/StationA__2009-04-22__20-19-00(1).JPG",
      "speciesnet_test/african_elephants_cmyk.jpg",
  };
  return images;
}

std::string scratch_dir() {
  std::string dir = WL_SCRATCH_DIR;
  ::mkdir(dir.c_str(), 0755);
  return dir;
}

}  // namespace wl::test
