#include "core/models/zoo_offer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <optional>
#include <set>
#include <tuple>

namespace wl {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// Splits on a word operator (" AND ", " OR ") in any case.
std::vector<std::string> split_operator(std::string_view text, std::string_view op) {
  std::vector<std::string> parts;
  std::string up = upper(text);
  std::string needle = " " + std::string(op) + " ";
  std::size_t start = 0;
  for (std::size_t at = up.find(needle); at != std::string::npos; at = up.find(needle, start)) {
    parts.push_back(trim(text.substr(start, at - start)));
    start = at + needle.size();
  }
  parts.push_back(trim(text.substr(start)));
  return parts;
}

bool contains(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }
bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// What one licence (or a compound of them) asks of the person using the model.
enum class Kind { PublicDomain = 0, Permissive = 1, Attribution = 2, WeakCopyleft = 3, Copyleft = 4, NetworkCopyleft = 5 };

struct Terms {
  bool nc = false, sa = false, nd = false, unknown = false, none = false;
  Kind kind = Kind::PublicDomain;  // for the one-click reason: the strictest kind of free licence
  std::vector<std::string> restricting;  // the parts that carry the restrictions above

  int score() const { return (none || unknown ? 16 : 0) + (nc ? 8 : 0) + (nd ? 4 : 0) + (sa ? 2 : 0); }
};

Terms classify_part(const std::string& raw) {
  Terms t;
  std::string part;
  for (char ch : raw)
    if (ch != '(' && ch != ')') part.push_back(ch);
  part = trim(part);
  std::string u = upper(part);
  if (auto with = u.find(" WITH "); with != std::string::npos) u = u.substr(0, with);  // SPDX exceptions
  if (u.empty()) {
    t.none = true;
  } else if (starts_with(u, "CC-BY") || starts_with(u, "CC BY")) {
    t.kind = Kind::Attribution;
    t.nc = contains(u, "-NC") || contains(u, " NC");
    t.sa = contains(u, "-SA") || contains(u, " SA");
    t.nd = contains(u, "-ND") || contains(u, " ND");
  } else if (starts_with(u, "CC0") || u == "UNLICENSE" || u == "PDDL-1.0" || u == "PUBLIC DOMAIN") {
    t.kind = Kind::PublicDomain;
  } else if (starts_with(u, "AGPL")) {
    t.kind = Kind::NetworkCopyleft;
  } else if (starts_with(u, "GPL")) {
    t.kind = Kind::Copyleft;
  } else if (starts_with(u, "LGPL") || starts_with(u, "MPL") || starts_with(u, "EPL")) {
    t.kind = Kind::WeakCopyleft;
  } else if (starts_with(u, "MIT") || starts_with(u, "APACHE") || starts_with(u, "BSD") || starts_with(u, "0BSD") ||
             u == "ISC" || u == "ZLIB" || u == "BSL-1.0") {
    t.kind = Kind::Permissive;
  } else if (contains(u, "NONCOMMERCIAL") || contains(u, "NON-COMMERCIAL") || contains(u, "NON COMMERCIAL")) {
    t.nc = true;
    t.unknown = true;
  } else {
    t.unknown = true;
  }
  if (t.score() > 0) t.restricting.push_back(part.empty() ? raw : part);
  return t;
}

// SPDX-style: AND binds tighter than OR. AND -> every part applies (the strictest wins);
// OR -> the licensee may pick, so the most permissive alternative.
Terms classify_licence(const std::string& licence) {
  std::optional<Terms> best;
  for (const auto& alternative : split_operator(licence, "OR")) {
    Terms all;
    for (const auto& part : split_operator(alternative, "AND")) {
      Terms t = classify_part(part);
      all.nc |= t.nc;
      all.sa |= t.sa;
      all.nd |= t.nd;
      all.unknown |= t.unknown;
      all.none |= t.none;
      all.kind = std::max(all.kind, t.kind);
      all.restricting.insert(all.restricting.end(), t.restricting.begin(), t.restricting.end());
    }
    if (!best || all.score() < best->score() || (all.score() == best->score() && all.kind < best->kind)) best = all;
  }
  return *best;
}

const char* kind_terms(Kind k) {
  switch (k) {
    case Kind::PublicDomain: return "public domain, no conditions";
    case Kind::Permissive: return "permissive, free to use commercially; keep the licence notice";
    case Kind::Attribution: return "free to use commercially; credit the authors";
    case Kind::WeakCopyleft: return "free to use commercially; changes to the licensed files must be shared under the same licence";
    case Kind::Copyleft: return "free to use commercially; a modified version you distribute must come with its source";
    case Kind::NetworkCopyleft:
      return "free to use commercially; a modified version you distribute or run as a service must come with its source";
  }
  return "";
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::string domain_phrase(const std::string& domain) {
  if (domain == "acoustics") return "sound recordings (acoustics)";
  if (domain == "overhead") return "overhead (aerial and drone) imagery";
  if (domain == "marine_imagery") return "underwater imagery";
  if (domain == "general") return "general use (image embeddings)";
  if (domain.empty()) return "no stated domain";
  std::string s = domain;
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string domain_group(const std::string& domain) {
  if (domain == "acoustics") return "Acoustics";
  if (domain == "overhead") return "Overhead imagery";
  if (domain == "marine_imagery") return "Marine imagery";
  if (domain == "general") return "General";
  std::string s = domain.empty() ? "Other" : domain;
  std::replace(s.begin(), s.end(), '_', ' ');
  s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// Menu regions, in menu order.
constexpr std::array<const char*, 9> kRegions = {"Global", "Europe", "North America", "South America", "Africa", "Asia",
                                                 "Australia & New Zealand", "Several regions", "Other regions"};

std::string slug(std::string_view s) {
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
    else if (!out.empty() && out.back() != '_') out.push_back('_');
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

// A region slug ("south_america", "east_africa", "neotropics") -> continent-level menu region, or "".
std::string continent_of(const std::string& s) {
  auto has = [&](std::string_view k) { return s.find(k) != std::string::npos; };
  if (s.empty()) return {};
  if (s == "global" || s == "worldwide" || s == "world") return "Global";
  if (has("europe")) return "Europe";
  if (has("south_america") || has("neotropic") || has("latin_america") || has("central_america") || has("caribbean") ||
      has("amazon") || has("andes"))
    return "South America";
  if (has("america") || has("usa") || has("canada") || has("mexico") || has("hawaii") || has("united_states"))
    return "North America";
  if (has("africa") || has("madagascar")) return "Africa";
  if (has("australia") || has("new_zealand") || has("oceania") || has("tasmania")) return "Australia & New Zealand";
  if (has("asia") || has("india") || has("japan") || has("china") || has("nepal") || has("iran") || has("middle_east"))
    return "Asia";
  return {};
}

std::string region_of(const CatalogEntry& e) {
  if (e.geo_scope == "global" || e.geo_scope == "foundational") return "Global";
  std::set<std::string> found;
  for (const auto& r : e.geo_regions)
    if (auto c = continent_of(slug(r)); !c.empty()) found.insert(c);
  if (found.empty() && !e.geo_locality.empty()) {
    std::string_view loc = e.geo_locality;
    for (std::string_view sep : {"\xE2\x80\x94", " - ", ","})  // an em dash, " - ", ","
      if (auto at = loc.find(sep); at != std::string_view::npos) loc = loc.substr(0, at);
    if (auto c = continent_of(slug(loc)); !c.empty()) found.insert(c);
  }
  if (found.size() == 1) return *found.begin();
  if (found.size() > 1) return "Several regions";
  if (e.geo_scope.empty() && e.geo_regions.empty() && e.geo_locality.empty()) return "Global";
  return "Other regions";
}

std::string task_group(const std::string& task) {
  if (task == "detector") return "Detectors";
  if (task == "classifier") return "Classifiers";
  if (task == "encoder") return "Encoders";
  if (task == "cascade") return "Cascades";
  return "Other models";
}

int task_rank(const std::string& task) { return task == "detector" ? 0 : task == "classifier" ? 1 : 2; }

int region_rank(const std::string& region) {
  for (std::size_t i = 0; i < kRegions.size(); ++i)
    if (region == kRegions[i]) return static_cast<int>(i);
  return static_cast<int>(kRegions.size());
}

std::string strip_base(std::string_view base) {
  if (!base.empty() && base.back() == '/') base.remove_suffix(1);
  return std::string(base);
}

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

}  // namespace

const char* to_string(ZooOffer offer) {
  switch (offer) {
    case ZooOffer::OneClick: return "one-click";
    case ZooOffer::AfterTerms: return "after-terms";
    case ZooOffer::LinkOnly: return "link-only";
    case ZooOffer::NotOffered: return "not-offered";
  }
  return "?";
}

ZooOfferDecision zoo_offer(const CatalogEntry& e) {
  using Z = ZooOffer;
  if (e.domain != "camera_trap") return {Z::NotOffered, "This model is for " + domain_phrase(e.domain) + ", not camera traps."};
  if (e.format == "tflite")
    return {Z::NotOffered, "TFLite models are for phones (sparrow-engine-mobile); this page runs ONNX."};
  if (e.format == "cascade" || e.task == "cascade")
    return {Z::NotOffered, "A cascade is a recipe that chains other models and has no weights of its own; this page runs single models."};
  if (e.task == "encoder")
    return {Z::NotOffered, "An encoder gives image embeddings, not detections or species; this page has no use for them yet."};
  if (e.format != "onnx")
    return {Z::NotOffered, "The '" + e.format + "' format is not one this page can run; it runs ONNX."};
  if (e.task != "detector" && e.task != "classifier")
    return {Z::NotOffered, "A '" + e.task + "' model is not one this page can use; it runs detectors and classifiers."};

  if (e.link_only()) {
    std::string where = !e.link_url.empty()   ? "its owner publishes it at " + e.link_url
                        : !e.reference.empty() ? "see its source: " + e.reference
                                               : "the catalogue gives no address for it";
    return {Z::LinkOnly, "Not in the SPARROW bundle; " + where + "."};
  }

  Terms t = classify_licence(e.license);
  std::vector<std::string> terms;
  if (t.none) terms.push_back("the catalogue gives no licence; ask the owner before use");
  if (t.nc || !e.commercial_use) terms.push_back("non-commercial use only");
  if (t.sa) terms.push_back("share-alike: adaptations must carry the same licence");
  if (t.nd) terms.push_back("no derivatives: adapted versions may not be shared");
  if (t.unknown && !t.none) terms.push_back("a licence this page does not know; read its terms");

  if (!terms.empty()) {
    std::string head = "Licence " + (e.license.empty() ? std::string("(none)") : e.license);
    bool compound = split_operator(e.license, "AND").size() > 1 || split_operator(e.license, "OR").size() > 1;
    if (compound && !t.restricting.empty()) head += " (the strictest part: " + join(t.restricting, ", ") + ")";
    if (!t.nc && !e.commercial_use && !t.none) terms[0] += " (the catalogue marks it not for commercial use)";
    return {Z::AfterTerms, head + ": " + join(terms, "; ") + "."};
  }
  return {Z::OneClick, "Licence " + e.license + ": " + kind_terms(t.kind) + "."};
}

std::string zoo_group(const CatalogEntry& e) {
  if (e.domain != "camera_trap") return domain_group(e.domain);
  return task_group(e.task) + " \xE2\x80\x94 " + region_of(e);
}

std::vector<std::string> zoo_menu_groups(const SparrowCatalog& catalog) {
  std::set<std::tuple<int, int, std::string>> groups;
  for (const auto& m : catalog.models) {
    if (zoo_offer(m).offer == ZooOffer::NotOffered) continue;
    groups.emplace(task_rank(m.task), region_rank(region_of(m)), zoo_group(m));
  }
  std::vector<std::string> out;
  for (const auto& g : groups) out.push_back(std::get<2>(g));
  return out;
}

std::string human_size(std::int64_t bytes) {
  if (bytes < 1000) return std::to_string(std::max<std::int64_t>(bytes, 0)) + " B";
  static constexpr std::array<const char*, 5> units = {"KB", "MB", "GB", "TB", "PB"};
  double v = static_cast<double>(bytes) / 1000.0;
  std::size_t u = 0;
  // Move up a unit while the rounded figure would read 1000 or more ("1.0 MB", not "1000 KB").
  while (v >= 999.5 && u + 1 < units.size()) {
    v /= 1000.0;
    ++u;
  }
  char buf[48] = {};
  std::snprintf(buf, sizeof buf, v < 99.95 ? "%.1f %s" : "%.0f %s", v, units[u]);
  return buf;
}

std::string zenodo_record_url(std::string_view base, std::string_view record) {
  return strip_base(base) + "/api/records/" + percent_encode(record);
}

std::string zenodo_content_url(std::string_view base, std::string_view record, std::string_view zip) {
  return zenodo_record_url(base, record) + "/files/" + percent_encode(zip) + "/content";
}

std::string zenodo_page_url(std::string_view base, std::string_view record, std::string_view zip) {
  return strip_base(base) + "/records/" + percent_encode(record) + "/files/" + percent_encode(zip);
}

std::string recommended_detector_id() { return "MDV6-yolov10-c"; }

}  // namespace wl
