// nms() against a line-by-line transcription of torchvision's CPU kernel (nms_kernel_impl) with
// YOLOv5's class offset, on random boxes. The random sets are large and clustered enough that
// buckets grow past the grid threshold, so the grid pruning is checked against the plain O(n^2)
// greedy loop.
#include <catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

#include "core/detect/nms.h"

namespace {

// torchvision: order = scores.sort(stable=true, descending=true); for each i not suppressed:
// keep i, suppress every later j with IoU(i, j) > threshold. YOLOv5 adds class * max_wh to the
// boxes first and truncates to max_nms before and max_det after.
std::vector<std::size_t> reference_nms(const std::vector<wl::Detection>& d, const wl::NmsParams& p) {
  std::vector<std::size_t> order(d.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  order.erase(std::remove_if(order.begin(), order.end(), [&](std::size_t i) { return std::isnan(d[i].confidence); }),
              order.end());
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return d[a].confidence > d[b].confidence; });
  if (order.size() > p.max_nms) order.resize(p.max_nms);
  const std::size_t n = order.size();
  std::vector<float> x1(n), y1(n), x2(n), y2(n), area(n);
  for (std::size_t k = 0; k < n; ++k) {
    const wl::Detection& e = d[order[k]];
    const float c = p.agnostic ? 0.0f : static_cast<float>(e.class_id) * p.class_offset;
    x1[k] = e.box.x1 + c;
    y1[k] = e.box.y1 + c;
    x2[k] = e.box.x2 + c;
    y2[k] = e.box.y2 + c;
    area[k] = (x2[k] - x1[k]) * (y2[k] - y1[k]);
  }
  std::vector<char> suppressed(n, 0);
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < n; ++i) {
    if (suppressed[i]) continue;
    keep.push_back(order[i]);
    for (std::size_t j = i + 1; j < n; ++j) {
      if (suppressed[j]) continue;
      // With class_offset 0 the offset trick is not used, so classes are kept apart here.
      if (!p.agnostic && p.class_offset == 0.0f && d[order[i]].class_id != d[order[j]].class_id) continue;
      const float xx1 = std::max(x1[i], x1[j]);
      const float yy1 = std::max(y1[i], y1[j]);
      const float xx2 = std::min(x2[i], x2[j]);
      const float yy2 = std::min(y2[i], y2[j]);
      const float w = std::max(0.0f, xx2 - xx1);
      const float h = std::max(0.0f, yy2 - yy1);
      const float inter = w * h;
      const float ovr = inter / (area[i] + area[j] - inter);
      if (ovr > p.iou_threshold) suppressed[j] = 1;
    }
  }
  if (keep.size() > p.max_det) keep.resize(p.max_det);
  return keep;
}

// A small deterministic generator, so native and wasm builds test the same boxes
// (std::uniform_real_distribution differs between standard libraries).
struct Rng {
  std::uint64_t s;
  float uniform() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<float>(s >> 40) / static_cast<float>(1ULL << 24);
  }
};

std::vector<wl::Detection> random_boxes(std::uint64_t seed, std::size_t n, int classes, float extent, float max_size,
                                        int clusters) {
  Rng rng{seed};
  std::vector<std::pair<float, float>> centres;
  for (int c = 0; c < clusters; ++c) {
    // Two statements: the order in which function arguments are evaluated differs between
    // compilers, and the wasm build must see the same boxes as the native one.
    const float x = rng.uniform() * extent;
    const float y = rng.uniform() * extent;
    centres.emplace_back(x, y);
  }
  std::vector<wl::Detection> d;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& [cx0, cy0] = centres[static_cast<std::size_t>(rng.uniform() * static_cast<float>(clusters)) % centres.size()];
    const float cx = cx0 + (rng.uniform() - 0.5f) * max_size * 2;
    const float cy = cy0 + (rng.uniform() - 0.5f) * max_size * 2;
    // Every 17th box is up to 8 times larger, so that some boxes span too many grid cells.
    const float scale = i % 17 == 0 ? 8.0f : 1.0f;
    const float w = (1 + rng.uniform() * max_size) * scale;
    const float h = (1 + rng.uniform() * max_size) * scale;
    const int cls = static_cast<int>(rng.uniform() * static_cast<float>(classes)) % classes;
    // Quantised scores so that ties happen.
    const float conf = std::floor(rng.uniform() * 200.0f) / 200.0f;
    d.push_back({cls, conf, {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2}});
  }
  return d;
}

}  // namespace

TEST_CASE("NMS equals the torchvision transcription on random clustered boxes") {
  struct Case {
    std::uint64_t seed;
    std::size_t n;
    int classes;
    float extent, max_size;
    int clusters;
    double iou;
    std::size_t max_det;
    bool agnostic;
    float class_offset;
  };
  const Case cases[] = {
      {1, 3000, 1, 640, 40, 200, 0.45, 100000, false, 0},     // one class, many kept: grid path
      {2, 3000, 3, 1280, 80, 50, 0.7, 300, false, 7680},      // MDv6-like, offset arithmetic
      {3, 3000, 80, 640, 60, 30, 0.45, 300, false, 7680},     // COCO-like
      {4, 2000, 5, 640, 300, 10, 0.45, 100000, true, 0},      // big boxes, agnostic
      {5, 2000, 2, 640, 20, 400, 0.0, 100000, false, 0},      // any overlap suppresses
      {6, 2000, 2, 640, 20, 400, 0.95, 100000, false, 0},     // almost nothing suppresses
      {8, 3000, 1, 640, 10, 300, 0.05, 100000, false, 0},     // large kept boxes suppress small ones
      {7, 1500, 1, 100000, 30, 20, 0.3, 100000, false, 0},    // sparse over a wide extent
  };
  for (const Case& c : cases) {
    INFO("seed " << c.seed);
    const auto boxes = random_boxes(c.seed, c.n, c.classes, c.extent, c.max_size, c.clusters);
    const wl::NmsParams p{.iou_threshold = c.iou, .max_det = c.max_det, .max_nms = 30000, .agnostic = c.agnostic,
                          .class_offset = c.class_offset};
    const auto expected = reference_nms(boxes, p);
    const auto actual = wl::nms_indices(boxes, p);
    INFO("expected " << expected.size() << " kept, got " << actual.size());
    CHECK(actual == expected);
  }
}

TEST_CASE("NMS equals the transcription with a negative threshold and with non-finite boxes") {
  auto boxes = random_boxes(11, 500, 2, 640, 40, 20);
  const float inf = std::numeric_limits<float>::infinity();
  boxes[3].box = {-inf, 0, inf, 10};
  boxes[7].box = {std::numeric_limits<float>::quiet_NaN(), 0, 5, 5};
  boxes[9].box = {0, 0, inf, inf};
  for (double iou : {-0.1, 0.45}) {
    const wl::NmsParams p{.iou_threshold = iou, .max_det = 100000, .max_nms = 30000, .agnostic = false, .class_offset = 0};
    CHECK(wl::nms_indices(boxes, p) == reference_nms(boxes, p));
  }
}

TEST_CASE("Class-aware NMS with the 7680 offset equals agnostic NMS on boxes offset by hand") {
  // This is exactly what YOLOv5 does: boxes + class * 7680, then one class-agnostic NMS.
  auto boxes = random_boxes(21, 3000, 4, 640, 50, 60);
  std::vector<wl::Detection> shifted = boxes;
  for (auto& d : shifted) {
    const float c = static_cast<float>(d.class_id) * 7680.0f;
    d.box = {d.box.x1 + c, d.box.y1 + c, d.box.x2 + c, d.box.y2 + c};
  }
  const wl::NmsParams aware{.iou_threshold = 0.45, .max_det = 300, .max_nms = 30000, .agnostic = false, .class_offset = 7680};
  const wl::NmsParams agnostic{.iou_threshold = 0.45, .max_det = 300, .max_nms = 30000, .agnostic = true, .class_offset = 0};
  const auto a = wl::nms_indices(boxes, aware);
  CHECK(a.size() == 300);
  CHECK(a == wl::nms_indices(shifted, agnostic));
}
