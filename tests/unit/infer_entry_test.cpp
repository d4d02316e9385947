// infer_model_entry: entries for models nobody wrote one for, from their ONNX shapes and metadata.
// The fixture models are compared field by field with their hand-written entries in
// tests/models/fixtures.json; synthetic OnnxModelInfo values cover the layouts no fixture has.
#include <catch.hpp>

#include <algorithm>

#include "core/models/infer_entry.h"
#include "core/models/manifest.h"
#include "core/models/onnx_info.h"
#include "fixtures.h"

using namespace wl;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool any_has(const std::vector<std::string>& lines, const std::string& part) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return has(l, part); });
}

std::vector<std::string> names_of(const std::string& text) {
  auto r = parse_names_metadata(text);
  INFO(text);
  REQUIRE(r.ok());
  return r.value();
}

std::string names_error(const std::string& text) {
  auto r = parse_names_metadata(text);
  INFO(text);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::InvalidArgument);
  return r.error().message;
}

OnnxModelInfo read_fixture_info(const std::string& rel) {
  auto info = read_onnx_info(test::read_fixture(rel));
  REQUIRE(info.ok());
  return info.value();
}

const ModelEntry& fixture_entry(const std::string& id) {
  static const std::vector<ModelEntry> zoo = [] {
    auto r = parse_model_zoo(test::read_text_file(std::string(WL_SOURCE_DIR) + "/tests/models/fixtures.json"));
    REQUIRE(r.ok());
    return r.value();
  }();
  for (const auto& e : zoo)
    if (e.id == id) return e;
  FAIL("no fixture entry " << id);
  return zoo.front();
}

TensorInfo tensor(std::string name, std::vector<std::int64_t> shape, std::vector<std::string> dim_names = {}) {
  TensorInfo t;
  t.name = std::move(name);
  t.type = ElementType::Float32;
  t.shape = std::move(shape);
  t.dim_names = std::move(dim_names);
  if (t.dim_names.empty()) t.dim_names.assign(t.shape.size(), "");
  return t;
}

OnnxModelInfo synthetic(std::vector<std::int64_t> in, std::vector<std::int64_t> out,
                        std::vector<std::pair<std::string, std::string>> metadata = {}) {
  OnnxModelInfo info;
  info.ir_version = 8;
  info.inputs.push_back(tensor("images", std::move(in)));
  info.outputs.push_back(tensor("output0", std::move(out)));
  info.metadata = std::move(metadata);
  return info;
}

std::string error_message(const OnnxModelInfo& info, ErrorCode code = ErrorCode::UnsupportedLayout) {
  auto r = infer_model_entry(info, "model.onnx");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == code);
  return r.error().message;
}

InferredEntry inferred(const OnnxModelInfo& info, const std::string& file = "model.onnx") {
  auto r = infer_model_entry(info, file);
  if (!r.ok()) FAIL(r.error().message);
  return r.value();
}

const char* kCocoNames =
    "{0: 'person', 1: 'bicycle', 2: 'car', 3: 'motorcycle', 4: 'airplane', 5: 'bus', 6: 'train', 7: 'truck', "
    "8: 'boat', 9: 'traffic light', 10: 'fire hydrant', 11: 'stop sign', 12: 'parking meter', 13: 'bench', 14: 'bird', "
    "15: 'cat', 16: 'dog', 17: 'horse', 18: 'sheep', 19: 'cow', 20: 'elephant', 21: 'bear', 22: 'zebra', "
    "23: 'giraffe', 24: 'backpack', 25: 'umbrella', 26: 'handbag', 27: 'tie', 28: 'suitcase', 29: 'frisbee', "
    "30: 'skis', 31: 'snowboard', 32: 'sports ball', 33: 'kite', 34: 'baseball bat', 35: 'baseball glove', "
    "36: 'skateboard', 37: 'surfboard', 38: 'tennis racket', 39: 'bottle', 40: 'wine glass', 41: 'cup', 42: 'fork', "
    "43: 'knife', 44: 'spoon', 45: 'bowl', 46: 'banana', 47: 'apple', 48: 'sandwich', 49: 'orange', 50: 'broccoli', "
    "51: 'carrot', 52: 'hot dog', 53: 'pizza', 54: 'donut', 55: 'cake', 56: 'chair', 57: 'couch', 58: 'potted plant', "
    "59: 'bed', 60: 'dining table', 61: 'toilet', 62: 'tv', 63: 'laptop', 64: 'mouse', 65: 'remote', 66: 'keyboard', "
    "67: 'cell phone', 68: 'microwave', 69: 'oven', 70: 'toaster', 71: 'sink', 72: 'refrigerator', 73: 'book', "
    "74: 'clock', 75: 'vase', 76: 'scissors', 77: 'teddy bear', 78: 'hair drier', 79: 'toothbrush'}";

const std::vector<std::pair<std::string, std::string>> kUltralyticsV10Meta = {
    {"description", "Ultralytics YOLOv10n model "}, {"author", "Ultralytics"}, {"stride", "32"}, {"task", "detect"},
    {"imgsz", "[1280, 1280]"}, {"names", "{0: '0', 1: '1', 2: '2'}"}};

// The preprocessing, decoding and class fields of two entries, one CHECK per field.
void check_same_model_fields(const ModelEntry& got, const ModelEntry& want) {
  CHECK(got.task == want.task);
  CHECK(got.layout == want.layout);
  CHECK(got.input_sizes == want.input_sizes);
  CHECK(got.dynamic_hw == want.dynamic_hw);
  CHECK(got.resize == want.resize);
  CHECK(got.stride == want.stride);
  CHECK(got.pad_value == want.pad_value);
  CHECK(got.rescale == want.rescale);
  CHECK(got.mean == want.mean);
  CHECK(got.std == want.std);
  CHECK(got.scores == want.scores);
  CHECK(got.thresholds.conservative == Approx(want.thresholds.conservative));
  CHECK(got.thresholds.nms_iou == Approx(want.thresholds.nms_iou));
  CHECK(got.thresholds.max_det == want.thresholds.max_det);
  CHECK(got.thresholds.agnostic_nms == want.thresholds.agnostic_nms);
  CHECK(got.md_category == want.md_category);
}

}  // namespace

// --- The 'names' parser ------------------------------------------------------------------

TEST_CASE("names: YOLOv5/Ultralytics Python dict literals", "[infer]") {
  CHECK(names_of("{0: 'person', 1: 'bicycle'}") == std::vector<std::string>{"person", "bicycle"});
  CHECK(names_of("{0: 'a', 1: \"a 'quoted' name\"}") == std::vector<std::string>{"a", "a 'quoted' name"});
  CHECK(names_of("{1: 'second', 0: 'first'}") == std::vector<std::string>{"first", "second"});
  CHECK(names_of("  {\n  0 :'a' ,\t1:  \"b\" ,\n}  ") == std::vector<std::string>{"a", "b"});
  CHECK(names_of("{0:'x'}") == std::vector<std::string>{"x"});
  CHECK(names_of("{0: '0', 1: '1', 2: '2'}") == std::vector<std::string>{"0", "1", "2"});
  CHECK(names_of("{0: 'it\\'s', 1: \"say \\\"hi\\\"\", 2: 'back\\\\slash', 3: 'tab\\there'}") ==
        std::vector<std::string>{"it's", "say \"hi\"", "back\\slash", "tab\there"});
  CHECK(names_of("{0: \"it's\", 1: 'a \"b\"'}") == std::vector<std::string>{"it's", "a \"b\""});
  // Python's repr of non-ASCII: printable characters as they are (UTF-8), others escaped.
  CHECK(names_of("{0: 'élan', 1: 'caf\\xe9', 2: '\\u00fcber', 3: 'x\\U0001F600', 4: 'nul\\0'}") ==
        std::vector<std::string>{"élan", "café", "über", "x\xF0\x9F\x98\x80", std::string("nul\0", 4)});
  CHECK(names_of("{0: 'a\\qb'}") == std::vector<std::string>{"a\\qb"});  // unknown escapes stay
  CHECK(names_of("{0: r'a\\nb', 1: u'c'}") == std::vector<std::string>{"a\\nb", "c"});
  CHECK(names_of("{0: '', 1: ' spaced '}") == std::vector<std::string>{"", " spaced "});
  CHECK(names_of("{0: 'a, b', 1: 'c: d}'}") == std::vector<std::string>{"a, b", "c: d}"});
}

TEST_CASE("names: lists and JSON", "[infer]") {
  CHECK(names_of("['a', \"b\"]") == std::vector<std::string>{"a", "b"});
  CHECK(names_of("('a', 'b',)") == std::vector<std::string>{"a", "b"});
  CHECK(names_of("[\"animal\", \"person\", \"vehicle\"]") == std::vector<std::string>{"animal", "person", "vehicle"});
  CHECK(names_of("{\"0\": \"cat\", \"1\": \"dog\"}") == std::vector<std::string>{"cat", "dog"});
  CHECK(names_of("[\"caf\\u00e9\", \"\\ud83d\\ude00\", \"a\\/b\"]") ==
        std::vector<std::string>{"café", "\xF0\x9F\x98\x80", "a/b"});
}

TEST_CASE("names: unreadable values say why", "[infer]") {
  CHECK(has(names_error(""), "neither a dict"));
  CHECK(has(names_error("person, car"), "neither a dict"));
  CHECK(has(names_error("{}"), "no classes"));
  CHECK(has(names_error("[]"), "no classes"));
  CHECK(has(names_error("{0: 'a', 0: 'b'}"), "appears twice"));
  CHECK(has(names_error("{0: 'a', 2: 'b'}"), "1 is missing"));
  CHECK(has(names_error("{1: 'a'}"), "0 is missing"));
  CHECK(has(names_error("{0: 'a'"), "expected ','"));
  CHECK(has(names_error("{0: 'a}"), "closing quote"));
  CHECK(has(names_error("{a: 'x'}"), "class indices"));
  CHECK(has(names_error("{-1: 'x'}"), "class indices"));
  CHECK(has(names_error("{\"zero\": 'x'}"), "class indices"));
  CHECK(has(names_error("{0: 1}"), "quoted class name"));
  CHECK(has(names_error("{0: None}"), "quoted class name"));
  CHECK(has(names_error("{0 'a'}"), "expected ':'"));
  CHECK(has(names_error("{0: 'a'} x"), "text after"));
  CHECK(has(names_error("{0: 'a\\x4'}"), "hex digits"));
  CHECK(has(names_error("{99999999999999999999: 'a'}"), "too large"));
  CHECK(has(names_error("{0: 'a\nb'}"), "end of the line"));
  CHECK(has(names_error("{0: 'a\\"), "lone backslash"));
}

// --- The fixture models --------------------------------------------------------------------

TEST_CASE("infer: yolov5n-coco matches its hand-written entry", "[infer]") {
  auto info = read_fixture_info("models/yolov5n-coco.onnx");
  auto r = inferred(info, "yolov5n-coco.onnx");
  const ModelEntry& want = fixture_entry("yolov5n-coco");
  const ModelEntry& e = r.entry;
  check_same_model_fields(e, want);
  CHECK(e.class_names == want.class_names);
  CHECK(e.thresholds.candidate == Approx(want.thresholds.candidate));
  // The fixture follows the reference run (YOLOv5's detect.py default of 0.25); an inferred
  // entry uses MegaDetector's typical threshold, as zoo.json does for every detector.
  CHECK(want.thresholds.typical == Approx(0.25f));
  CHECK(e.thresholds.typical == Approx(0.2f));
  CHECK(e.family == "yolov5");
  CHECK(e.id == "yolov5n-coco");
  CHECK(e.has_onnx());
  CHECK(r.needs.empty());
  CHECK(any_has(r.assumptions, "25200 rows are 3 anchors per cell"));
  CHECK(any_has(r.assumptions, "classes read from the model's 'names' metadata (80 classes)"));
  CHECK(any_has(r.assumptions, "COCO's 80"));
}

TEST_CASE("infer: the dynamic yolov5n export asks for an input size", "[infer]") {
  auto info = read_fixture_info("models/yolov5n-coco-dynamic.onnx");
  auto r = inferred(info, "yolov5n-coco-dynamic.onnx");
  const ModelEntry& want = fixture_entry("yolov5n-coco");
  const ModelEntry& e = r.entry;
  CHECK(e.layout == DetectorLayout::YoloV5);
  CHECK(e.dynamic_hw);
  CHECK(e.input_sizes == std::vector<int>{640});
  CHECK(e.class_names == want.class_names);
  CHECK(e.md_category == want.md_category);
  CHECK(e.rescale == BoxRescale::YoloV5);
  CHECK(e.thresholds.nms_iou == Approx(0.45f));
  CHECK(r.needs == std::vector<std::string>{kNeedInputSize});
  CHECK(any_has(r.assumptions, "640 is used until one is given"));
  CHECK(any_has(r.assumptions, "'anchors'"));
}

TEST_CASE("infer: the MDv6 YOLOv10 architecture fixture matches its hand-written entry", "[infer]") {
  auto info = read_fixture_info("models/mdv6-yolov10n-c-nc3-bncalib-dynamic.onnx");
  REQUIRE(info.outputs[0].shape == std::vector<std::int64_t>{-1, -1, -1});  // every output dim is dynamic
  auto r = inferred(info, "mdv6-yolov10n-c-nc3-bncalib-dynamic.onnx");
  const ModelEntry& want = fixture_entry("mdv6-yolov10n-c-nc3-bncalib-dynamic");
  const ModelEntry& e = r.entry;
  check_same_model_fields(e, want);
  CHECK(e.class_names == want.class_names);
  CHECK(e.family == want.family);
  CHECK(e.id == want.id);
  // The fixture's candidate/typical follow the strict reference run (0.25); inferred entries
  // use the MDv6 entries' values in zoo.json.
  CHECK(e.thresholds.candidate == Approx(0.005f));
  CHECK(e.thresholds.typical == Approx(0.2f));
  CHECK(e.licence == "AGPL-3.0");
  CHECK(r.needs.empty());
  CHECK(any_has(r.assumptions, "YOLOv10 end-to-end"));
  CHECK(any_has(r.assumptions, "MegaDetector v6"));
  CHECK(any_has(r.assumptions, "input size 1280 read from the model's 'imgsz' metadata"));
}

TEST_CASE("infer: the MobileNetV2 classifier matches its hand-written entry, names aside", "[infer]") {
  auto info = read_fixture_info("models/mobilenetv2_int8/mobilenetv2-12-int8.onnx");
  auto r = inferred(info, "mobilenetv2-12-int8.onnx");
  const ModelEntry& want = fixture_entry("mobilenetv2-12-int8");
  const ModelEntry& e = r.entry;
  check_same_model_fields(e, want);
  CHECK(e.thresholds.typical == Approx(want.thresholds.typical));
  REQUIRE(e.class_names.size() == want.class_names.size());
  CHECK(e.class_names.front() == "class 0");
  CHECK(e.class_names.back() == "class 999");
  CHECK(r.needs == std::vector<std::string>{kNeedClassNames});
  CHECK(any_has(r.assumptions, "ImageNet mean"));
  CHECK(any_has(r.assumptions, "logits"));
}

TEST_CASE("infer: YOLOX and FastestDet outputs are not supported yet, and the error says so", "[infer]") {
  auto yolox = read_fixture_info("models/yolox_nano/yolox_nano.onnx");
  std::string m = error_message(yolox);
  CHECK(has(m, "[1, 3549, 85]"));
  CHECK(has(m, "YOLOX"));
  CHECK(has(m, "not supported yet"));
  CHECK(has(m, "YOLOv5 [1, N, 5+C]"));

  auto fastestdet = read_fixture_info("models/fastestdet/FastestDet.onnx");
  m = error_message(fastestdet);
  CHECK(has(m, "[1, 85, 22, 22]"));
  CHECK(has(m, "FastestDet"));
  CHECK(has(m, "not supported yet"));
}

// --- Synthetic models: layouts ----------------------------------------------------------------

TEST_CASE("infer: Ultralytics YOLOv8 with COCO names", "[infer]") {
  auto r = inferred(synthetic({1, 3, 640, 640}, {1, 84, 8400},
                              {{"description", "Ultralytics YOLOv8n model trained on coco.yaml"},
                               {"author", "Ultralytics"}, {"task", "detect"}, {"stride", "32"}, {"names", kCocoNames}}));
  const ModelEntry& e = r.entry;
  CHECK(e.layout == DetectorLayout::YoloV8);
  CHECK(e.family == "yolov8n");
  CHECK(e.input_sizes == std::vector<int>{640});
  CHECK_FALSE(e.dynamic_hw);
  CHECK(e.rescale == BoxRescale::Ultralytics);
  CHECK(e.resize == ResizeMode::Letterbox);
  CHECK(e.thresholds.nms_iou == Approx(0.7f));
  CHECK(e.thresholds.candidate == Approx(0.005f));
  CHECK(e.class_names.size() == 80);
  REQUIRE(e.md_category.size() == 80);
  CHECK(e.md_category[0] == MdCategory::Person);
  CHECK(e.md_category[2] == MdCategory::Vehicle);
  CHECK(e.md_category[16] == MdCategory::Animal);
  CHECK(e.md_category[40] == std::nullopt);
  CHECK(r.needs.empty());
}

TEST_CASE("infer: a YOLOv8 layout without metadata, from the shape alone", "[infer]") {
  auto r = inferred(synthetic({1, 3, 640, 640}, {1, 7, 8400}));
  CHECK(r.entry.layout == DetectorLayout::YoloV8);
  CHECK(r.entry.rescale == BoxRescale::Ultralytics);
  CHECK(r.entry.stride == 32);
  CHECK(r.entry.class_names == std::vector<std::string>{"class 0", "class 1", "class 2"});
  CHECK_FALSE(r.entry.maps_to_md());
  CHECK(r.needs == std::vector<std::string>{kNeedClassNames});
  CHECK(any_has(r.assumptions, "8400 columns are the cells"));
  CHECK(any_has(r.assumptions, "stride 32"));
}

TEST_CASE("infer: an Ultralytics YOLOv9 MDv6-style export with dynamic shapes", "[infer]") {
  auto info = synthetic({-1, 3, -1, -1}, {-1, 7, -1},
                        {{"description", "Ultralytics MDV6-YOLOv9-c model"}, {"author", "Ultralytics"},
                         {"task", "detect"}, {"stride", "32"}, {"imgsz", "[1280, 1280]"},
                         {"names", "{0: 'animal', 1: 'person', 2: 'vehicle'}"}});
  info.outputs[0].dim_names = {"batch", "", "anchors"};
  auto r = inferred(info);
  const ModelEntry& e = r.entry;
  CHECK(e.layout == DetectorLayout::YoloV8);
  CHECK(e.family == "mdv6-yolov9-c");
  CHECK(e.input_sizes == std::vector<int>{1280, 640});
  CHECK(e.dynamic_hw);
  CHECK(e.class_names == std::vector<std::string>{"animal", "person", "vehicle"});
  CHECK(e.md_category ==
        std::vector<std::optional<MdCategory>>{MdCategory::Animal, MdCategory::Person, MdCategory::Vehicle});
  CHECK(r.needs.empty());
}

TEST_CASE("infer: names whose count does not match the output are not used", "[infer]") {
  auto r = inferred(synthetic({1, 3, 640, 640}, {1, 84, 8400},
                              {{"author", "Ultralytics"}, {"names", "{0: 'animal', 1: 'person', 2: 'vehicle'}"}}));
  CHECK(r.entry.class_names.size() == 80);
  CHECK(r.entry.class_names[79] == "class 79");
  CHECK_FALSE(r.entry.maps_to_md());
  CHECK(r.needs == std::vector<std::string>{kNeedClassNames});
  CHECK(any_has(r.assumptions, "lists 3 classes, but its output has 80"));
}

TEST_CASE("infer: unreadable names are reported and asked for", "[infer]") {
  auto r = inferred(synthetic({1, 3, 640, 640}, {1, 8, 8400}, {{"names", "{0: 'a', 0: 'b'}"}}));
  CHECK(r.needs == std::vector<std::string>{kNeedClassNames});
  CHECK(any_has(r.assumptions, "not usable: The class names could not be read: the key 0 appears twice"));
}

TEST_CASE("infer: Ultralytics RT-DETR", "[infer]") {
  auto r = inferred(synthetic({1, 3, 640, 640}, {1, 300, 7},
                              {{"description", "Ultralytics rtdetr-l model trained on data.yaml"},
                               {"author", "Ultralytics"}, {"task", "detect"}, {"stride", "32"},
                               {"names", "{0: 'animal', 1: 'person', 2: 'vehicle'}"}}));
  const ModelEntry& e = r.entry;
  CHECK(e.layout == DetectorLayout::RtDetr);
  CHECK(e.family == "rtdetr-l");
  CHECK(e.resize == ResizeMode::Stretch);
  CHECK(e.rescale == BoxRescale::Ultralytics);
  CHECK(e.maps_to_md());
  CHECK(r.needs.empty());

  SECTION("two classes give [1, 300, 6], which is still RT-DETR, not YOLOv10") {
    auto r2 = inferred(synthetic({1, 3, 640, 640}, {1, 300, 6},
                                 {{"description", "Ultralytics rtdetr-x model"}, {"author", "Ultralytics"},
                                  {"names", "{0: 'deer', 1: 'boar'}"}}));
    CHECK(r2.entry.layout == DetectorLayout::RtDetr);
    CHECK(r2.entry.class_names == std::vector<std::string>{"deer", "boar"});
    CHECK_FALSE(r2.entry.maps_to_md());
  }
  SECTION("without the metadata, [1, 300, 84] is not guessed") {
    std::string m = error_message(synthetic({1, 3, 640, 640}, {1, 300, 84}));
    CHECK(has(m, "[1, 300, 84]"));
    CHECK(has(m, "not supported yet"));
    CHECK(has(m, "Ultralytics RT-DETR [1, Q, 4+C]"));
  }
  SECTION("metadata that contradicts the shape") {
    std::string m = error_message(synthetic({1, 3, 640, 640}, {1, 8400, 7},
                                            {{"description", "Ultralytics rtdetr-l model"}, {"author", "Ultralytics"}}));
    CHECK(has(m, "the metadata says RT-DETR"));
  }
}

TEST_CASE("infer: YOLOv10 end-to-end without metadata", "[infer]") {
  auto r = inferred(synthetic({1, 3, 640, 640}, {1, 300, 6}));
  CHECK(r.entry.layout == DetectorLayout::YoloV10);
  CHECK(r.entry.rescale == BoxRescale::Ultralytics);
  CHECK(r.entry.class_names.empty());  // a [1, K, 6] output does not say how many classes there are
  CHECK(r.needs == std::vector<std::string>{kNeedClassNames});
  CHECK(any_has(r.assumptions, "number of classes could not be read"));
}

TEST_CASE("infer: a YOLOv10 description with an output that is not [1, K, 6] is an error", "[infer]") {
  std::string m = error_message(synthetic({1, 3, 640, 640}, {1, 84, 8400},
                                          {{"description", "Ultralytics YOLOv10s model"}, {"author", "Ultralytics"}}));
  CHECK(has(m, "end-to-end"));
  CHECK(has(m, "[1, 84, 8400]"));
}

TEST_CASE("infer: YOLOv5 P6 (MegaDetector v5 style) at 1280 with stride 64", "[infer]") {
  // 3 anchors x (160^2 + 80^2 + 40^2 + 20^2) = 102000 rows.
  auto r = inferred(synthetic({1, 3, 1280, 1280}, {1, 102000, 8},
                              {{"stride", "64"}, {"names", "{0: 'animal', 1: 'person', 2: 'vehicle'}"}}));
  const ModelEntry& e = r.entry;
  CHECK(e.layout == DetectorLayout::YoloV5);
  CHECK(e.stride == 64);
  CHECK(e.input_sizes == std::vector<int>{1280});
  CHECK(e.md_category ==
        std::vector<std::optional<MdCategory>>{MdCategory::Animal, MdCategory::Person, MdCategory::Vehicle});
  CHECK(any_has(r.assumptions, "stride 8/16/32/64 grids of a 1280x1280 input"));
  CHECK(r.needs.empty());
}

TEST_CASE("infer: without stride metadata, the YOLOv5 box count gives the stride", "[infer]") {
  auto p6 = inferred(synthetic({1, 3, 1280, 1280}, {1, 102000, 8}));
  CHECK(p6.entry.stride == 64);
  CHECK(any_has(p6.assumptions, "stride 64 (the model's metadata does not give one, the box count does)"));
  auto p5 = inferred(synthetic({1, 3, 1280, 1280}, {1, 100800, 8}));
  CHECK(p5.entry.stride == 32);
  CHECK(any_has(p5.assumptions, "stride 8/16/32 grids of a 1280x1280 input"));
}

TEST_CASE("infer: MD class names in another order and case map by name", "[infer]") {
  auto r = inferred(synthetic({1, 3, 640, 640}, {1, 25200, 8}, {{"names", "['Person', 'Animal', 'Vehicle']"}}));
  CHECK(r.entry.md_category ==
        std::vector<std::optional<MdCategory>>{MdCategory::Person, MdCategory::Animal, MdCategory::Vehicle});
}

TEST_CASE("infer: '0', '1', '2' map to MDv6's classes only for Ultralytics exports", "[infer]") {
  auto r = inferred(synthetic({1, 3, 640, 640}, {1, 25200, 8}, {{"names", "{0: '0', 1: '1', 2: '2'}"}}));
  CHECK(r.entry.class_names == std::vector<std::string>{"0", "1", "2"});
  CHECK_FALSE(r.entry.maps_to_md());
  CHECK(any_has(r.assumptions, "not mapped to MegaDetector"));
}

// --- Synthetic models: dynamic shapes ---------------------------------------------------------

TEST_CASE("infer: dynamic dimensions", "[infer]") {
  SECTION("static output rows with a dynamic input: the row count alone says YOLOv5") {
    auto r = inferred(synthetic({-1, 3, -1, -1}, {1, 25200, 85}, {{"names", kCocoNames}}));
    CHECK(r.entry.layout == DetectorLayout::YoloV5);
    CHECK(r.entry.class_names.size() == 80);
    CHECK(any_has(r.assumptions, "3 anchors per grid cell of a square input"));
  }
  SECTION("dynamic box axis, static values: rows") {
    auto r = inferred(synthetic({1, 3, 640, 640}, {1, -1, 10}));
    CHECK(r.entry.layout == DetectorLayout::YoloV5);
    CHECK(r.entry.class_names.size() == 5);
  }
  SECTION("dynamic box axis, static values: columns") {
    auto r = inferred(synthetic({1, 3, 640, 640}, {1, 6, -1}));
    CHECK(r.entry.layout == DetectorLayout::YoloV8);
    CHECK(r.entry.class_names.size() == 2);
  }
  SECTION("both dynamic, 'anchors' last: the Ultralytics head") {
    auto info = synthetic({1, 3, 640, 640}, {-1, -1, -1}, {{"names", "['a', 'b']"}});
    info.outputs[0].dim_names = {"batch", "", "anchors"};
    auto r = inferred(info);
    CHECK(r.entry.layout == DetectorLayout::YoloV8);
    CHECK(r.entry.class_names == std::vector<std::string>{"a", "b"});
  }
  SECTION("both dynamic and nothing to go on") {
    std::string m = error_message(synthetic({1, 3, 640, 640}, {-1, -1, -1}));
    CHECK(has(m, "[?, ?, ?]"));
    CHECK(has(m, "not fixed"));
  }
  SECTION("imgsz as a single number") {
    auto r = inferred(synthetic({1, 3, -1, -1}, {1, 84, -1}, {{"imgsz", "960"}, {"author", "Ultralytics"}}));
    CHECK(r.entry.input_sizes == std::vector<int>{960, 640});
    CHECK(r.entry.dynamic_hw);
  }
  SECTION("non-square imgsz runs on a square of the longer side") {
    auto r = inferred(synthetic({1, 3, -1, -1}, {1, 84, -1}, {{"imgsz", "[480, 640]"}, {"author", "Ultralytics"}}));
    CHECK(r.entry.input_sizes == std::vector<int>{640});
    CHECK(any_has(r.assumptions, "exported at 480x640"));
    CHECK(r.needs == std::vector<std::string>{kNeedClassNames});
  }
}

// --- Synthetic models: classifiers ------------------------------------------------------------

TEST_CASE("infer: classifiers", "[infer]") {
  SECTION("a static [1, C] classifier") {
    auto r = inferred(synthetic({1, 3, 182, 182}, {1, 10}, {{"names", "['a','b','c','d','e','f','g','h','i','j']"}}));
    const ModelEntry& e = r.entry;
    CHECK(e.task == ModelTask::Classifier);
    CHECK(e.layout == DetectorLayout::None);
    CHECK(e.resize == ResizeMode::Stretch);
    CHECK(e.input_sizes == std::vector<int>{182});
    CHECK(e.mean == std::array<float, 3>{0.485f, 0.456f, 0.406f});
    CHECK(e.std == std::array<float, 3>{0.229f, 0.224f, 0.225f});
    CHECK(e.scores == ClassifierScores::Logits);
    CHECK(e.class_names.size() == 10);
    CHECK_FALSE(e.maps_to_md());
    CHECK(r.needs.empty());
  }
  SECTION("dynamic batch and size: 224 until told") {
    auto r = inferred(synthetic({-1, 3, -1, -1}, {-1, 4}));
    CHECK(r.entry.input_sizes == std::vector<int>{224});
    CHECK(r.entry.dynamic_hw);
    CHECK(r.needs == std::vector<std::string>{kNeedInputSize, kNeedClassNames});
  }
  SECTION("a [1, C, 1, 1] output") {
    auto r = inferred(synthetic({1, 3, 224, 224}, {1, 5, 1, 1}));
    CHECK(r.entry.task == ModelTask::Classifier);
    CHECK(r.entry.class_names.size() == 5);
  }
  SECTION("one logit: a sigmoid for the second of two classes") {
    auto r = inferred(synthetic({1, 3, 224, 224}, {1, 1}, {{"names", "['Non-opossum', 'Opossum']"}}));
    CHECK(r.entry.scores == ClassifierScores::Sigmoid);
    CHECK(r.entry.class_names == std::vector<std::string>{"Non-opossum", "Opossum"});
    CHECK(r.needs.empty());
  }
  SECTION("an Ultralytics classify export: probabilities, no ImageNet normalisation") {
    auto r = inferred(synthetic({1, 3, 224, 224}, {1, 3},
                                {{"description", "Ultralytics YOLO11n-cls model"}, {"author", "Ultralytics"},
                                 {"task", "classify"}, {"imgsz", "[224, 224]"}, {"names", "{0: 'x', 1: 'y', 2: 'z'}"}}));
    CHECK(r.entry.task == ModelTask::Classifier);
    CHECK(r.entry.scores == ClassifierScores::Probabilities);
    CHECK(r.entry.mean == std::array<float, 3>{0, 0, 0});
    CHECK(r.entry.std == std::array<float, 3>{1, 1, 1});
    CHECK(r.entry.family == "yolo11n-cls");
  }
}

// --- Errors -----------------------------------------------------------------------------------

TEST_CASE("infer: models the app cannot run give clear errors", "[infer]") {
  SECTION("an unknown output shape") {
    std::string m = error_message(synthetic({1, 3, 640, 640}, {1, 10, 10}));
    CHECK(has(m, "'output0'"));
    CHECK(has(m, "[1, 10, 10]"));
    CHECK(has(m, "YOLOv8/v9 [1, 4+C, N]"));
    CHECK(has(m, "YOLOv10 [1, K, 6]"));
  }
  SECTION("a five-dimensional output") {
    CHECK(has(error_message(synthetic({1, 3, 640, 640}, {1, 3, 80, 80, 85})), "[1, 3, 80, 80, 85]"));
  }
  SECTION("Ultralytics segmentation") {
    std::string m = error_message(synthetic({1, 3, 640, 640}, {1, 116, 8400},
                                            {{"author", "Ultralytics"}, {"task", "segment"}}));
    CHECK(has(m, "'segment'"));
  }
  SECTION("two inputs (RT-DETRv2 style)") {
    auto info = synthetic({1, 3, 640, 640}, {1, 300});
    info.inputs.push_back(tensor("orig_target_sizes", {1, 2}));
    CHECK(has(error_message(info), "2 inputs ('images', 'orig_target_sizes')"));
  }
  SECTION("channels last") {
    CHECK(has(error_message(synthetic({1, 640, 640, 3}, {1, 84, 8400})), "channels last"));
  }
  SECTION("a non-square static input") {
    CHECK(has(error_message(synthetic({1, 3, 480, 640}, {1, 84, 6300})), "480x640"));
  }
  SECTION("an input above 8192 pixels") {
    CHECK(has(error_message(synthetic({1, 3, 100000, 100000}, {1, 84, 1000000000})), "larger than the 8192 pixels"));
  }
  SECTION("no outputs") {
    auto info = synthetic({1, 3, 640, 640}, {1, 84, 8400});
    info.outputs.clear();
    CHECK(has(error_message(info, ErrorCode::ModelInvalid), "no outputs"));
  }
  SECTION("a YOLOv5-like row count that fits no grid") {
    CHECK(has(error_message(synthetic({1, 3, 640, 640}, {1, 700, 85})), "not supported yet"));
  }
}

TEST_CASE("infer: ids come from the file name", "[infer]") {
  auto r = inferred(synthetic({1, 3, 640, 640}, {1, 7, 8400}), "models/My Model (v2).onnx");
  CHECK(r.entry.id == "my-model-v2");
  CHECK(r.entry.name == "My Model (v2)");
  REQUIRE(r.entry.weights.size() == 1);
  CHECK(r.entry.weights[0].path == "models/My Model (v2).onnx");
}
