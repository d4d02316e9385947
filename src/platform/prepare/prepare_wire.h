#pragma once
// What crosses from the app's module to the prepare worker's module and back, as JSON text
// (the tensor travels on its own, as a transferred Float32Array): the spec one way, and
// everything of a PreparedInput but its tensor and image the other. Both modules compile
// this file, so the two sides cannot drift apart.
#include <string>

#include "core/pipeline/image_preparer.h"
#include "core/pipeline/prepare_image.h"
#include "core/util/result.h"

namespace wl::platform {

std::string prepare_spec_to_json(const PrepareSpec& spec);
Result<PrepareSpec> prepare_spec_from_json(const std::string& text);

// Leaves out `tensor` and `image`.
std::string prepared_meta_to_json(const PreparedInput& input);
// Fills everything but `tensor` and `image` from prepared_meta_to_json's text.
Result<void> prepared_meta_from_json(const std::string& text, PreparedInput& out);

// A crop request (boxes and crop spec) one way; PreparedCrops without its tensor back.
// A clip's frame (PrepareRequest::frame) for web/js/video-frames.js.
std::string frame_request_to_json(const VideoFrameRequest& frame);

std::string crop_request_to_json(const CropRequest& request);
Result<CropRequest> crop_request_from_json(const std::string& text);
std::string crops_meta_to_json(const PreparedCrops& crops);
Result<void> crops_meta_from_json(const std::string& text, PreparedCrops& out);

}  // namespace wl::platform
