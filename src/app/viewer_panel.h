#pragma once
// The viewer: the selected image with its boxes (zoom, pan), its capture time and camera,
// and the reviewer's controls: click a box (or Tab) to select it, then accept, reject or
// relabel it, or name its species (species_picker.h); mark the whole image empty, or tag an
// image without boxes. A clip shows one analysed frame at a time, with its boxes, and a
// timeline of the frames with detections (clip_timeline.h). Each box shows its species at the classification threshold; hovering
// it shows the classifier's top 3. An image in the "needs a look" queue says why.
#include <array>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/batch.h"
#include "app/review.h"
#include "app/sources.h"
#include "app/species_picker.h"
#include "core/results/review_queue.h"

namespace wl::app {

struct ViewSettings {
  float threshold = 0.2f;  // detections shown (and counted) at or above this confidence
  bool threshold_from_model = true;
  // Species shown (and exported) at or above this classifier confidence; below: "unknown".
  float class_threshold = 0.5f;
  bool class_threshold_from_model = true;  // follow the run's classifier typical threshold
};

struct ViewerState {
  int selected = -1;            // index into BatchController::images()
  int shown_file = 0;           // file id of the image whose texture is loaded (or loading)
  // A clip: the analysed frame shown (clip_timeline.h), and the frame whose texture is loaded.
  int frame = -1;
  int shown_frame = -1;
  int texture_job = 0;
  std::optional<Texture> texture;
  std::string texture_error;
  float zoom = 1.0f;
  float pan_x = 0, pan_y = 0;
  bool show_labels = true;
  bool show_below_threshold = false;
  bool large = false;           // the viewer fills the workspace (Enter, double-click; Esc leaves)
  int visible_boxes = 0;        // boxes drawn in the last frame (published for tests)
  // The detection the reviewer selected (index into the record's detections) and the image
  // it belongs to; -1 when none.
  int selected_detection = -1;
  int selection_image = -1;
  std::vector<int> drawn_boxes;  // detection indices drawn last frame, in order (Tab cycles them)
  SpeciesPicker picker;          // names the selected box's species (R)
};

// The "needs a look" queue as the gallery keeps it (core/results/review_queue.h).
struct QueueView {
  std::span<const QueueEntry> entries;  // most uncertain first
  std::span<const int> position_of;     // by image index: its position in entries, -1 when not queued
  QueueThresholds thresholds;
  int position(int image) const {
    return image >= 0 && static_cast<std::size_t>(image) < position_of.size() ? position_of[static_cast<std::size_t>(image)] : -1;
  }
};

// What the viewer's keys and buttons act on.
struct ReviewContext {
  BatchController& batch;
  ReviewHistory& history;
  const ViewSettings& view;
  QueueView queue = {};
};

void draw_viewer(ReviewContext review, ViewerState& viewer, TextureSource& textures,
                 std::map<std::string, std::array<float, 4>>& rects);

// Keys for moving through images (in `order`, the gallery's when it is shown, else every
// image) and for reviewing (when no text field has focus). See the Help's shortcut list.
void handle_viewer_keys(ReviewContext review, ViewerState& viewer, std::span<const std::uint32_t> order);

// The selected detection of the selected image, or -1 (the selection of another image is
// stale).
int selected_detection(const ViewerState& viewer);

}  // namespace wl::app
