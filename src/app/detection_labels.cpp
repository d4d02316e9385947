#include "app/detection_labels.h"

#include <imgui.h>

namespace wl::app {

ViewCategory view_category(const ModelEntry& model, int class_id) {
  if (!model.maps_to_md() || class_id < 0 || class_id >= static_cast<int>(model.md_category.size())) {
    return ViewCategory::Other;
  }
  const auto& md = model.md_category[static_cast<std::size_t>(class_id)];
  if (!md) return ViewCategory::Other;
  switch (*md) {
    case MdCategory::Animal: return ViewCategory::Animal;
    case MdCategory::Person: return ViewCategory::Person;
    case MdCategory::Vehicle: return ViewCategory::Vehicle;
  }
  return ViewCategory::Other;
}

std::string class_label(const ModelEntry& model, int class_id) {
  std::string name = class_id >= 0 && class_id < static_cast<int>(model.class_names.size())
                         ? model.class_names[static_cast<std::size_t>(class_id)]
                         : "class " + std::to_string(class_id);
  const ViewCategory cat = view_category(model, class_id);
  if (cat != ViewCategory::Other && name != category_name(cat)) name += std::string(" (") + category_name(cat) + ")";
  return name;
}

unsigned int category_colour(ViewCategory category) {
  switch (category) {
    case ViewCategory::Animal: return IM_COL32(110, 220, 110, 255);
    case ViewCategory::Person: return IM_COL32(255, 140, 80, 255);
    case ViewCategory::Vehicle: return IM_COL32(90, 170, 255, 255);
    case ViewCategory::Other: return IM_COL32(220, 220, 120, 255);
  }
  return IM_COL32_WHITE;
}

const char* category_name(ViewCategory category) {
  switch (category) {
    case ViewCategory::Animal: return "animal";
    case ViewCategory::Person: return "person";
    case ViewCategory::Vehicle: return "vehicle";
    case ViewCategory::Other: return "other";
  }
  return "?";
}

}  // namespace wl::app
