// The test-side .npy reader: it must refuse what it cannot read rather than misread it.
#include <catch.hpp>

#include <cstring>

#include "npy.h"

namespace {

// A version-1 .npy file with the given header dict and raw payload.
std::vector<std::uint8_t> npy(const std::string& dict, const std::vector<float>& values, std::size_t extra_bytes = 0) {
  std::string header = dict;
  // numpy pads the header with spaces and a newline so the data starts 64-byte aligned.
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::vector<std::uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  out.push_back(static_cast<std::uint8_t>(header.size() & 0xff));
  out.push_back(static_cast<std::uint8_t>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  const std::size_t at = out.size();
  out.resize(at + values.size() * sizeof(float) + extra_bytes);
  if (!values.empty()) std::memcpy(out.data() + at, values.data(), values.size() * sizeof(float));
  return out;
}

}  // namespace

TEST_CASE("npy reader reads float32 C-order arrays") {
  const auto a = wl::test::parse_npy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", {1, 2, 3, 4, 5, 6}));
  CHECK(a.shape == std::vector<std::int64_t>{2, 3});
  CHECK(a.values == std::vector<float>{1, 2, 3, 4, 5, 6});
  const auto v = a.view();
  CHECK(v.data.size() == 6);
  CHECK(v.rank() == 2);
  const auto one = wl::test::parse_npy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", {1, 2, 3, 4}));
  CHECK(one.shape == std::vector<std::int64_t>{4});
}

TEST_CASE("npy reader rejects other dtypes, Fortran order, bad sizes and bad magic") {
  CHECK_THROWS(wl::test::parse_npy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", {1, 2})));
  CHECK_THROWS(wl::test::parse_npy(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", {1})));
  CHECK_THROWS(wl::test::parse_npy(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", {1, 2, 3, 4})));
  CHECK_THROWS(wl::test::parse_npy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", {1, 2, 3})));
  CHECK_THROWS(wl::test::parse_npy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", {1}, 2)));
  CHECK_THROWS(wl::test::parse_npy(npy("{'descr': '<f4', 'fortran_order': False, }", {1})));
  auto bad_magic = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", {1});
  bad_magic[1] = 'X';
  CHECK_THROWS(wl::test::parse_npy(bad_magic));
  auto truncated = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", {1});
  truncated.resize(20);
  CHECK_THROWS(wl::test::parse_npy(truncated));
}
