#include "app/detection_labels.h"

#include <imgui.h>

#include "core/results/detection_style.h"

namespace wl::app {

unsigned int category_colour(CategoryKind kind) {
  const Rgb c = kind_colour(kind);  // the core's, so annotated exports use the same colours
  return IM_COL32(c.r, c.g, c.b, 255);
}

std::string detection_label(const DetectionRecord& d, const CategoryNames& detection_names,
                            const CategoryNames& classification_names) {
  return detection_caption(d, detection_names, classification_names);
}

}  // namespace wl::app
