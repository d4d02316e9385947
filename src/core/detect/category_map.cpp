#include "core/detect/category_map.h"

#include <algorithm>

namespace wl {

CategoryMap CategoryMap::from_table(std::vector<std::optional<std::string>> by_index, UnmappedClassPolicy policy,
                                    std::string unmapped_category) {
  CategoryMap m;
  m.by_index_ = std::move(by_index);
  m.policy_ = policy;
  m.unmapped_ = std::move(unmapped_category);
  return m;
}

Result<CategoryMap> CategoryMap::from_names(std::span<const std::string> class_names,
                                            std::span<const std::pair<std::string, std::string>> name_to_category,
                                            UnmappedClassPolicy policy, std::string unmapped_category) {
  std::vector<std::optional<std::string>> by_index(class_names.size());
  for (const auto& [name, category] : name_to_category) {
    const auto it = std::find(class_names.begin(), class_names.end(), name);
    if (it == class_names.end()) {
      return make_error(ErrorCode::InvalidArgument,
                        "the category table names the class \"" + name + "\", which the model does not have");
    }
    auto& slot = by_index[static_cast<std::size_t>(it - class_names.begin())];
    if (slot) {
      return make_error(ErrorCode::InvalidArgument, "the category table names the class \"" + name + "\" twice");
    }
    slot = category;
  }
  return from_table(std::move(by_index), policy, std::move(unmapped_category));
}

std::optional<std::string> CategoryMap::category(int class_id) const {
  if (class_id >= 0 && static_cast<std::size_t>(class_id) < by_index_.size() && by_index_[static_cast<std::size_t>(class_id)]) {
    return by_index_[static_cast<std::size_t>(class_id)];
  }
  if (policy_ == UnmappedClassPolicy::Keep) return unmapped_;
  return std::nullopt;
}

}  // namespace wl
