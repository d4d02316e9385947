// Matching added files to listed images (resume, import): path, folder level, file name.
#include <catch.hpp>

#include "core/session/file_match.h"

using namespace wl;

TEST_CASE("file match: the same relative path and size", "[session]") {
  FileMatcher m({{"cam1/a.jpg", 10}, {"cam2/a.jpg", 20}, {"b.jpg", 30}});
  CHECK(m.match("cam2/a.jpg", 20) == std::size_t{1});
  CHECK(m.match("cam1/a.jpg", 10) == std::size_t{0});
  CHECK(m.match("b.jpg", 31) == std::nullopt);  // another file with the same name
  CHECK(m.match("b.jpg", 30) == std::size_t{2});
  CHECK(m.match("b.jpg", 30) == std::nullopt);  // each listed image takes one file
  CHECK(m.empty());
}

TEST_CASE("file match: a folder picked at another level", "[session]") {
  // MegaDetector files list paths relative to the folder; the browser adds the folder's name.
  FileMatcher up({{"sub/a.jpg", std::nullopt}, {"c.jpg", std::nullopt}});
  CHECK(up.match("survey/sub/a.jpg", 5) == std::size_t{0});
  CHECK(up.match("survey/c.jpg", 5) == std::size_t{1});
  FileMatcher down({{"survey/sub/a.jpg", 5}});
  CHECK(down.match("sub/a.jpg", 5) == std::size_t{0});
  // Two entries equally close: the file could be either one.
  FileMatcher tied({{"p/x/a.jpg", std::nullopt}, {"q/x/a.jpg", std::nullopt}});
  CHECK(tied.match("x/a.jpg", 1) == std::nullopt);
  // The closest of several wins.
  FileMatcher nested({{"a.jpg", std::nullopt}, {"x/a.jpg", std::nullopt}});
  CHECK(nested.match("y/x/a.jpg", 1) == std::size_t{1});
  // "ba.jpg" is not "a.jpg" one folder down.
  FileMatcher names({{"a.jpg", std::nullopt}, {"z/a.jpg", std::nullopt}});
  CHECK(names.match("ba.jpg", 1) == std::nullopt);
}

TEST_CASE("file match: a unique file name as the last resort", "[session]") {
  FileMatcher m({{"2019/cam1/IMG_1.JPG", std::nullopt}, {"2019/cam1/IMG_2.JPG", std::nullopt},
                 {"2019/cam2/IMG_2.JPG", std::nullopt}});
  CHECK(m.match("elsewhere/IMG_1.JPG", 1) == std::size_t{0});
  CHECK(m.match("elsewhere/IMG_2.JPG", 1) == std::nullopt);  // two candidates: no guess
  CHECK(m.match("IMG_3.JPG", 1) == std::nullopt);
  CHECK_FALSE(m.empty());
}

TEST_CASE("file match: paths are compared in one spelling", "[session]") {
  CHECK(normalise_relative_path(".\\cam1\\a.jpg") == "cam1/a.jpg");
  CHECK(normalise_relative_path("/cam1/a.jpg") == "cam1/a.jpg");
  FileMatcher m({{"cam1\\a.jpg", std::nullopt}});
  CHECK(m.match("./cam1/a.jpg", 1) == std::size_t{0});
}

TEST_CASE("file match: ten thousand files against ten thousand entries", "[session]") {
  std::vector<MatchEntry> entries;
  for (int i = 0; i < 10000; ++i) entries.push_back({"cam" + std::to_string(i % 7) + "/IMG_" + std::to_string(i) + ".JPG", 100u + i});
  FileMatcher m(entries);
  int matched = 0;
  for (int i = 9999; i >= 0; --i)
    if (m.match("survey/cam" + std::to_string(i % 7) + "/IMG_" + std::to_string(i) + ".JPG", 100u + i) == std::size_t(i)) ++matched;
  CHECK(matched == 10000);
  CHECK(m.empty());
}
