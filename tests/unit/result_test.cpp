#include <catch.hpp>

#include "core/util/result.h"
#include "fixtures.h"

TEST_CASE("Result carries a value or a user-facing error") {
  wl::Result<int> good = 7;
  REQUIRE(good.ok());
  CHECK(*good == 7);
  wl::Result<int> bad = wl::make_error(wl::ErrorCode::TooLarge, "too many pixels");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == wl::ErrorCode::TooLarge);
  CHECK(std::string(wl::to_string(bad.error().code)) == "too large");
}

TEST_CASE("Fixtures are reachable, and a missing one fails loudly") {
  CHECK(wl::test::read_fixture("models/yolov5n-coco.names").size() > 100);
  CHECK_THROWS(wl::test::read_fixture("no/such/file.jpg"));
}
