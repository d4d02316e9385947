#pragma once
// Thumbnails for the gallery: a bounded cache of small textures, keyed by file id, that only
// ever works for what is on screen. Each frame the gallery asks for the thumbnails it draws;
// at the end of the frame the cache polls the decodes under way, cancels those for images
// scrolled away, starts a few new ones (at most `max_in_flight`, so the batch's own reads
// and decodes are not starved) and releases the least recently drawn textures beyond its
// capacity. No ImGui here, so the policy is unit-tested (tests/unit/thumbnail_cache_test.cpp).
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "app/sources.h"

namespace wl::app {

struct ThumbnailStats {
  int loaded = 0;     // textures held
  int in_flight = 0;  // decodes under way
  int failed = 0;     // files the browser could not decode
  std::uint64_t requested = 0, cancelled = 0, released = 0;  // totals since start
};

class ThumbnailCache {
 public:
  explicit ThumbnailCache(TextureSource& textures, int max_dim = 256, std::size_t capacity = 240)
      : textures_(textures), max_dim_(max_dim), capacity_(capacity) {}
  ~ThumbnailCache() { clear(); }
  ThumbnailCache(const ThumbnailCache&) = delete;
  ThumbnailCache& operator=(const ThumbnailCache&) = delete;

  // The thumbnail of a file if it is ready, else nullptr; either way the file is wanted this
  // frame, and wanted files are decoded in the order they were asked for.
  const Texture* get(int file_id);
  bool failed(int file_id) const;

  // Once per frame, after drawing: poll, cancel, start, release (see above).
  void end_frame(int max_in_flight);
  // Releases every texture and cancels every decode (the images were cleared).
  void clear();

  const ThumbnailStats& stats() const { return stats_; }

 private:
  struct Entry {
    Texture texture;
    bool ready = false, failed = false;
    int job = 0;  // non-zero while decoding
    std::uint64_t last_wanted = 0;
  };

  TextureSource& textures_;
  int max_dim_;
  std::size_t capacity_;
  std::uint64_t frame_ = 1;
  std::unordered_map<int, Entry> entries_;
  std::vector<int> wanted_;  // this frame, in order of asking
  ThumbnailStats stats_;
};

}  // namespace wl::app
