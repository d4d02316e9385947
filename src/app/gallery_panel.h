#pragma once
// The gallery: every image as a thumbnail in a grid, with badges (what was found, empty,
// failed, reviewed), a filter bar and a sort. Only the rows on screen are drawn
// (ImGuiListClipper) and only their thumbnails are decoded (ThumbnailCache), so 10,000
// images scroll as smoothly as 20. The filtered order is recomputed only when the batch,
// the thresholds, the filter or the sort changes.
//
// The gallery also keeps the "needs a look" queue (core/results/review_queue.h), recomputed
// with the order: the "Needs a look (N)" button shows only the queue, most uncertain first,
// and N / Shift+N walk it from the viewer.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/batch.h"
#include "app/thumbnail_cache.h"
#include "app/viewer_panel.h"
#include "core/results/image_query.h"
#include "core/results/review_queue.h"

namespace wl::app {

class GalleryPanel {
 public:
  explicit GalleryPanel(TextureSource& textures) : thumbnails_(textures) {}

  // Brings the order up to date; cheap when nothing changed. Call every frame, shown or not
  // (the arrow keys and the automation API use the order).
  void update(const BatchController& batch, const ViewSettings& view);
  void draw(const BatchController& batch, ViewerState& viewer, const ViewSettings& view,
            std::map<std::string, std::array<float, 4>>& rects);
  // Called when the gallery was not drawn this frame, so its thumbnails stop loading.
  void idle(const BatchController& batch);

  // Images shown, as indices into batch.images(), in the gallery's order.
  const std::vector<std::uint32_t>& order() const { return order_; }
  ImageFilter& filter() { return filter_; }
  ImageSort& sort() { return sort_; }
  const ImageFilter& filter() const { return filter_; }
  // The species / label text of the filter (the text field's contents).
  void set_text(const std::string& text);
  const ImageSort& sort() const { return sort_; }
  const ThumbnailStats& thumbnail_stats() const { return thumbnails_.stats(); }
  int columns() const { return columns_; }
  double last_query_ms() const { return query_ms_; }

  // The "needs a look" queue, most uncertain first, and whether the gallery shows only it.
  const std::vector<QueueEntry>& queue() const { return queue_; }
  const QueueThresholds& queue_thresholds() const { return queue_thresholds_; }
  QueueView queue_view() const { return {queue_, queue_position_, queue_thresholds_}; }
  bool needs_look() const { return needs_look_; }
  void set_needs_look(bool on) { needs_look_ = on; }
  // Selects the next (step > 0) or previous (step < 0) image of the queue (N / Shift+N); false
  // at either end or when the queue is empty.
  bool walk_queue(ViewerState& viewer, int step);

 private:
  void draw_filter_bar(const BatchController& batch, std::map<std::string, std::array<float, 4>>& rects);
  void draw_queue_bar(std::map<std::string, std::array<float, 4>>& rects);
  void track_queue_position(int selected);
  struct Cell {
    float x, y, w, h;  // screen rectangle
    float thumb_h;     // height of the picture part (the name is under it)
  };
  void draw_cell(const BatchController& batch, std::uint32_t index, ViewerState& viewer, const ViewSettings& view,
                 const Cell& cell, const KindTable& kinds, std::map<std::string, std::array<float, 4>>& rects);

  ThumbnailCache thumbnails_;
  ImageFilter filter_;
  ImageSort sort_;
  std::vector<std::uint32_t> order_;
  // What order_ was computed for.
  std::uint64_t revision_ = ~std::uint64_t{0};
  float threshold_ = -1, class_threshold_ = -1;
  QueueThresholds queue_thresholds_used_{-1, -1, -1};
  bool needs_look_used_ = false;
  ImageFilter filter_used_;
  ImageSort sort_used_;
  std::size_t image_count_ = 0;
  double query_ms_ = 0;

  int columns_ = 1;
  int last_selected_ = -1;  // to scroll a selection made elsewhere (keys, list) into view
  char text_[128] = "";

  std::vector<QueueEntry> queue_;
  std::vector<int> queue_position_;  // by image index: position in queue_, -1 when not queued
  QueueThresholds queue_thresholds_;
  bool needs_look_ = false;
  std::size_t queue_cursor_ = 0;     // the queue position of the image the walk is at
  int tracked_selection_ = -1;
  bool queue_moved_ = true;
};

}  // namespace wl::app
