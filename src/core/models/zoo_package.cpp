#include "core/models/zoo_package.h"

#include <algorithm>

#include "core/models/sparrow_manifest.h"

namespace wl {

namespace {

const PackageModelFile* find_file(const std::vector<PackageModelFile>& models, const std::string& path) {
  for (const auto& m : models)
    if (m.path == path) return &m;
  return nullptr;
}

}  // namespace

Result<PackageChoice> choose_package_model(const std::map<std::string, std::string>& texts,
                                           const std::vector<PackageModelFile>& models,
                                           const CatalogEntry* catalog_entry, bool prefer_fp16) {
  const auto manifest_text = texts.find("manifest.toml");
  if (manifest_text == texts.end())
    return make_error(ErrorCode::ModelInvalid, "the package has no manifest.toml, so it is not a SPARROW model package");
  auto parsed = parse_sparrow_manifest(manifest_text->second);
  if (!parsed) return make_error(parsed.error().code, "the package's manifest cannot be used: " + parsed.error().message);
  SparrowPackage package = std::move(*parsed);
  if (!package.labels_file.empty()) {
    const auto labels = texts.find(package.labels_file);
    if (labels == texts.end())
      return make_error(ErrorCode::ModelInvalid, "the manifest names the labels file " + package.labels_file +
                                                     ", which is not in the package");
    if (auto applied = apply_sparrow_labels(package, labels->second); !applied)
      return make_error(applied.error().code, "the package's labels cannot be used: " + applied.error().message);
  }
  if (package.entry.class_names.empty() && package.entry.task == ModelTask::Detector) {
    // A MegaDetector package may leave its labels out: its classes are MegaDetector's own.
    const bool megadetector = catalog_entry && !catalog_entry->species_direct &&
                              std::find(catalog_entry->family.begin(), catalog_entry->family.end(), "MegaDetector") !=
                                  catalog_entry->family.end();
    if (!megadetector)
      return make_error(ErrorCode::ModelInvalid, "the package has no labels file, so its classes have no names; add a "
                                                 "[labels] section and labels.txt to the package");
    package.labels_format = "one_per_line";
    if (auto applied = apply_sparrow_labels(package, "animal\nperson\nvehicle\n"); !applied)
      return make_error(applied.error().code, applied.error().message);
  }
  PackageChoice choice;
  const PackageModelFile* file = nullptr;
  if (prefer_fp16 && !package.model_file_fp16.empty()) {
    file = find_file(models, package.model_file_fp16);
    choice.half_precision = file != nullptr;
  }
  if (!file) file = find_file(models, package.model_file);
  if (!file)
    return make_error(ErrorCode::ModelInvalid, "the manifest names the model file " + package.model_file +
                                                   ", which is not in the package");
  choice.file = *file;
  choice.entry = std::move(package.entry);
  if (catalog_entry) {
    // The catalogue knows what the manifest does not: the published name, licence and source.
    choice.entry.id = catalog_entry->id;
    choice.entry.name = catalog_entry->display_name.empty() ? catalog_entry->id : catalog_entry->display_name;
    choice.entry.licence = catalog_entry->license;
    choice.entry.source_url = first_http_url(catalog_entry->reference);
  }
  WeightFile w;
  w.format = "onnx";
  w.url = file->key;
  w.bytes = file->size;
  if (!file->sha256.empty()) w.sha256 = file->sha256;
  choice.entry.weights = {w};
  return choice;
}

}  // namespace wl
