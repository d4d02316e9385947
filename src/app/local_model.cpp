#include "app/local_model.h"

#include <imgui.h>

#include <algorithm>

#include "app/widget_rects.h"
#include "core/models/onnx_info.h"

namespace wl::app {

Result<LocalModelOffer> make_local_model_offer(PickedModel file, const ModelLimits& limits) {
  if (auto fits = check_model_size(file.bytes.size(), limits); !fits) return Error{fits.error().code, file.name + ": " + fits.error().message};
  auto info = read_onnx_info(file.bytes);
  if (!info) return Error{info.error().code, file.name + ": " + info.error().message};
  auto inferred = infer_model_entry(*info, file.name);
  if (!inferred) return Error{inferred.error().code, file.name + ": " + inferred.error().message};
  LocalModelOffer offer{std::move(file), std::move(*inferred), 640, ""};
  if (!offer.inferred.entry.input_sizes.empty()) offer.input_size = offer.inferred.entry.input_sizes.front();
  return offer;
}

bool draw_local_model_offer(LocalModelOffer& offer, bool* open, std::map<std::string, std::array<float, 4>>& rects) {
  bool load = false;
  const ModelEntry& e = offer.inferred.entry;
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 34, 0), ImGuiCond_Appearing);
  if (ImGui::Begin("Load a model file", open)) {
    ImGui::Text("%s", offer.file.name.c_str());
    if (!offer.source_url.empty()) ImGui::TextDisabled("from %s", offer.source_url.c_str());
    ImGui::Separator();
    if (e.task == ModelTask::Classifier) {
      ImGui::TextWrapped("This looks like a classifier (%zu classes). Classifiers run on detections; load a detector first.",
                         e.class_names.size());
    } else {
      ImGui::Text("Detector, %s output layout, %zu classes%s", to_string(e.layout), e.class_names.size(),
                  e.maps_to_md() ? ", mapped to animal / person / vehicle" : "");
    }
    if (!offer.inferred.assumptions.empty()) {
      ImGui::TextUnformatted("What was inferred:");
      for (const std::string& a : offer.inferred.assumptions) ImGui::BulletText("%s", a.c_str());
    }
    const bool needs_size =
        std::find(offer.inferred.needs.begin(), offer.inferred.needs.end(), kNeedInputSize) != offer.inferred.needs.end();
    if (needs_size) {
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
      ImGui::InputInt("Input size (pixels, a multiple of 32)", &offer.input_size, 32, 128);
      offer.input_size = std::clamp(offer.input_size / 32 * 32, 32, 4096);
    }
    // Model files are large: say what keeping one costs.
    ImGui::PushTextWrapPos(0);
    const double mb = static_cast<double>(offer.file.bytes.size()) / (1024.0 * 1024.0);
    if (offer.source_url.empty()) {
      ImGui::TextDisabled("The file (%.1f MB) is kept in this browser so that an interrupted batch can resume without "
                          "asking for it; only the latest model file is kept.", mb);
    } else {
      ImGui::TextDisabled("The download (%.1f MB) is kept in this browser's model cache, so the next visit loads it "
                          "without the network.", mb);
    }
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::BeginDisabled(e.task != ModelTask::Detector);
    if (ImGui::Button("Load model")) {
      if (needs_size) offer.inferred.entry.input_sizes = {offer.input_size};
      load = true;
    }
    record_item_rect(rects, "button:Load model");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) *open = false;
  }
  ImGui::End();
  return load;
}

}  // namespace wl::app
