#pragma once
// The batch workspace: toolbar (inputs, run controls, progress, threshold) and the image list
// (the viewer is in viewer_panel.h).
#include <array>
#include <map>
#include <optional>
#include <string>

#include "app/batch.h"
#include "app/sources.h"
#include "app/viewer_panel.h"

namespace wl::app {

void draw_batch_toolbar(BatchController& batch, HostActions& host, ViewSettings& view,
                        std::map<std::string, std::array<float, 4>>& rects);
void draw_image_list(const BatchController& batch, ViewerState& viewer, const ViewSettings& view);

}  // namespace wl::app
