#include "core/results/merge.h"

#include <algorithm>
#include <unordered_map>

namespace wl {
namespace {

// Adds `from` into `into`; returns the id that conflicts, if any.
std::optional<std::string> unite(CategoryNames& into, const CategoryNames& from) {
  for (const auto& [id, name] : from) {
    auto [it, inserted] = into.emplace(id, name);
    if (!inserted && it->second != name) return id;
  }
  return std::nullopt;
}

template <class T>
void fill(T& field, const T& other) {
  if (field == T{}) field = other;
}

Error category_conflict(const char* kind, const std::string& id, const CategoryNames& a, const CategoryNames& b) {
  return make_error(ErrorCode::InvalidArgument, std::string("cannot merge: ") + kind + " category " + id + " is \"" +
                                                    a.at(id) + "\" in the first results and \"" + b.at(id) +
                                                    "\" in the second");
}

}  // namespace

Result<MergeOutcome> merge_runs(const RunResults& first, const RunResults& second, const MergeOptions& options) {
  const DetectorInfo& da = first.detector;
  const DetectorInfo& db = second.detector;
  const bool names_differ = !da.name.empty() && !db.name.empty() && da.name != db.name;
  const bool models_differ = !da.model_sha256.empty() && !db.model_sha256.empty() && da.model_sha256 != db.model_sha256;
  if ((names_differ || models_differ) && !options.allow_different_detectors) {
    return make_error(ErrorCode::InvalidArgument, "cannot merge results of different detectors (\"" + da.name +
                                                      "\" and \"" + db.name + "\")");
  }

  MergeOutcome out;
  RunResults& run = out.run;
  run = first;
  if (auto id = unite(run.detection_categories, second.detection_categories))
    return category_conflict("detection", *id, first.detection_categories, second.detection_categories);
  if (auto id = unite(run.classification_categories, second.classification_categories))
    return category_conflict("classification", *id, first.classification_categories, second.classification_categories);
  unite(run.classification_category_descriptions, second.classification_category_descriptions);

  DetectorInfo& d = run.detector;
  fill(d.name, db.name);
  fill(d.version, db.version);
  fill(d.model_sha256, db.model_sha256);
  fill(d.typical_threshold, db.typical_threshold);
  fill(d.conservative_threshold, db.conservative_threshold);
  // The merged run kept everything above the lower of the two thresholds somewhere; claiming
  // the higher one would make writers drop the first run's low detections.
  if (da.output_threshold && db.output_threshold) d.output_threshold = std::min(*da.output_threshold, *db.output_threshold);
  fill(d.output_threshold, db.output_threshold);
  fill(d.nms_iou, db.nms_iou);
  fill(d.input_size, db.input_size);
  // The merged file was completed when its last part was.
  if (db.completion_time > d.completion_time) d.completion_time = db.completion_time;
  fill(run.classifier.name, second.classifier.name);
  fill(run.classifier.typical_threshold, second.classifier.typical_threshold);
  for (const auto& [key, text] : second.info_extra) run.info_extra.emplace(key, text);
  for (const auto& [key, text] : second.extra) run.extra.emplace(key, text);

  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < run.images.size(); ++i) index.emplace(run.images[i].file, i);
  for (const ImageRecord& image : second.images) {
    auto it = index.find(image.file);
    if (it == index.end()) {
      index.emplace(image.file, run.images.size());
      run.images.push_back(image);
      ++out.added;
      continue;
    }
    ImageRecord& mine = run.images[it->second];
    if (image.failed()) continue;
    if (mine.failed() || options.prefer_second) {
      mine = image;
      ++out.replaced;
    }
  }
  return out;
}

}  // namespace wl
