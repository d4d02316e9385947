#include <catch.hpp>
#include <map>

#include "core/models/sparrow_catalog.h"
#include "fixtures.h"

using namespace wl;

namespace {

// SPARROW's catalogue as copied into ../shared/sparrow (never into this repository).
std::string catalog_text() { return test::read_text_file(std::string(WL_FIXTURES_DIR) + "/../sparrow/catalog.toml"); }

const SparrowCatalog& real_catalog() {
  static const SparrowCatalog c = [] {
    auto r = parse_sparrow_catalog(catalog_text());
    if (!r.ok()) FAIL(r.error().message);
    return std::move(r).value();
  }();
  return c;
}

const char* kHead = R"(schema_version = "1.1"
[zenodo]
record = "42"
version = "9.9.9"
)";

std::string model(const std::string& body) {
  return "\n[[model]]\nid = \"m\"\ndomain = \"camera_trap\"\ntask = \"detector\"\nformat = \"onnx\"\n"
         "license = \"MIT\"\nzip = \"camera_trap__detector__m.zip\"\n" +
         body;
}

std::string error_of(const std::string& toml) {
  auto r = parse_sparrow_catalog(toml);
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("sparrow catalog: the real catalogue parses", "[sparrow_catalog]") {
  const auto& c = real_catalog();
  CHECK(c.models.size() == 75);
  CHECK(c.record == "22018132");
  CHECK(c.version == "0.29.0");
  CHECK(c.concept_doi == "10.5281/zenodo.20348978");
  CHECK(c.schema_version == "1.1");

  std::map<std::string, int> domain, task, format, camera_task;
  int commercial = 0;
  for (const auto& m : c.models) {
    ++domain[m.domain];
    ++task[m.task];
    ++format[m.format];
    if (m.domain == "camera_trap") ++camera_task[m.task];
    commercial += m.commercial_use ? 1 : 0;
    CHECK_FALSE(m.link_only());  // v0.29.0 hosts everything
    CHECK(m.link_url.empty());
    CHECK_FALSE(m.file.has_value());
    CHECK(m.zip == m.domain + "__" + m.task + "__" + m.id + ".zip");
  }
  // As in model-zoo-catalogue.md.
  CHECK(domain["camera_trap"] == 48);
  CHECK(domain["acoustics"] == 11);
  CHECK(domain["overhead"] == 6);
  CHECK(domain["marine_imagery"] == 6);
  CHECK(domain["general"] == 4);
  CHECK(camera_task["detector"] == 21);
  CHECK(camera_task["classifier"] == 27);
  CHECK(task["detector"] == 37);
  CHECK(task["classifier"] == 33);
  CHECK(task["encoder"] == 4);
  CHECK(task["cascade"] == 1);
  CHECK(format["onnx"] == 69);
  CHECK(format["tflite"] == 5);
  CHECK(format["cascade"] == 1);
  CHECK(commercial == 61);
}

TEST_CASE("sparrow catalog: spot checks", "[sparrow_catalog]") {
  const auto& c = real_catalog();
  const CatalogEntry* md = c.find("MDV6-yolov10-c");
  REQUIRE(md);
  CHECK(md->domain == "camera_trap");
  CHECK(md->task == "detector");
  CHECK(md->format == "onnx");
  CHECK(md->display_name == "MDV6-yolov10-c");  // no display_name: the id
  CHECK(md->family == std::vector<std::string>{"MegaDetector"});
  CHECK(md->version == "v6");
  CHECK(md->status == "active");
  CHECK(md->license == "AGPL-3.0");
  CHECK(md->zip == "camera_trap__detector__MDV6-yolov10-c.zip");
  CHECK_FALSE(md->species_direct);
  CHECK(md->commercial_use);
  CHECK(md->detector_gate_class == "animal");
  CHECK(md->geo_scope == "global");
  CHECK(md->geo_regions.empty());
  CHECK(md->ai4g_relationship == "first_party");
  CHECK(has(md->reference, "https://doi.org/10.5281/zenodo.15398270"));

  const CatalogEntry* nc = c.find("central-india");
  REQUIRE(nc);
  CHECK(nc->task == "classifier");
  CHECK(nc->license == "CC-BY-NC-4.0");
  CHECK_FALSE(nc->commercial_use);
  CHECK(nc->display_name == "central-india-Addax");
  CHECK(nc->geo_scope == "regional");
  CHECK(nc->geo_regions == std::vector<std::string>{"south_asia"});
  CHECK(nc->geo_locality == "Central India");
  CHECK(nc->owner == "Wildlife Conservation Trust, India");
  CHECK(nc->family == std::vector<std::string>{"AddaxAI", "SpeciesNet"});

  const CatalogEntry* tfl = c.find("MDV6-yolov10-c-tflite");
  REQUIRE(tfl);
  CHECK(tfl->format == "tflite");
  CHECK(tfl->flavor == "tflite-fp16");

  // Alias lookup: MDV5a was "Species_Net_MDV5a" before v0.10.0.
  const CatalogEntry* old = c.find("Species_Net_MDV5a");
  REQUIRE(old);
  CHECK(old->id == "MDV5a");
  CHECK(c.find("MDV5a") == old);
  CHECK(c.find("mdv5a") == nullptr);  // case-sensitive
  CHECK(c.find("") == nullptr);
  CHECK(c.find("no-such-model") == nullptr);
}

TEST_CASE("sparrow catalog: link-only entries, in every form", "[sparrow_catalog]") {
  SECTION("status") {
    for (const char* s : {"link_only", "link-only", "external"}) {
      auto r = parse_sparrow_catalog(std::string(kHead) + model(std::string("status = \"") + s +
                                                                "\"\nreference = \"Owner; https://example.org/m.\"\n"));
      REQUIRE(r.ok());
      CHECK(r->models[0].link_only());
      CHECK(r->models[0].link_url == "https://example.org/m");
    }
  }
  SECTION("hosting key") {
    for (const char* s : {"link", "link_only", "external"}) {
      auto r = parse_sparrow_catalog(std::string(kHead) + model(std::string("hosting = \"") + s +
                                                                "\"\nurl = \"https://owner.example/x.onnx\"\n"));
      REQUIRE(r.ok());
      CHECK(r->models[0].link_only());
      CHECK(r->models[0].link_url == "https://owner.example/x.onnx");
    }
    auto hosted = parse_sparrow_catalog(std::string(kHead) + model("hosting = \"zenodo\"\n"));
    REQUIRE(hosted.ok());
    CHECK_FALSE(hosted->models[0].link_only());
  }
  SECTION("hosted = false, link and download_url, no zip") {
    std::string body =
        "\n[[model]]\nid = \"a\"\ndomain = \"camera_trap\"\ntask = \"detector\"\nformat = \"onnx\"\nlicense = \"MIT\"\n"
        "hosted = false\nlink = \"https://a.example/\"\n"
        "\n[[model]]\nid = \"b\"\ndomain = \"camera_trap\"\ntask = \"detector\"\nformat = \"onnx\"\nlicense = \"MIT\"\n"
        "hosted = false\ndownload_url = \"https://b.example/b.zip\"\nreference = \"see http://other.example\"\n"
        "\n[[model]]\nid = \"c\"\ndomain = \"camera_trap\"\ntask = \"detector\"\nformat = \"onnx\"\nlicense = \"MIT\"\n"
        "hosted = true\nzip = \"c.zip\"\nreference = \"https://c.example\"\n";
    auto r = parse_sparrow_catalog(std::string(kHead) + body);
    REQUIRE(r.ok());
    CHECK(r->models[0].link_only());
    CHECK(r->models[0].zip.empty());
    CHECK(r->models[0].link_url == "https://a.example/");
    CHECK(r->models[1].link_url == "https://b.example/b.zip");
    CHECK_FALSE(r->models[2].link_only());
    CHECK(r->models[2].link_url.empty());  // only link-only entries get one
  }
  SECTION("a CatalogEntry built in code") {
    CatalogEntry e;
    CHECK_FALSE(e.link_only());
    e.status = "external";
    CHECK(e.link_only());
  }
  SECTION("unknown keys are ignored") {
    auto r = parse_sparrow_catalog(std::string(kHead) + model("future_key = [1, 2]\n[model.sub]\nx = 1\n"));
    REQUIRE(r.ok());
    CHECK(r->models[0].id == "m");
  }
}

TEST_CASE("sparrow catalog: first_http_url", "[sparrow_catalog]") {
  CHECK(first_http_url("MegaDetector v5; https://github.com/agentmorris/MegaDetector/releases/tag/v5.0") ==
        "https://github.com/agentmorris/MegaDetector/releases/tag/v5.0");
  CHECK(first_http_url("a, https://doi.org/10.57967/hf/5765, https://huggingface.co/x.") == "https://doi.org/10.57967/hf/5765");
  CHECK(first_http_url("(see http://x.example/a)") == "http://x.example/a");
  CHECK(first_http_url("no address here").empty());
}

TEST_CASE("sparrow catalog: bad catalogues give errors naming the entry and field", "[sparrow_catalog]") {
  SECTION("TOML syntax error: line and column") {
    std::string msg = error_of("schema_version = \"1.1\"\n[zenodo]\nrecord = \n");
    CHECK(has(msg, "not valid TOML"));
    CHECK(has(msg, "line 3"));
  }
  SECTION("unterminated string further down") {
    std::string msg = error_of(std::string(kHead) + model("description = \"oops\n"));
    CHECK(has(msg, "line 13"));
  }
  SECTION("missing [zenodo]") { CHECK(has(error_of(model("")), "'zenodo' is missing")); }
  SECTION("missing record") { CHECK(has(error_of("[zenodo]\nversion = \"1\"\n" + model("")), "'record' is missing")); }
  SECTION("record as an integer is fine") {
    auto r = parse_sparrow_catalog("[zenodo]\nrecord = 22018132\n" + model(""));
    REQUIRE(r.ok());
    CHECK(r->record == "22018132");
  }
  SECTION("no models") { CHECK(has(error_of(kHead), "'model' is missing")); }
  SECTION("missing id") {
    std::string msg = error_of(std::string(kHead) + "\n[[model]]\ndomain = \"camera_trap\"\n");
    CHECK(has(msg, "model #1"));
    CHECK(has(msg, "'id' is missing"));
  }
  SECTION("wrong type names the entry, the field and the line") {
    std::string msg = error_of(std::string(kHead) + model("commercial_use = \"yes\"\n"));
    CHECK(msg == "SPARROW catalogue, model 'm' (line 13): 'commercial_use' must be true or false.");
  }
  SECTION("license not a string") {
    std::string msg = error_of(std::string(kHead) + "\n[[model]]\nid = \"x\"\ndomain = \"camera_trap\"\ntask = \"detector\"\n"
                                                    "format = \"onnx\"\nlicense = 3\nzip = \"x.zip\"\n");
    CHECK(has(msg, "model 'x'"));
    CHECK(has(msg, "'license' must be a string"));
  }
  SECTION("family with a number") {
    CHECK(has(error_of(std::string(kHead) + model("family = [\"a\", 2]\n")), "'family' must be a list of strings"));
  }
  SECTION("missing zip on a hosted entry") {
    std::string msg = error_of(std::string(kHead) + "\n[[model]]\nid = \"x\"\ndomain = \"camera_trap\"\ntask = \"detector\"\n"
                                                    "format = \"onnx\"\nlicense = \"MIT\"\n");
    CHECK(has(msg, "model 'x'"));
    CHECK(has(msg, "'zip' is missing"));
  }
  SECTION("duplicate id") { CHECK(has(error_of(std::string(kHead) + model("") + model("")), "appears twice")); }
}

TEST_CASE("sparrow catalog: applying a Zenodo record", "[sparrow_catalog]") {
  SparrowCatalog c = real_catalog();
  const std::string record = R"({
    "id": 22018132, "doi": "10.5281/zenodo.22018132",
    "files": [
      {"id": "f1", "key": "camera_trap__detector__MDV6-yolov10-c.zip", "size": 9123456,
       "checksum": "md5:0123456789ABCDEF0123456789abcdef",
       "links": {"self": "https://zenodo.org/api/records/22018132/files/camera_trap__detector__MDV6-yolov10-c.zip/content"}},
      {"id": "f2", "key": "camera_trap__classifier__central-india.zip", "size": 250000000, "checksum": "sha256:00"},
      {"id": "f3", "key": "not_in_the_catalogue.zip", "size": 1}
    ]})";
  auto n = apply_zenodo_record(c, record);
  REQUIRE(n.ok());
  CHECK(*n == 2);
  const CatalogEntry* md = c.find("MDV6-yolov10-c");
  REQUIRE(md->file);
  CHECK(md->file->size == 9123456);
  CHECK(md->file->md5 == "0123456789abcdef0123456789abcdef");
  const CatalogEntry* ci = c.find("central-india");
  REQUIRE(ci->file);
  CHECK(ci->file->size == 250000000);
  CHECK(ci->file->md5.empty());  // not an MD5
  CHECK_FALSE(c.find("MDV5a")->file);

  SECTION("the older shape: filename / filesize / bare md5, or only links; id as a string") {
    const std::string legacy = R"({"id": "22018132", "files": [
      {"filename": "camera_trap__detector__MDV5a.zip", "filesize": 281000000, "checksum": "ffffffffffffffffffffffffffffffff"},
      {"links": {"download": "https://zenodo.org/records/22018132/files/camera_trap__detector__MDV5b.zip"}, "size": 5}
    ]})";
    auto m = apply_zenodo_record(c, legacy);
    REQUIRE(m.ok());
    CHECK(*m == 2);
    REQUIRE(c.find("MDV5a")->file);
    CHECK(c.find("MDV5a")->file->size == 281000000);
    CHECK(c.find("MDV5a")->file->md5 == "ffffffffffffffffffffffffffffffff");
    REQUIRE(c.find("MDV5b")->file);
    CHECK(c.find("MDV5b")->file->size == 5);
    CHECK_FALSE(c.find("MDV6-yolov10-c")->file);  // re-applying replaces the earlier record's files
  }
  SECTION("files as {entries: {name: {...}}}") {
    auto m = apply_zenodo_record(
        c, R"({"id": 22018132, "files": {"enabled": true, "entries": {"camera_trap__detector__MDV5a.zip": {"size": 7}}}})");
    REQUIRE(m.ok());
    CHECK(*m == 1);
    CHECK(c.find("MDV5a")->file->size == 7);
  }
  SECTION("errors leave the catalogue as it was") {
    auto bad = apply_zenodo_record(c, "{\"id\": 22018132, \"files\": [");
    REQUIRE_FALSE(bad.ok());
    CHECK(has(bad.error().message, "not valid JSON"));

    auto wrong = apply_zenodo_record(c, R"({"id": 20348978, "files": []})");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().message == "The Zenodo record is 20348978, but the SPARROW catalogue v0.29.0 names record 22018132.");

    auto no_id = apply_zenodo_record(c, R"({"files": []})");
    REQUIRE_FALSE(no_id.ok());
    CHECK(has(no_id.error().message, "no record id"));

    auto no_files = apply_zenodo_record(c, R"({"id": 22018132})");
    REQUIRE_FALSE(no_files.ok());

    REQUIRE(c.find("MDV6-yolov10-c")->file);  // still the first record's
  }
}
