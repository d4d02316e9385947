#pragma once
// Microsoft SPARROW's model-zoo catalogue (catalog.toml, "the single source of truth" of the
// zoo): one [[model]] entry per published model, plus the Zenodo record that holds every
// model's ZIP ("<domain>__<task>__<id>.zip"). The Zenodo record's file list (its
// /api/records/<id> JSON) adds each ZIP's size and MD5 checksum.
//
// Field meanings follow SPARROW's own catalogue and manifest parser (manifest.rs,
// CatalogMetadata): `domain` camera_trap | acoustics | overhead | marine_imagery | general;
// `task` detector | classifier | encoder | cascade; `format` onnx (desktop, ONNX Runtime) |
// tflite (phones only) | cascade (a pipeline descriptor without weights); `flavor` a variant
// such as "onnx-fp16" or "tflite-int8"; `geo_scope` global | regional | foundational, with
// `geo_regions` (snake_case slugs such as "south_america") and a free-form `geo_locality`;
// `commercial_use` whether the licence permits commercial use.
//
// The parser checks types and the keys it needs, not the vocabularies: a later catalogue that
// adds a task or format still parses, and the offer policy (zoo_offer.h) declines what it does
// not know. Unknown keys are ignored.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace wl {

// One ZIP in the Zenodo record.
struct ZenodoFile {
  std::int64_t size = 0;
  std::string md5;  // lowercase hex; "" when the record gives no MD5
};

struct CatalogEntry {
  std::string id, domain, task, format;  // task: detector|classifier|encoder|cascade; format: onnx|tflite|cascade
  std::string display_name;              // display_name if given, else id
  std::vector<std::string> family, alias, geo_regions;
  std::string version, status, flavor, license, zip, description;
  bool species_direct = false;
  bool commercial_use = false;  // absent = false (the cautious reading)
  std::string detector_gate_class, geo_scope, geo_locality, developer, owner, ai4g_relationship, reference;
  std::string link_url;          // where the owner publishes it, for link-only entries ("" otherwise)
  std::optional<ZenodoFile> file;  // from the Zenodo record, once applied

  // False when the catalogue marks the entry as not hosted in the Zenodo bundle (see link_only()).
  bool hosted = true;

  // Link-only entries: the catalogue lists the model but the bundle does not carry its ZIP;
  // people fetch it from its owner. Catalogue v0.29.0 has none; v0.30.0 is said to mark some
  // (MDV5a, for one) but its exact form is not known here, so every plausible form counts:
  //   status = "link_only" | "link-only" | "external"
  //   hosting = "link" | "link_only" | "link-only" | "external"
  //   hosted = false
  // The parser sets `hosted` from these and `link_url` from a `url`, `link` or `download_url`
  // key, else from the first http(s) address inside `reference`. A link-only entry needs no `zip`.
  bool link_only() const;
};

struct SparrowCatalog {
  std::string schema_version, record, concept_doi, version;  // record/concept_doi/version from [zenodo]
  std::vector<CatalogEntry> models;

  // Exact id first, then an alias (ids a model was known by before); case-sensitive. nullptr if none.
  const CatalogEntry* find(std::string_view id_or_alias) const;
};

// Parses catalog.toml. Errors are for people and name the entry and field, e.g.
// "SPARROW catalogue, model 'MDV5a' (line 40): 'license' must be a string."; TOML syntax
// errors give the line and column.
Result<SparrowCatalog> parse_sparrow_catalog(std::string_view toml_text);

// Applies Zenodo's /api/records/<id> JSON:
//   {"id": 22018132, "files": [{"key": "camera_trap__detector__X.zip", "size": 123, "checksum": "md5:abc..."}]}
// Also accepted: the older shape whose files carry "filename" / "filesize" (and a bare MD5 as
// "checksum") or only "links" ({"self"|"content"|"download": ".../files/<name>[/content]"}), and
// "files" as {"entries": [...]} or {"entries": {"<name>": {...}}}. Sets entry.file for every
// entry whose zip is in the record (and clears it for the others); returns how many got one.
// Errors, leaving the catalogue unchanged, when the JSON does not parse, has no file list, or
// its record id ("id", or "recid") is missing or differs from catalog.record.
Result<int> apply_zenodo_record(SparrowCatalog& catalog, std::string_view record_json);

// The first http:// or https:// address in free text, without trailing punctuation; "" if none.
std::string first_http_url(std::string_view text);

}  // namespace wl
