#include "core/models/sparrow_catalog.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <toml++/toml.h>
#include <utility>

namespace wl {
namespace {

// Thrown inside this file only and turned into an Error at the public functions: it keeps every
// field check to one line.
struct BadCatalog {
  std::string message;
};

std::string line_of(const toml::node& n) {
  const auto& src = n.source();
  if (src.begin.line == 0) return {};
  return " (line " + std::to_string(src.begin.line) + ")";
}

// Reads one table ([zenodo] or one [[model]]), naming it in every error.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string what) : t_(table), what_(std::move(what)) {}

  [[noreturn]] void fail(const std::string& key, const std::string& problem, const toml::node* at = nullptr) const {
    const toml::node& where = at ? *at : static_cast<const toml::node&>(t_);
    throw BadCatalog{"SPARROW catalogue, " + what_ + line_of(where) + ": '" + key + "' " + problem + "."};
  }

  const toml::node* get(std::string_view key) const { return t_.get(key); }

  std::string string(std::string_view key, bool required) const {
    const toml::node* n = get(key);
    if (!n) {
      if (required) fail(std::string(key), "is missing");
      return {};
    }
    if (const auto* s = n->as_string()) return s->get();
    fail(std::string(key), "must be a string", n);
  }

  // A string, or an integer written without quotes (a Zenodo record id, say).
  std::string string_or_integer(std::string_view key, bool required) const {
    const toml::node* n = get(key);
    if (n && n->is_integer()) return std::to_string(n->as_integer()->get());
    return string(key, required);
  }

  std::optional<bool> boolean(std::string_view key) const {
    const toml::node* n = get(key);
    if (!n) return std::nullopt;
    if (const auto* b = n->as_boolean()) return b->get();
    fail(std::string(key), "must be true or false", n);
  }

  // A list of strings; a single string counts as a list of one.
  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* n = get(key);
    if (!n) return out;
    if (const auto* s = n->as_string()) {
      out.push_back(s->get());
      return out;
    }
    const auto* arr = n->as_array();
    if (!arr) fail(std::string(key), "must be a list of strings", n);
    for (const toml::node& item : *arr) {
      const auto* s = item.as_string();
      if (!s) fail(std::string(key), "must be a list of strings", &item);
      out.push_back(s->get());
    }
    return out;
  }

 private:
  const toml::table& t_;
  std::string what_;
};

bool is_one_of(std::string_view v, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), v) != options.end();
}

bool status_means_link(std::string_view status) { return is_one_of(status, {"link_only", "link-only", "external"}); }

CatalogEntry read_entry(const toml::table& t, std::size_t index) {
  std::string what = "model #" + std::to_string(index + 1);
  TableReader first(t, what);
  CatalogEntry e;
  e.id = first.string("id", true);
  if (e.id.empty()) first.fail("id", "is empty");

  TableReader r(t, "model '" + e.id + "'");
  e.domain = r.string("domain", true);
  e.task = r.string("task", true);
  e.format = r.string("format", true);
  e.display_name = r.string("display_name", false);
  if (e.display_name.empty()) e.display_name = e.id;
  e.family = r.strings("family");
  e.alias = r.strings("alias");
  e.geo_regions = r.strings("geo_regions");
  e.version = r.string("version", false);
  e.status = r.string("status", false);
  e.flavor = r.string("flavor", false);
  e.license = r.string("license", true);
  e.description = r.string("description", false);
  e.species_direct = r.boolean("species_direct").value_or(false);
  e.commercial_use = r.boolean("commercial_use").value_or(false);
  e.detector_gate_class = r.string("detector_gate_class", false);
  e.geo_scope = r.string("geo_scope", false);
  e.geo_locality = r.string("geo_locality", false);
  e.developer = r.string("developer", false);
  e.owner = r.string("owner", false);
  e.ai4g_relationship = r.string("ai4g_relationship", false);
  e.reference = r.string("reference", false);

  // Link-only forms (see sparrow_catalog.h): the v0.30.0 format is not known, so all count.
  bool link = status_means_link(e.status);
  if (const toml::node* h = r.get("hosting")) {
    const auto* s = h->as_string();
    if (!s) r.fail("hosting", "must be a string", h);
    if (is_one_of(s->get(), {"link", "link_only", "link-only", "external"})) link = true;
  }
  if (auto hosted = r.boolean("hosted"); hosted && !*hosted) link = true;
  e.hosted = !link;

  e.zip = r.string("zip", !link);
  if (link) {
    for (const char* key : {"url", "link", "download_url"}) {
      e.link_url = r.string(key, false);
      if (!e.link_url.empty()) break;
    }
    if (e.link_url.empty()) e.link_url = first_http_url(e.reference);
  }
  return e;
}

SparrowCatalog read_catalog(const toml::table& root) {
  SparrowCatalog c;
  TableReader top(root, "top level");
  c.schema_version = top.string_or_integer("schema_version", false);

  const toml::node* z = root.get("zenodo");
  if (!z) top.fail("zenodo", "is missing (the [zenodo] table with the record id)");
  const toml::table* zt = z->as_table();
  if (!zt) top.fail("zenodo", "must be a table", z);
  TableReader zr(*zt, "[zenodo]");
  c.record = zr.string_or_integer("record", true);
  if (c.record.empty()) zr.fail("record", "is empty");
  c.concept_doi = zr.string("concept_doi", false);
  c.version = zr.string("version", false);

  const toml::node* m = root.get("model");
  if (!m) top.fail("model", "is missing (no [[model]] entries)");
  const toml::array* arr = m->as_array();
  if (!arr) top.fail("model", "must be a list of [[model]] tables", m);

  std::set<std::string> ids;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::node& n = *arr->get(i);
    const toml::table* t = n.as_table();
    if (!t) top.fail("model", "entry #" + std::to_string(i + 1) + " must be a table", &n);
    CatalogEntry e = read_entry(*t, i);
    if (!ids.insert(e.id).second) TableReader(*t, "model '" + e.id + "'").fail("id", "appears twice in the catalogue");
    c.models.push_back(std::move(e));
  }
  return c;
}

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

bool is_hex_md5(const std::string& s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)) != 0; });
}

int hex_value(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// ".../files/<name>" or ".../files/<name>/content" -> "<name>".
std::string name_from_link(std::string_view url) {
  auto q = url.find_first_of("?#");
  if (q != std::string_view::npos) url = url.substr(0, q);
  auto at = url.rfind("/files/");
  if (at == std::string_view::npos) return {};
  std::string_view rest = url.substr(at + 7);
  if (auto slash = rest.find('/'); slash != std::string_view::npos) rest = rest.substr(0, slash);
  return percent_decode(rest);
}

using nlohmann::json;

std::string json_string(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::int64_t> json_size(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_unsigned()) return static_cast<std::int64_t>(it->get<std::uint64_t>());
  if (it->is_number_float()) return static_cast<std::int64_t>(it->get<double>());
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    if (!s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      return static_cast<std::int64_t>(std::stoll(s));
  }
  return std::nullopt;
}

struct RecordFile {
  std::string name;
  ZenodoFile file;
};

std::optional<RecordFile> read_record_file(const json& f, const std::string& key_hint) {
  if (!f.is_object()) return std::nullopt;
  RecordFile out;
  out.name = json_string(f, "key");
  if (out.name.empty()) out.name = json_string(f, "filename");
  if (out.name.empty()) {
    auto links = f.find("links");
    if (links != f.end() && links->is_object())
      for (const char* k : {"self", "content", "download"}) {
        out.name = name_from_link(json_string(*links, k));
        if (!out.name.empty()) break;
      }
  }
  if (out.name.empty()) out.name = key_hint;
  if (out.name.empty()) return std::nullopt;
  out.file.size = json_size(f, "size").value_or(json_size(f, "filesize").value_or(0));
  std::string ck = lower(json_string(f, "checksum"));
  if (ck.rfind("md5:", 0) == 0) ck = ck.substr(4);
  out.file.md5 = is_hex_md5(ck) ? ck : std::string();
  return out;
}

}  // namespace

bool CatalogEntry::link_only() const { return !hosted || status_means_link(status); }

const CatalogEntry* SparrowCatalog::find(std::string_view id_or_alias) const {
  for (const auto& m : models)
    if (m.id == id_or_alias) return &m;
  for (const auto& m : models)
    for (const auto& a : m.alias)
      if (a == id_or_alias) return &m;
  return nullptr;
}

std::string first_http_url(std::string_view text) {
  std::size_t best = std::string_view::npos;
  for (std::string_view scheme : {"http://", "https://"}) best = std::min(best, text.find(scheme));
  if (best == std::string_view::npos) return {};
  std::size_t end = best;
  while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != '<' &&
         text[end] != '>' && text[end] != '"')
    ++end;
  std::string url(text.substr(best, end - best));
  while (!url.empty() && std::string_view(".,;:)]'").find(url.back()) != std::string_view::npos) url.pop_back();
  return url;
}

Result<SparrowCatalog> parse_sparrow_catalog(std::string_view toml_text) {
  try {
#if TOML_EXCEPTIONS
    toml::table root;
    try {
      root = toml::parse(toml_text);
    } catch (const toml::parse_error& e) {
      const auto& b = e.source().begin;
      return make_error(ErrorCode::Corrupt, "The SPARROW catalogue is not valid TOML (line " + std::to_string(b.line) +
                                                ", column " + std::to_string(b.column) + "): " +
                                                std::string(e.description()) + ".");
    }
#else
    toml::parse_result parsed = toml::parse(toml_text);
    if (!parsed) {
      const auto& e = parsed.error();
      const auto& b = e.source().begin;
      return make_error(ErrorCode::Corrupt, "The SPARROW catalogue is not valid TOML (line " + std::to_string(b.line) +
                                                ", column " + std::to_string(b.column) + "): " +
                                                std::string(e.description()) + ".");
    }
    const toml::table& root = parsed.table();
#endif
    return read_catalog(root);
  } catch (const BadCatalog& bad) {
    return make_error(ErrorCode::InvalidArgument, bad.message);
  }
}

Result<int> apply_zenodo_record(SparrowCatalog& catalog, std::string_view record_json) {
  json doc = json::parse(record_json.begin(), record_json.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return make_error(ErrorCode::Corrupt, "The Zenodo record is not valid JSON.");

  std::string id;
  for (const char* key : {"id", "recid"}) {
    auto it = doc.find(key);
    if (it == doc.end()) continue;
    if (it->is_string()) id = it->get<std::string>();
    else if (it->is_number_integer()) id = std::to_string(it->get<std::int64_t>());
    if (!id.empty()) break;
  }
  if (id.empty()) return make_error(ErrorCode::Corrupt, "The Zenodo record has no record id.");
  if (id != catalog.record)
    return make_error(ErrorCode::InvalidArgument, "The Zenodo record is " + id + ", but the SPARROW catalogue " +
                                                      (catalog.version.empty() ? "" : "v" + catalog.version + " ") +
                                                      "names record " + catalog.record + ".");

  auto files_it = doc.find("files");
  if (files_it == doc.end()) return make_error(ErrorCode::Corrupt, "The Zenodo record " + id + " lists no files.");
  const json* files = &*files_it;
  if (files->is_object()) {
    auto entries = files->find("entries");
    if (entries == files->end())
      return make_error(ErrorCode::Corrupt, "The Zenodo record " + id + " lists no files.");
    files = &*entries;
  }
  std::vector<RecordFile> found;
  if (files->is_array()) {
    for (const auto& f : *files)
      if (auto rf = read_record_file(f, {})) found.push_back(std::move(*rf));
  } else if (files->is_object()) {
    for (auto it = files->begin(); it != files->end(); ++it)
      if (auto rf = read_record_file(it.value(), it.key())) found.push_back(std::move(*rf));
  } else {
    return make_error(ErrorCode::Corrupt, "The Zenodo record " + id + " has a file list this app cannot read.");
  }

  int applied = 0;
  for (auto& m : catalog.models) {
    m.file.reset();
    if (m.zip.empty()) continue;
    for (const auto& rf : found)
      if (rf.name == m.zip) {
        m.file = rf.file;
        ++applied;
        break;
      }
  }
  return applied;
}

}  // namespace wl
