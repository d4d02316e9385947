#pragma once
// The species picker: the reviewer names the species of the selected box. A button shows the
// box's species ("Species: Panthera leo 0.62"); clicking it (or pressing R) opens a popup with a
// text field and the classifier's list: the box's own top classes first, with their
// confidences, then every other species the run knows, A to Z. Typing narrows the list (names
// that start with the text first, then words that do, then names that contain it); ↑/↓ move the
// highlight, Enter picks it, Esc closes. A name the run does not know can be added as a new
// species, and a reviewer's species can be taken back ("Use the classifier's species").
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/results/run_results.h"

namespace wl::app {

struct PickerOption {
  std::string id;              // classification category id
  std::string name;
  std::optional<double> conf;  // the classifier's confidence for this box, when it listed it
  bool operator==(const PickerOption&) const = default;
};

// The choices for a box, narrowed by `typed` (case-insensitive); `typed` empty: all of them.
// Category names "unknown" are not species and are left out.
std::vector<PickerOption> picker_options(const DetectionRecord& detection, const CategoryNames& classes,
                                         std::string_view typed);

struct PickerChoice {
  enum Kind { None, Pick, New, Clear } kind = None;
  std::string value;  // Pick: the category id; New: the name typed
};

class SpeciesPicker {
 public:
  // Opens the popup on the next draw (the R key).
  void request_open() { open_request_ = true; }
  bool is_open() const { return open_; }
  bool editing() const { return editing_; }  // the text field has the keyboard
  const std::string& text() const { return text_shown_; }
  const std::vector<PickerOption>& options() const { return options_; }

  // The button and, when open, its popup, for detection `detection` of image `image`.
  // Returns what the reviewer chose this frame.
  PickerChoice draw(int image, int detection, const DetectionRecord& record, const CategoryNames& classes,
                    double class_threshold, std::map<std::string, std::array<float, 4>>& rects);

 private:
  void refresh(int image, int detection, const DetectionRecord& record, const CategoryNames& classes);

  bool open_request_ = false;
  bool open_ = false;
  bool editing_ = false;
  char text_[96] = "";
  std::string text_shown_;
  int highlight_ = 0;
  std::vector<PickerOption> options_;
  // What options_ was made for.
  int image_ = -1, detection_ = -1;
  std::string typed_;
  std::size_t class_count_ = 0;
  bool valid_ = false;
};

}  // namespace wl::app
