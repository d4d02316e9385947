#include "core/results/image_query.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "core/results/species.h"

namespace wl {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Category names lowered once per query, so the text filter lowers nothing per detection.
std::map<std::string, std::string> lowered_names(const CategoryNames& names) {
  std::map<std::string, std::string> out;
  for (const auto& [id, name] : names) out[id] = lower(name);
  return out;
}

class TextMatcher {
 public:
  TextMatcher(const std::string& text, const QueryContext& context)
      : needle_(lower(text)),
        detection_(lowered_names(context.detection_categories)),
        classification_(lowered_names(context.classification_categories)),
        classification_names_(context.classification_categories),
        threshold_(context.threshold),
        class_threshold_(context.class_threshold) {}

  bool matches(const ImageRecord& image) const {
    if (image.label && lower(image.label->name).find(needle_) != std::string::npos) return true;
    for (const auto& det : image.detections) {
      if (!detection_visible(det, threshold_)) continue;
      if (name_matches(detection_, det.effective_category())) return true;
      // The species as the views show it at the classification threshold ("unknown" below it).
      if (det.classifications.empty() && det.review.species.empty()) continue;
      const auto call = detection_species(det, classification_names_, class_threshold_);
      if (!call) continue;
      if (call->unknown ? std::string_view(kUnknownSpecies).find(needle_) != std::string_view::npos
                        : name_matches(classification_, call->category))
        return true;
    }
    return false;
  }

 private:
  bool name_matches(const std::map<std::string, std::string>& names, const std::string& id) const {
    auto it = names.find(id);
    const std::string& name = it == names.end() ? id : it->second;
    return name.find(needle_) != std::string::npos;
  }

  std::string needle_;
  std::map<std::string, std::string> detection_, classification_;
  const CategoryNames& classification_names_;
  double threshold_, class_threshold_;
};

bool review_matches(ReviewFilter filter, const ImageDigest& d) {
  switch (filter) {
    case ReviewFilter::Any: return true;
    case ReviewFilter::Reviewed: return d.reviewed;
    case ReviewFilter::NotReviewed: return !d.reviewed;
    case ReviewFilter::Corrected: return d.corrected;
  }
  return true;
}

bool show_matches(unsigned show, const ImageDigest& d) {
  if (show == 0) return true;
  if (d.failed) return (show & kShowFailed) != 0;
  if (d.empty) return (show & kShowEmpty) != 0;
  for (int k = 0; k < kKindCount; ++k) {
    const auto kind = static_cast<CategoryKind>(k);
    if ((show & show_flag(kind)) && d.has(kind)) return true;
  }
  return false;
}

struct Row {
  std::uint32_t index;
  double conf;            // BestConfidence key; < 0 missing
  std::string_view text;  // Name or CaptureTime key; empty missing
};

}  // namespace

unsigned show_flag(CategoryKind kind) {
  switch (kind) {
    case CategoryKind::Animal: return kShowAnimal;
    case CategoryKind::Person: return kShowPerson;
    case CategoryKind::Vehicle: return kShowVehicle;
    case CategoryKind::Other: return kShowOther;
  }
  return 0;
}

bool ImageFilter::active() const {
  return show != 0 || min_conf > 0.0 || max_conf < 1.0 || !text.empty() || review != ReviewFilter::Any;
}

std::vector<std::uint32_t> query_images(std::span<const QueryImage> images, const QueryContext& context,
                                        const ImageFilter& filter, const ImageSort& sort) {
  const KindTable kinds(context.detection_categories);
  const bool active = filter.active();
  const bool conf_range = filter.min_conf > 0.0 || filter.max_conf < 1.0;
  std::optional<TextMatcher> text;
  if (!filter.text.empty()) text.emplace(filter.text, context);

  std::vector<Row> rows;
  rows.reserve(images.size());
  for (std::size_t i = 0; i < images.size(); ++i) {
    const QueryImage& item = images[i];
    Row row{static_cast<std::uint32_t>(i), -1.0, {}};
    if (item.record) {
      const ImageDigest d = digest_image(*item.record, kinds, context.threshold);
      if (!show_matches(filter.show, d) || !review_matches(filter.review, d)) continue;
      if (conf_range && (d.best_conf < 0 || d.best_conf < filter.min_conf || d.best_conf > filter.max_conf)) continue;
      if (text && (d.failed || !text->matches(*item.record))) continue;
      row.conf = d.best_conf;
      if (sort.key == SortKey::CaptureTime) row.text = item.record->exif.datetime;
    } else if (active) {
      continue;
    }
    if (sort.key == SortKey::Name) row.text = item.name;
    rows.push_back(row);
  }

  const bool desc = sort.descending;
  switch (sort.key) {
    case SortKey::Added:
      if (desc) std::reverse(rows.begin(), rows.end());
      break;
    case SortKey::Name:
    case SortKey::CaptureTime:
      // ISO 8601 local times sort as text.
      std::stable_sort(rows.begin(), rows.end(), [desc](const Row& a, const Row& b) {
        if (a.text.empty() || b.text.empty()) return !a.text.empty() && b.text.empty();
        return desc ? b.text < a.text : a.text < b.text;
      });
      break;
    case SortKey::BestConfidence:
      std::stable_sort(rows.begin(), rows.end(), [desc](const Row& a, const Row& b) {
        if (a.conf < 0 || b.conf < 0) return a.conf >= 0 && b.conf < 0;
        return desc ? b.conf < a.conf : a.conf < b.conf;
      });
      break;
  }
  std::vector<std::uint32_t> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(r.index);
  return out;
}

}  // namespace wl
