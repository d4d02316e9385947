#include "sample_records.h"

namespace wl::test {

DetectionRecord det(std::string category, double conf, Review review) {
  DetectionRecord d;
  d.category = std::move(category);
  d.conf = conf;
  d.review = std::move(review);
  return d;
}

ImageRecord image(std::string file, std::vector<DetectionRecord> dets, std::string when) {
  ImageRecord r;
  r.file = std::move(file);
  r.detections = std::move(dets);
  r.exif.datetime = std::move(when);
  return r;
}

}  // namespace wl::test
