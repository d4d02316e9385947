#pragma once
// A detection box in some pixel frame (model input or original image), continuous xyxy:
// a box covering a whole W-pixel-wide image is [0, W].
namespace wl {

struct BoxXyxy {
  float x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  float width() const { return x2 - x1; }
  float height() const { return y2 - y1; }
};

struct Detection {
  int class_id = 0;     // the model's own class index (0-based)
  float confidence = 0;
  BoxXyxy box;
};

}  // namespace wl
