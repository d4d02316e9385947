#include "pixel_stats.h"

#include <stb_image.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "fixtures.h"

namespace wl::test {

std::string DiffStats::summary() const {
  char buf[128];
  std::snprintf(buf, sizeof buf, "mean %.4f, p99 %d, max %d, equal %.2f%%", mean, p99, max, equal_fraction * 100);
  return buf;
}

DiffStats diff_stats(const ImageRgb8& a, const ImageRgb8& b) {
  if (a.width != b.width || a.height != b.height || a.pixels.size() != b.pixels.size()) {
    throw std::invalid_argument("diff_stats: images differ in size: " + std::to_string(a.width) + "x" +
                                std::to_string(a.height) + " vs " + std::to_string(b.width) + "x" + std::to_string(b.height));
  }
  std::array<std::uint64_t, 256> histogram{};
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < a.pixels.size(); ++i) {
    const int d = std::abs(int{a.pixels[i]} - int{b.pixels[i]});
    ++histogram[static_cast<std::size_t>(d)];
    sum += static_cast<std::uint64_t>(d);
  }
  DiffStats s;
  const std::uint64_t n = a.pixels.size();
  if (n == 0) return s;
  s.mean = static_cast<double>(sum) / static_cast<double>(n);
  s.equal_fraction = static_cast<double>(histogram[0]) / static_cast<double>(n);
  std::uint64_t seen = 0;
  bool p99_set = false;
  for (int d = 0; d < 256; ++d) {
    if (histogram[static_cast<std::size_t>(d)] == 0) continue;
    seen += histogram[static_cast<std::size_t>(d)];
    s.max = d;
    if (!p99_set && seen * 100 >= n * 99) {
      s.p99 = d;
      p99_set = true;
    }
  }
  return s;
}

ImageRgb8 load_fixture_rgb(const std::string& relative) {
  const auto bytes = read_fixture(relative);
  int w = 0, h = 0, n = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> px(
      stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &n, 3), stbi_image_free);
  if (!px) throw std::runtime_error("cannot decode fixture " + relative);
  ImageRgb8 img;
  img.width = w;
  img.height = h;
  img.pixels.assign(px.get(), px.get() + static_cast<std::size_t>(w) * h * 3);
  return img;
}

std::string fixture_key(const std::string& path) {
  std::string key;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '/') key += "__";
    else key += path[i];
  }
  return key;
}

}  // namespace wl::test
