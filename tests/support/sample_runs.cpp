#include "sample_runs.h"

#include <stdexcept>

namespace wl::test {

RunResults sample_run() {
  RunResults run;
  run.detector.name = "md_v5a.0.0.onnx";
  run.detector.version = "v5a.0.0";
  run.detector.model_sha256 = "94e88fe3e2b4a7a7dbbe0f5c6b0f1b1a2fe36d6c1e3f0b0e1a8d7c6b5a4f3e2d";
  run.detector.typical_threshold = 0.2;
  run.detector.conservative_threshold = 0.05;
  run.detector.output_threshold = 0.005;
  run.detector.nms_iou = 0.45;
  run.detector.input_size = 1280;
  run.detector.completion_time = "2026-11-26 18:00:00";
  run.classifier.name = "speciesnet-v4.0.1a";
  run.classifier.typical_threshold = 0.65;
  run.detection_categories = megadetector_default_categories();
  run.classification_categories = {{"0", "fox"}, {"1", "elk"}, {"2", "wolf"}};

  ImageRecord a;
  a.file = "site1/IMG_0001.JPG";
  a.width = 2048;
  a.height = 1536;
  a.exif = ExifFacts{"2010-08-19T18:24:57", "RECONYX", "HC500", GpsPosition{-2.3333, 34.8333, 1520.5}};
  a.sequence = SequenceInfo{"site1#0001", 0, 3};
  a.label = ImageLabel{"wolf", 0.87654321, "speciesnet-v4.0.1a"};
  DetectionRecord wolf;
  wolf.category = "1";
  wolf.conf = 0.926457;
  wolf.bbox = NormBox{0.123456789, 0.25, 0.333333333, 0.4999999};
  wolf.classifications = {{"2", 0.9012345}, {"0", 0.0712345}, {"1", 0.0275}};
  DetectionRecord person_said_animal;  // a reviewer saw a person where the detector saw an animal
  person_said_animal.category = "1";
  person_said_animal.conf = 0.41234;
  person_said_animal.bbox = NormBox{0.5, 0.51234567, 0.1, 0.2};
  person_said_animal.review = Review{ReviewState::Relabelled, "2"};
  DetectionRecord rejected;
  rejected.category = "3";
  rejected.conf = 0.6;
  rejected.bbox = NormBox{0.9, 0.9, 0.05, 0.05};
  rejected.review = Review{ReviewState::Rejected, ""};
  DetectionRecord low_accepted;  // below the typical threshold, but a reviewer kept it
  low_accepted.category = "1";
  low_accepted.conf = 0.0123;
  low_accepted.bbox = NormBox{0.01, 0.02, 0.03, 0.04};
  low_accepted.review = Review{ReviewState::Accepted, ""};
  a.detections = {wolf, person_said_animal, rejected, low_accepted};
  run.images.push_back(a);

  ImageRecord empty;
  empty.file = "site1/IMG_0002.JPG";
  empty.width = 2048;
  empty.height = 1536;
  empty.exif.datetime = "2010-08-19T18:24:58";
  run.images.push_back(empty);

  ImageRecord failed;
  failed.file = "site1/broken.jpg";
  failed.failure = "the file is not a JPEG or PNG image";
  run.images.push_back(failed);

  ImageRecord awkward;
  awkward.file = "Zoë's \"best\", ünïcödé/=cmd|'/C calc'!A0\nline2 🦊.jpg";
  awkward.width = 640;
  awkward.height = 480;
  awkward.warning = "the file is truncated; the missing part was filled with grey";
  DetectionRecord fox;
  fox.category = "1";
  fox.conf = 0.0049;  // below the run's output threshold: exports drop it
  fox.bbox = NormBox{0.1, 0.1, 0.1, 0.1};
  DetectionRecord fox2;
  fox2.category = "1";
  fox2.conf = 1.0;
  fox2.bbox = NormBox{0.0, 0.0, 1.0, 1.0};
  awkward.detections = {fox, fox2};
  run.images.push_back(awkward);

  ImageRecord video;
  video.file = "site2/CLIP0001.MP4";
  video.width = 1920;
  video.height = 1080;
  video.frame_rate = 29.97;
  video.frames_processed = {0, 30, 60};
  DetectionRecord in_frame;
  in_frame.category = "2";
  in_frame.conf = 0.871;
  in_frame.bbox = NormBox{0.1, 0.2, 0.3, 0.4};
  in_frame.frame_number = 30;
  video.detections = {in_frame};
  run.images.push_back(video);
  return run;
}

namespace {

DetectionRecord detection(const std::string& category, double conf, std::vector<Classification> classes,
                          Review review = {}) {
  DetectionRecord d;
  d.category = category;
  d.conf = conf;
  d.bbox = NormBox{0.1, 0.2, 0.3, 0.4};
  d.classifications = std::move(classes);
  d.review = std::move(review);
  return d;
}

ImageRecord image(const std::string& file, std::vector<DetectionRecord> detections) {
  ImageRecord i;
  i.file = file;
  i.width = 1000;
  i.height = 800;
  i.detections = std::move(detections);
  return i;
}

}  // namespace

RunResults species_run() {
  RunResults run;
  run.detector.name = "MDV6-yolov10-c.onnx";
  run.detector.typical_threshold = 0.2;
  run.detector.output_threshold = 0.005;
  run.detector.completion_time = "2026-11-27 09:00:00";
  run.classifier.name = "AI4G-Serengeti.onnx";
  run.classifier.typical_threshold = 0.5;
  run.classifier.completion_time = "2026-11-27 09:05:00";
  run.detection_categories = megadetector_default_categories();
  run.classification_categories = {{"1", "lion"}, {"2", "leopard"}, {"3", "cheetah"}, {"4", "unknown"}, {"5", "aardwolf"}};
  run.images.push_back(image("lion.jpg", {detection("1", 0.9, {{"1", 0.91}, {"2", 0.05}, {"3", 0.01}}),
                                          detection("2", 0.5, {})}));
  run.images.push_back(image("unsure.jpg", {detection("1", 0.8, {{"2", 0.4}, {"3", 0.35}, {"1", 0.2}})}));
  run.images.push_back(image("reviewed.jpg", {detection("1", 0.7, {{"1", 0.8}, {"2", 0.1}}, Review{ReviewState::Unreviewed, "", "2"}),
                                              detection("1", 0.95, {{"1", 0.99}})}));
  run.images.push_back(image("named.jpg", {detection("1", 0.6, {}, Review{ReviewState::Accepted, "", "5"})}));
  run.images.push_back(image("old_unknown.jpg", {detection("1", 0.85, {{"4", 0.7}, {"3", 0.6}})}));
  run.images.push_back(image("faint.jpg", {detection("1", 0.1, {{"1", 0.95}})}));
  run.images.push_back(image("rejected.jpg", {detection("1", 0.9, {{"2", 0.9}}, Review{ReviewState::Rejected})}));
  run.images.push_back(image("blank.jpg", {}));
  ImageRecord broken = image("broken.jpg", {});
  broken.width.reset();
  broken.height.reset();
  broken.failure = "the file is not a JPEG or PNG image";
  run.images.push_back(broken);
  return run;
}

std::size_t image_index(const RunResults& run, const std::string& file) {
  for (std::size_t i = 0; i < run.images.size(); ++i)
    if (run.images[i].file == file) return i;
  throw std::runtime_error("no image named " + file);
}

}  // namespace wl::test
