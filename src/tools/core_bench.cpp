// Per-stage benchmark of the core on one real image, for comparing the native build with the
// wasm build (scripts/bench runs both and prints the ratios; docs/benchmarks.md). Not a test:
// timings depend on the machine.
//
// Usage: core_bench IMAGE RAW_OUTPUT_NPY [--reps N] [--warmup N] [--export-images N] [--label TEXT]
//   IMAGE           the image file (JPEG, PNG, ...)
//   RAW_OUTPUT_NPY  the YOLOv5 raw output for that image's 640 letterbox, float32 [1, N, 5+C]
//                   (the fixtures' stages/yolov5n/<key>.raw_output.npy)
//
// Stages, each timed on its own: decode_image (decode + EXIF orientation), parse_exif,
// letterbox to 640 and 1280 and the NCHW float tensor fill for each, decode_yolov5 on the real
// output (MDv5 settings: conf 0.005, best class only), nms on those candidates (IoU 0.45,
// max_det 300, YOLOv5's class offset), and the MegaDetector JSON and CSV writers on a run of
// --export-images images that each hold this image's detections.
//
// Every stage runs --warmup times, then --reps samples. A sample of a stage faster than about
// 2 ms repeats the call (`inner` times) and reports the time per call, so a clock tick does not
// dominate it. Output on stdout: one JSON line per stage (machine-readable, starts with '{'),
// then a readable table. On a shared machine the minimum is the better estimate of the
// undisturbed time; the median says how steady the machine was.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "core/detect/decode_yolov5.h"
#include "core/detect/nms.h"
#include "core/detect/scale_boxes.h"
#include "core/image/decode.h"
#include "core/preprocess/letterbox.h"
#include "core/preprocess/tensor.h"
#include "core/results/csv_writer.h"
#include "core/results/md_json_writer.h"
#include "core/results/run_results.h"
#include "core_bench/exif_stage.h"
#include "npy.h"

namespace {

#ifdef __EMSCRIPTEN__
constexpr const char* kRuntime = "wasm";
#else
constexpr const char* kRuntime = "native";
#endif

// Results flow into this so the optimiser cannot drop the work being timed.
volatile std::size_t g_sink = 0;

struct Options {
  std::string image_path, npy_path, label;
  int reps = 10;
  int warmup = 1;
  int export_images = 1000;
};

struct StageResult {
  std::string stage;
  double median_ms = 0, min_ms = 0;
  int reps = 0, inner = 1;
  std::string detail;
};

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "core_bench: %s\n", message.c_str());
  std::exit(1);
}

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot open " + path);
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return bytes;
}

int positive_int(const char* text, const char* flag) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v < 0 || v > 1'000'000) die(std::string("bad value for ") + flag + ": " + text);
  return static_cast<int>(v);
}

Options parse_args(int argc, char** argv) {
  Options o;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--reps") {
      o.reps = std::max(1, positive_int(next(), "--reps"));
    } else if (a == "--warmup") {
      o.warmup = positive_int(next(), "--warmup");
    } else if (a == "--export-images") {
      o.export_images = std::max(1, positive_int(next(), "--export-images"));
    } else if (a == "--label") {
      o.label = next();
    } else if (a == "-h" || a == "--help") {
      std::printf("usage: core_bench IMAGE RAW_OUTPUT_NPY [--reps N] [--warmup N] [--export-images N] [--label TEXT]\n");
      std::exit(0);
    } else if (a.size() > 1 && a[0] == '-') {
      die("unknown option " + a);
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 2) die("expected IMAGE and RAW_OUTPUT_NPY (see --help)");
  o.image_path = positional[0];
  o.npy_path = positional[1];
  if (o.label.empty()) {
    const auto slash = o.image_path.find_last_of('/');
    o.label = slash == std::string::npos ? o.image_path : o.image_path.substr(slash + 1);
  }
  return o;
}

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Warm-up calls, then `reps` samples; a sample repeats the call until it covers about 2 ms.
StageResult time_stage(const std::string& stage, const Options& o, const std::function<void()>& f) {
  StageResult r;
  r.stage = stage;
  double one = 0;
  for (int w = 0; w < std::max(1, o.warmup); ++w) {
    const double t0 = now_ms();
    f();
    one = now_ms() - t0;
  }
  constexpr double kMinSampleMs = 2.0;
  if (one < kMinSampleMs) r.inner = static_cast<int>(std::min(10000.0, kMinSampleMs / std::max(one, 1e-4))) + 1;
  std::vector<double> samples;
  for (int s = 0; s < o.reps; ++s) {
    const double t0 = now_ms();
    for (int k = 0; k < r.inner; ++k) f();
    samples.push_back((now_ms() - t0) / r.inner);
  }
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size();
  r.median_ms = n % 2 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2]);
  r.min_ms = samples.front();
  r.reps = o.reps;
  return r;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// A run of `count` images, each holding `dets` (upright-image pixels), as a batch over a
// camera-trap folder would produce it.
wl::RunResults make_run(const std::vector<wl::Detection>& dets, int width, int height, int count) {
  wl::RunResults run;
  run.detector.name = "yolov5n-coco.onnx";
  run.detector.version = "bench";
  run.detector.output_threshold = 0.005;
  run.detector.nms_iou = 0.45;
  run.detector.input_size = 640;
  run.detector.completion_time = "2026-01-01 00:00:00";
  int max_class = 0;
  for (const auto& d : dets) max_class = std::max(max_class, d.class_id);
  for (int c = 0; c <= max_class; ++c) run.detection_categories[std::to_string(c + 1)] = "class " + std::to_string(c);
  wl::ImageRecord proto;
  proto.width = width;
  proto.height = height;
  proto.exif.datetime = "2019-05-04T13:02:11";
  proto.exif.make = "BenchCam";
  proto.exif.model = "Model 1";
  for (const auto& d : dets) {
    wl::DetectionRecord rec;
    rec.category = std::to_string(d.class_id + 1);
    rec.conf = d.confidence;
    // As md_normalized_bbox (core/detect/md_output.h, which cannot be included next to
    // run_results.h: both define a wl::CategoryMap).
    const double w = width, h = height;
    rec.bbox = {d.box.x1 / w, d.box.y1 / h, (d.box.x2 - d.box.x1) / w, (d.box.y2 - d.box.y1) / h};
    proto.detections.push_back(rec);
  }
  run.images.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    run.images.push_back(proto);
    char name[64];
    std::snprintf(name, sizeof name, "site_%02d/camera_%d/IMG_%05d.JPG", i % 17, i % 3, i);
    run.images.back().file = name;
  }
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_args(argc, argv);
  const std::vector<std::uint8_t> file = read_file(o.image_path);
  const std::vector<std::uint8_t> npy_bytes = read_file(o.npy_path);
  wl::test::NpyArray raw;
  try {
    raw = wl::test::parse_npy(npy_bytes);
  } catch (const std::exception& e) {
    die(o.npy_path + ": " + e.what());
  }

  auto decoded = wl::decode_image(file);
  if (!decoded) die(o.image_path + ": " + decoded.error().message);
  const wl::ImageRgb8& image = decoded->image;
  const std::string size = std::to_string(image.width) + "x" + std::to_string(image.height);

  std::vector<StageResult> results;
  results.push_back(time_stage("decode_image", o, [&] {
    auto d = wl::decode_image(file);
    g_sink = g_sink + (d ? d->image.pixels.size() : 0);
  }));
  results.back().detail = size + ", " + std::to_string(file.size()) + " bytes";

  results.push_back(time_stage("parse_exif", o, [&] { g_sink = g_sink + wl::bench::run_parse_exif(file); }));
  results.back().detail = wl::bench::describe_exif(file);

  std::vector<float> tensor640;
  for (const int target : {640, 1280}) {
    const wl::LetterboxParams params{.target_width = target, .target_height = target};
    wl::LetterboxedImage boxed;
    const std::string t = std::to_string(target);
    results.push_back(time_stage("letterbox_" + t, o, [&] {
      auto ok = wl::letterbox(image, params, boxed);
      g_sink = g_sink + (ok ? boxed.image.pixels.size() : 0);
    }));
    results.back().detail = "resized to " + std::to_string(boxed.geometry.resized_width) + "x" +
                            std::to_string(boxed.geometry.resized_height);
    std::vector<float> tensor(wl::nchw_float_count(boxed.image));
    results.push_back(time_stage("tensor_" + t, o, [&] {
      auto ok = wl::write_nchw_float(boxed.image, {}, tensor);
      g_sink = g_sink + (ok ? 1 : 0);
    }));
    results.back().detail = "3x" + t + "x" + t + " float32";
    if (target == 640) tensor640 = std::move(tensor);
  }
  g_sink = g_sink + tensor640.size();

  const wl::TensorView view = raw.view();
  const wl::ObjectnessDecodeParams decode_params{.conf_threshold = 0.005, .multi_label = false, .num_classes = 0};
  auto candidates = wl::decode_yolov5(view, decode_params);
  if (!candidates) die(o.npy_path + ": " + candidates.error().message);
  results.push_back(time_stage("decode_yolov5", o, [&] {
    auto c = wl::decode_yolov5(view, decode_params);
    g_sink = g_sink + (c ? c->size() : 0);
  }));
  results.back().detail = wl::shape_to_string(raw.shape) + " -> " + std::to_string(candidates->size()) + " candidates";

  const wl::NmsParams nms_params{.iou_threshold = 0.45, .max_det = 300, .max_nms = 30000, .agnostic = false,
                                 .class_offset = 7680};
  std::vector<wl::Detection> kept = wl::nms(*candidates, nms_params);
  results.push_back(time_stage("nms", o, [&] { g_sink = g_sink + wl::nms(*candidates, nms_params).size(); }));
  results.back().detail = std::to_string(candidates->size()) + " -> " + std::to_string(kept.size()) + " kept";

  // A square YOLOv5 input of side s has 3 * (s/8)^2 * (1 + 1/4 + 1/16) rows: 25200 at 640.
  const int in_size = static_cast<int>(std::lround(std::sqrt(static_cast<double>(raw.shape.at(1)) * 1024.0 / 63.0)));
  wl::scale_boxes(kept, wl::yolov5_scale_geometry(in_size, in_size, image.width, image.height));
  const wl::RunResults run = make_run(kept, image.width, image.height, o.export_images);
  const std::string run_detail =
      std::to_string(o.export_images) + " images x " + std::to_string(kept.size()) + " detections";
  std::size_t json_bytes = 0, csv_bytes = 0;
  results.push_back(time_stage("export_md_json", o, [&] {
    auto j = wl::write_md_json(run);
    json_bytes = j ? j->size() : 0;
    g_sink = g_sink + json_bytes;
  }));
  results.back().detail = run_detail + ", " + std::to_string(json_bytes) + " bytes";
  results.push_back(time_stage("export_csv", o, [&] {
    csv_bytes = wl::write_results_csv(run).size();
    g_sink = g_sink + csv_bytes;
  }));
  results.back().detail = run_detail + ", " + std::to_string(csv_bytes) + " bytes";

  for (const StageResult& r : results) {
    std::printf(
        "{\"tool\":\"core_bench\",\"runtime\":\"%s\",\"image\":%s,\"stage\":\"%s\",\"median_ms\":%.6f,\"min_ms\":%.6f,"
        "\"reps\":%d,\"inner\":%d,\"detail\":%s}\n",
        kRuntime, json_string(o.label).c_str(), r.stage.c_str(), r.median_ms, r.min_ms, r.reps, r.inner,
        json_string(r.detail).c_str());
  }
  std::printf("\ncore_bench (%s) %s: %s, %d reps after %d warm-up\n", kRuntime, o.label.c_str(), size.c_str(), o.reps,
              o.warmup);
  std::printf("%-16s %12s %12s  %s\n", "stage", "median ms", "min ms", "detail");
  for (const StageResult& r : results) {
    std::printf("%-16s %12.4f %12.4f  %s\n", r.stage.c_str(), r.median_ms, r.min_ms, r.detail.c_str());
  }
  return g_sink == 0 ? 1 : 0;
}
