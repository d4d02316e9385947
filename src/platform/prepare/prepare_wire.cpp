#include "platform/prepare/prepare_wire.h"

#include <nlohmann/json.hpp>

namespace wl::platform {

using nlohmann::json;

std::string prepare_spec_to_json(const PrepareSpec& spec) {
  return json{{"size", spec.input_size},
              {"resize", static_cast<int>(spec.resize)},
              {"stride", spec.stride},
              {"pad", spec.pad_value},
              {"mean", spec.mean},
              {"std", spec.std},
              {"bgr", spec.bgr}}
      .dump();
}

std::string frame_request_to_json(const VideoFrameRequest& frame) {
  return json{{"number", frame.number},       {"ahead", frame.ahead}, {"frame_rate", frame.frame_rate},
              {"start_time", frame.start_time_s}, {"width", frame.width}, {"height", frame.height}}
      .dump();
}

Result<PrepareSpec> prepare_spec_from_json(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return make_error(ErrorCode::Internal, "The image decoder was given an unreadable request.");
  try {
    PrepareSpec spec;
    spec.input_size = j.at("size").get<int>();
    const int resize = j.at("resize").get<int>();
    if (resize < 0 || resize > static_cast<int>(ResizeMode::Stretch))
      return make_error(ErrorCode::Internal, "The image decoder was given an unknown resize mode.");
    spec.resize = static_cast<ResizeMode>(resize);
    spec.stride = j.at("stride").get<int>();
    spec.pad_value = j.at("pad").get<int>();
    spec.mean = j.at("mean").get<std::array<float, 3>>();
    spec.std = j.at("std").get<std::array<float, 3>>();
    spec.bgr = j.value("bgr", false);
    return spec;
  } catch (const json::exception& e) {
    return make_error(ErrorCode::Internal, std::string("The image decoder was given an incomplete request: ") + e.what());
  }
}

std::string prepared_meta_to_json(const PreparedInput& input) {
  json j{{"shape", input.shape},
         {"frame", {input.frame.input_width, input.frame.input_height, input.frame.orig_width, input.frame.orig_height}},
         {"datetime", input.facts.datetime},
         {"make", input.facts.make},
         {"model", input.facts.model},
         {"warning", input.warning},
         {"decode_ms", input.decode_ms},
         {"preprocess_ms", input.preprocess_ms}};
  if (input.failure) j["failure"] = *input.failure;
  // Invalid UTF-8 in EXIF text must not make the whole answer unreadable.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<void> prepared_meta_from_json(const std::string& text, PreparedInput& out) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return make_error(ErrorCode::Internal, "The image decoder's answer was unreadable.");
  try {
    out.shape = j.at("shape").get<std::array<std::int64_t, 4>>();
    const auto frame = j.at("frame").get<std::array<int, 4>>();
    out.frame = {frame[0], frame[1], frame[2], frame[3]};
    out.facts.datetime = j.at("datetime").get<std::string>();
    out.facts.make = j.at("make").get<std::string>();
    out.facts.model = j.at("model").get<std::string>();
    out.warning = j.at("warning").get<std::string>();
    out.decode_ms = j.at("decode_ms").get<double>();
    out.preprocess_ms = j.at("preprocess_ms").get<double>();
    if (j.contains("failure")) out.failure = j["failure"].get<std::string>();
    return {};
  } catch (const json::exception& e) {
    return make_error(ErrorCode::Internal, std::string("The image decoder's answer was incomplete: ") + e.what());
  }
}

std::string crop_request_to_json(const CropRequest& request) {
  json boxes = json::array();
  for (const PixelBox& b : request.boxes) boxes.push_back({b.x1, b.y1, b.x2, b.y2});
  const CropSpec& c = request.spec;
  return json{{"boxes", boxes}, {"width", c.width}, {"height", c.height}, {"mean", c.mean},
              {"std", c.std},   {"bgr", c.bgr},     {"nhwc", c.nhwc}}
      .dump();
}

Result<CropRequest> crop_request_from_json(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return make_error(ErrorCode::Internal, "The image worker was given an unreadable crop request.");
  try {
    CropRequest r;
    for (const auto& b : j.at("boxes")) r.boxes.push_back({b.at(0).get<double>(), b.at(1).get<double>(), b.at(2).get<double>(), b.at(3).get<double>()});
    r.spec.width = j.at("width").get<int>();
    r.spec.height = j.at("height").get<int>();
    r.spec.mean = j.at("mean").get<std::array<float, 3>>();
    r.spec.std = j.at("std").get<std::array<float, 3>>();
    r.spec.bgr = j.value("bgr", false);
    r.spec.nhwc = j.value("nhwc", false);
    return r;
  } catch (const json::exception& e) {
    return make_error(ErrorCode::Internal, std::string("The image worker was given an incomplete crop request: ") + e.what());
  }
}

std::string crops_meta_to_json(const PreparedCrops& crops) {
  json j = {{"cut", crops.cut}, {"tooSmall", crops.too_small}, {"cropMs", crops.crop_ms}};
  if (crops.failure) j["failure"] = *crops.failure;
  return j.dump();
}

Result<void> crops_meta_from_json(const std::string& text, PreparedCrops& out) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return make_error(ErrorCode::Internal, "The image worker's crops could not be read.");
  try {
    out.cut = j.at("cut").get<std::vector<int>>();
    out.too_small = j.value("tooSmall", 0);
    out.crop_ms = j.value("cropMs", 0.0);
    if (j.contains("failure")) out.failure = j["failure"].get<std::string>();
    return {};
  } catch (const json::exception& e) {
    return make_error(ErrorCode::Internal, std::string("The image worker's crops are incomplete: ") + e.what());
  }
}

}  // namespace wl::platform
