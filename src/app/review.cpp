#include "app/review.h"

#include "core/results/image_digest.h"

namespace wl::app {

namespace {
constexpr std::size_t kMaxUndo = 500;  // a long session of review stays undoable, within reason
}

std::optional<std::string> category_for_kind(const CategoryNames& names, CategoryKind kind) {
  for (const auto& [id, name] : names)
    if (category_kind_of_name(name) == kind) return id;
  return std::nullopt;
}

bool ReviewHistory::editable(const BatchController& batch, std::size_t image) const {
  return image < batch.images().size() && batch.images()[image].status == ImageStatus::Done;
}

void ReviewHistory::push(Edit edit) {
  if (edit.reviews_before.empty() && !edit.label_touched) return;
  if (edits_.size() >= kMaxUndo) edits_.erase(edits_.begin());
  edits_.push_back(std::move(edit));
}

void ReviewHistory::set_detection(BatchController& batch, std::size_t image, std::size_t detection, Review review) {
  if (!editable(batch, image)) return;
  const auto& dets = batch.images()[image].record.detections;
  if (detection >= dets.size()) return;
  if (review.state == ReviewState::Relabelled && review.category == dets[detection].category)
    review = {ReviewState::Accepted, ""};
  if (review.state != ReviewState::Relabelled) review.category.clear();
  if (review.species.empty() && review.state != ReviewState::Unreviewed) review.species = dets[detection].review.species;
  if (dets[detection].review == review) return;
  push(Edit{image, {{detection, dets[detection].review}}, false, std::nullopt});
  batch.set_review(image, detection, std::move(review));
}

void ReviewHistory::set_species(BatchController& batch, std::size_t image, std::size_t detection,
                                const std::string& species) {
  if (!editable(batch, image)) return;
  const auto& dets = batch.images()[image].record.detections;
  if (detection >= dets.size()) return;
  Review review = dets[detection].review;
  review.species = species;
  if (!species.empty() && (review.state == ReviewState::Unreviewed || review.state == ReviewState::Rejected)) {
    review.state = ReviewState::Accepted;
    review.category.clear();
  }
  if (dets[detection].review == review) return;
  push(Edit{image, {{detection, dets[detection].review}}, false, std::nullopt});
  batch.set_review(image, detection, std::move(review));
}

std::string ReviewHistory::name_species(BatchController& batch, std::size_t image, std::size_t detection,
                                        const std::string& name) {
  if (!editable(batch, image) || name.empty()) return {};
  const std::string id = batch.species_category(name);
  set_species(batch, image, detection, id);
  return id;
}

void ReviewHistory::accept_shown(BatchController& batch, std::size_t image, double threshold) {
  if (!editable(batch, image)) return;
  Edit edit{image, {}, false, std::nullopt};
  const auto& dets = batch.images()[image].record.detections;
  for (std::size_t i = 0; i < dets.size(); ++i) {
    if (dets[i].review.state != ReviewState::Unreviewed || !detection_visible(dets[i], threshold)) continue;
    edit.reviews_before.emplace_back(i, dets[i].review);
  }
  for (const auto& [i, before] : edit.reviews_before) batch.set_review(image, i, {ReviewState::Accepted, "", before.species});
  push(std::move(edit));
}

void ReviewHistory::mark_empty(BatchController& batch, std::size_t image) {
  if (!editable(batch, image)) return;
  const ImageRecord& record = batch.images()[image].record;
  Edit edit{image, {}, false, std::nullopt};
  for (std::size_t i = 0; i < record.detections.size(); ++i)
    if (record.detections[i].review.state != ReviewState::Rejected) edit.reviews_before.emplace_back(i, record.detections[i].review);
  if (human_tag(record)) {
    edit.label_touched = true;
    edit.label_before = record.label;
  }
  for (const auto& [i, before] : edit.reviews_before) batch.set_review(image, i, {ReviewState::Rejected, "", before.species});
  if (edit.label_touched) batch.set_label(image, std::nullopt);
  push(std::move(edit));
}

void ReviewHistory::tag_image(BatchController& batch, std::size_t image, CategoryKind kind) {
  if (!editable(batch, image) || kind == CategoryKind::Other) return;
  const ImageRecord& record = batch.images()[image].record;
  ImageLabel tag{to_string(kind), std::nullopt, kHumanLabelSource};
  if (record.label == tag) return;
  push(Edit{image, {}, true, record.label});
  batch.set_label(image, std::move(tag));
}

std::optional<std::size_t> ReviewHistory::undo(BatchController& batch) {
  if (edits_.empty()) return std::nullopt;
  Edit edit = std::move(edits_.back());
  edits_.pop_back();
  for (auto it = edit.reviews_before.rbegin(); it != edit.reviews_before.rend(); ++it)
    batch.set_review(edit.image, it->first, it->second);
  if (edit.label_touched) batch.set_label(edit.image, edit.label_before);
  return edit.image;
}

}  // namespace wl::app
