#include "npy.h"

#include <bit>
#include <cstring>
#include <stdexcept>

namespace wl::test {
namespace {

static_assert(std::endian::native == std::endian::little, "the .npy reader copies little-endian floats as they are");

[[noreturn]] void fail(const std::string& why) { throw std::runtime_error("bad .npy file: " + why); }

// The value of `key` in the header dict, up to the next top-level ',' or '}' (a tuple counts as
// one value). The header is a Python literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (1, 25200, 85), }
std::string header_value(const std::string& header, const std::string& key) {
  const std::string quoted = "'" + key + "'";
  const auto k = header.find(quoted);
  if (k == std::string::npos) fail("the header has no " + quoted);
  auto p = header.find(':', k + quoted.size());
  if (p == std::string::npos) fail("the header's " + quoted + " has no value");
  ++p;
  while (p < header.size() && header[p] == ' ') ++p;
  std::size_t end = p;
  int depth = 0;
  for (; end < header.size(); ++end) {
    const char c = header[end];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth == 0 && (c == ',' || c == '}')) break;
  }
  if (end == header.size()) fail("the header is not terminated");
  return header.substr(p, end - p);
}

std::vector<std::int64_t> parse_shape(const std::string& v) {
  if (v.size() < 2 || v.front() != '(' || v.back() != ')') fail("shape is not a tuple: " + v);
  std::vector<std::int64_t> shape;
  std::size_t i = 1;
  while (i < v.size() - 1) {
    while (i < v.size() - 1 && (v[i] == ' ' || v[i] == ',')) ++i;
    if (i >= v.size() - 1) break;
    std::int64_t d = 0;
    bool any = false;
    while (i < v.size() - 1 && v[i] >= '0' && v[i] <= '9') {
      d = d * 10 + (v[i] - '0');
      if (d > (std::int64_t{1} << 40)) fail("dimension too large in " + v);
      any = true;
      ++i;
    }
    if (!any) fail("unexpected character in shape " + v);
    shape.push_back(d);
  }
  return shape;
}

}  // namespace

NpyArray parse_npy(std::span<const std::uint8_t> bytes) {
  static const std::uint8_t magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (bytes.size() < 10 || std::memcmp(bytes.data(), magic, 6) != 0) fail("no NUMPY magic");
  const std::uint8_t major = bytes[6];
  std::size_t header_len = 0;
  std::size_t header_start = 0;
  if (major == 1) {
    header_len = bytes[8] | (std::size_t{bytes[9]} << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) fail("truncated header");
    header_len = bytes[8] | (std::size_t{bytes[9]} << 8) | (std::size_t{bytes[10]} << 16) | (std::size_t{bytes[11]} << 24);
    header_start = 12;
  } else {
    fail("unsupported format version " + std::to_string(major));
  }
  if (bytes.size() < header_start + header_len) fail("truncated header");
  const std::string header(reinterpret_cast<const char*>(bytes.data() + header_start), header_len);

  const std::string descr = header_value(header, "descr");
  if (descr != "'<f4'") fail("dtype " + descr + ", expected '<f4' (float32 little-endian)");
  const std::string order = header_value(header, "fortran_order");
  if (order != "False") fail("fortran_order is " + order + ", expected False");

  NpyArray a;
  a.shape = parse_shape(header_value(header, "shape"));
  std::size_t count = 1;
  for (std::int64_t d : a.shape) count *= static_cast<std::size_t>(d);
  const std::size_t data_start = header_start + header_len;
  if (bytes.size() - data_start != count * sizeof(float)) {
    fail("data is " + std::to_string(bytes.size() - data_start) + " bytes, the shape needs " +
         std::to_string(count * sizeof(float)));
  }
  a.values.resize(count);
  if (count) std::memcpy(a.values.data(), bytes.data() + data_start, count * sizeof(float));
  return a;
}

}  // namespace wl::test
