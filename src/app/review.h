#pragma once
// A reviewer's edits to the batch's results (accept, reject, relabel a detection, name its
// species; mark an image empty; tag an image that has no boxes), each undoable with Ctrl+Z. Edits go into
// the batch's records, which every view and export reads, so a correction shows everywhere
// at once and is what gets exported.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/batch.h"
#include "core/results/category_kind.h"

namespace wl::app {

// The run's detection category id for a kind ("1" for animal with MegaDetector), or nullopt
// when no category of the run has that kind (a model with its own classes).
std::optional<std::string> category_for_kind(const CategoryNames& names, CategoryKind kind);

class ReviewHistory {
 public:
  // Sets one detection's review. Relabelling to the detector's own category is an acceptance.
  // A review without a species keeps the species a reviewer gave before (accepting or
  // relabelling a box does not forget its species); Unreviewed forgets everything.
  void set_detection(BatchController& batch, std::size_t image, std::size_t detection, Review review);
  // A reviewer names the species of one detection: `species` is a classification category id
  // ("" forgets the reviewer's species, the classifier's shows again). Naming a species vouches
  // for the box: an unreviewed or rejected box becomes accepted. Undoable like every edit.
  void set_species(BatchController& batch, std::size_t image, std::size_t detection, const std::string& species);
  // The same by name: a name the run does not know yet is added to its species
  // (BatchController::species_category). Returns the category id used ("" for an empty name).
  std::string name_species(BatchController& batch, std::size_t image, std::size_t detection, const std::string& name);
  // Accepts every detection shown at `threshold` that nobody has decided about yet.
  void accept_shown(BatchController& batch, std::size_t image, double threshold);
  // The image shows nothing: every detection is rejected and a tag is removed.
  void mark_empty(BatchController& batch, std::size_t image);
  // An image the detector found nothing in does show this kind ("animal", "person", ...).
  void tag_image(BatchController& batch, std::size_t image, CategoryKind kind);

  // Reverts the last edit; false when there is none. Returns the image it touched.
  std::optional<std::size_t> undo(BatchController& batch);
  std::size_t size() const { return edits_.size(); }
  void clear() { edits_.clear(); }

 private:
  struct Edit {
    std::size_t image = 0;
    std::vector<std::pair<std::size_t, Review>> reviews_before;  // detection index, review before
    bool label_touched = false;
    std::optional<ImageLabel> label_before;
  };
  bool editable(const BatchController& batch, std::size_t image) const;
  void push(Edit edit);

  std::vector<Edit> edits_;
};

}  // namespace wl::app
