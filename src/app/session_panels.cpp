#include "app/session_panels.h"

#include <imgui.h>

#include "app/widget_rects.h"

namespace wl::app {

std::string offer_title(const SessionSync::Offer& offer) {
  const SessionSummary& s = offer.summary;
  return "Resume previous batch: " + std::to_string(s.done) + " of " + std::to_string(s.total) + " images done " +
         (offer.header.origin == SessionOrigin::Import ? "(imported from " + s.model + ")" : "with " + s.model);
}

OfferChoice draw_resume_offer(const SessionSync::Offer& offer, std::map<std::string, std::array<float, 4>>& rects) {
  OfferChoice choice = OfferChoice::None;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 36, 0), ImGuiCond_Always);
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                     ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize;
  if (ImGui::Begin("Previous batch", nullptr, flags)) {
    // In front when it appears; the user may still work in other windows while it waits.
    if (ImGui::IsWindowAppearing()) ImGui::SetWindowFocus();
    const SessionSummary& s = offer.summary;
    const ModelIdentity& model = offer.header.model;
    const int left = s.total - s.done;
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(offer_title(offer).c_str());
    ImGui::Separator();
    ImGui::TextUnformatted("Resuming brings the finished images back with their results, ready to view and export.");
    if (offer.header.origin == SessionOrigin::Import) {
      ImGui::TextUnformatted("No model is needed for imported results.");
    } else if (left == 0) {
      ImGui::TextUnformatted("Every image is done: the model is not needed to view and export them.");
    } else if (offer.model_kept) {
      ImGui::Text("%s is kept in this browser and loads by itself for the %d image(s) left.", s.model.c_str(), left);
    } else {
      ImGui::TextColored(ImVec4(1, 0.75f, 0.4f, 1), "To process the %d image(s) left, load %s%s%s from the Model menu.",
                         left, s.model.c_str(), model.sha256.empty() ? "" : " (SHA-256 ",
                         model.sha256.empty() ? "" : (model.sha256.substr(0, 12) + "…)").c_str());
    }
    ImGui::TextDisabled("Then add the same folder or files again to see the images: finished ones are not run again.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    if (ImGui::Button("Resume")) choice = OfferChoice::Resume;
    record_item_rect(rects, "button:Resume previous batch");
    ImGui::SameLine();
    if (ImGui::Button("Discard")) choice = OfferChoice::Discard;
    record_item_rect(rects, "button:Discard previous batch");
  }
  ImGui::End();
  return choice;
}

}  // namespace wl::app
