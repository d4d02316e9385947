#include "core/pipeline/inline_preparer.h"

#include "core/pipeline/crop_batch.h"
#include "core/pipeline/prepare_image.h"

namespace wl {

int InlinePreparer::add_file(std::vector<std::uint8_t> bytes) {
  const int id = next_file_++;
  files_[id].bytes = std::move(bytes);
  return id;
}

int InlinePreparer::add_network_input(ImageRgb8 network_input, int orig_width, int orig_height) {
  const int id = next_file_++;
  Source& s = files_[id];
  s.network_input = std::move(network_input);
  s.orig_width = orig_width;
  s.orig_height = orig_height;
  return id;
}

int InlinePreparer::add_decoded(ImageRgb8 pixels, double decode_ms) {
  const int id = next_file_++;
  files_[id].decoded = std::move(pixels);
  files_[id].decode_ms = decode_ms;
  return id;
}

int InlinePreparer::add_failure(std::string reason) {
  const int id = next_file_++;
  files_[id].failure = std::move(reason);
  return id;
}

int InlinePreparer::start(const PrepareRequest& request) {
  const int job = next_job_++;
  auto node = files_.extract(request.file_id);
  PreparedInput out;
  if (!node) {
    out.failure = "The image's bytes were not handed over.";
  } else if (node.mapped().failure) {
    out.failure = std::move(node.mapped().failure);
  } else if (node.mapped().decoded) {
    PrepareOptions options;
    options.keep_image = request.keep_for_crops;
    out = prepare_decoded(std::move(*node.mapped().decoded), request.spec, std::move(options), node.mapped().decode_ms);
  } else if (node.mapped().network_input) {
    out.frame.orig_width = node.mapped().orig_width;
    out.frame.orig_height = node.mapped().orig_height;
    write_network_input(*node.mapped().network_input, request.spec, out);
  } else {
    PrepareOptions options;
    options.keep_image = request.keep_for_crops;
    out = prepare_image(node.mapped().bytes, request.spec, std::move(options));
  }
  if (out.image) {
    if (!out.failure) kept_[job] = std::move(*out.image);
    out.image.reset();
  }
  done_[job] = std::move(out);
  return job;
}

std::optional<PreparedInput> InlinePreparer::poll(int job) {
  auto node = done_.extract(job);
  if (!node) {
    PreparedInput unknown;
    unknown.failure = "The image was not being prepared.";
    return unknown;
  }
  return std::move(node.mapped());
}

void InlinePreparer::cancel(int job) {
  done_.erase(job);
  kept_.erase(job);
  crops_.erase(job);
}

void InlinePreparer::crop(int job, const CropRequest& request) {
  auto image = kept_.extract(job);
  PreparedCrops out;
  if (image) out = cut_crops(image.mapped(), request);
  else out.failure = "The decoded image was not kept, so its crops could not be cut.";
  crops_[job] = std::move(out);
}

std::optional<PreparedCrops> InlinePreparer::poll_crops(int job) {
  auto node = crops_.extract(job);
  if (!node) {
    PreparedCrops unknown;
    unknown.failure = "No crops were being cut for this image.";
    return unknown;
  }
  return std::move(node.mapped());
}

void InlinePreparer::release(int job) { kept_.erase(job); }

}  // namespace wl
