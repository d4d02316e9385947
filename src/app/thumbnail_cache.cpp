#include "app/thumbnail_cache.h"

#include <algorithm>

namespace wl::app {

const Texture* ThumbnailCache::get(int file_id) {
  auto it = entries_.find(file_id);
  if (it == entries_.end()) {
    wanted_.push_back(file_id);
    return nullptr;
  }
  it->second.last_wanted = frame_;
  if (!it->second.ready && !it->second.failed && it->second.job == 0) wanted_.push_back(file_id);
  return it->second.ready ? &it->second.texture : nullptr;
}

bool ThumbnailCache::failed(int file_id) const {
  auto it = entries_.find(file_id);
  return it != entries_.end() && it->second.failed;
}

void ThumbnailCache::end_frame(int max_in_flight) {
  int in_flight = 0;
  for (auto it = entries_.begin(); it != entries_.end();) {
    Entry& e = it->second;
    if (e.job != 0) {
      if (auto done = textures_.poll_texture(e.job)) {
        e.job = 0;
        if (done->ok()) { e.texture = done->value(); e.ready = true; }
        else e.failed = true;
      } else if (e.last_wanted != frame_) {
        // Scrolled away before it was decoded: the decode is dropped, its pixels freed.
        textures_.cancel_texture(e.job);
        ++stats_.cancelled;
        it = entries_.erase(it);
        continue;
      } else {
        ++in_flight;
      }
    }
    ++it;
  }
  for (int id : wanted_) {
    if (in_flight >= max_in_flight) break;
    Entry& e = entries_[id];
    if (e.job != 0 || e.ready || e.failed) continue;
    e.job = textures_.request_texture(id, max_dim_);
    e.last_wanted = frame_;
    ++stats_.requested;
    ++in_flight;
  }
  // Drop entries asked for but not started (over the in-flight limit): asked again next frame.
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.job == 0 && !it->second.ready && !it->second.failed) it = entries_.erase(it);
    else ++it;
  }
  wanted_.clear();

  int loaded = 0;
  for (const auto& [id, e] : entries_) loaded += e.ready;
  if (static_cast<std::size_t>(loaded) > capacity_) {
    // Least recently drawn first; what is on screen now is never released.
    std::vector<std::pair<std::uint64_t, int>> old;
    for (const auto& [id, e] : entries_)
      if (e.ready && e.last_wanted != frame_) old.emplace_back(e.last_wanted, id);
    std::sort(old.begin(), old.end());
    for (const auto& [when, id] : old) {
      if (static_cast<std::size_t>(loaded) <= capacity_) break;
      textures_.release_texture(entries_[id].texture);
      entries_.erase(id);
      ++stats_.released;
      --loaded;
    }
  }
  stats_.loaded = loaded;
  stats_.in_flight = in_flight;
  stats_.failed = 0;
  for (const auto& [id, e] : entries_) stats_.failed += e.failed;
  ++frame_;
}

void ThumbnailCache::clear() {
  for (auto& [id, e] : entries_) {
    if (e.job != 0) textures_.cancel_texture(e.job);
    if (e.ready) textures_.release_texture(e.texture);
  }
  entries_.clear();
  wanted_.clear();
  stats_.loaded = stats_.in_flight = stats_.failed = 0;
}

}  // namespace wl::app
