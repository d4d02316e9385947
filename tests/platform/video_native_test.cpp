// Clips through the native side of the video seam (Debian's ffprobe and ffmpeg, run as
// processes) and the same batch driver the page uses: probed, sampled, each sampled frame
// decoded and letterboxed as an image's pixels would be, and the outcomes assembled into one
// record in the MegaDetector video convention. Needs /usr/bin/ffmpeg (scripts/setup).
#include <catch.hpp>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "core/pipeline/batch_driver.h"
#include "core/pipeline/classifier_setup.h"
#include "core/video/clip_assembly.h"
#include "core/video/frame_sampling.h"
#include "fixtures.h"
#include "platform/native/ffmpeg_cli.h"
#include "platform/prepare_service.h"
#include "platform/video_probe.h"
#include "replay_engine.h"

using namespace wl;
using namespace wl::platform;

namespace {

bool have_ffmpeg() { return std::system("ffmpeg -version >/dev/null 2>&1 && ffprobe -version >/dev/null 2>&1") == 0; }

std::string clip_path(const std::string& name) { return test::fixture_path("videos/zamba_fixtures/" + name); }

Result<VideoInfo> probe(const std::string& path) {
  VideoProbe probe;
  const int job = probe.start(0, path);
  auto out = probe.poll(job);
  REQUIRE(out);
  return std::move(*out);
}

// YOLOv10 end-to-end rows [1, 1, 6] in network pixels: one animal box in every frame.
std::vector<TensorF32> one_box() {
  return {TensorF32{"output0", ElementType::Float32, {1, 1, 6}, {100, 100, 300, 300, 0.8f, 0}}};
}

// Steps `driver` over every frame of `clip` (its feed) until the clip has all its outcomes;
// returns the crops classified. Each frame must come back as a frame, without failing.
int run_clip(BatchDriver& driver, ClipAssembler& clip, const std::string& path, double& now, InferenceEngine& detector,
             InferenceEngine* classifier) {
  const BatchDriver::Feed feed = [&]() -> std::optional<BatchItem> {
    auto frame = clip.next_frame();
    if (!frame) return std::nullopt;
    return BatchItem{0, 0, path, std::move(frame)};
  };
  int crops = 0;
  for (int i = 0; i < 20000 && !clip.complete(); ++i) {
    now += 1;
    driver.step(feed, detector, classifier);
    for (DriverUpdate& u : driver.take_updates())
      if (u.kind == DriverUpdateKind::Finished) {
        REQUIRE(u.frame_number);
        CHECK_FALSE(u.image->detections.failure);
        crops += u.image->crops;
        clip.add(*u.frame_number, std::move(u.image->record));
      }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE(clip.complete());
  return crops;
}

}  // namespace

TEST_CASE("native video: the fixture clips are described as ffprobe states them", "[video][native-video]") {
  if (!have_ffmpeg()) {
    WARN("Debian's ffmpeg is not installed: run scripts/setup");
    return;
  }
  struct Expected {
    const char* file;
    int width, height;
    double fps;
  };
  for (const Expected& e : {Expected{"benjamin_04250002_106x60_30fps.MP4", 106, 60, 30},
                            Expected{"chimpandsee_PICT0146_106x60_1fps.AVI", 106, 60, 1},
                            Expected{"grumeti_09190048_Hyena_80x60_30fps.AVI", 80, 60, 30},
                            Expected{"densepose_chimp_320x180.mp4", 320, 180, 0}}) {
    auto info = probe(clip_path(e.file));
    INFO(e.file);
    REQUIRE(info.ok());
    CHECK(info->width == e.width);
    CHECK(info->height == e.height);
    if (e.fps > 0) CHECK(info->frame_rate == Approx(e.fps));
    CHECK(info->frame_count > 0);
  }
  auto asf = probe(clip_path("chimpandsee_PICT0074_msmpeg4v3.ASF"));
  REQUIRE(asf.ok());
  CHECK(asf->codec == "msmpeg4v3");
  auto not_video = probe(test::fixture_path("README.md"));
  CHECK_FALSE(not_video.ok());
}

TEST_CASE("native video: a clip through the batch driver becomes one record with frame numbers", "[video][native-video]") {
  if (!have_ffmpeg()) {
    WARN("Debian's ffmpeg is not installed: run scripts/setup");
    return;
  }
  const std::string path = clip_path("grumeti_09100029_Eland_106x60_30fps.MP4");
  auto info = probe(path);
  REQUIRE(info.ok());
  CHECK(info->frame_rate == 18);  // despite its name
  CHECK(info->frame_count == 541);
  CHECK(sample_frames(*info, FrameSampling{})[1] == 6);  // about 3 a second
  FrameSampling few;  // each native decode reads the clip from its start: keep the test short
  few.max_frames = 6;
  std::vector<int> sampled = sample_frames(*info, few);
  REQUIRE(sampled.size() == 6);
  CHECK(sampled.back() == 540);
  ClipAssembler clip(*info, sampled);

  ModelEntry detector = test::fixture_model_entry("mdv6-yolov10n-c-nc3-bncalib-dynamic");
  auto pipeline = DetectionPipeline::create(detector, {.input_size = 640, .threshold = 0.05f, .keep_image = false});
  REQUIRE(pipeline.ok());
  RunBuilder builder(detector, RunDescription{"det.onnx", "", 640, 0.05f});
  PrepareService preparer;
  test::ReplayEngine engine;
  engine.outputs = one_box();
  double now = 0;
  BatchDriver driver(std::move(*pipeline), builder, std::nullopt, preparer, [&] { return now; });
  run_clip(driver, clip, path, now, engine, nullptr);
  ImageRecord record = clip.record("grumeti.MP4");
  CHECK(record.frames_processed == sampled);
  CHECK(record.frame_rate == Approx(18));
  REQUIRE(record.detections.size() == sampled.size());
  for (std::size_t i = 0; i < sampled.size(); ++i) CHECK(record.detections[i].frame_number == sampled[i]);
  // Each frame's own pixels went in: the Eland moves, so consecutive inputs differ.
  REQUIRE(engine.inputs.size() == sampled.size());
  CHECK(engine.inputs[0] != engine.inputs[1]);
  // ... and they are the letterbox of ffmpeg's RGB frame, as for an image of those pixels.
  VideoFrameRequest second{sampled[1], {}, info->frame_rate, 0, info->width, info->height};
  auto pixels = ffmpeg_decode_frame(path, second);
  REQUIRE(pixels.ok());
  PreparedInput expected = prepare_decoded(std::move(*pixels), driver.pipeline().prepare_spec());
  CHECK(expected.tensor == engine.inputs[1]);
}

TEST_CASE("native video: a clip's boxes are classified from the frame they are in", "[video][native-video]") {
  if (!have_ffmpeg()) {
    WARN("Debian's ffmpeg is not installed: run scripts/setup");
    return;
  }
  const std::string path = clip_path("densepose_chimp_320x180.mp4");
  auto info = probe(path);
  REQUIRE(info.ok());
  FrameSampling two;
  two.max_frames = 2;
  ClipAssembler clip(*info, sample_frames(*info, two));
  ModelEntry detector = test::fixture_model_entry("mdv6-yolov10n-c-nc3-bncalib-dynamic");
  auto classifier_entry = parse_model_entry(R"({"id": "c", "task": "classifier", "family": "test", "input": {"sizes": [32]},
                                                "licence": "MIT", "scores": "probabilities", "classes": ["dark", "bright"]})");
  REQUIRE(classifier_entry.ok());
  const std::vector<TensorInfo> inputs{TensorInfo{"input", ElementType::Float32, {1, 3, 32, 32}, {}}};
  const std::vector<TensorInfo> outputs{TensorInfo{"output", ElementType::Float32, {1, 2}, {}}};
  auto setup = make_classifier_setup(*classifier_entry, detector, inputs, outputs);
  REQUIRE(setup.ok());
  auto pipeline = DetectionPipeline::create(detector, {.input_size = 640, .threshold = 0.05f, .keep_image = false});
  REQUIRE(pipeline.ok());
  RunBuilder builder(detector, RunDescription{"det.onnx", "", 640, 0.05f});
  builder.set_classifier(setup->model, "cls.onnx");
  PrepareService preparer;
  test::ReplayEngine det, cls;
  det.outputs = one_box();
  cls.outputs = {TensorF32{"output", ElementType::Float32, {1, 2}, {0.2f, 0.8f}}};
  double now = 0;
  BatchDriver driver(std::move(*pipeline), builder, *setup, preparer, [&] { return now; });
  const int crops = run_clip(driver, clip, path, now, det, &cls);
  CHECK(crops == 2);               // one box in each of the two frames
  REQUIRE(cls.inputs.size() == 2);  // each crop cut from its own frame's pixels
  CHECK(cls.inputs[0] != cls.inputs[1]);
  ImageRecord record = clip.record("chimp.mp4");
  REQUIRE(record.detections.size() == 2);
  for (const DetectionRecord& d : record.detections) {
    REQUIRE_FALSE(d.classifications.empty());
    CHECK(d.classifications.front().conf == Approx(0.8));
  }
}

TEST_CASE("native video: a frame past the end of the clip fails as a value", "[video][native-video]") {
  if (!have_ffmpeg()) {
    WARN("Debian's ffmpeg is not installed: run scripts/setup");
    return;
  }
  VideoFrameRequest late{100000, {}, 30, 0, 106, 60};
  auto frame = ffmpeg_decode_frame(clip_path("benjamin_04250002_106x60_30fps.MP4"), late);
  REQUIRE_FALSE(frame.ok());
  CHECK(frame.error().message.find("not in the clip") != std::string::npos);
}
