#pragma once
// Draws a frame only when it would look different from the last one drawn. ImGui still runs
// every frame (input, layout, the app's polling); what is skipped is the GPU half: clearing
// and drawing the canvas. A WebGL canvas that is not drawn in a frame keeps showing its last
// picture, and the browser has nothing to composite for it.
//
// Why: during a batch most frames are identical (the progress bar moves once per image), and
// each drawn frame costs the browser's GPU process time (with no GPU, SwiftShader rasterises
// it and the compositor reads it back) that it would otherwise leave to inference and
// decoding. On a 2-core machine that contention set the frame rate (docs/threads.md). Idle
// laptops save battery the same way; Dear ImGui applications such as ImHex do likewise.
//
// "Looks different" = a different fingerprint of the draw data: every vertex, index, command
// (texture, clip rectangle, ranges) and the display size. Textures are named by id and the
// browser's GL never reuses an id, so new pixels come with a new id. A frame is drawn at
// least every `max_interval_ms` anyway, so nothing the fingerprint misses can stay stale.
#include <cstdint>

struct ImDrawData;

namespace wl::app {

class RedrawGate {
 public:
  explicit RedrawGate(double max_interval_ms = 500) : max_interval_ms_(max_interval_ms) {}

  // True when this frame must be drawn; then it counts as the last one drawn.
  bool should_draw(const ImDrawData& data, double now_ms);

  std::uint64_t frames_drawn() const { return drawn_; }
  std::uint64_t frames_skipped() const { return skipped_; }

 private:
  double max_interval_ms_;
  std::uint64_t last_fingerprint_ = 0;
  double last_draw_ms_ = -1e300;
  std::uint64_t drawn_ = 0, skipped_ = 0;
};

// The fingerprint itself (64-bit; equal draw data gives equal values).
std::uint64_t draw_data_fingerprint(const ImDrawData& data);

}  // namespace wl::app
