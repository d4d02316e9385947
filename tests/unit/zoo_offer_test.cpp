#include <catch.hpp>
#include <set>

#include "core/models/sparrow_catalog.h"
#include "core/models/zoo_offer.h"
#include "fixtures.h"

using namespace wl;

namespace {

const SparrowCatalog& real_catalog() {
  static const SparrowCatalog c = [] {
    auto r = parse_sparrow_catalog(test::read_text_file(std::string(WL_FIXTURES_DIR) + "/../sparrow/catalog.toml"));
    if (!r.ok()) FAIL(r.error().message);
    return std::move(r).value();
  }();
  return c;
}

CatalogEntry camera(const std::string& licence, bool commercial = true) {
  CatalogEntry e;
  e.id = "x";
  e.domain = "camera_trap";
  e.task = "classifier";
  e.format = "onnx";
  e.license = licence;
  e.commercial_use = commercial;
  e.zip = "camera_trap__classifier__x.zip";
  return e;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("zoo offer: every camera-trap entry of the real catalogue", "[zoo_offer]") {
  const auto& c = real_catalog();
  int onnx = 0, tflite = 0, after_terms = 0, one_click = 0;
  for (const auto& m : c.models) {
    ZooOfferDecision d = zoo_offer(m);
    INFO(m.id << " (" << m.license << "): " << to_string(d.offer) << " - " << d.reason);
    CHECK_FALSE(d.reason.empty());
    if (m.domain != "camera_trap") {
      CHECK(d.offer == ZooOffer::NotOffered);
      CHECK(has(d.reason, "not camera traps"));
      continue;
    }
    if (m.format == "tflite") {
      ++tflite;
      CHECK(d.offer == ZooOffer::NotOffered);
      CHECK(has(d.reason, "phones"));
      continue;
    }
    REQUIRE(m.format == "onnx");
    ++onnx;
    CHECK(d.offer != ZooOffer::NotOffered);
    CHECK(d.offer != ZooOffer::LinkOnly);  // v0.29.0 hosts everything
    bool restricted = !m.commercial_use || has(m.license, "-NC") || has(m.license, "-SA") || has(m.license, "-ND");
    CHECK(d.offer == (restricted ? ZooOffer::AfterTerms : ZooOffer::OneClick));
    if (has(m.license, "-NC") || !m.commercial_use) CHECK(has(d.reason, "non-commercial use only"));
    if (has(m.license, "-SA")) CHECK(has(d.reason, "share-alike: adaptations must carry the same licence"));
    if (has(m.license, "-ND")) CHECK(has(d.reason, "no derivatives"));
    CHECK(has(d.reason, m.license));  // the licence is always shown
    (d.offer == ZooOffer::AfterTerms ? after_terms : one_click)++;
  }
  CHECK(onnx == 47);
  CHECK(tflite == 1);
  CHECK(after_terms == 14);  // 12 non-commercial + Deepfaune-Europe (CC-BY-SA) + deepfaune-yolo8s (AGPL AND CC-BY-SA)
  CHECK(one_click == 33);

  CHECK(zoo_offer(*c.find("MDV6-yolov10-c")).offer == ZooOffer::OneClick);
  CHECK(zoo_offer(*c.find("tropicam-ai")).reason ==
        "Licence CC-BY-NC-ND-4.0: non-commercial use only; no derivatives: adapted versions may not be shared.");
  // A compound licence takes its strictest part.
  ZooOfferDecision df = zoo_offer(*c.find("deepfaune-yolo8s"));
  CHECK(df.offer == ZooOffer::AfterTerms);
  CHECK(df.reason ==
        "Licence AGPL-3.0 AND CC-BY-SA-4.0 (the strictest part: CC-BY-SA-4.0): share-alike: adaptations must carry the "
        "same licence.");
  CHECK(zoo_offer(*c.find("MDV6-yolov10-c-tflite")).reason ==
        "TFLite models are for phones (sparrow-engine-mobile); this page runs ONNX.");
  CHECK(zoo_offer(*c.find("orca-cascade")).offer == ZooOffer::NotOffered);
  CHECK(zoo_offer(*c.find("bioclip-2")).reason == "This model is for general use (image embeddings), not camera traps.");
  CHECK(zoo_offer(*c.find(recommended_detector_id())).offer == ZooOffer::OneClick);
}

TEST_CASE("zoo offer: licences", "[zoo_offer]") {
  CHECK(zoo_offer(camera("MIT")).offer == ZooOffer::OneClick);
  CHECK(zoo_offer(camera("Apache-2.0")).offer == ZooOffer::OneClick);
  CHECK(zoo_offer(camera("CC0-1.0")).offer == ZooOffer::OneClick);
  CHECK(zoo_offer(camera("CC-BY-4.0")).offer == ZooOffer::OneClick);
  CHECK(zoo_offer(camera("GPL-3.0")).offer == ZooOffer::OneClick);
  CHECK(zoo_offer(camera("AGPL-3.0")).reason ==
        "Licence AGPL-3.0: free to use commercially; a modified version you distribute or run as a service must come "
        "with its source.");
  CHECK(zoo_offer(camera("MIT AND Apache-2.0")).offer == ZooOffer::OneClick);

  CHECK(zoo_offer(camera("CC-BY-NC-4.0", false)).reason == "Licence CC-BY-NC-4.0: non-commercial use only.");
  // The catalogue's flag counts even when the licence name says nothing.
  ZooOfferDecision flagged = zoo_offer(camera("MIT", false));
  CHECK(flagged.offer == ZooOffer::AfterTerms);
  CHECK(has(flagged.reason, "non-commercial use only (the catalogue marks it not for commercial use)"));
  // An NC licence is AfterTerms even if the flag disagrees.
  CHECK(zoo_offer(camera("CC-BY-NC-SA-4.0", true)).reason ==
        "Licence CC-BY-NC-SA-4.0: non-commercial use only; share-alike: adaptations must carry the same licence.");
  CHECK(zoo_offer(camera("CC-BY-ND-4.0")).offer == ZooOffer::AfterTerms);

  ZooOfferDecision compound = zoo_offer(camera("MIT AND CC-BY-NC-SA-4.0", false));
  CHECK(compound.offer == ZooOffer::AfterTerms);
  CHECK(has(compound.reason, "strictest part: CC-BY-NC-SA-4.0"));
  CHECK(has(compound.reason, "non-commercial use only; share-alike"));
  // OR: the licensee chooses, so the permissive alternative.
  CHECK(zoo_offer(camera("MIT OR CC-BY-NC-4.0")).offer == ZooOffer::OneClick);

  ZooOfferDecision custom = zoo_offer(camera("Some Custom Licence"));
  CHECK(custom.offer == ZooOffer::AfterTerms);
  CHECK(has(custom.reason, "does not know"));
  CHECK(zoo_offer(camera("")).offer == ZooOffer::AfterTerms);
}

TEST_CASE("zoo offer: not offered", "[zoo_offer]") {
  CatalogEntry e = camera("MIT");
  e.domain = "acoustics";
  CHECK(zoo_offer(e).reason == "This model is for sound recordings (acoustics), not camera traps.");
  e = camera("MIT");
  e.task = "encoder";
  CHECK(zoo_offer(e).offer == ZooOffer::NotOffered);
  e = camera("MIT");
  e.format = "cascade";
  CHECK(has(zoo_offer(e).reason, "cascade"));
  e = camera("MIT");
  e.format = "coreml";
  CHECK(zoo_offer(e).offer == ZooOffer::NotOffered);
  e = camera("MIT");
  e.task = "segmenter";
  CHECK(zoo_offer(e).offer == ZooOffer::NotOffered);
}

TEST_CASE("zoo offer: link-only entries", "[zoo_offer]") {
  const char* head = "[zenodo]\nrecord = \"1\"\n";
  const char* fields = "domain = \"camera_trap\"\ntask = \"detector\"\nformat = \"onnx\"\nlicense = \"AGPL-3.0\"\n";
  auto parse = [&](const std::string& extra) {
    auto r = parse_sparrow_catalog(std::string(head) + "[[model]]\nid = \"MDV5a\"\n" + fields + extra);
    REQUIRE(r.ok());
    return r->models[0];
  };
  for (const std::string& extra : {std::string("status = \"link_only\"\n"), std::string("status = \"link-only\"\n"),
                                   std::string("status = \"external\"\n"), std::string("hosting = \"link\"\n"),
                                   std::string("hosting = \"external\"\n"), std::string("hosted = false\n")}) {
    INFO(extra);
    CatalogEntry e = parse(extra + "url = \"https://github.com/agentmorris/MegaDetector/releases/tag/v5.0\"\n");
    ZooOfferDecision d = zoo_offer(e);
    CHECK(d.offer == ZooOffer::LinkOnly);
    CHECK(d.reason ==
          "Not in the SPARROW bundle; its owner publishes it at https://github.com/agentmorris/MegaDetector/releases/tag/v5.0.");
  }
  CatalogEntry from_ref = parse("hosted = false\nreference = \"MegaDetector v5; https://example.org/md5\"\n");
  CHECK(zoo_offer(from_ref).reason == "Not in the SPARROW bundle; its owner publishes it at https://example.org/md5.");
  CatalogEntry no_url = parse("hosted = false\nreference = \"Morris et al. 2019\"\n");
  CHECK(zoo_offer(no_url).reason == "Not in the SPARROW bundle; see its source: Morris et al. 2019.");
  // A link-only TFLite model is still not for this page.
  CatalogEntry tfl = parse("hosted = false\n");
  tfl.format = "tflite";
  CHECK(zoo_offer(tfl).offer == ZooOffer::NotOffered);
}

TEST_CASE("zoo offer: menu groups", "[zoo_offer]") {
  const auto& c = real_catalog();
  std::set<std::string> groups;
  std::string listing;
  for (const auto& m : c.models) {
    if (m.domain != "camera_trap") continue;
    groups.insert(zoo_group(m));
    listing += m.id + " -> " + zoo_group(m) + "\n";
  }
  std::vector<std::string> menu = zoo_menu_groups(c);
  std::string menu_text;
  for (const auto& g : menu) menu_text += g + "\n";
  INFO("menu groups:\n" << menu_text << "\nentries:\n" << listing);
  CHECK(groups.size() <= 12);
  CHECK(menu.size() == groups.size());
  CHECK(menu.front() == "Detectors \xE2\x80\x94 Global");
  CHECK(groups.count("Classifiers \xE2\x80\x94 South America"));
  CHECK(zoo_group(*c.find("MDV6-yolov10-c")) == "Detectors \xE2\x80\x94 Global");
  CHECK(zoo_group(*c.find("european_mammals")) == "Detectors \xE2\x80\x94 Europe");
  CHECK(zoo_group(*c.find("Deepfaune-Europe")) == "Classifiers \xE2\x80\x94 Europe");
  CHECK(zoo_group(*c.find("AI4G-Amazon-V2")) == "Classifiers \xE2\x80\x94 South America");
  CHECK(zoo_group(*c.find("tropicam-ai")) == "Classifiers \xE2\x80\x94 South America");  // neotropics
  CHECK(zoo_group(*c.find("AI4G-Serengeti")) == "Classifiers \xE2\x80\x94 Africa");
  CHECK(zoo_group(*c.find("gifu-japan")) == "Classifiers \xE2\x80\x94 Asia");
  CHECK(zoo_group(*c.find("nz-species")) == "Classifiers \xE2\x80\x94 Australia & New Zealand");
  CHECK(zoo_group(*c.find("SpeciesNet-Crop")) == "Classifiers \xE2\x80\x94 Global");
  CHECK(zoo_group(*c.find("hawaii-puaa")) == "Classifiers \xE2\x80\x94 North America");
  CHECK(zoo_group(*c.find("perch-v2")) == "Acoustics");

  // From geo_locality alone, in the "Region — locality" form.
  CatalogEntry e = camera("MIT");
  e.geo_scope = "regional";
  e.geo_locality = "South America \xE2\x80\x94 Amazon basin";
  CHECK(zoo_group(e) == "Classifiers \xE2\x80\x94 South America");
  e.geo_regions = {"europe", "east_africa"};
  CHECK(zoo_group(e) == "Classifiers \xE2\x80\x94 Several regions");
  e.geo_regions = {"atlantis"};
  e.geo_locality.clear();
  CHECK(zoo_group(e) == "Classifiers \xE2\x80\x94 Other regions");
  // Every group string shows in the test output when run with -s.
  SUCCEED("menu groups:\n" + menu_text);
}

TEST_CASE("zoo offer: human_size", "[zoo_offer]") {
  CHECK(human_size(0) == "0 B");
  CHECK(human_size(-5) == "0 B");
  CHECK(human_size(999) == "999 B");
  CHECK(human_size(1000) == "1.0 KB");
  CHECK(human_size(850000) == "850 KB");
  CHECK(human_size(99940) == "99.9 KB");
  CHECK(human_size(99960) == "100 KB");
  CHECK(human_size(999600) == "1.0 MB");  // not "1000 KB"
  CHECK(human_size(9100000) == "9.1 MB");
  CHECK(human_size(281400000) == "281 MB");
  CHECK(human_size(1200000000) == "1.2 GB");
  CHECK(human_size(3000000000000LL) == "3.0 TB");
}

TEST_CASE("zoo offer: Zenodo addresses", "[zoo_offer]") {
  CHECK(zenodo_record_url("https://zenodo.org", "22018132") == "https://zenodo.org/api/records/22018132");
  CHECK(zenodo_record_url("https://zenodo.org/", "22018132") == "https://zenodo.org/api/records/22018132");
  CHECK(zenodo_content_url("https://zenodo.org/", "22018132", "camera_trap__detector__MDV6-yolov10-c.zip") ==
        "https://zenodo.org/api/records/22018132/files/camera_trap__detector__MDV6-yolov10-c.zip/content");
  CHECK(zenodo_page_url("https://zenodo.org", "22018132", "camera_trap__detector__MDV6-yolov10-c.zip") ==
        "https://zenodo.org/records/22018132/files/camera_trap__detector__MDV6-yolov10-c.zip");
  CHECK(zenodo_page_url("http://127.0.0.1:8000/", "1", "a b+c#d%e/f.zip") ==
        "http://127.0.0.1:8000/records/1/files/a%20b%2Bc%23d%25e%2Ff.zip");
  CHECK(zenodo_content_url("http://localhost", "1", "é.zip") == "http://localhost/api/records/1/files/%C3%A9.zip/content");
  CHECK(recommended_detector_id() == "MDV6-yolov10-c");
}
