#include "core/preprocess/resize_bilinear.h"

#include <cassert>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <utility>
#include <vector>

namespace wl {
namespace {

constexpr int kCoefBits = 11;               // OpenCV INTER_RESIZE_COEF_BITS
constexpr int kCoefScale = 1 << kCoefBits;  // OpenCV INTER_RESIZE_COEF_SCALE
constexpr int kChannels = 3;

// OpenCV's cvFloor(float): truncation corrected for negative values.
int floor_to_int(float v) {
  const int i = static_cast<int>(v);
  return i - (static_cast<float>(i) > v ? 1 : 0);
}

// OpenCV's saturate_cast<short>(float): round to nearest, ties to even (cvRound uses the
// CPU's default rounding mode), then clamp.
std::int16_t weight_to_fixed(float w) {
  const long r = std::lrint(w * static_cast<float>(kCoefScale));
  if (r > INT16_MAX) return INT16_MAX;
  if (r < INT16_MIN) return INT16_MIN;
  return static_cast<std::int16_t>(r);
}

// One tap pair along an axis: the first source index and the two fixed-point weights.
struct Tap {
  int first = 0;        // source index of the left/top sample
  bool clamped = false; // at the border OpenCV copies one sample (weight 2048, 0)
  std::int16_t w0 = kCoefScale;
  std::int16_t w1 = 0;
};

// Mirrors the coefficient set-up in OpenCV's cv::hal::resize for INTER_LINEAR, with the
// horizontal border rule (sx < 0 or sx >= size-1: one sample, weight 1).
std::vector<Tap> horizontal_taps(int src_size, int dst_size, double scale) {
  std::vector<Tap> taps(static_cast<std::size_t>(dst_size));
  for (int d = 0; d < dst_size; ++d) {
    float f = static_cast<float>((d + 0.5) * scale - 0.5);
    int s = floor_to_int(f);
    f -= static_cast<float>(s);
    Tap& t = taps[static_cast<std::size_t>(d)];
    if (s < 0) {
      f = 0.f;
      s = 0;
    }
    if (s >= src_size - 1) {
      f = 0.f;
      s = src_size - 1;
      t.clamped = true;
    }
    t.first = s;
    t.w0 = weight_to_fixed(1.f - f);
    t.w1 = weight_to_fixed(f);
  }
  return taps;
}

// Vertically OpenCV keeps the fractional weight and clamps the two row indices instead.
std::vector<Tap> vertical_taps(int dst_size, double scale) {
  std::vector<Tap> taps(static_cast<std::size_t>(dst_size));
  for (int d = 0; d < dst_size; ++d) {
    float f = static_cast<float>((d + 0.5) * scale - 0.5);
    const int s = floor_to_int(f);
    f -= static_cast<float>(s);
    Tap& t = taps[static_cast<std::size_t>(d)];
    t.first = s;
    t.w0 = weight_to_fixed(1.f - f);
    t.w1 = weight_to_fixed(f);
  }
  return taps;
}

int clamp_row(int y, int height) { return y < 0 ? 0 : (y >= height ? height - 1 : y); }

// Horizontal pass of one source row into int sums scaled by 2048 (OpenCV HResizeLinear).
void horizontal_pass(const std::uint8_t* src_row, const std::vector<Tap>& taps, int* out) {
  const std::size_t n = taps.size();
  for (std::size_t dx = 0; dx < n; ++dx) {
    const Tap& t = taps[dx];
    const std::uint8_t* p = src_row + static_cast<std::size_t>(t.first) * kChannels;
    int* o = out + dx * kChannels;
    if (t.clamped) {
      for (int c = 0; c < kChannels; ++c) o[c] = p[c] * kCoefScale;
    } else {
      for (int c = 0; c < kChannels; ++c) o[c] = p[c] * t.w0 + p[c + kChannels] * t.w1;
    }
  }
}

// Output rows inside a possibly larger buffer (a letterbox frame).
struct OutputRows {
  std::uint8_t* first;
  std::size_t stride;
  std::uint8_t* row(int y) const { return first + static_cast<std::size_t>(y) * stride; }
};

// OpenCV's INTER_AREA fast path for an exact 2x2 downscale.
void halve(const ImageRgb8& src, int dst_width, int dst_height, OutputRows dst) {
  for (int y = 0; y < dst_height; ++y) {
    const std::uint8_t* a = src.row(2 * y);
    const std::uint8_t* b = src.row(2 * y + 1);
    std::uint8_t* o = dst.row(y);
    for (int x = 0; x < dst_width; ++x) {
      const std::size_t i = static_cast<std::size_t>(x) * 2 * kChannels;
      for (int c = 0; c < kChannels; ++c) {
        const int sum = a[i + c] + a[i + c + kChannels] + b[i + c] + b[i + c + kChannels];
        o[static_cast<std::size_t>(x) * kChannels + c] = static_cast<std::uint8_t>((sum + 2) >> 2);
      }
    }
  }
}

}  // namespace

void resize_bilinear_u8_into(const ImageRgb8& src, int dst_width, int dst_height, std::span<std::uint8_t> dst,
                             std::size_t dst_stride) {
  assert(src.width > 0 && src.height > 0 && dst_width > 0 && dst_height > 0);
  assert(dst_stride >= static_cast<std::size_t>(dst_width) * kChannels);
  assert(dst.size() >= (static_cast<std::size_t>(dst_height) - 1) * dst_stride + static_cast<std::size_t>(dst_width) * kChannels);
  const OutputRows out_rows{dst.data(), dst_stride};

  // cv::resize derives the scale as 1 / (dst/src), not src/dst; the two can differ in the
  // last bit, which moves a coefficient now and then.
  const double scale_x = 1.0 / (static_cast<double>(dst_width) / src.width);
  const double scale_y = 1.0 / (static_cast<double>(dst_height) / src.height);
  if (std::abs(scale_x - 2.0) < DBL_EPSILON && std::abs(scale_y - 2.0) < DBL_EPSILON) {
    halve(src, dst_width, dst_height, out_rows);
    return;
  }

  const std::vector<Tap> xs = horizontal_taps(src.width, dst_width, scale_x);
  const std::vector<Tap> ys = vertical_taps(dst_height, scale_y);

  // Two horizontally resized rows, reused while consecutive output rows share source rows.
  const std::size_t row_len = static_cast<std::size_t>(dst_width) * kChannels;
  std::vector<int> buffers(row_len * 2);
  int* rows[2] = {buffers.data(), buffers.data() + row_len};
  int cached[2] = {-1, -1};

  for (int dy = 0; dy < dst_height; ++dy) {
    const Tap& t = ys[static_cast<std::size_t>(dy)];
    const int want[2] = {clamp_row(t.first, src.height), clamp_row(t.first + 1, src.height)};
    if (cached[0] != want[0] && cached[1] == want[0]) {
      // Moving down one source row: the old lower row becomes the new upper row.
      std::swap(rows[0], rows[1]);
      std::swap(cached[0], cached[1]);
    }
    for (int k = 0; k < 2; ++k) {
      if (cached[k] == want[k]) continue;
      horizontal_pass(src.row(want[k]), xs, rows[k]);
      cached[k] = want[k];
    }
    const int b0 = t.w0, b1 = t.w1;
    const int* s0 = rows[0];
    const int* s1 = rows[1];
    std::uint8_t* out = out_rows.row(dy);
    for (std::size_t i = 0; i < row_len; ++i) {
      const int v = (((b0 * (s0[i] >> 4)) >> 16) + ((b1 * (s1[i] >> 4)) >> 16) + 2) >> 2;
      out[i] = static_cast<std::uint8_t>(v);
    }
  }
}

void resize_bilinear_u8(const ImageRgb8& src, int dst_width, int dst_height, ImageRgb8& dst) {
  assert(&src != &dst);
  dst.width = dst_width;
  dst.height = dst_height;
  dst.pixels.resize(static_cast<std::size_t>(dst_width) * dst_height * kChannels);
  resize_bilinear_u8_into(src, dst_width, dst_height, dst.pixels, dst.row_bytes());
}

ImageRgb8 resize_bilinear_u8(const ImageRgb8& src, int dst_width, int dst_height) {
  ImageRgb8 dst;
  resize_bilinear_u8(src, dst_width, dst_height, dst);
  return dst;
}

}  // namespace wl
