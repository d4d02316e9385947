#pragma once
// How a detection is named and coloured wherever it is drawn: in the viewer (ImGui) and in
// annotated image exports (pixels). One definition, so the two look alike.
#include <string>

#include "core/image/draw.h"
#include "core/results/category_kind.h"
#include "core/results/run_results.h"

namespace wl {

Rgb kind_colour(CategoryKind kind);

// "animal 0.87", "person 0.91 ✓" (accepted), "animal 0.66 (changed)" (relabelled),
// "animal · Loxodonta africana 0.87" (with a classifier's species).
std::string detection_caption(const DetectionRecord& detection, const CategoryNames& detection_names,
                              const CategoryNames& classification_names);

}  // namespace wl
