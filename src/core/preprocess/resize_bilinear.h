#pragma once
// Bilinear resize of 8-bit RGB images, bit-exact with OpenCV 4.6
// `cv::resize(src, dst, Size(w, h), 0, 0, INTER_LINEAR)` on CV_8UC3.
//
// The detectors we reproduce (YOLOv5, Ultralytics) were trained and validated on inputs
// made by exactly that call, and the reference fixtures were made with it too. A "nicer"
// resize (float weights, antialiasing, area averaging) moves pixel values by up to whole
// levels and shifts model confidences, so this copies OpenCV's integer arithmetic:
//   * half-pixel centres: src = (dst + 0.5) * scale - 0.5, computed in double, then float;
//   * 11-bit fixed-point weights (INTER_RESIZE_COEF_BITS), rounded to nearest-even;
//   * horizontal pass into int rows, vertical pass with OpenCV's uchar rounding
//     ((b0*(S0>>4))>>16) + ((b1*(S1>>4))>>16) + 2) >> 2;
//   * border: source coordinates clamp to the first/last row and column;
//   * an exact 2x downscale in both directions takes OpenCV's INTER_AREA shortcut
//     (mean of each 2x2 block), as cv::resize does for INTER_LINEAR.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/image/image.h"

namespace wl {

// Resizes `src` to `dst_width` x `dst_height` into `dst`, reusing dst's buffer when it is
// big enough. Both sizes must be positive; `src` and `dst` must be different objects.
void resize_bilinear_u8(const ImageRgb8& src, int dst_width, int dst_height, ImageRgb8& dst);

// Writes the resized pixels into rows of a larger buffer (e.g. straight into a letterbox
// frame): row y starts at dst[y * dst_stride]. `dst` must hold (dst_height - 1) *
// dst_stride + dst_width * 3 bytes and must not overlap `src`.
void resize_bilinear_u8_into(const ImageRgb8& src, int dst_width, int dst_height, std::span<std::uint8_t> dst,
                             std::size_t dst_stride);

// Convenience form that returns a new image.
ImageRgb8 resize_bilinear_u8(const ImageRgb8& src, int dst_width, int dst_height);

}  // namespace wl
