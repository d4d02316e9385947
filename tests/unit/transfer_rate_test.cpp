#include <catch.hpp>

#include "core/util/transfer_rate.h"

using namespace wl;

TEST_CASE("TransferRate: speed over the window and time left") {
  TransferRate rate(4000);
  CHECK_FALSE(rate.bytes_per_second());
  rate.sample(0, 0);
  rate.sample(100, 100'000);
  CHECK_FALSE(rate.bytes_per_second());  // under 200 ms of readings
  rate.sample(1000, 1'000'000);          // 1 MB in 1 s
  REQUIRE(rate.bytes_per_second());
  CHECK(*rate.bytes_per_second() == Approx(1e6));
  // 9 MB left at 1 MB/s.
  CHECK(*rate.seconds_left(10e6) == Approx(9.0));
  CHECK_FALSE(rate.seconds_left(0));  // unknown total
  // Ten seconds later at 2 MB/s: the old readings have left the window.
  for (int i = 1; i <= 10; ++i) rate.sample(1000 + i * 1000.0, 1e6 + i * 2e6);
  CHECK(*rate.bytes_per_second() == Approx(2e6).epsilon(0.01));
}

TEST_CASE("TransferRate: a download that starts again resets the rate") {
  TransferRate rate;
  rate.sample(0, 0);
  rate.sample(1000, 5e6);
  rate.sample(1100, 0);  // the retry starts from the first byte
  CHECK_FALSE(rate.bytes_per_second());
}

TEST_CASE("describe_transfer and the size and duration formats") {
  TransferRate rate;
  CHECK(describe_transfer(3.1e6, 9.2e6, rate) == "3.1 of 9.2 MB");
  CHECK(describe_transfer(850e3, 9.2e6, rate) == "850 KB of 9.2 MB");
  CHECK(describe_transfer(3.1e6, 0, rate) == "3.1 MB");
  rate.sample(0, 0);
  rate.sample(2000, 2.4e6);
  CHECK(describe_transfer(2.4e6, 9.6e6, rate) == "2.4 of 9.6 MB · 1.2 MB/s · 6 s left");
  CHECK(format_size(999) == "999 bytes");
  CHECK(format_size(1.2e9) == "1.20 GB");
  CHECK(format_duration(125) == "2 min 5 s");
  CHECK(format_duration(3780) == "1 h 3 min");
}
