// The MegaDetector JSON writer and reader on synthetic runs: rounding, reviewer decisions,
// failures, thresholds, the app's own members, tolerance and error messages.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include "core/results/md_json_reader.h"
#include "core/results/md_json_writer.h"
#include "sample_runs.h"

namespace {

using nlohmann::json;

json write_json(const wl::RunResults& run, wl::MdJsonWriteOptions options = {}) {
  auto text = wl::write_md_json(run, options);
  INFO((text.ok() ? std::string() : text.error().message));
  REQUIRE(text.ok());
  return json::parse(*text);
}

const json& image_named(const json& doc, const std::string& file) {
  for (const auto& image : doc["images"])
    if (image["file"] == file) return image;
  FAIL("no image " << file);
  throw std::logic_error("unreachable");
}

wl::Result<wl::RunResults> read_text(const std::string& text) { return wl::read_md_json(std::string_view(text)); }

}  // namespace

TEST_CASE("MD JSON: info carries the detector, its thresholds, the classifier and the app", "[results][md_json]") {
  json doc = write_json(wl::test::sample_run());
  const json& info = doc["info"];
  CHECK(info["format_version"] == "1.5");
  CHECK(info["detector"] == "md_v5a.0.0.onnx");
  CHECK(info["detection_completion_time"] == "2026-11-26 18:00:00");
  CHECK(info["detector_metadata"]["megadetector_version"] == "v5a.0.0");
  CHECK(info["detector_metadata"]["typical_detection_threshold"] == 0.2);
  CHECK(info["detector_metadata"]["conservative_detection_threshold"] == 0.05);
  CHECK(info["detector_metadata"]["image_size"] == 1280);
  CHECK(info["detector_metadata"]["confidence_threshold"] == 0.005);
  CHECK(info["detector_metadata"]["nms_iou_threshold"] == 0.45);
  CHECK(info["model_sha256"].get<std::string>().size() == 64);
  CHECK(info["classifier"] == "speciesnet-v4.0.1a");
  CHECK(info["classifier_metadata"]["typical_classification_threshold"] == 0.65);
  CHECK(info["classifier_metadata"]["classification_threshold"] == 0.65);  // none given: the typical one
  CHECK(info["export_thresholds"] == json({{"detection", 0.005}, {"classification", 0.65}}));
  CHECK(info["app"] == "CamTrap Studio");
  CHECK(doc["detection_categories"] == json({{"1", "animal"}, {"2", "person"}, {"3", "vehicle"}}));
  CHECK(doc["classification_categories"] == json({{"0", "fox"}, {"1", "elk"}, {"2", "wolf"}}));
}

TEST_CASE("MD JSON: classification_categories appear only when used", "[results][md_json]") {
  wl::RunResults run = wl::test::sample_run();
  run.classification_categories.clear();
  // Classifications whose ids the run does not name: the ids stand in for the names.
  CHECK(write_json(run)["classification_categories"] == json({{"0", "0"}, {"1", "1"}, {"2", "2"}}));
  for (auto& image : run.images)
    for (auto& det : image.detections) det.classifications.clear();
  CHECK_FALSE(write_json(run).contains("classification_categories"));
}

TEST_CASE("MD JSON: values are rounded as MegaDetector rounds them, or kept in full", "[results][md_json]") {
  wl::RunResults run = wl::test::sample_run();
  json rounded = write_json(run);
  const json& det = image_named(rounded, "site1/IMG_0001.JPG")["detections"][0];
  CHECK(det["conf"] == 0.926);
  CHECK(det["bbox"] == json({0.1235, 0.25, 0.3333, 0.5}));
  CHECK(det["classifications"] == json::parse(R"([["2", 0.901], ["0", 0.071], ["1", 0.028]])"));
  CHECK(image_named(rounded, "site1/IMG_0001.JPG")["label"]["conf"] == 0.877);

  wl::MdJsonWriteOptions full;
  full.exp.full_precision = true;
  json full_doc = write_json(run, full);
  const json& exact = image_named(full_doc, "site1/IMG_0001.JPG")["detections"][0];
  CHECK(exact["conf"] == 0.926457);
  CHECK(exact["bbox"] == json({0.123456789, 0.25, 0.333333333, 0.4999999}));
}

TEST_CASE("MD JSON: a confidence of 1 is written as a float, as the format's validator requires", "[results][md_json]") {
  wl::MdJsonWriteOptions one_line;
  one_line.indent = -1;
  auto text = wl::write_md_json(wl::test::sample_run(), one_line);
  REQUIRE(text.ok());
  CHECK(text->find("\"conf\":1.0") != std::string::npos);
  CHECK(text->find("\"bbox\":[0.0,0.0,1.0,1.0]") != std::string::npos);
}

TEST_CASE("MD JSON: classifications are written highest first even when stored out of order", "[results][md_json]") {
  wl::RunResults run = wl::test::sample_run();
  auto& list = run.images[0].detections[0].classifications;
  std::swap(list[0], list[2]);
  json doc = write_json(run);
  const json& det = image_named(doc, "site1/IMG_0001.JPG")["detections"][0];
  CHECK(det["classifications"][0][0] == "2");
  CHECK(det["classifications"][2][0] == "1");
}

TEST_CASE("MD JSON: reviewer decisions are exported", "[results][md_json]") {
  json doc = write_json(wl::test::sample_run());
  const json& dets = image_named(doc, "site1/IMG_0001.JPG")["detections"];
  REQUIRE(dets.size() == 3);  // the rejected vehicle is gone
  CHECK(dets[0].contains("reviewed") == false);
  CHECK(dets[1]["category"] == "2");  // relabelled from animal to person
  CHECK(dets[1]["reviewed"] == "changed");
  CHECK(dets[1]["original_category"] == "1");
  CHECK(dets[2]["reviewed"] == "accepted");
  for (const auto& det : dets) CHECK(det["category"] != "3");

  wl::MdJsonWriteOptions keep;
  keep.exp.include_rejected = true;
  json kept = write_json(wl::test::sample_run(), keep);
  const json& all = image_named(kept, "site1/IMG_0001.JPG")["detections"];
  REQUIRE(all.size() == 4);
  CHECK(all[2]["category"] == "3");
  CHECK(all[2]["reviewed"] == "rejected");
}

TEST_CASE("MD JSON: empty images have [] and failed ones a failure with null detections", "[results][md_json]") {
  json doc = write_json(wl::test::sample_run());
  const json& empty = image_named(doc, "site1/IMG_0002.JPG");
  CHECK(empty["detections"] == json::array());
  CHECK_FALSE(empty.contains("failure"));
  const json& failed = image_named(doc, "site1/broken.jpg");
  CHECK(failed["failure"] == "the file is not a JPEG or PNG image");
  CHECK(failed["detections"].is_null());
}

TEST_CASE("MD JSON: the confidence threshold applies at write time", "[results][md_json]") {
  wl::RunResults run = wl::test::sample_run();
  const std::string awkward = run.images[3].file;
  // Default: the run's own output threshold (0.005) drops the 0.0049 box.
  CHECK(image_named(write_json(run), awkward)["detections"].size() == 1);

  wl::MdJsonWriteOptions strict;
  strict.exp.min_conf = 0.95;
  json doc = write_json(run, strict);
  CHECK(doc["info"]["detector_metadata"]["confidence_threshold"] == 0.95);
  CHECK(image_named(doc, awkward)["detections"].size() == 1);  // conf 1.0 stays
  const json& first = image_named(doc, "site1/IMG_0001.JPG")["detections"];
  // The 0.926 wolf falls; the relabelled and the accepted boxes stay: a person vouched for them.
  REQUIRE(first.size() == 2);
  CHECK(first[0]["reviewed"] == "changed");
  CHECK(first[1]["reviewed"] == "accepted");

  wl::MdJsonWriteOptions all;
  all.exp.min_conf = 0.0;
  CHECK(image_named(write_json(run, all), awkward)["detections"].size() == 2);
}

TEST_CASE("MD JSON: EXIF, labels, sequences and video frames are written, GPS only on request", "[results][md_json]") {
  wl::RunResults run = wl::test::sample_run();
  json doc = write_json(run);
  const json& a = image_named(doc, "site1/IMG_0001.JPG");
  CHECK(a["width"] == 2048);
  CHECK(a["height"] == 1536);
  CHECK(a["datetime"] == "2010-08-19T18:24:57");
  CHECK(a["exif"]["make"] == "RECONYX");
  CHECK(a["exif"]["model"] == "HC500");
  CHECK_FALSE(a["exif"].contains("gps"));
  CHECK(a["seq_id"] == "site1#0001");
  CHECK(a["frame_num"] == 0);
  CHECK(a["seq_num_frames"] == 3);
  CHECK(a["label"]["name"] == "wolf");
  CHECK(a["label"]["source"] == "speciesnet-v4.0.1a");
  CHECK(image_named(doc, run.images[3].file)["warning"] == run.images[3].warning);

  const json& video = image_named(doc, "site2/CLIP0001.MP4");
  CHECK(video["frame_rate"] == 29.97);
  CHECK(video["frames_processed"] == json({0, 30, 60}));
  CHECK(video["detections"][0]["frame_number"] == 30);

  wl::MdJsonWriteOptions with_gps;
  with_gps.exp.include_gps = true;
  json gps_doc = write_json(run, with_gps);
  const json& gps = image_named(gps_doc, "site1/IMG_0001.JPG")["exif"]["gps"];
  CHECK(gps["latitude"] == -2.3333);
  CHECK(gps["longitude"] == 34.8333);
  CHECK(gps["altitude"] == 1520.5);
}

TEST_CASE("MD JSON: the app's own save file reads back to the same run", "[results][md_json]") {
  wl::RunResults run = wl::test::sample_run();
  wl::MdJsonWriteOptions save;
  save.exp.full_precision = true;
  save.exp.include_rejected = true;
  save.exp.include_gps = true;
  save.exp.min_conf = 0.0;
  auto text = wl::write_md_json(run, save);
  REQUIRE(text.ok());
  auto again = read_text(*text);
  REQUIRE(again.ok());
  CHECK(again->format_version == "1.5");
  CHECK(again->info_extra.at("app") == "\"CamTrap Studio\"");
  again->format_version.clear();
  again->info_extra.clear();
  // The model's saved threshold is the one written (0.0), so restore it before comparing.
  CHECK(again->detector.output_threshold == 0.0);
  again->detector.output_threshold = run.detector.output_threshold;
  for (std::size_t i = 0; i < run.images.size(); ++i) {
    INFO(run.images[i].file);
    CHECK(again->images[i] == run.images[i]);
  }
  CHECK(*again == run);
}

TEST_CASE("MD JSON: members from other tools survive reading and writing", "[results][md_json]") {
  const std::string text = R"({
    "info": {"format_version": "1.4", "detector": "md_v5b.0.0.pt", "summary_report": "<p>hi</p>",
             "detector_metadata": {"megadetector_version": "v5b.0.0", "tiled": false}},
    "detection_categories": {"1": "animal"},
    "scene_notes": {"kept": [1, 2]},
    "images": [{"file": "a.jpg", "location": "cam 7",
                "detections": [{"category": "1", "conf": 0.5, "bbox": [0, 0, 0.5, 0.5], "tracker_id": 12}]}]})";
  auto run = read_text(text);
  REQUIRE(run.ok());
  CHECK(run->info_extra.at("summary_report") == "\"<p>hi</p>\"");
  CHECK(run->detector.metadata_extra.at("tiled") == "false");
  CHECK(run->extra.at("scene_notes") == R"({"kept":[1,2]})");
  CHECK(run->images[0].extra.at("location") == "\"cam 7\"");
  CHECK(run->images[0].detections[0].extra.at("tracker_id") == "12");

  json doc = write_json(*run);
  CHECK(doc["info"]["summary_report"] == "<p>hi</p>");
  CHECK(doc["info"]["detector_metadata"]["tiled"] == false);
  CHECK(doc["scene_notes"] == json::parse(R"({"kept": [1, 2]})"));
  CHECK(doc["images"][0]["location"] == "cam 7");
  CHECK(doc["images"][0]["detections"][0]["tracker_id"] == 12);
}

TEST_CASE("MD JSON reader tolerates what older and other tools write", "[results][md_json]") {
  const std::string text = R"({
    "images": [
      {"file": "a.jpg", "max_detection_conf": "0.9",
       "detections": [{"category": 1, "conf": "0.9", "bbox": ["0.1", 0.2, 0.3, 0.4],
                       "classifications": [["4", 0.1], [7, "0.8"]]}]},
      {"file": "b.jpg", "failure": null, "detections": []},
      {"file": "c.jpg"},
      {"file": "d.jpg", "failure": "Failure image access"}]})";
  auto run = read_text(text);
  INFO((run.ok() ? std::string() : run.error().message));
  REQUIRE(run.ok());
  CHECK(run->format_version.empty());
  CHECK(run->detection_categories == wl::megadetector_default_categories());
  REQUIRE(run->images.size() == 4);
  const auto& det = run->images[0].detections.at(0);
  CHECK(det.category == "1");
  CHECK(*det.conf == 0.9);
  CHECK(det.bbox == wl::NormBox{0.1, 0.2, 0.3, 0.4});
  REQUIRE(det.classifications.size() == 2);
  CHECK(det.classifications[0] == wl::Classification{"7", 0.8});  // sorted, highest first
  CHECK_FALSE(run->images[1].failed());
  CHECK_FALSE(run->images[2].failed());
  CHECK(run->images[2].detections.empty());
  CHECK(run->images[3].failed());
  CHECK(*run->images[3].failure == "Failure image access");
}

TEST_CASE("MD JSON reader: format_version may be a number", "[results][md_json]") {
  auto run = read_text(R"({"info": {"format_version": 1.3}, "images": []})");
  REQUIRE(run.ok());
  CHECK(run->format_version == "1.3");
}

TEST_CASE("MD JSON reader explains what is wrong with a file", "[results][md_json]") {
  struct Case {
    std::string text;
    wl::ErrorCode code;
    std::string says;
  };
  const Case cases[] = {
      {"", wl::ErrorCode::Empty, "empty"},
      {"{\"images\": [", wl::ErrorCode::UnsupportedFormat, "not valid JSON"},
      {"file,category\na.jpg,1\n", wl::ErrorCode::UnsupportedFormat, "not valid JSON"},
      {"[1, 2]", wl::ErrorCode::UnsupportedFormat, "top level is a list"},
      {R"({"info": {"format_version": "1.4"}})", wl::ErrorCode::UnsupportedFormat, "no \"images\" list"},
      {R"({"images": [], "annotations": [], "categories": []})", wl::ErrorCode::UnsupportedFormat, "COCO Camera Traps"},
      {R"({"images": {}})", wl::ErrorCode::Corrupt, "images should be a list, but it is an object"},
      {R"({"images": [{"detections": []}]})", wl::ErrorCode::Corrupt, "images[0] has no file name"},
      {R"({"images": [{"file": 7}]})", wl::ErrorCode::Corrupt, "images[0].file should be text, but it is a number (7)"},
      {R"({"images": [{"file": "x.jpg", "detections": [{"category": "1", "conf": "high", "bbox": [0,0,1,1]}]}]})",
       wl::ErrorCode::Corrupt, "images[0] (x.jpg).detections[0].conf should be a number, but it is a string (\"high\")"},
      {R"({"images": [{"file": "x.jpg", "detections": [{"category": "1", "conf": 0.5, "bbox": [0,0,1]}]}]})",
       wl::ErrorCode::Corrupt, "detections[0].bbox should be a list of 4 numbers"},
      {R"({"images": [{"file": "x.jpg", "detections": [{"conf": 0.5, "bbox": [0,0,1,1]}]}]})", wl::ErrorCode::Corrupt,
       "detections[0] has no category"},
      {R"({"images": [{"file": "x.jpg", "detections": {}}]})", wl::ErrorCode::Corrupt, "detections should be a list"},
      {R"({"detection_categories": {"1": 5}, "images": []})", wl::ErrorCode::Corrupt,
       "detection_categories.1 should be text"},
      {R"({"info": "v5", "images": []})", wl::ErrorCode::Corrupt, "info should be an object"},
      {R"({"images": [{"file": "x.jpg", "width": 10.5}]})", wl::ErrorCode::Corrupt, "width should be a whole number"},
      {R"({"images": [{"file": "x.jpg", "detections": [{"category": "1", "conf": 0.5, "bbox": [0,0,1,1], "reviewed": "maybe"}]}]})",
       wl::ErrorCode::Corrupt, "reviewed should be accepted, rejected or changed"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto run = read_text(c.text);
    REQUIRE_FALSE(run.ok());
    CHECK(run.error().code == c.code);
    CHECK_THAT(run.error().message, Catch::Matchers::Contains(c.says));
  }
}

TEST_CASE("MD JSON writer refuses numbers JSON cannot hold", "[results][md_json]") {
  wl::RunResults run = wl::test::sample_run();
  run.images[0].detections[0].conf = std::numeric_limits<double>::quiet_NaN();
  auto text = wl::write_md_json(run);
  REQUIRE_FALSE(text.ok());
  CHECK_THAT(text.error().message, Catch::Matchers::Contains("detection 1 of \"site1/IMG_0001.JPG\""));
}

TEST_CASE("MD JSON writer keeps a file name with invalid UTF-8 readable", "[results][md_json]") {
  wl::RunResults run;
  run.detection_categories = wl::megadetector_default_categories();
  wl::ImageRecord image;
  image.file = std::string("caf\xe9.jpg");  // Latin-1, as old zip files store it
  run.images.push_back(image);
  auto text = wl::write_md_json(run);
  REQUIRE(text.ok());
  auto again = read_text(*text);
  REQUIRE(again.ok());
  CHECK(again->images[0].file == "caf\xEF\xBF\xBD.jpg");  // U+FFFD in place of the bad byte
}

TEST_CASE("MD JSON: unicode and awkward file names round-trip unchanged", "[results][md_json]") {
  wl::RunResults run = wl::test::sample_run();
  auto text = wl::write_md_json(run);
  REQUIRE(text.ok());
  auto again = read_text(*text);
  REQUIRE(again.ok());
  CHECK(again->images[3].file == run.images[3].file);
}

TEST_CASE("MD JSON: max_detection_conf for older tools, only on request", "[results][md_json]") {
  wl::RunResults run = wl::test::sample_run();
  json plain = write_json(run);
  CHECK_FALSE(image_named(plain, "site1/IMG_0001.JPG").contains("max_detection_conf"));
  run.images[0].detections[2].conf = 0.99;  // the rejected box scores highest
  wl::MdJsonWriteOptions old_tools;
  old_tools.max_detection_conf = true;
  json doc = write_json(run, old_tools);
  CHECK(image_named(doc, "site1/IMG_0001.JPG")["max_detection_conf"] == 0.926);  // the rejected 0.99 does not count
  CHECK(image_named(doc, "site1/IMG_0002.JPG")["max_detection_conf"] == 0.0);
  CHECK_FALSE(image_named(doc, "site1/broken.jpg").contains("max_detection_conf"));
  // Reading it back drops it again: it is derived data.
  auto again = read_text(doc.dump());
  REQUIRE(again.ok());
  CHECK(again->images[0].extra.count("max_detection_conf") == 0);
}

// The rules of MegaDetector's validate_batch_results.py (format 1.3 and later), checked on
// our output: what Timelapse and MegaDetector's postprocessing rely on.
TEST_CASE("MD JSON output satisfies the format validator's rules", "[results][md_json]") {
  wl::RunResults run = wl::test::sample_run();
  for (bool full : {false, true}) {
    wl::MdJsonWriteOptions options;
    options.exp.full_precision = full;
    json doc = write_json(run, options);
    REQUIRE(doc["info"].is_object());
    REQUIRE(doc["info"]["format_version"].is_string());
    CHECK(std::stod(doc["info"]["format_version"].get<std::string>()) >= 1.3);
    REQUIRE(doc["detection_categories"].is_object());
    for (auto it = doc["detection_categories"].begin(); it != doc["detection_categories"].end(); ++it) {
      CHECK(std::stoi(it.key()) >= 0);
      CHECK(it.value().is_string());
    }
    for (auto it = doc["classification_categories"].begin(); it != doc["classification_categories"].end(); ++it)
      CHECK(std::stoi(it.key()) >= 0);
    REQUIRE(doc["images"].is_array());
    for (const auto& image : doc["images"]) {
      INFO(image["file"].get<std::string>());
      REQUIRE(image["file"].is_string());
      if (image.contains("failure") && !image["failure"].is_null()) {
        CHECK(image["failure"].is_string());
        CHECK(image["detections"].is_null());
        continue;
      }
      REQUIRE(image["detections"].is_array());
      const std::string file = image["file"];
      const bool video = file.size() > 4 && file.substr(file.size() - 4) == ".MP4";
      if (video) CHECK(image["frame_rate"].get<double>() > 0);
      for (const auto& det : image["detections"]) {
        CHECK(det["category"].is_string());
        CHECK(doc["detection_categories"].contains(det["category"].get<std::string>()));
        CHECK(det["conf"].is_number_float());
        REQUIRE(det["bbox"].is_array());
        CHECK(det["bbox"].size() == 4);
        if (video) CHECK(det["frame_number"].is_number_integer());
        for (const auto& c : det.value("classifications", json::array())) {
          CHECK(c[0].is_string());
          CHECK(std::stoi(c[0].get<std::string>()) >= 0);
          CHECK(c[1].is_number());
        }
      }
    }
  }
}

TEST_CASE("MD JSON reader accepts a file that starts with a UTF-8 byte-order mark", "[results][md_json]") {
  auto run = read_text("\xEF\xBB\xBF{\"images\": [{\"file\": \"a.jpg\", \"detections\": []}]}");
  REQUIRE(run.ok());
  CHECK(run->images.size() == 1);
}

TEST_CASE("MD JSON: the thresholds an export applied are written, and not read back into the run",
          "[results][md_json][species]") {
  const wl::RunResults run = wl::test::species_run();
  wl::MdJsonWriteOptions options;
  options.exp.min_conf = 0.2;
  options.exp.min_classification_conf = 0.3;
  json doc = write_json(run, options);
  CHECK(doc["info"]["export_thresholds"] == json({{"detection", 0.2}, {"classification", 0.3}}));
  CHECK(doc["info"]["detector_metadata"]["confidence_threshold"] == 0.2);
  CHECK(doc["info"]["classifier_metadata"]["classification_threshold"] == 0.3);
  CHECK(doc["info"]["classifier_metadata"]["typical_classification_threshold"] == 0.5);
  CHECK(image_named(doc, "faint.jpg")["detections"] == json::array());
  // The classifications are the model's whatever the threshold: readers apply their own.
  CHECK(image_named(doc, "unsure.jpg")["detections"][0]["classifications"] ==
        json::parse(R"([["2", 0.4], ["3", 0.35], ["1", 0.2]])"));

  auto back = read_text(doc.dump());
  REQUIRE(back.ok());
  CHECK(back->info_extra.count("export_thresholds") == 0);
  CHECK(back->classifier.metadata_extra.empty());
  CHECK(back->classifier.typical_threshold == 0.5);

  wl::RunResults plain = wl::test::sample_run();
  plain.classifier = {};
  plain.classification_categories.clear();
  for (auto& image : plain.images)
    for (auto& det : image.detections) det.classifications.clear();
  json no_species = write_json(plain);
  CHECK(no_species["info"]["export_thresholds"] == json({{"detection", 0.005}}));
  CHECK_FALSE(no_species["info"].contains("classifier_metadata"));
  plain.detector.output_threshold.reset();
  CHECK(write_json(plain)["info"]["export_thresholds"] == json({{"detection", 0.0}}));
}

TEST_CASE("MD JSON: a reviewer's species is written as the classification, the model's list beside it",
          "[results][md_json][species]") {
  const wl::RunResults run = wl::test::species_run();
  json doc = write_json(run);
  CHECK(doc["classification_categories"] ==
        json({{"1", "lion"}, {"2", "leopard"}, {"3", "cheetah"}, {"4", "unknown"}, {"5", "aardwolf"}}));
  CHECK(doc["info"]["classifier"] == "AI4G-Serengeti.onnx");
  CHECK(doc["info"]["classification_completion_time"] == "2026-11-27 09:05:00");

  const json& reviewed = image_named(doc, "reviewed.jpg")["detections"];
  CHECK(reviewed[0]["classifications"] == json::parse(R"([["2", 1.0]])"));
  CHECK(reviewed[0]["original_classifications"] == json::parse(R"([["1", 0.8], ["2", 0.1]])"));
  CHECK_FALSE(reviewed[0].contains("reviewed"));  // the box itself was not reviewed
  CHECK(reviewed[1]["classifications"] == json::parse(R"([["1", 0.99]])"));
  CHECK_FALSE(reviewed[1].contains("original_classifications"));

  const json& named = image_named(doc, "named.jpg")["detections"][0];
  CHECK(named["classifications"] == json::parse(R"([["5", 1.0]])"));
  CHECK(named["original_classifications"] == json::array());
  CHECK(named["reviewed"] == "accepted");

  const json& lion = image_named(doc, "lion.jpg")["detections"];
  CHECK(lion[0]["classifications"] == json::parse(R"([["1", 0.91], ["2", 0.05], ["3", 0.01]])"));
  CHECK_FALSE(lion[1].contains("classifications"));

  auto back = read_text(doc.dump());
  REQUIRE(back.ok());
  const auto& dets = back->images[wl::test::image_index(*back, "reviewed.jpg")].detections;
  CHECK(dets[0].review.species == "2");
  CHECK(dets[0].classifications == std::vector<wl::Classification>{{"1", 0.8}, {"2", 0.1}});
  CHECK(dets[0].extra.empty());
  CHECK(dets[1].review.species.empty());
  const auto& n = back->images[wl::test::image_index(*back, "named.jpg")].detections[0];
  CHECK(n.review == wl::Review{wl::ReviewState::Accepted, "", "5"});
  CHECK(n.classifications.empty());
}

TEST_CASE("MD JSON: the app's own save file keeps species, reviews and a reviewer's new species",
          "[results][md_json][species]") {
  wl::RunResults run = wl::test::species_run();
  // A species typed by the reviewer: a new classification category, on a relabelled box.
  run.classification_categories["6"] = "honey badger";
  auto& relabelled = run.images[wl::test::image_index(run, "unsure.jpg")].detections[0];
  relabelled.review = wl::Review{wl::ReviewState::Relabelled, "2", "6"};
  wl::MdJsonWriteOptions save;
  save.exp.full_precision = true;
  save.exp.include_rejected = true;
  save.exp.include_gps = true;
  save.exp.min_conf = 0.0;
  auto text = wl::write_md_json(run, save);
  REQUIRE(text.ok());
  const json doc = json::parse(*text);
  CHECK(doc["classification_categories"]["6"] == "honey badger");
  const json& det = image_named(doc, "unsure.jpg")["detections"][0];
  CHECK(det["category"] == "2");
  CHECK(det["original_category"] == "1");
  CHECK(det["classifications"] == json::parse(R"([["6", 1.0]])"));
  // A rejected box keeps its reviewer's species too.
  run.images[wl::test::image_index(run, "rejected.jpg")].detections[0].review.species = "3";
  text = wl::write_md_json(run, save);
  REQUIRE(text.ok());

  auto again = read_text(*text);
  REQUIRE(again.ok());
  again->format_version.clear();
  again->info_extra.erase("app");
  again->info_extra.erase("app_version");
  CHECK(again->detector.output_threshold == 0.0);
  again->detector.output_threshold = run.detector.output_threshold;
  for (std::size_t i = 0; i < run.images.size(); ++i) {
    INFO(run.images[i].file);
    CHECK(again->images[i] == run.images[i]);
  }
  CHECK(again->classifier == run.classifier);
  CHECK(*again == run);

  // The per-image records of the session store, too.
  for (const auto& image : run.images) {
    wl::MdJsonWriteOptions record;
    record.exp = save.exp;
    auto one = wl::write_md_image_json(image, record);
    REQUIRE(one.ok());
    auto read = wl::read_md_image_json(*one);
    REQUIRE(read.ok());
    CHECK(*read == image);
  }
}

TEST_CASE("MD JSON: a classification id the run does not name is written with its id as name",
          "[results][md_json][species]") {
  wl::RunResults run = wl::test::species_run();
  run.images[0].detections[0].classifications.push_back({"9", 0.001});
  json doc = write_json(run);
  CHECK(doc["classification_categories"]["9"] == "9");
  CHECK(doc["classification_categories"].size() == 6);
}
