// Developer check, not part of the build: compares resize_bilinear_u8 with the real
// OpenCV 4.6 cv::resize(INTER_LINEAR) on random images of random sizes, up and down,
// including exact 2x (OpenCV's INTER_AREA shortcut). Needs Debian's libopencv-imgproc-dev.
//
//   g++ -O2 -std=c++20 -Isrc -I/usr/include/opencv4 tests/oracle/opencv_resize_oracle.cpp \
//       src/core/preprocess/resize_bilinear.cpp -lopencv_imgproc -lopencv_core -o /tmp/resize_oracle
//   /tmp/resize_oracle        # prints the cases that differ and "0/N cases differ" when exact
//
// Last run (OpenCV 4.6.0+dfsg-12): 0/412 cases differ.
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <random>

#include "core/preprocess/resize_bilinear.h"

int main() {
  std::mt19937 rng(1);
  int differing = 0, total = 0;
  auto run = [&](int sw, int sh, int dw, int dh) {
    cv::Mat m(sh, sw, CV_8UC3);
    for (int i = 0; i < sh * sw * 3; ++i) m.data[i] = static_cast<unsigned char>(rng() % 256);
    wl::ImageRgb8 src;
    src.width = sw;
    src.height = sh;
    src.pixels.assign(m.data, m.data + sh * sw * 3);
    cv::Mat expected;
    cv::resize(m, expected, cv::Size(dw, dh), 0, 0, cv::INTER_LINEAR);
    const wl::ImageRgb8 ours = wl::resize_bilinear_u8(src, dw, dh);
    int nd = 0;
    for (int i = 0; i < dw * dh * 3; ++i) nd += ours.pixels[static_cast<std::size_t>(i)] != expected.data[i];
    ++total;
    if (nd) {
      ++differing;
      std::printf("%dx%d -> %dx%d: %d samples differ\n", sw, sh, dw, dh, nd);
    }
  };
  const int fixed[][4] = {{1280, 960, 640, 480}, {100, 75, 640, 480}, {5152, 3968, 640, 493}, {1920, 1080, 640, 360},
                          {3, 3, 640, 640},      {1, 1, 5, 5},        {7, 5, 13, 11},         {13, 11, 7, 5},
                          {1000, 1, 10, 1},      {1, 1000, 1, 10},    {2048, 1536, 1280, 960}, {2048, 1536, 640, 480}};
  for (const auto& z : fixed) run(z[0], z[1], z[2], z[3]);
  for (int i = 0; i < 400; ++i) {
    const int sw = 1 + static_cast<int>(rng() % 300), sh = 1 + static_cast<int>(rng() % 300);
    const int dw = 1 + static_cast<int>(rng() % 300), dh = 1 + static_cast<int>(rng() % 300);
    run(sw, sh, dw, dh);
  }
  std::printf("%d/%d cases differ\n", differing, total);
  return differing == 0 ? 0 : 1;
}
