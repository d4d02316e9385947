#include "app/annotated_export.h"

#include "core/results/annotated_image.h"

namespace wl::app {

std::string annotated_file_name(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  const auto dot = name.find_last_of('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  return name + "_annotated.jpg";
}

void AnnotatedExport::start(const BatchController& batch, FileSource& files, AnnotatedExportRequest request) {
  if (pending_ || request.image >= batch.images().size()) return;
  const BatchImage& img = batch.images()[request.image];
  if (img.status != ImageStatus::Done) {
    error_ = "Only an image that has been run can be exported with its boxes.";
    return;
  }
  if (!img.has_file()) {
    error_ = "This image is not in the page: add its folder (or the file) again to export it with its boxes.";
    return;
  }
  if (img.clip || img.record.frame_rate) {
    error_ = "Annotated copies of clips are not made yet: export the MegaDetector JSON or CSV for the clip's boxes.";
    return;
  }
  error_.clear();
  pending_ = Pending{request, img.file.id};
  files.request_bytes(img.file.id);
}

void AnnotatedExport::step(const BatchController& batch, FileSource& files, HostActions& host) {
  if (!pending_) return;
  auto bytes = files.poll_bytes(pending_->file_id);
  if (!bytes) return;
  const Pending done = *pending_;
  pending_.reset();
  if (!bytes->ok()) {
    error_ = "Annotated image: " + bytes->error().message;
    return;
  }
  // The batch may have been cleared while the file was read.
  const auto& images = batch.images();
  if (done.request.image >= images.size() || images[done.request.image].file.id != done.file_id) return;
  const BatchImage& img = images[done.request.image];
  AnnotateOptions options;
  options.threshold = done.request.threshold;
  options.labels = done.request.labels;
  options.below_threshold = done.request.below_threshold;
  options.font = font_;
  auto jpeg = annotated_jpeg(bytes->value(), img.record, batch.detection_categories(), batch.classification_categories(),
                             options);
  if (!jpeg) {
    error_ = "Annotated image: " + jpeg.error().message;
    return;
  }
  host.download(annotated_file_name(img.file.path), "image/jpeg",
                std::string(reinterpret_cast<const char*>(jpeg->data()), jpeg->size()));
  ++completed_;
}

}  // namespace wl::app
