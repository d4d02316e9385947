// The MIT YOLO layout (MegaDetector v6 MIT): nine outputs, per stride class logits, a distance
// distribution and box distances in units of the stride. A 64x64 input keeps the grids small
// (8x8, 4x4, 2x2); the expected boxes follow by hand from the cell centres.
#include <catch.hpp>

#include <cmath>

#include "core/detect/decode_yolo_mit.h"
#include "core/models/infer_entry.h"
#include "core/models/manifest.h"
#include "core/pipeline/postprocess.h"

using namespace wl;

namespace {

constexpr int kClasses = 3;
constexpr float kOff = -20.0f;  // sigmoid ~ 2e-9: below any threshold

// One stride's three tensors, every logit "off" and every distance 1.
struct Scale {
  int grid;
  std::vector<float> logits, dist, box;
  explicit Scale(int g)
      : grid(g),
        logits(static_cast<std::size_t>(kClasses * g * g), kOff),
        dist(static_cast<std::size_t>(16 * 4 * g * g), 0.0f),
        box(static_cast<std::size_t>(4 * g * g), 1.0f) {}
  void set(int x, int y, int cls, float score, std::array<float, 4> ltrb) {
    const int cell = y * grid + x, plane = grid * grid;
    logits[static_cast<std::size_t>(cls * plane + cell)] = std::log(score / (1 - score));
    for (int k = 0; k < 4; ++k) box[static_cast<std::size_t>(k * plane + cell)] = ltrb[static_cast<std::size_t>(k)];
  }
};

std::vector<TensorF32> outputs_of(std::vector<Scale>& scales, bool aux = false) {
  std::vector<TensorF32> out;
  for (int copy = 0; copy < (aux ? 2 : 1); ++copy) {
    for (auto& s : scales) {
      const std::int64_t g = s.grid;
      out.push_back(TensorF32{"cls", ElementType::Float32, {1, kClasses, g, g}, s.logits});
      out.push_back(TensorF32{"dist", ElementType::Float32, {1, 16, 4, g, g}, s.dist});
      // The auxiliary head's boxes are nonsense here: if they were read, the test would see it.
      std::vector<float> box = s.box;
      if (copy == 1)
        for (float& v : box) v = 0.0f;
      out.push_back(TensorF32{"box", ElementType::Float32, {1, 4, g, g}, box});
    }
  }
  return out;
}

std::vector<TensorView> views(const std::vector<TensorF32>& t) {
  std::vector<TensorView> v;
  for (const auto& o : t) v.push_back(TensorView{o.data, o.shape});
  return v;
}

std::vector<Scale> sample_scales() {
  std::vector<Scale> s{Scale(8), Scale(4), Scale(2)};
  // Stride 8, cell (2, 3): centre (20, 28); l, t, r, b = 1, 1.5, 1, 0.5 strides -> 12, 16, 28, 32.
  // The same cell is a person too (multi-label): two candidates, one box.
  s[0].set(2, 3, 0, 0.875f, {1, 1.5f, 1, 0.5f});
  s[0].set(2, 3, 1, 0.75f, {1, 1.5f, 1, 0.5f});
  // Stride 32, cell (1, 1): centre (48, 48); 0.5, 0.5, 0.25, 0.25 strides -> 32, 32, 56, 56.
  s[2].set(1, 1, 2, 0.625f, {0.5f, 0.5f, 0.25f, 0.25f});
  // Stride 16, cell (1, 1): centre (24, 24); 0.75, 0.5, 0.25, 0.5 strides -> 12, 16, 28, 32, the
  // first box again, as an animal at 0.6: NMS removes it.
  s[1].set(1, 1, 0, 0.6f, {0.75f, 0.5f, 0.25f, 0.5f});
  // Stride 16, cell (3, 0): exactly 0.5 against a 0.5 threshold: not a candidate (strict).
  s[1].set(3, 0, 0, 0.5f, {1, 1, 1, 1});
  return s;
}

void check_box(const Detection& d, int cls, float score, std::array<float, 4> xyxy) {
  CHECK(d.class_id == cls);
  CHECK(d.confidence == Approx(score).margin(1e-6));
  CHECK(d.box.x1 == Approx(xyxy[0]));
  CHECK(d.box.y1 == Approx(xyxy[1]));
  CHECK(d.box.x2 == Approx(xyxy[2]));
  CHECK(d.box.y2 == Approx(xyxy[3]));
}

}  // namespace

TEST_CASE("MIT YOLO decode: cell-centre anchors, distances times the stride, multi-label, strict threshold", "[yolo_mit]") {
  auto scales = sample_scales();
  for (bool aux : {false, true}) {
    INFO("with the auxiliary head: " << aux);
    auto out = outputs_of(scales, aux);
    auto dets = decode_yolo_mit(views(out), {.conf_threshold = 0.5, .input_width = 64, .input_height = 64});
    REQUIRE(dets.ok());
    REQUIRE(dets->size() == 4);  // anchor order: stride 8 (two classes), 16, 32
    check_box((*dets)[0], 0, 0.875f, {12, 16, 28, 32});
    check_box((*dets)[1], 1, 0.75f, {12, 16, 28, 32});
    check_box((*dets)[2], 0, 0.6f, {12, 16, 28, 32});
    check_box((*dets)[3], 2, 0.625f, {32, 32, 56, 56});
  }
}

TEST_CASE("MIT YOLO decode refuses outputs of another shape", "[yolo_mit]") {
  auto scales = sample_scales();
  auto out = outputs_of(scales);
  SECTION("too few outputs") {
    out.pop_back();
    auto r = decode_yolo_mit(views(out), {.conf_threshold = 0.5, .input_width = 64, .input_height = 64});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("8 outputs") != std::string::npos);
  }
  SECTION("a grid that does not divide the input") {
    auto r = decode_yolo_mit(views(out), {.conf_threshold = 0.5, .input_width = 60, .input_height = 60});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("does not divide") != std::string::npos);
  }
  SECTION("box distances on another grid") {
    out[2].shape = {1, 4, 4, 16};
    auto r = decode_yolo_mit(views(out), {.conf_threshold = 0.5, .input_width = 64, .input_height = 64});
    REQUIRE_FALSE(r.ok());
  }
}

TEST_CASE("MIT YOLO postprocess: per-class NMS, then the letterbox undone", "[yolo_mit]") {
  ModelEntry e;
  e.id = "mit";
  e.task = ModelTask::Detector;
  e.layout = DetectorLayout::YoloMit;
  e.class_names = {"animal", "person", "vehicle"};
  e.rescale = BoxRescale::Ultralytics;
  e.thresholds.nms_iou = 0.5f;
  auto scales = sample_scales();
  // A 128 x 96 image letterboxed to 64: gain 0.5, 64 x 48, 8 rows of padding above.
  auto dets = postprocess_detections(outputs_of(scales), e, InputFrame{64, 64, 128, 96}, {0.5f});
  REQUIRE(dets.ok());
  REQUIRE(dets->size() == 3);  // the 0.6 animal on the 0.875 animal's box is suppressed
  check_box((*dets)[0], 0, 0.875f, {24, 16, 56, 48});
  check_box((*dets)[1], 1, 0.75f, {24, 16, 56, 48});  // another class: kept on the same box
  check_box((*dets)[2], 2, 0.625f, {64, 48, 112, 96});
}

TEST_CASE("infer_model_entry recognises an MIT YOLO export", "[yolo_mit]") {
  OnnxModelInfo m;
  TensorInfo in{"images", ElementType::Float32, {1, 3, 640, 640}, {"", "", "", ""}};
  m.inputs = {in};
  for (std::int64_t g : {80, 40, 20}) {
    m.outputs.push_back(TensorInfo{"c", ElementType::Float32, {1, 3, g, g}, {}});
    m.outputs.push_back(TensorInfo{"d", ElementType::Float32, {1, 16, 4, g, g}, {}});
    m.outputs.push_back(TensorInfo{"b", ElementType::Float32, {1, 4, g, g}, {}});
  }
  auto r = infer_model_entry(m, "MDV6-mit-yolov9-c.onnx");
  REQUIRE(r.ok());
  CHECK(r->entry.layout == DetectorLayout::YoloMit);
  CHECK(r->entry.class_names.size() == 3);
  CHECK(r->entry.thresholds.nms_iou == Approx(0.5f));
  CHECK(r->entry.input_sizes == std::vector<int>{640});
  CHECK(r->entry.resize == ResizeMode::Letterbox);
}
