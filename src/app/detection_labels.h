#pragma once
// How the UI names and colours a detection: by the MegaDetector category its class maps to
// (animal / person / vehicle), falling back to the model's own class name.
#include <optional>
#include <string>

#include "core/models/manifest.h"

namespace wl::app {

enum class ViewCategory { Animal, Person, Vehicle, Other };

ViewCategory view_category(const ModelEntry& model, int class_id);
std::string class_label(const ModelEntry& model, int class_id);  // "elephant (animal)"
unsigned int category_colour(ViewCategory category);               // ImGui packed ABGR
const char* category_name(ViewCategory category);

// Counts per category of an image's detections at or above a threshold.
struct CategoryCounts {
  int animal = 0, person = 0, vehicle = 0, other = 0;
  int total() const { return animal + person + vehicle + other; }
};

}  // namespace wl::app
