#pragma once
// A clip in the viewer: which of its analysed frames is shown, a timeline of those frames with
// marks where the detector found something (coloured by what it found, at the detection
// threshold), a frame slider, and the steps the keys take (, . for the previous or next
// analysed frame, [ ] for the previous or next frame with a detection).
#include "app/widget_rects.h"
#include "core/results/run_results.h"

namespace wl::app {

// The frame to show first: the first analysed frame with a detection shown at `threshold`,
// else the first analysed frame, else 0 (the poster of a clip not run yet).
int clip_first_frame(const ImageRecord& clip, double threshold);

// From `frame`, the previous (direction < 0) or next analysed frame; with `with_detection`,
// the nearest one with a detection shown at `threshold`. `frame` itself when there is none.
int clip_step(const ImageRecord& clip, int frame, int direction, bool with_detection, double threshold);

// Draws the timeline and the slider; returns the frame to show (changed by a click or drag).
int draw_clip_timeline(const ImageRecord& clip, int frame, double threshold, const CategoryNames& names,
                       WidgetRects& rects);

}  // namespace wl::app
