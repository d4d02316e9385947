#pragma once
// The choices the app remembers across visits: the detector and the species classifier, the
// confidence threshold, the provider override and which panels are open. Stored as small
// JSON text by the storage seam (localStorage in the browser). Reading never fails: a first
// visit, an older or damaged value, or a member of the wrong type gives the default for that
// member, so a bad value can never keep the app from starting.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/session/model_identity.h"
#include "core/video/frame_sampling.h"

namespace wl {

struct Preferences {
  std::optional<float> threshold;   // unset: the detector's typical threshold
  std::string provider = "auto";    // "auto", "webgpu" or "wasm"
  ModelIdentity detector;           // source None: none remembered
  ModelIdentity classifier;         // the species classifier; source None: "None"
  // Which detections the classifier labels (Model → Species classifier).
  std::optional<float> classify_threshold;  // unset: 0.1
  std::optional<int> max_crops;             // unset: 20
  std::optional<float> class_threshold;     // species shown at or above; unset: the classifier's
  std::optional<FrameSampling> video;       // which frames of clips are analysed; unset: the default
  bool show_backends = false;
  bool show_metrics = false;
  bool show_labels = true;          // box labels in the viewer
  // Zoo models whose licence terms the user accepted (non-commercial, share-alike: asked once).
  std::vector<std::string> accepted_terms;
  bool welcome_dismissed = false;   // the first-visit model offer was closed
  bool operator==(const Preferences&) const = default;
};

std::string write_preferences(const Preferences& prefs);
Preferences read_preferences(std::string_view text);

}  // namespace wl
