#pragma once
// The window that offers an interrupted (or unexported) batch back on a new visit.
#include <array>
#include <map>
#include <string>

#include "app/session_sync.h"

namespace wl::app {

enum class OfferChoice { None, Resume, Discard };

// "Resume previous batch: 34 of 66 images done with <model>", what resuming brings back and
// what it still needs, and the Resume / Discard buttons (their rectangles are recorded as
// "button:Resume previous batch" and "button:Discard previous batch").
OfferChoice draw_resume_offer(const SessionSync::Offer& offer, std::map<std::string, std::array<float, 4>>& rects);

// The offer's first line, also published to the automation API.
std::string offer_title(const SessionSync::Offer& offer);

}  // namespace wl::app
