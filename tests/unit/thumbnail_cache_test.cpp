// The gallery's thumbnail cache (src/app/thumbnail_cache.h, ImGui-free) against a fake
// texture source: only what is on screen is decoded, a few at a time; decodes for images
// scrolled away are cancelled; textures beyond the capacity are released, oldest first.
#include <catch.hpp>

#include <map>
#include <set>

#include "app/thumbnail_cache.h"

using namespace wl;
using namespace wl::app;

namespace {

class FakeTextures : public TextureSource {
 public:
  int request_texture(int file_id, int max_dim, int /*frame*/) override {
    const int job = next_++;
    jobs[job] = file_id;
    last_max_dim = max_dim;
    return job;
  }
  std::optional<Result<Texture>> poll_texture(int job) override {
    auto it = jobs.find(job);
    if (it == jobs.end() || !finished.count(it->second)) return std::nullopt;
    const int file = it->second;
    jobs.erase(it);
    if (broken.count(file)) return Result<Texture>(make_error(ErrorCode::Corrupt, "bad"));
    live.insert(1000 + file);
    return Result<Texture>(Texture{static_cast<unsigned>(1000 + file), 256, 192});
  }
  void cancel_texture(int job) override { cancelled.insert(jobs.at(job)); jobs.erase(job); }
  void release_texture(const Texture& t) override { live.erase(t.gl_id); }

  // Decodes that are under way, by file id.
  std::set<int> decoding() const {
    std::set<int> out;
    for (const auto& [job, file] : jobs) out.insert(file);
    return out;
  }

  std::map<int, int> jobs;  // job -> file id
  std::set<int> finished, broken, cancelled, live;
  int last_max_dim = 0;

 private:
  int next_ = 1;
};

// One frame of a gallery that shows files [first, last).
int show(ThumbnailCache& cache, int first, int last, int max_in_flight = 3) {
  int ready = 0;
  for (int id = first; id < last; ++id) ready += cache.get(id) != nullptr;
  cache.end_frame(max_in_flight);
  return ready;
}

}  // namespace

TEST_CASE("thumbnails: a few decodes at a time, in screen order, cancelled when scrolled away") {
  FakeTextures tex;
  {
    ThumbnailCache cache(tex, 256, 8);
    CHECK(show(cache, 0, 6) == 0);
    CHECK(tex.decoding() == std::set<int>{0, 1, 2});  // the first three on screen
    CHECK(tex.last_max_dim == 256);
    tex.finished = {0, 1};
    show(cache, 0, 6);                                 // 0 and 1 arrive; 3 and 4 start
    CHECK(tex.decoding() == std::set<int>{2, 3, 4});
    CHECK(show(cache, 0, 6) == 2);
    CHECK(cache.stats().loaded == 2);

    // Scroll to 100..106: decodes for 2..4 are no longer wanted and are cancelled.
    show(cache, 100, 106);
    CHECK(tex.cancelled == std::set<int>{2, 3, 4});
    CHECK(tex.decoding() == std::set<int>{100, 101, 102});

    // A file the browser cannot decode is not asked for again.
    tex.broken = {100};
    tex.finished.insert({100, 101, 102, 103, 104, 105});
    for (int i = 0; i < 4; ++i) show(cache, 100, 106);
    CHECK(cache.failed(100));
    CHECK(show(cache, 100, 106) == 5);
    CHECK(tex.decoding().empty());

    // Capacity 8: scrolling through more releases the least recently shown (0 and 1 first),
    // never what is on screen.
    tex.finished.insert({200, 201, 202, 203});
    for (int i = 0; i < 4; ++i) show(cache, 200, 204);
    CHECK(cache.stats().loaded <= 8);
    CHECK(tex.live.count(1000) == 0);
    CHECK(tex.live.count(1001) == 0);
    CHECK(tex.live.count(1203) == 1);
    CHECK(show(cache, 200, 204) == 4);
  }
  CHECK(tex.live.empty());  // the cache releases everything it holds when it goes
  CHECK(tex.jobs.empty());
}

TEST_CASE("thumbnails: scrolling fast through 10,000 images keeps the work bounded") {
  FakeTextures tex;
  ThumbnailCache cache(tex, 256, 240);
  for (int top = 0; top < 10000; top += 40) {  // 40 images a frame: a flick of the wheel
    show(cache, top, top + 30, 2);
    CHECK(tex.jobs.size() <= 2);
  }
  CHECK(cache.stats().requested < 600);  // two per frame at most, not one per image passed
  // Resting on one screen lets it fill in.
  for (int top = 5000; top < 5030; ++top) tex.finished.insert(top);
  for (int i = 0; i < 30; ++i) show(cache, 5000, 5030, 2);
  CHECK(show(cache, 5000, 5030, 2) == 30);
  cache.clear();
  CHECK(tex.live.empty());
}
