#pragma once
// Export → Annotated image: the image in view, read again from the user's file, with its
// boxes and captions drawn by the core (core/results/annotated_image.h) and downloaded as a
// JPEG. The read is polled across frames like every other; the drawing and encoding then
// take one frame (a few hundred milliseconds for a 20 MP photo, on a user's click).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/batch.h"
#include "app/sources.h"

namespace wl::app {

struct AnnotatedExportRequest {
  std::size_t image = 0;   // index into batch.images()
  double threshold = 0.2;  // as shown
  bool labels = true;
  bool below_threshold = false;
};

class AnnotatedExport {
 public:
  // The caption font (the UI's TrueType bytes); without it boxes are drawn with no captions.
  void set_font(std::vector<std::uint8_t> font) { font_ = std::move(font); }

  // Starts reading the image's file; ignored while another export is under way.
  void start(const BatchController& batch, FileSource& files, AnnotatedExportRequest request);
  // Call once per frame: finishes an export whose bytes arrived. Errors land in error().
  void step(const BatchController& batch, FileSource& files, HostActions& host);

  bool busy() const { return pending_.has_value(); }
  const std::string& error() const { return error_; }
  int completed() const { return completed_; }  // exports downloaded so far (for tests)

 private:
  struct Pending {
    AnnotatedExportRequest request;
    int file_id = 0;
  };
  std::vector<std::uint8_t> font_;
  std::optional<Pending> pending_;
  std::string error_;
  int completed_ = 0;
};

// "photo.JPG" -> "photo_annotated.jpg"; folders are dropped.
std::string annotated_file_name(const std::string& path);

}  // namespace wl::app
