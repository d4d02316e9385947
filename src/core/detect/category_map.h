#pragma once
// Model class index -> MegaDetector category string ("1" animal, "2" person, "3" vehicle).
//
// The table comes from the caller (later: the model manifest). For an MD model it is the
// identity shifted by one (0 -> "1", 1 -> "2", 2 -> "3"); for a COCO detector it maps class names
// (person -> "2", car/truck/... -> "3", animals -> "1"), and the classes it does not name are
// dropped or kept under one category, by policy.
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/util/result.h"

namespace wl {

enum class UnmappedClassPolicy {
  Drop,  // detections of an unmapped class are discarded
  Keep,  // they get `unmapped_category`
};

class CategoryMap {
 public:
  CategoryMap() = default;

  // by_index[i] = category of class i, or nullopt for an unmapped class.
  static CategoryMap from_table(std::vector<std::optional<std::string>> by_index, UnmappedClassPolicy policy,
                                std::string unmapped_category = {});

  // class_names[i] = the model's name of class i; name_to_category = the caller's table.
  // Fails when the table names a class the model does not have (a typo would silently drop
  // every detection of that class) or names one twice.
  static Result<CategoryMap> from_names(std::span<const std::string> class_names,
                                        std::span<const std::pair<std::string, std::string>> name_to_category,
                                        UnmappedClassPolicy policy, std::string unmapped_category = {});

  // nullopt: drop the detection.
  std::optional<std::string> category(int class_id) const;

  std::size_t class_count() const { return by_index_.size(); }

 private:
  std::vector<std::optional<std::string>> by_index_;
  UnmappedClassPolicy policy_ = UnmappedClassPolicy::Drop;
  std::string unmapped_;
};

}  // namespace wl
