#pragma once
// What the web page offers for each SPARROW catalogue entry (sparrow_catalog.h), how its model
// menu is grouped, and the Zenodo addresses the page downloads from.
//
// Zenodo facts (zenodo/zenodo#2593): /api/records/<r>/files/<zip>/content sends CORS headers,
// so a page may fetch it (but it ignores byte ranges); /records/<r>/files/<zip> supports ranges
// but sends no CORS header, so it serves as the address a person's browser downloads from.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/models/sparrow_catalog.h"

namespace wl {

enum class ZooOffer {
  OneClick,    // download and use; the licence is still shown
  AfterTerms,  // the person reads and accepts the licence terms first
  LinkOnly,    // not in the bundle: the page links to where the owner publishes it
  NotOffered,  // not usable by this page (another domain, phone-only format, no weights, ...)
};

struct ZooOfferDecision {
  ZooOffer offer = ZooOffer::NotOffered;
  std::string reason;  // for people, e.g. "TFLite models are for phones (sparrow-engine-mobile); this page runs ONNX."
};

const char* to_string(ZooOffer offer);

// Rules, in order:
//  1. only domain camera_trap is offered;
//  2. format tflite or cascade, task encoder or cascade, or any other format than onnx / task than
//     detector or classifier: NotOffered;
//  3. link_only(): LinkOnly (the reason names link_url, else the reference);
//  4. the licence: non-commercial (commercial_use false, or an NC licence), share-alike (SA),
//     no-derivatives (ND), no licence or one this page does not recognise: AfterTerms, the reason
//     says which terms. A compound "A AND B" takes the strictest part; "A OR B" (the licensee
//     chooses) the most permissive alternative;
//  5. everything else (AGPL, GPL, LGPL, MPL, MIT, BSD, Apache, CC0, CC-BY, ...): OneClick.
ZooOfferDecision zoo_offer(const CatalogEntry& e);

// The menu group, "<Task> — <Region>": "Detectors — Global", "Classifiers — Europe",
// "Classifiers — South America", ... Regions are continent-level (Global, Europe, North America,
// South America, Africa, Asia, Australia & New Zealand), from geo_scope, geo_regions and, when
// those say nothing, the part of geo_locality before " — ". Entries of other domains get their
// domain's name ("Acoustics", "Overhead imagery", ...).
std::string zoo_group(const CatalogEntry& e);

// The distinct groups of the entries the page offers (not NotOffered), in menu order: detectors
// before classifiers, Global first, then the regions in a fixed order.
std::vector<std::string> zoo_menu_groups(const SparrowCatalog& catalog);

// Decimal units: "850 B", "850 KB", "9.1 MB", "1.2 GB" (one decimal below 100, none above).
std::string human_size(std::int64_t bytes);

// `base` is e.g. "https://zenodo.org" (one trailing '/' is dropped). `record` and `zip` are
// percent-encoded where needed (letters, digits, '-', '_', '.', '~' stay).
std::string zenodo_record_url(std::string_view base, std::string_view record);                      // base/api/records/<r>
std::string zenodo_content_url(std::string_view base, std::string_view record, std::string_view zip);  // base/api/records/<r>/files/<zip>/content
std::string zenodo_page_url(std::string_view base, std::string_view record, std::string_view zip);     // base/records/<r>/files/<zip>

// The detector the page suggests first.
std::string recommended_detector_id();  // "MDV6-yolov10-c"

}  // namespace wl
