// Benchmark of nms() (and of the YOLOv5 row decoder) on synthetic data, for the numbers quoted
// in reviews. Not a test: timings depend on the machine.
// Usage: nms_bench [repeats] [--no-loop] [--json]
//   --no-loop  skip the torchvision loop (seconds per scenario; scripts/bench skips it)
//   --json     also print one JSON line per scenario (median_ms, min_ms), as core_bench does
//
// Each scenario prints the median and the minimum wall time over the repeats (on a shared
// machine the minimum is the better estimate of the undisturbed time). "torchvision loop" is a
// plain transcription of torchvision's O(n^2) greedy kernel, for comparison.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include "core/detect/decode_yolov5.h"
#include "core/detect/nms.h"

namespace {

struct Rng {
  std::uint64_t s;
  float uniform() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<float>(s >> 40) / static_cast<float>(1ULL << 24);
  }
};

// n boxes, sides 4..max_size px, uniform over extent x extent or around `clusters` centres.
std::vector<wl::Detection> boxes(std::size_t n, int classes, float extent, float max_size, int clusters) {
  Rng rng{42};
  std::vector<std::pair<float, float>> centres;
  for (int c = 0; c < clusters; ++c) {
    // Two statements: the order in which function arguments are evaluated differs between
    // compilers, and the wasm build must see the same boxes as the native one.
    const float x = rng.uniform() * extent;
    const float y = rng.uniform() * extent;
    centres.emplace_back(x, y);
  }
  std::vector<wl::Detection> d(n);
  for (auto& e : d) {
    float cx = rng.uniform() * extent, cy = rng.uniform() * extent;
    if (clusters > 0) {
      const auto& c = centres[static_cast<std::size_t>(rng.uniform() * static_cast<float>(clusters)) % centres.size()];
      cx = c.first + (rng.uniform() - 0.5f) * max_size;
      cy = c.second + (rng.uniform() - 0.5f) * max_size;
    }
    const float w = 4 + rng.uniform() * (max_size - 4), h = 4 + rng.uniform() * (max_size - 4);
    e = {static_cast<int>(rng.uniform() * static_cast<float>(classes)) % classes, rng.uniform(),
         {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2}};
  }
  return d;
}

std::vector<std::size_t> torchvision_loop(const std::vector<wl::Detection>& d, double thr, std::size_t max_det) {
  std::vector<std::size_t> order(d.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return d[a].confidence > d[b].confidence; });
  std::vector<char> sup(d.size(), 0);
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < order.size() && keep.size() < max_det; ++i) {
    if (sup[i]) continue;
    keep.push_back(order[i]);
    const wl::BoxXyxy& a = d[order[i]].box;
    const float aa = a.width() * a.height();
    for (std::size_t j = i + 1; j < order.size(); ++j) {
      if (sup[j] || d[order[j]].class_id != d[order[i]].class_id) continue;
      const wl::BoxXyxy& b = d[order[j]].box;
      const float w = std::max(0.0f, std::min(a.x2, b.x2) - std::max(a.x1, b.x1));
      const float h = std::max(0.0f, std::min(a.y2, b.y2) - std::max(a.y1, b.y1));
      const float inter = w * h;
      if (static_cast<double>(inter / (aa + b.width() * b.height() - inter)) > thr) sup[j] = 1;
    }
  }
  return keep;
}

#ifdef __EMSCRIPTEN__
constexpr const char* kRuntime = "wasm";
#else
constexpr const char* kRuntime = "native";
#endif

void print_json(bool json, const char* stage, double median_ms, double min_ms, std::size_t count, const char* what) {
  if (!json) return;
  std::printf("{\"tool\":\"nms_bench\",\"runtime\":\"%s\",\"image\":\"synthetic\",\"stage\":\"%s\",\"median_ms\":%.4f,"
              "\"min_ms\":%.4f,\"detail\":\"%zu %s\"}\n",
              kRuntime, stage, median_ms, min_ms, count, what);
}

struct Timing {
  double median = 0, min = 0;
};

template <class F>
Timing time_ms(int repeats, F&& f) {
  std::vector<double> t;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  return {t[t.size() / 2], t.front()};
}

}  // namespace

int main(int argc, char** argv) {
  int repeats = 21;
  bool loop = true, json = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--no-loop") {
      loop = false;
    } else if (a == "--json") {
      json = true;
    } else {
      repeats = std::max(1, std::atoi(argv[i]));
    }
  }
  struct Scenario {
    const char* key;  // short name for the JSON line
    const char* name;
    int classes;
    float extent, max_size;
    int clusters;
    double iou;
    std::size_t max_det;
    bool compare_loop;
  };
  const Scenario scenarios[] = {
      {"nms30k_uniform_80c_max300", "30k uniform, 80 classes, max_det 300", 80, 640, 100, 0, 0.45, 300, true},
      {"nms30k_uniform_1c_max300", "30k uniform, 1 class, max_det 300", 1, 640, 100, 0, 0.45, 300, true},
      {"nms30k_uniform_1c_all", "30k uniform, 1 class, no max_det", 1, 640, 60, 0, 0.45, 30000, true},
      {"nms30k_uniform_3c_1280_all", "30k uniform, 3 classes @1280, no max_det", 3, 1280, 60, 0, 0.7, 30000, true},
      {"nms30k_clusters_3c_max300", "30k in 50 clusters, 3 classes, max_det 300", 3, 1280, 120, 50, 0.7, 300, true},
      {"nms30k_clusters_1c_all", "30k in 50 clusters, 1 class, no max_det", 1, 1280, 120, 50, 0.45, 30000, true},
  };
  std::printf("%-46s %6s %18s %12s\n", "scenario", "kept", "nms ms (med/min)", "loop ms");
  for (const Scenario& s : scenarios) {
    const auto d = boxes(30000, s.classes, s.extent, s.max_size, s.clusters);
    const wl::NmsParams p{.iou_threshold = s.iou, .max_det = s.max_det, .max_nms = 30000, .agnostic = false, .class_offset = 0};
    std::size_t kept = 0;
    const Timing ms = time_ms(repeats, [&] { kept = wl::nms_indices(d, p).size(); });
    double loop_ms = -1;
    if (s.compare_loop && loop) {
      std::size_t loop_kept = 0;
      loop_ms = time_ms(std::min(repeats, 3), [&] { loop_kept = torchvision_loop(d, s.iou, s.max_det).size(); }).min;
      if (loop_kept != kept) std::printf("  MISMATCH: loop kept %zu\n", loop_kept);
    }
    if (loop_ms >= 0) {
      std::printf("%-46s %6zu %9.2f %8.2f %12.2f\n", s.name, kept, ms.median, ms.min, loop_ms);
    } else {
      std::printf("%-46s %6zu %9.2f %8.2f %12s\n", s.name, kept, ms.median, ms.min, "skipped");
    }
    print_json(json, s.key, ms.median, ms.min, kept, "kept");
  }

  // The YOLOv5 decoder over a 25200 x 85 output where 30000 multi-label candidates pass.
  std::vector<float> out(25200 * 85);
  Rng rng{7};
  for (std::size_t r = 0; r < 25200; ++r) {
    float* row = out.data() + r * 85;
    row[0] = rng.uniform() * 640;
    row[1] = rng.uniform() * 640;
    row[2] = 4 + rng.uniform() * 100;
    row[3] = 4 + rng.uniform() * 100;
    row[4] = rng.uniform();
    for (int c = 5; c < 85; ++c) row[c] = rng.uniform() * 0.05f;
  }
  const wl::TensorView view{out, {1, 25200, 85}};
  std::size_t n = 0;
  const Timing decode_ms = time_ms(repeats, [&] { n = wl::decode_yolov5(view, {.conf_threshold = 0.005}).value().size(); });
  std::printf("decode_yolov5 25200x85 (%zu candidates): %.2f ms median, %.2f ms min\n", n, decode_ms.median, decode_ms.min);
  print_json(json, "decode_yolov5_synthetic", decode_ms.median, decode_ms.min, n, "candidates");
  return 0;
}
