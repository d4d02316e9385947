// SPARROW model-zoo package manifests (manifest.toml) and labels files -> ModelEntry. The
// manifests below are the complete ones in SPARROW-Engine's own parser tests (manifest.rs) and
// its shipped herdnet.toml, plus variations of them.
#include <catch.hpp>
#include <string>

#include "core/models/manifest_writer.h"
#include "core/models/sparrow_manifest.h"
#include "core/pipeline/prepare_image.h"

using namespace wl;

namespace {

// manifest.rs: test_load_valid_single_shot_manifest
const char* kMdv6 = R"toml(
[model]
id = "megadetector-v6"
format = "onnx"
file = "model.onnx"

[preprocessing]
method = "letterbox"
input_size = [1280, 1280]
layout = "nchw"
normalization = "unit"
pad_value = 0.447

[inference]
strategy = "single"

[postprocessing]
method = "yolo_e2e"
confidence_threshold = 0.2

[labels]
file = "labels.txt"
format = "one_per_line"
)toml";

// manifest.rs: test_load_valid_rtdetr_topk_resize_manifest
const char* kRtdetr = R"toml(
[model]
id = "mdv6-rtdetr"
format = "onnx"
file = "model.onnx"

[preprocessing]
method = "resize"
input_size = [1280, 1280]
layout = "nchw"
normalization = "unit"

[inference]
strategy = "single"

[postprocessing]
method = "rtdetr_topk"
confidence_threshold = 0.25
topk = 300

[labels]
file = "labels.txt"
format = "one_per_line"
)toml";

// manifest.rs: test_softmax_classifier_manifest
const char* kDeepfaune = R"toml(
[model]
id = "deepfaune-v1"
format = "onnx"
file = "deepfaune_v1.onnx"

[preprocessing]
method = "resize"
input_size = [224, 224]
layout = "nchw"
normalization = "imagenet"

[inference]
strategy = "single"

[postprocessing]
method = "softmax"

[labels]
file = "labels.txt"
format = "one_per_line"
)toml";

// SPARROW's shipped herdnet.toml (comments left out).
const char* kHerdnet = R"toml(
[model]
id = "herdnet-general-2022"
format = "onnx"
file = "herdnet.onnx"
file_fp16 = "herdnet_fp16.onnx"
subtype = "overhead"
description = "HerdNet (General Dataset 2022) — overhead / aerial wildlife counting"

[preprocessing]
method = "resize"
input_size = [512, 512]
layout = "nchw"
normalization = "imagenet"

[inference]
strategy = "tiled"
tile_size = [512, 512]
tile_overlap = 0
precision = "fp16"

[postprocessing]
method = "heatmap_peaks"
peak_threshold = 0.2
adaptive = false
point_to_box_half_size = 10

[labels]
file = "herdnet_labels.txt"
format = "name_index_csv"
)toml";

// A MegaDetector v5a package at a non-default size, with everything optional given.
const char* kMdv5a = R"toml(
[model]
id = "MDV5a"
format = "onnx"
file = "md_v5a.onnx"
file_fp16 = "md_v5a_fp16.onnx"
onnx_sha256 = "ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789"
onnx_size_bytes = 560000000
description = "MegaDetector v5a"
display_name = "MegaDetector v5a"
family = ["MegaDetector"]
unknown_key = "ignored"

[preprocessing]
method = "letterbox"
input_size = [960, 960]
layout = "nchw"
normalization = "unit"
channel_order = "bgr"
interpolation = "cv2_bilinear"

[inference]
strategy = "single"
precision = "fp16"

[inference.trt]
mode = "on_demand"

[postprocessing]
method = "megadet_v5a"
confidence_threshold = 0.35
iou_threshold = 0.5

[labels]
file = "labels.txt"
format = "name_index_csv"

[provenance]
developer = "Microsoft AI for Good Lab (AI4G)"
)toml";

// A manifest built from kMdv6 with one line replaced (`from` must occur in it).
std::string edit(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

std::string error_of(const std::string& toml, ErrorCode code) {
  auto r = parse_sparrow_manifest(toml);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == code);
  return r.error().message;
}
std::string refusal(const std::string& toml) { return error_of(toml, ErrorCode::UnsupportedFormat); }
std::string invalid(const std::string& toml) { return error_of(toml, ErrorCode::InvalidArgument); }

bool has(const std::string& message, const std::string& part) { return message.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("sparrow manifest: MegaDetector v6 (yolo_e2e) maps every field", "[sparrow_manifest]") {
  auto r = parse_sparrow_manifest(kMdv6);
  REQUIRE(r.ok());
  const ModelEntry& e = r->entry;
  CHECK(e.id == "megadetector-v6");
  CHECK(e.name == "megadetector-v6");
  CHECK(e.task == ModelTask::Detector);
  CHECK(e.layout == DetectorLayout::YoloV10);
  CHECK(e.family == "yolo-e2e");
  CHECK(e.resize == ResizeMode::Letterbox);
  CHECK(e.rescale == BoxRescale::Ultralytics);
  CHECK(e.input_sizes == std::vector<int>{1280});
  CHECK_FALSE(e.dynamic_hw);
  CHECK(e.stride == 32);
  CHECK(e.pad_value == 114);  // 0.447 * 255 = 113.985
  CHECK(e.mean == std::array<float, 3>{0, 0, 0});
  CHECK(e.std == std::array<float, 3>{1, 1, 1});
  CHECK_FALSE(e.bgr);
  CHECK(e.thresholds.typical == 0.2f);
  CHECK(e.thresholds.conservative == 0.1f);
  CHECK(e.thresholds.candidate == Thresholds{}.candidate);
  CHECK(e.thresholds.nms_iou == Thresholds{}.nms_iou);
  CHECK(e.thresholds.max_det == 300);
  CHECK(e.class_names.empty());  // until the labels are applied
  CHECK(e.notes.empty());
  REQUIRE(e.weights.size() == 1);
  CHECK(e.weights[0].format == "onnx");
  CHECK(e.weights[0].path == "model.onnx");
  CHECK_FALSE(e.weights[0].sha256);
  CHECK(e.has_onnx());
  CHECK(r->model_file == "model.onnx");
  CHECK(r->model_file_fp16.empty());
  CHECK_FALSE(r->prefers_fp16);
  CHECK(r->labels_file == "labels.txt");
  CHECK(r->labels_format == "one_per_line");
  CHECK_FALSE(r->species_direct);
}

TEST_CASE("sparrow manifest: MegaDetector v6 RT-DETR (rtdetr_topk)", "[sparrow_manifest]") {
  auto r = parse_sparrow_manifest(kRtdetr);
  REQUIRE(r.ok());
  const ModelEntry& e = r->entry;
  CHECK(e.id == "mdv6-rtdetr");
  CHECK(e.task == ModelTask::Detector);
  CHECK(e.layout == DetectorLayout::RtDetrTopk);
  CHECK(e.resize == ResizeMode::Stretch);
  CHECK(e.input_sizes == std::vector<int>{1280});
  CHECK(e.thresholds.typical == 0.25f);
  CHECK(e.thresholds.conservative == 0.125f);
  CHECK(e.thresholds.max_det == 300);  // topk
  CHECK(parse_sparrow_manifest(edit(kRtdetr, "topk = 300", "topk = 50"))->entry.thresholds.max_det == 50);
  CHECK(has(invalid(edit(kRtdetr, "topk = 300", "topk = 0")), "[postprocessing] topk = 0"));
}

TEST_CASE("sparrow manifest: a softmax classifier (DeepFaune)", "[sparrow_manifest]") {
  auto r = parse_sparrow_manifest(kDeepfaune);
  REQUIRE(r.ok());
  const ModelEntry& e = r->entry;
  CHECK(e.id == "deepfaune-v1");
  CHECK(e.task == ModelTask::Classifier);
  CHECK(e.layout == DetectorLayout::None);
  CHECK(e.scores == ClassifierScores::Logits);
  CHECK(e.resize == ResizeMode::Stretch);
  CHECK(e.input_sizes == std::vector<int>{224});
  CHECK(e.mean == std::array<float, 3>{0.485f, 0.456f, 0.406f});
  CHECK(e.std == std::array<float, 3>{0.229f, 0.224f, 0.225f});
  CHECK(e.thresholds.typical == Thresholds{}.typical);  // softmax gives no threshold
  CHECK(r->model_file == "deepfaune_v1.onnx");

  const std::string sigmoid = edit(kDeepfaune, "method = \"softmax\"", "method = \"sigmoid\"\nconfidence_threshold = 0.6");
  auto s = parse_sparrow_manifest(sigmoid);
  REQUIRE(s.ok());
  CHECK(s->entry.scores == ClassifierScores::Sigmoid);
  CHECK(s->entry.thresholds.typical == 0.6f);
  CHECK(s->entry.thresholds.conservative == 0.3f);
  CHECK(has(invalid(edit(kDeepfaune, "method = \"softmax\"", "method = \"sigmoid\"")), "[postprocessing] confidence_threshold"));
}

TEST_CASE("sparrow manifest: megadet_v5a at 960 with its own thresholds, bgr and an fp16 twin", "[sparrow_manifest]") {
  auto r = parse_sparrow_manifest(kMdv5a);
  REQUIRE(r.ok());
  const ModelEntry& e = r->entry;
  CHECK(e.id == "MDV5a");
  CHECK(e.name == "MDV5a");
  CHECK(e.layout == DetectorLayout::YoloV5);
  CHECK(e.family == "yolov5");
  CHECK(e.rescale == BoxRescale::YoloV5);
  CHECK(e.resize == ResizeMode::Letterbox);
  CHECK(e.input_sizes == std::vector<int>{960});
  CHECK(e.stride == 64);
  CHECK(e.pad_value == 114);  // the engine's default, 114 / 255
  CHECK(e.bgr);
  CHECK(e.thresholds.typical == 0.35f);
  CHECK(e.thresholds.conservative == 0.175f);
  CHECK(e.thresholds.nms_iou == 0.5f);
  CHECK(e.notes == "MegaDetector v5a");
  REQUIRE(e.weights.size() == 1);
  CHECK(e.weights[0].path == "md_v5a.onnx");
  CHECK(e.weights[0].sha256 == std::string("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"));
  CHECK(e.weights[0].bytes == 560000000);
  CHECK(r->model_file_fp16 == "md_v5a_fp16.onnx");
  CHECK(r->prefers_fp16);
  CHECK(r->labels_format == "name_index_csv");

  // The default IoU is the engine's 0.45.
  CHECK(parse_sparrow_manifest(edit(kMdv5a, "iou_threshold = 0.5", ""))->entry.thresholds.nms_iou == 0.45f);
  CHECK(has(invalid(edit(kMdv5a, "iou_threshold = 0.5", "iou_threshold = 1.5")), "[postprocessing] iou_threshold = 1.5"));
  // The bgr flag reaches the network input.
  CHECK(make_prepare_spec(e, 960).bgr);
  CHECK_FALSE(make_prepare_spec(parse_sparrow_manifest(kMdv6)->entry, 1280).bgr);
}

TEST_CASE("sparrow manifest: bgr swaps the tensor's planes", "[sparrow_manifest]") {
  ImageRgb8 px;
  px.width = 1;
  px.height = 1;
  px.pixels = {255, 0, 51};
  PrepareSpec spec;
  spec.bgr = true;
  PreparedInput out;
  write_network_input(px, spec, out);
  REQUIRE_FALSE(out.failure);
  CHECK(out.tensor == std::vector<float>{51.0f / 255.0f, 0.0f, 1.0f});  // B, G, R
}

TEST_CASE("sparrow manifest: the entry survives our own zoo format", "[sparrow_manifest]") {
  for (const char* text : {kMdv5a, kRtdetr}) {
    auto p = parse_sparrow_manifest(text);
    REQUIRE(p.ok());
    p->entry.class_names = {"animal", "person", "vehicle"};
    p->entry.licence = "MIT";
    auto back = parse_model_entry(write_model_entry(p->entry));
    REQUIRE(back.ok());
    CHECK(back->layout == p->entry.layout);
    CHECK(back->bgr == p->entry.bgr);
    CHECK(back->input_sizes == p->entry.input_sizes);
    CHECK(back->thresholds.nms_iou == p->entry.thresholds.nms_iou);
  }
}

TEST_CASE("sparrow manifest: pad_value, normalisation and interpolation", "[sparrow_manifest]") {
  SECTION("pad_value is in the tensor's scale") {
    CHECK(parse_sparrow_manifest(edit(kMdv6, "pad_value = 0.447", ""))->entry.pad_value == 114);
    CHECK(parse_sparrow_manifest(edit(kMdv6, "pad_value = 0.447", "pad_value = 0.5"))->entry.pad_value == 128);  // 127.5
    CHECK(parse_sparrow_manifest(edit(kMdv6, "pad_value = 0.447", "pad_value = 0"))->entry.pad_value == 0);
    CHECK(has(invalid(edit(kMdv6, "pad_value = 0.447", "pad_value = 114")), "[preprocessing] pad_value = 114"));
    CHECK(has(invalid(edit(kMdv6, "pad_value = 0.447", "pad_value = \"grey\"")), "[preprocessing] pad_value the wrong type"));
  }
  SECTION("imagenet letterboxing would need a different grey per channel") {
    const std::string m = refusal(edit(kMdv6, "normalization = \"unit\"", "normalization = \"imagenet\""));
    CHECK(has(m, "[preprocessing] pad_value = 0.447 with imagenet normalisation"));
  }
  SECTION("imagenet for a resize ignores pad_value") {
    CHECK(parse_sparrow_manifest(edit(kRtdetr, "normalization = \"unit\"", "normalization = \"imagenet\"\npad_value = 0.3")).ok());
  }
  SECTION("none is raw 0..255") {
    auto r = parse_sparrow_manifest(edit(kRtdetr, "normalization = \"unit\"", "normalization = \"none\""));
    REQUIRE(r.ok());
    CHECK(r->entry.mean == std::array<float, 3>{0, 0, 0});
    CHECK(r->entry.std[0] == 1.0f / 255.0f);
  }
  SECTION("unknown normalisation") {
    CHECK(has(invalid(edit(kMdv6, "normalization = \"unit\"", "normalization = \"zscore\"")), "[preprocessing] normalization = \"zscore\""));
  }
  SECTION("bicubic and lanczos resizes are accepted with a note") {
    auto r = parse_sparrow_manifest(edit(kDeepfaune, "normalization = \"imagenet\"", "normalization = \"imagenet\"\ninterpolation = \"bicubic\""));
    REQUIRE(r.ok());
    CHECK(has(r->entry.notes, "bicubic"));
    CHECK(has(invalid(edit(kDeepfaune, "normalization = \"imagenet\"", "normalization = \"imagenet\"\ninterpolation = \"nearest\"")),
              "[preprocessing] interpolation = \"nearest\""));
  }
  SECTION("channel_order") {
    CHECK_FALSE(parse_sparrow_manifest(edit(kMdv6, "pad_value = 0.447", "channel_order = \"rgb\""))->entry.bgr);
    CHECK(has(invalid(edit(kMdv6, "pad_value = 0.447", "channel_order = \"rbg\"")), "[preprocessing] channel_order = \"rbg\""));
  }
  SECTION("resize_crop that cuts nothing is a stretch") {
    auto r = parse_sparrow_manifest(edit(kDeepfaune, "method = \"resize\"", "method = \"resize_crop\"\nresize_size = [224, 224]\ncenter_crop = true"));
    REQUIRE(r.ok());
    CHECK(r->entry.resize == ResizeMode::Stretch);
  }
}

TEST_CASE("sparrow manifest: models this app cannot run are refused, naming the field", "[sparrow_manifest]") {
  CHECK(refusal(kHerdnet) ==
        "The package's manifest asks for tiled inference ([inference] strategy = \"tiled\"), which this app cannot run yet.");
  CHECK(refusal(edit(kHerdnet, "strategy = \"tiled\"", "strategy = \"single\"")) ==
        "[postprocessing] method = \"heatmap_peaks\" (points found in a heatmap, as HerdNet counts animals) is not a model "
        "output this app can read yet.");
  CHECK(refusal(edit(kMdv6, "strategy = \"single\"", "strategy = \"sliding_window\"")) ==
        "The package's manifest asks for sliding-window inference ([inference] strategy = \"sliding_window\"), which is "
        "for audio models; this app reads images.");
  CHECK(refusal(edit(kMdv6, "method = \"letterbox\"", "method = \"mel_spectrogram\"")) ==
        "[preprocessing] method = \"mel_spectrogram\" is for audio models; this app reads images.");
  CHECK(has(refusal(edit(kMdv6, "method = \"letterbox\"", "method = \"raw_audio\"")), "[preprocessing] method = \"raw_audio\" is for audio"));
  CHECK(refusal(edit(kMdv6, "format = \"onnx\"", "format = \"tflite\"")) ==
        "[model] format = \"tflite\" is a TensorFlow Lite model for phones; this app runs ONNX models.");
  CHECK(refusal(edit(kMdv6, "format = \"onnx\"", "format = \"coreml\"")) ==
        "[model] format = \"coreml\" is not a model format this app runs; it runs ONNX models.");
  CHECK(refusal(edit(kMdv6, "layout = \"nchw\"", "layout = \"nhwc\"")).rfind("[preprocessing] layout = \"nhwc\"", 0) == 0);
  CHECK(refusal(edit(kMdv6, "input_size = [1280, 1280]", "input_size = [1280, 960]")) ==
        "[preprocessing] input_size = [1280, 960] is not square; this app runs models on square inputs only.");
  CHECK(refusal(edit(kDeepfaune, "method = \"resize\"", "method = \"letterbox\"")).rfind(
            "[preprocessing] method = \"letterbox\" for a classifier", 0) == 0);

  // manifest.rs: test_load_valid_retinanet_soft_nms_manifest (DuckNet)
  const std::string ducknet = R"toml(
[model]
id = "ducknet"
format = "onnx"
file = "1/model.onnx"

[preprocessing]
method = "resize_min_max"
input_size = [810, 1440]
layout = "nchw"
normalization = "imagenet"

[inference]
strategy = "single"

[postprocessing]
method = "retinanet_soft_nms"
confidence_threshold = 0.6
candidate_threshold = 0.5
sigma = 0.5
soft_score_threshold = 0.6
hard_iou_threshold = 0.8
max_detections = 200

[labels]
file = "labels.txt"
format = "one_per_line"
)toml";
  CHECK(refusal(ducknet).rfind("[preprocessing] method = \"resize_min_max\"", 0) == 0);
  CHECK(refusal(edit(edit(ducknet, "resize_min_max", "resize"), "[810, 1440]", "[810, 810]"))
            .rfind("[postprocessing] method = \"retinanet_soft_nms\"", 0) == 0);

  // manifest.rs: test_resize_crop_parsing (a square cut, a larger resize, then a centre crop)
  const std::string alita = R"toml(
[model]
id = "t"
format = "onnx"
file = "m.onnx"

[preprocessing]
method = "resize_crop"
input_size = [480, 480]
layout = "nchw"
normalization = "imagenet"
interpolation = "lanczos"
pre_crop_square = true
resize_size = [600, 600]
resize_mode = "exact"
center_crop = true

[inference]
strategy = "single"

[postprocessing]
method = "softmax"

[labels]
file = "labels.txt"
format = "one_per_line"
)toml";
  CHECK(has(refusal(alita), "[preprocessing] method = \"resize_crop\" with [preprocessing] pre_crop_square = true"));
  CHECK(has(refusal(edit(alita, "pre_crop_square = true", "")), "[preprocessing] resize_size = [600, 600]"));
  CHECK(has(refusal(edit(alita, "resize_mode = \"exact\"", "resize_mode = \"shorter_side\"")), "pre_crop_square"));

  // manifest.rs: test_image_encoder_rejects_none_normalization, with unit normalisation
  const std::string encoder = R"toml(
[model]
id = "dinov2-encoder"
format = "onnx"
file = "model.onnx"
onnx_sha256 = "abc"

[preprocessing]
method = "resize"
input_size = [224, 224]
layout = "nchw"
normalization = "unit"

[inference]
strategy = "single"

[postprocessing]
method = "embedding"
normalize = true

[embedding]
version = "v1"
)toml";
  CHECK(refusal(encoder) ==
        "The package's model 'dinov2-encoder' is an encoder (embeddings); this app cannot use encoders yet "
        "([postprocessing] method = \"embedding\").");

  const std::string pipeline = R"toml(
[pipeline]
id = "md-then-species"
[[pipeline.steps]]
role = "detector"
model = "MDV6-yolov10-c"
)toml";
  CHECK(has(refusal(pipeline), "([pipeline])"));
}

TEST_CASE("sparrow manifest: manifests the engine itself rejects name the field", "[sparrow_manifest]") {
  CHECK(invalid(edit(kMdv6, "method = \"yolo_e2e\"", "method = \"yolo_nms\"")).rfind(
            "The package's manifest gives [postprocessing] method = \"yolo_nms\", which SPARROW does not define", 0) == 0);
  CHECK(has(invalid(edit(kMdv6, "method = \"letterbox\"", "method = \"squash\"")), "[preprocessing] method = \"squash\""));
  CHECK(invalid(edit(kMdv6, "method = \"letterbox\"", "method = \"resize\"")) ==
        "The package's manifest gives [postprocessing] method = \"yolo_e2e\", which needs [preprocessing] method = "
        "\"letterbox\" (it says \"resize\").");
  CHECK(has(invalid(edit(kRtdetr, "method = \"resize\"", "method = \"letterbox\"")), "needs [preprocessing] method = \"resize\""));
  CHECK(has(invalid(edit(kMdv6, "strategy = \"single\"", "strategy = \"batch\"")), "[inference] strategy = \"batch\""));
  CHECK(invalid(edit(kMdv6, "strategy = \"single\"", "strategy = \"single\"\nprecision = \"fp16\"")) ==
        "The package's manifest sets [inference] precision = \"fp16\" but gives no [model] file_fp16 (the half-precision "
        "model file).");
  CHECK(has(invalid(edit(kMdv6, "strategy = \"single\"", "strategy = \"single\"\nprecision = \"int8\"")), "[inference] precision = \"int8\""));
  CHECK(has(invalid(edit(kMdv6, "confidence_threshold = 0.2", "confidence_threshold = 2")), "[postprocessing] confidence_threshold = 2"));
  CHECK(invalid(edit(kMdv6, "id = \"megadetector-v6\"", "")) == "The package's manifest has no [model] id.");
  CHECK(invalid(edit(kMdv6, "id = \"megadetector-v6\"", "id = 6")) ==
        "The package's manifest gives [model] id the wrong type: it must be a string.");
  CHECK(invalid(edit(kMdv6, "input_size = [1280, 1280]", "input_size = 1280")) ==
        "The package's manifest gives [preprocessing] input_size the wrong type: it must be two whole numbers, [width, height].");
  CHECK(has(invalid(edit(kMdv6, "input_size = [1280, 1280]", "input_size = [0, 0]")), "[preprocessing] input_size = [0, 0]"));
  CHECK(has(invalid(edit(kMdv6, "layout = \"nchw\"", "")), "[preprocessing] layout"));
  CHECK(invalid(edit(kMdv6, "[inference]\nstrategy = \"single\"", "")) == "The package's manifest has no [inference] section.");
  CHECK(invalid(edit(kMdv6, "file = \"model.onnx\"", "file = \"../other/model.onnx\"")) ==
        "The package's manifest gives [model] file = \"../other/model.onnx\", which points outside the package's folder.");
  CHECK(has(invalid(edit(kMdv6, "file = \"labels.txt\"", "file = \"/etc/labels.txt\"")), "[labels] file"));
  CHECK(parse_sparrow_manifest(edit(kMdv6, "file = \"model.onnx\"", "file = \"model..v2.onnx\"")).ok());
  CHECK(has(invalid(edit(kMdv6, "format = \"one_per_line\"", "format = \"json\"")), "[labels] format = \"json\""));
  CHECK(has(invalid(edit(kMdv6, "format = \"one_per_line\"", "")), "[labels] format"));
  CHECK(invalid(edit(kDeepfaune, "[labels]\nfile = \"labels.txt\"\nformat = \"one_per_line\"", "")) ==
        "The package's manifest has no [labels] section; a classifier needs its labels file.");

  auto bad = parse_sparrow_manifest("[model]\nid = \"x\nformat = \"onnx\"\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::Corrupt);
  CHECK(bad.error().message.rfind("The package's manifest is not valid TOML (line 2", 0) == 0);
}

TEST_CASE("sparrow manifest: a detector without labels parses with no classes", "[sparrow_manifest]") {
  auto r = parse_sparrow_manifest(edit(kMdv6, "[labels]\nfile = \"labels.txt\"\nformat = \"one_per_line\"", ""));
  REQUIRE(r.ok());
  CHECK(r->labels_file.empty());
  CHECK(r->labels_format.empty());
  CHECK(r->entry.class_names.empty());
  CHECK_FALSE(apply_sparrow_labels(*r, "animal\n").ok());
}

TEST_CASE("sparrow labels: the three formats", "[sparrow_labels]") {
  CHECK(parse_sparrow_labels("animal\nperson\nvehicle\n", "one_per_line").value() ==
        std::vector<std::string>{"animal", "person", "vehicle"});
  CHECK(parse_sparrow_labels("animal,0\nperson,1\ncar,2\n", "name_index_csv").value() ==
        std::vector<std::string>{"animal", "person", "car"});
  CHECK(parse_sparrow_labels("0,animal\n1,person\n2,car\n", "index_name_csv").value() ==
        std::vector<std::string>{"animal", "person", "car"});
  // Out of order, spaces, a byte-order mark, Windows line ends, a comma inside the name.
  CHECK(parse_sparrow_labels("\xEF\xBB\xBF 2 , red deer \r\n0,wild boar\r\n\r\n1,fox, red\r\n", "index_name_csv").value() ==
        std::vector<std::string>{"wild boar", "fox, red", "red deer"});
  // Empty lines are skipped (the engine does so too); a blank one keeps its id.
  CHECK(parse_sparrow_labels("cat\n\ndog\n   \nfox", "one_per_line").value() ==
        std::vector<std::string>{"cat", "dog", "unknown_2", "fox"});
  // manifest.rs: test_load_labels_name_index_csv_sparse; the gaps get the engine's fallback name.
  CHECK(parse_sparrow_labels("cat,0\ndog,3\n", "name_index_csv").value() ==
        std::vector<std::string>{"cat", "unknown_1", "unknown_2", "dog"});
}

TEST_CASE("sparrow labels: bad files give the line", "[sparrow_labels]") {
  auto message = [](const char* text, const char* format) {
    auto r = parse_sparrow_labels(text, format);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::InvalidArgument);
    return r.error().message;
  };
  CHECK(message("", "one_per_line") == "The package's labels file holds no labels.");
  CHECK(message("\n\r\n\n", "name_index_csv") == "The package's labels file holds no labels.");
  CHECK(message("animal,0\nperson\n", "name_index_csv") ==
        "The package's labels file, line 2: expected 'name,index', got 'person'.");
  CHECK(message("0,animal\n\nx,person\n", "index_name_csv") ==
        "The package's labels file, line 3: the index 'x' is not a whole number.");
  CHECK(message("animal,0\nperson,-1\n", "name_index_csv") ==
        "The package's labels file, line 2: the index '-1' is not a whole number.");
  CHECK(message("animal,0\nperson,1\ncar,1\n", "name_index_csv") ==
        "The package's labels file, line 3: index 1 is given twice (also on line 2).");
  CHECK(has(message("animal,999999999\n", "name_index_csv"), "line 1: the index 999999999 is above"));
  CHECK(has(message("animal\n", "yaml"), "'yaml' is not a SPARROW labels format"));
}

TEST_CASE("sparrow labels: MegaDetector label sets map to MD categories, species lists do not", "[sparrow_labels]") {
  auto package = [](const char* format) {
    auto p = parse_sparrow_manifest(edit(kMdv6, "format = \"one_per_line\"", std::string("format = \"") + format + "\""));
    REQUIRE(p.ok());
    return std::move(p.value());
  };
  SECTION("animal, person, vehicle") {
    SparrowPackage p = package("one_per_line");
    REQUIRE(apply_sparrow_labels(p, "animal\nperson\nvehicle\n").ok());
    CHECK(p.entry.class_names == std::vector<std::string>{"animal", "person", "vehicle"});
    REQUIRE(p.entry.maps_to_md());
    CHECK(p.entry.md_category ==
          std::vector<std::optional<MdCategory>>{MdCategory::Animal, MdCategory::Person, MdCategory::Vehicle});
  }
  SECTION("MDv6's animal, person, car; other spellings; any case") {
    SparrowPackage p = package("name_index_csv");
    REQUIRE(apply_sparrow_labels(p, "Animal,0\nHUMAN,1\ncar,2\npeople,3\n").ok());
    CHECK(p.entry.class_names == std::vector<std::string>{"Animal", "HUMAN", "car", "people"});
    CHECK(p.entry.md_category == std::vector<std::optional<MdCategory>>{MdCategory::Animal, MdCategory::Person,
                                                                         MdCategory::Vehicle, MdCategory::Person});
  }
  SECTION("a species list keeps its names as its categories") {
    SparrowPackage p = package("index_name_csv");
    REQUIRE(apply_sparrow_labels(p, "0,animal\n1,red fox\n2,person\n").ok());
    CHECK(p.entry.class_names == std::vector<std::string>{"animal", "red fox", "person"});
    CHECK_FALSE(p.entry.maps_to_md());
  }
  SECTION("labels applied again replace the first ones") {
    SparrowPackage p = package("one_per_line");
    REQUIRE(apply_sparrow_labels(p, "animal\nperson\n").ok());
    REQUIRE(apply_sparrow_labels(p, "deer\nboar\nfox\n").ok());
    CHECK(p.entry.class_names.size() == 3);
    CHECK_FALSE(p.entry.maps_to_md());
  }
  SECTION("errors name the labels file") {
    SparrowPackage p = package("name_index_csv");
    auto r = apply_sparrow_labels(p, "animal,0\nperson\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "The package's labels file (labels.txt), line 2: expected 'name,index', got 'person'.");
    CHECK(p.entry.class_names.empty());
  }
}
