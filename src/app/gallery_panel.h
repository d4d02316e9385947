#pragma once
// The gallery: every image as a thumbnail in a grid, with badges (what was found, empty,
// failed, reviewed), a filter bar and a sort. Only the rows on screen are drawn
// (ImGuiListClipper) and only their thumbnails are decoded (ThumbnailCache), so 10,000
// images scroll as smoothly as 20. The filtered order is recomputed only when the batch,
// the threshold, the filter or the sort changes.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/batch.h"
#include "app/thumbnail_cache.h"
#include "app/viewer_panel.h"
#include "core/results/image_query.h"

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

 private:
  void draw_filter_bar(const BatchController& batch, std::map<std::string, std::array<float, 4>>& rects);
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
  float threshold_ = -1;
  ImageFilter filter_used_;
  ImageSort sort_used_;
  std::size_t image_count_ = 0;
  double query_ms_ = 0;

  int columns_ = 1;
  int last_selected_ = -1;  // to scroll a selection made elsewhere (keys, list) into view
  char text_[128] = "";
};

}  // namespace wl::app
