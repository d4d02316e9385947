#pragma once
// The batch workspace: toolbar (inputs, run controls, progress, threshold), the image list
// and the viewer with boxes.
#include <array>
#include <map>
#include <optional>
#include <string>

#include "app/batch.h"
#include "app/sources.h"

namespace wl::app {

struct ViewerState {
  int selected = -1;            // index into BatchController::images()
  int shown_file = 0;           // file id of the image whose texture is loaded (or loading)
  int texture_job = 0;
  std::optional<Texture> texture;
  std::string texture_error;
  float zoom = 1.0f;
  float pan_x = 0, pan_y = 0;
  bool show_labels = true;
  bool show_below_threshold = false;
  int visible_boxes = 0;  // boxes drawn in the last frame (published for tests)
};

struct ViewSettings {
  float threshold = 0.2f;  // detections shown (and counted) at or above this confidence
  bool threshold_from_model = true;
};

void draw_batch_toolbar(BatchController& batch, HostActions& host, ViewSettings& view,
                        std::map<std::string, std::array<float, 4>>& rects);
void draw_image_list(const BatchController& batch, ViewerState& viewer, const ViewSettings& view);
void draw_viewer(const BatchController& batch, ViewerState& viewer, const ViewSettings& view, TextureSource& textures);

// Moves the selection with the arrow keys (when no text field has focus).
void handle_viewer_keys(const BatchController& batch, ViewerState& viewer);

}  // namespace wl::app
