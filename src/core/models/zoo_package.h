#pragma once
// From an unpacked SPARROW package (its text files, and which model files it holds) to the
// model entry and file the app or the runner loads. Both shells call this; neither reads a
// manifest itself.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/models/manifest.h"
#include "core/models/sparrow_catalog.h"
#include "core/util/result.h"

namespace wl {

struct PackageModelFile {
  std::string path;  // inside the package folder ("model.onnx")
  std::string key;   // where the host keeps it
  std::string sha256;
  std::int64_t size = 0;
};

struct PackageChoice {
  ModelEntry entry;
  PackageModelFile file;  // the model file to load
  bool half_precision = false;
};

// texts: path -> text (manifest.toml, labels). catalog_entry: the zoo entry it was downloaded
// for (licence, name, region), or nullptr for a package opened from disk. prefer_fp16: the
// runtime runs half precision well (WebGPU with shader-f16), so a manifest's fp16 twin is used.
// Errors say what is wrong with the package in words a user can act on.
Result<PackageChoice> choose_package_model(const std::map<std::string, std::string>& texts,
                                           const std::vector<PackageModelFile>& models,
                                           const CatalogEntry* catalog_entry, bool prefer_fp16);

}  // namespace wl
