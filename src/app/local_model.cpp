#include "app/local_model.h"

#include <imgui.h>

#include <algorithm>

#include "app/widget_rects.h"
#include "core/models/onnx_info.h"

namespace wl::app {

// labels.txt: one class name per line, in the model's output order; blank lines at the end
// and Windows line ends are forgiven.
Result<void> apply_labels_text(ModelEntry& entry, const std::string& text) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    names.push_back(std::move(line));
    start = end + 1;
  }
  while (!names.empty() && names.back().empty()) names.pop_back();
  if (names.empty()) return make_error(ErrorCode::InvalidArgument, "the labels file is empty");
  const std::size_t expected = entry.class_names.size();
  if (expected > 0 && names.size() != expected)
    return make_error(ErrorCode::InvalidArgument, "the labels file names " + std::to_string(names.size()) +
                                                      " classes but the model gives " + std::to_string(expected) +
                                                      " scores; pick the labels that belong to this model");
  entry.class_names = std::move(names);
  return {};
}

Result<LocalModelOffer> make_local_model_offer(PickedModel file, const ModelLimits& limits) {
  if (auto fits = check_model_size(file.bytes.size(), limits); !fits) return Error{fits.error().code, file.name + ": " + fits.error().message};
  auto info = read_onnx_info(file.bytes);
  if (!info) return Error{info.error().code, file.name + ": " + info.error().message};
  auto inferred = infer_model_entry(*info, file.name);
  if (!inferred) return Error{inferred.error().code, file.name + ": " + inferred.error().message};
  if (!file.labels.empty()) {
    if (auto applied = apply_labels_text(inferred->entry, file.labels); !applied)
      return Error{applied.error().code, file.name + ": " + applied.error().message};
    inferred->assumptions.push_back("class names from the labels file picked with it (" +
                                    std::to_string(inferred->entry.class_names.size()) + " classes)");
  }
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
      ImGui::TextWrapped("A species classifier, %zu classes. It labels the animals the detector finds, from the next "
                         "run on.", e.class_names.size());
      if (!e.class_names.empty() && e.class_names.front().rfind("class ", 0) == 0)
        ImGui::TextColored(ImVec4(1, 0.7f, 0.4f, 1), "The model names no classes: pick its labels.txt together with it.");
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
    const char* button = e.task == ModelTask::Classifier ? "Use as species classifier" : "Load model";
    if (ImGui::Button(button)) {
      if (needs_size) offer.inferred.entry.input_sizes = {offer.input_size};
      load = true;
    }
    record_item_rect(rects, std::string("button:") + button);
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) *open = false;
  }
  ImGui::End();
  return load;
}

}  // namespace wl::app
