// The storage seam's native implementation (a folder), as the app uses it: a session written
// header first and image by image, read back by a new Storage as after a reload.
#include <catch.hpp>

#include <filesystem>
#include <fstream>

#include "fixtures.h"
#include "platform/storage.h"

using namespace wl;
using storage::Storage;

namespace {

std::string fresh_dir(const std::string& name) {
  const std::string dir = test::scratch_dir() + "/storage-" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

template <class T>
T ready(std::optional<Result<T>> polled) {
  REQUIRE(polled.has_value());
  REQUIRE(polled->ok());
  return std::move(polled->value());
}

}  // namespace

TEST_CASE("storage (native): a session survives a new Storage on the same folder", "[storage]") {
  const std::string dir = fresh_dir("reload");
  {
    Storage s(dir);
    s.write_header("s1", "{\"header\": 1}");
    s.put_record("s1", 0, "{\"file\": \"a.jpg\"}");
    s.put_record("s1", 2, "{\"file\": \"c.jpg\"}");
    s.put_record("s1", 0, "{\"file\": \"a.jpg\", \"reviewed\": 1}");  // a review rewrites it
    s.write_header("s1", "{\"header\": 2}");                          // same session: records stay
    CHECK(s.stats().records_written == 3);
    CHECK_FALSE(s.take_error().has_value());
  }
  Storage again(dir);
  CHECK_FALSE(again.poll_summary().has_value());  // nothing started
  again.start_load_summary();
  auto summary = ready(again.poll_summary());
  REQUIRE(summary.has_value());
  CHECK(summary->header_json == "{\"header\": 2}");
  CHECK(summary->record_count == 2);
  again.start_load_records("s1");
  auto records = ready(again.poll_records());
  REQUIRE(records.size() == 2);
  CHECK(records[0].index == 0);
  CHECK(records[0].json == "{\"file\": \"a.jpg\", \"reviewed\": 1}");
  CHECK(records[1].index == 2);
}

TEST_CASE("storage (native): a new session replaces the old one; discard forgets it", "[storage]") {
  const std::string dir = fresh_dir("replace");
  Storage s(dir);
  s.write_header("s1", "{}");
  s.put_record("s1", 0, "{\"file\": \"old.jpg\"}");
  s.write_header("s2", "{\"new\": true}");
  s.put_record("s1", 1, "{\"file\": \"late write of the old session\"}");  // ignored
  s.start_load_records("s2");
  CHECK(ready(s.poll_records()).empty());
  s.start_load_records("s1");
  CHECK(ready(s.poll_records()).empty());
  s.discard_session();
  s.start_load_summary();
  CHECK_FALSE(ready(s.poll_summary()).has_value());
}

TEST_CASE("storage (native): preferences, and a failure reported once", "[storage]") {
  const std::string dir = fresh_dir("prefs");
  {
    Storage s(dir);
    CHECK(s.read_preferences().empty());
    s.write_preferences("{\"provider\":\"wasm\"}");
  }
  CHECK(Storage(dir).read_preferences() == "{\"provider\":\"wasm\"}");

  // A location that cannot be a folder (a file is in the way), like a browser without storage.
  const std::string blocked = fresh_dir("blocked");
  std::ofstream(blocked) << "a file";
  Storage s(blocked + "/inside");
  s.write_header("s1", "{}");
  s.put_record("s1", 0, "{}");
  auto error = s.take_error();
  REQUIRE(error.has_value());
  CHECK(error->message.find("cannot be kept") != std::string::npos);
  CHECK_FALSE(s.take_error().has_value());  // once
}
