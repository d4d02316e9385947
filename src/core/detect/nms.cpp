#include "core/detect/nms.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace wl {
namespace {

// Grid tuning. Below kGridMinKept kept boxes a plain scan of a bucket is cheaper than the grid.
// A box spanning more than kMaxCellsPerBox cells is kept out of the cells and checked by every
// query instead. At most kMaxCellsPerAxis cells per axis bound the memory of a bucket's grid.
constexpr std::size_t kGridMinKept = 32;
constexpr int kMaxCellsPerBox = 16;
constexpr int kMaxCellsPerAxis = 64;

// The arithmetic of torchvision's nms_kernel_impl, with `i` the kept box and `j` the candidate.
struct OffsetBox {
  float x1, y1, x2, y2, area;
};

inline bool suppresses(const OffsetBox& i, const OffsetBox& j, double threshold) {
  const float xx1 = std::max(i.x1, j.x1);
  const float yy1 = std::max(i.y1, j.y1);
  const float xx2 = std::min(i.x2, j.x2);
  const float yy2 = std::min(i.y2, j.y2);
  const float w = std::max(0.0f, xx2 - xx1);
  const float h = std::max(0.0f, yy2 - yy1);
  const float inter = w * h;
  const float ovr = inter / (i.area + j.area - inter);
  return static_cast<double>(ovr) > threshold;
}

// Cell geometry shared by all buckets of one call, in the candidates' own coordinates.
struct Grid {
  float min_x = 0, min_y = 0;
  float inv_cell = 0;
  int nx = 0, ny = 0;
  bool usable = false;
};

struct CellRange {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool wide = true;  // too many cells, or not finite: compared with everything
};

CellRange cell_range(const Grid& g, const BoxXyxy& b) {
  CellRange r;
  if (!g.usable || !std::isfinite(b.x1) || !std::isfinite(b.y1) || !std::isfinite(b.x2) || !std::isfinite(b.y2)) return r;
  auto cell = [&](float v, float origin, int n) {
    const double c = std::floor((static_cast<double>(v) - origin) * g.inv_cell);
    return static_cast<int>(std::clamp(c, 0.0, static_cast<double>(n - 1)));
  };
  // min/max so that an inverted box (x2 < x1) still covers the cells between its edges.
  r.x0 = cell(std::min(b.x1, b.x2), g.min_x, g.nx);
  r.x1 = cell(std::max(b.x1, b.x2), g.min_x, g.nx);
  r.y0 = cell(std::min(b.y1, b.y2), g.min_y, g.ny);
  r.y1 = cell(std::max(b.y1, b.y2), g.min_y, g.ny);
  r.wide = (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1) > kMaxCellsPerBox;
  return r;
}

Grid make_grid(std::span<const Detection> cands, const std::vector<std::uint32_t>& order, double threshold) {
  Grid g;
  // A negative (or NaN) threshold can suppress boxes that do not touch; cells would miss those.
  if (!(threshold >= 0.0) || order.size() < kGridMinKept) return g;
  float min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
  std::vector<float> sizes;
  sizes.reserve(order.size());
  for (std::uint32_t k : order) {
    const BoxXyxy& b = cands[k].box;
    if (!std::isfinite(b.x1) || !std::isfinite(b.y1) || !std::isfinite(b.x2) || !std::isfinite(b.y2)) continue;
    min_x = std::min({min_x, b.x1, b.x2});
    max_x = std::max({max_x, b.x1, b.x2});
    min_y = std::min({min_y, b.y1, b.y2});
    max_y = std::max({max_y, b.y1, b.y2});
    sizes.push_back(std::max(std::abs(b.x2 - b.x1), std::abs(b.y2 - b.y1)));
  }
  if (sizes.empty()) return g;
  // Cells about the size of a typical box: most boxes then cover 1 to 4 cells.
  auto mid = sizes.begin() + static_cast<std::ptrdiff_t>(sizes.size() / 2);
  std::nth_element(sizes.begin(), mid, sizes.end());
  const double extent = std::max(static_cast<double>(max_x) - min_x, static_cast<double>(max_y) - min_y);
  const double cell = std::max({static_cast<double>(*mid), extent / kMaxCellsPerAxis, 1e-6});
  g.min_x = min_x;
  g.min_y = min_y;
  g.inv_cell = static_cast<float>(1.0 / cell);
  g.nx = std::clamp(static_cast<int>((static_cast<double>(max_x) - min_x) / cell) + 1, 1, kMaxCellsPerAxis);
  g.ny = std::clamp(static_cast<int>((static_cast<double>(max_y) - min_y) / cell) + 1, 1, kMaxCellsPerAxis);
  g.usable = true;
  return g;
}

// The kept boxes of one class (or of all classes when agnostic).
class Bucket {
 public:
  bool suppressed(const OffsetBox& cand, const CellRange& range, const Grid& g, double threshold) const {
    if (cells_.empty() || range.wide) {
      for (const OffsetBox& k : kept_) {
        if (suppresses(k, cand, threshold)) return true;
      }
      return false;
    }
    for (std::uint32_t k : wide_) {
      if (suppresses(kept_[k], cand, threshold)) return true;
    }
    for (int y = range.y0; y <= range.y1; ++y) {
      for (int x = range.x0; x <= range.x1; ++x) {
        for (std::uint32_t k : cells_[static_cast<std::size_t>(y * g.nx + x)]) {
          if (suppresses(kept_[k], cand, threshold)) return true;
        }
      }
    }
    return false;
  }

  void keep(const OffsetBox& box, const CellRange& range, const Grid& g) {
    kept_.push_back(box);
    ranges_.push_back(range);
    if (!cells_.empty()) {
      insert(static_cast<std::uint32_t>(kept_.size() - 1), g);
    } else if (g.usable && kept_.size() >= kGridMinKept) {
      cells_.resize(static_cast<std::size_t>(g.nx) * static_cast<std::size_t>(g.ny));
      for (std::uint32_t k = 0; k < kept_.size(); ++k) insert(k, g);
    }
  }

 private:
  void insert(std::uint32_t k, const Grid& g) {
    const CellRange& r = ranges_[k];
    if (r.wide) {
      wide_.push_back(k);
      return;
    }
    for (int y = r.y0; y <= r.y1; ++y) {
      for (int x = r.x0; x <= r.x1; ++x) cells_[static_cast<std::size_t>(y * g.nx + x)].push_back(k);
    }
  }

  std::vector<OffsetBox> kept_;
  std::vector<CellRange> ranges_;
  std::vector<std::uint32_t> wide_;
  std::vector<std::vector<std::uint32_t>> cells_;
};

}  // namespace

std::vector<std::size_t> nms_indices(std::span<const Detection> candidates, const NmsParams& params) {
  // Sort (confidence desc, index asc) pairs: the same order as a stable descending sort, and
  // quicker than std::stable_sort on an index array.
  std::vector<std::pair<float, std::uint32_t>> sorted;
  sorted.reserve(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!std::isnan(candidates[i].confidence)) sorted.emplace_back(candidates[i].confidence, static_cast<std::uint32_t>(i));
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  });
  if (sorted.size() > params.max_nms) sorted.resize(params.max_nms);

  std::vector<std::uint32_t> order(sorted.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) order[i] = sorted[i].second;
  const Grid grid = make_grid(candidates, order, params.iou_threshold);

  std::unordered_map<int, Bucket> buckets;
  std::vector<std::size_t> kept;
  for (std::uint32_t k : order) {
    if (kept.size() >= params.max_det) break;
    const Detection& d = candidates[k];
    const int cls = params.agnostic ? 0 : d.class_id;
    // YOLOv5: c = class * max_wh (float32), boxes = xyxy + c.
    const float off = params.agnostic ? 0.0f : static_cast<float>(d.class_id) * params.class_offset;
    OffsetBox ob{d.box.x1 + off, d.box.y1 + off, d.box.x2 + off, d.box.y2 + off, 0};
    ob.area = (ob.x2 - ob.x1) * (ob.y2 - ob.y1);
    const CellRange range = cell_range(grid, d.box);
    Bucket& bucket = buckets[cls];
    if (bucket.suppressed(ob, range, grid, params.iou_threshold)) continue;
    bucket.keep(ob, range, grid);
    kept.push_back(k);
  }
  return kept;
}

std::vector<Detection> nms(std::span<const Detection> candidates, const NmsParams& params) {
  std::vector<Detection> out;
  for (std::size_t i : nms_indices(candidates, params)) out.push_back(candidates[i]);
  return out;
}

}  // namespace wl
