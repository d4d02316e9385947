#include "core/pipeline/postprocess.h"

#include <algorithm>

#include "core/detect/decode_rtdetr.h"
#include "core/detect/decode_rtdetr_topk.h"
#include "core/detect/decode_yolo_mit.h"
#include "core/detect/decode_yolov10.h"
#include "core/detect/decode_yolov5.h"
#include "core/detect/decode_yolov8.h"
#include "core/detect/nms.h"
#include "core/detect/scale_boxes.h"

namespace wl {
namespace {

// YOLOv5 and Ultralytics both consider at most 30000 candidates and offset classes by 7680
// before one NMS; the same numbers reproduce their results bit for bit (see nms.h).
NmsParams nms_params(const ModelEntry& m) {
  NmsParams p;
  p.iou_threshold = m.thresholds.nms_iou;
  p.max_det = static_cast<std::size_t>(m.thresholds.max_det);
  p.max_nms = 30000;
  p.agnostic = m.thresholds.agnostic_nms;
  p.class_offset = 7680;
  return p;
}

ScaleGeometry geometry_for(const ModelEntry& m, const InputFrame& f) {
  if (m.resize == ResizeMode::Stretch) return plain_resize_geometry(f.input_width, f.input_height, f.orig_width, f.orig_height);
  if (m.rescale == BoxRescale::Ultralytics)
    return ultralytics_scale_geometry(f.input_width, f.input_height, f.orig_width, f.orig_height);
  return yolov5_scale_geometry(f.input_width, f.input_height, f.orig_width, f.orig_height);
}

Result<void> check_classes(const std::vector<Detection>& dets, const ModelEntry& m) {
  for (const auto& d : dets)
    if (d.class_id < 0 || d.class_id >= static_cast<int>(m.class_names.size()))
      return make_error(ErrorCode::UnsupportedLayout,
                        "The model output class " + std::to_string(d.class_id) + ", but its configuration lists " +
                            std::to_string(m.class_names.size()) +
                            " classes. The model configuration does not fit this model.");
  return {};
}

// The output's class dimension must agree with the manifest: a YOLOv5 output for 80 classes
// read as a 3-class MegaDetector would silently give nonsense.
Result<void> check_layout(const TensorF32& out, const ModelEntry& m) {
  const auto c = static_cast<std::int64_t>(m.class_names.size());
  std::int64_t expected = 0, axis = 0;
  switch (m.layout) {
    case DetectorLayout::YoloV5: expected = 5 + c; axis = 2; break;
    case DetectorLayout::YoloV8: expected = 4 + c; axis = 1; break;
    case DetectorLayout::YoloV10: expected = 6; axis = 2; break;
    case DetectorLayout::RtDetr: expected = 4 + c; axis = 2; break;
    case DetectorLayout::RtDetrTopk: expected = 6; axis = 2; break;
    case DetectorLayout::DetrTriple:  // several outputs, checked by their decoders
    case DetectorLayout::YoloMit:
    case DetectorLayout::None: return {};
  }
  if (out.shape.size() != 3 || out.shape[static_cast<std::size_t>(axis)] != expected) {
    std::string shape = "[";
    for (std::size_t i = 0; i < out.shape.size(); ++i) shape += (i ? ", " : "") + std::to_string(out.shape[i]);
    shape += "]";
    return make_error(ErrorCode::UnsupportedLayout,
                      "The model's output has shape " + shape + ", but a " + to_string(m.layout) + " model with " +
                          std::to_string(c) + " classes gives " + std::to_string(expected) + " values on axis " +
                          std::to_string(axis) + ". The model configuration does not fit this model.");
  }
  return {};
}

// The labels, boxes and scores outputs of a DETR triple: by name where the export named them
// so (RT-DETRv2's deploy export does), else in that order.
Result<std::vector<Detection>> decode_triple_outputs(const std::vector<TensorF32>& outputs,
                                                     const PostprocessParams& params) {
  if (outputs.size() < 3)
    return make_error(ErrorCode::UnsupportedLayout,
                      "The model gave " + std::to_string(outputs.size()) +
                          " outputs, but a detr_triple model gives three (labels, boxes, scores). The model "
                          "configuration does not fit this model.");
  auto named = [&](const char* name) -> const TensorF32* {
    for (const auto& o : outputs)
      if (o.name == name) return &o;
    return nullptr;
  };
  const TensorF32* labels = named("labels");
  const TensorF32* boxes = named("boxes");
  const TensorF32* scores = named("scores");
  if (!labels || !boxes || !scores) {
    labels = &outputs[0];
    boxes = &outputs[1];
    scores = &outputs[2];
  }
  DetrTripleDecodeParams p;
  p.conf_threshold = params.conf_threshold;
  p.box_format = BoxFormat::Xyxy;
  auto dets = decode_detr_triple(TensorView{labels->data, labels->shape}, TensorView{boxes->data, boxes->shape},
                                 TensorView{scores->data, scores->shape}, p);
  if (!dets) return make_error(ErrorCode::UnsupportedLayout, "The model's outputs do not fit a detr_triple model: " +
                                                                 dets.error().message);
  return dets;
}

// Clips boxes that are already in upright-image pixels to the image, as scale_boxes does for
// the others: MegaDetector's format keeps every box inside the image.
void clip_to_image(std::vector<Detection>& dets, const InputFrame& frame) {
  const float w = static_cast<float>(frame.orig_width), h = static_cast<float>(frame.orig_height);
  for (Detection& d : dets) {
    d.box.x1 = std::clamp(d.box.x1, 0.0f, w);
    d.box.x2 = std::clamp(d.box.x2, 0.0f, w);
    d.box.y1 = std::clamp(d.box.y1, 0.0f, h);
    d.box.y2 = std::clamp(d.box.y2, 0.0f, h);
  }
}

}  // namespace

Result<std::vector<Detection>> postprocess_detections(const std::vector<TensorF32>& outputs, const ModelEntry& model,
                                                      const InputFrame& frame, const PostprocessParams& params) {
  if (outputs.empty()) return make_error(ErrorCode::UnsupportedLayout, "The model produced no outputs.");
  const TensorF32& out = outputs.front();
  if (auto ok = check_layout(out, model); !ok) return ok.error();
  TensorView view{out.data, out.shape};
  Result<std::vector<Detection>> decoded = make_error(ErrorCode::Internal, "unreachable");
  bool needs_nms = false;
  switch (model.layout) {
    case DetectorLayout::YoloV5:
      decoded = decode_yolov5(view, {.conf_threshold = params.conf_threshold, .multi_label = false});
      needs_nms = true;
      break;
    case DetectorLayout::YoloV8:
      decoded = decode_yolov8(view, {.conf_threshold = params.conf_threshold, .multi_label = false});
      needs_nms = true;
      break;
    case DetectorLayout::YoloV10:
      decoded = decode_yolov10(view, {.conf_threshold = params.conf_threshold});
      break;
    case DetectorLayout::RtDetr: {
      // Ultralytics' RT-DETR export gives boxes normalised to its (stretched) input, which is
      // the normalised original image: scale by the original size directly.
      RtDetrDecodeParams p;
      p.conf_threshold = params.conf_threshold;
      p.frame_width = static_cast<float>(frame.orig_width);
      p.frame_height = static_cast<float>(frame.orig_height);
      decoded = decode_rtdetr(view, p);
      break;
    }
    case DetectorLayout::RtDetrTopk: {
      // SPARROW's packed top-K: boxes normalised to the stretched input. Scaled to input
      // pixels here, they go back to the image (and are clipped) by the plain-resize geometry.
      RtDetrTopkDecodeParams p;
      p.conf_threshold = params.conf_threshold;
      p.frame_width = static_cast<float>(frame.input_width);
      p.frame_height = static_cast<float>(frame.input_height);
      decoded = decode_rtdetr_topk(view, p);
      break;
    }
    case DetectorLayout::DetrTriple:
      decoded = decode_triple_outputs(outputs, params);
      break;
    case DetectorLayout::YoloMit: {
      std::vector<TensorView> views;
      for (const auto& o : outputs) views.push_back(TensorView{o.data, o.shape});
      decoded = decode_yolo_mit(views, {.conf_threshold = params.conf_threshold,
                                        .input_width = frame.input_width,
                                        .input_height = frame.input_height});
      needs_nms = true;
      break;
    }
    case DetectorLayout::None:
      return make_error(ErrorCode::UnsupportedLayout,
                        "The app does not know how to read the outputs of '" + model.id + "'. " + model.notes);
  }
  if (!decoded) return decoded.error();
  std::vector<Detection> dets = std::move(decoded.value());
  if (auto ok = check_classes(dets, model); !ok) return ok.error();
  if (needs_nms) dets = nms(dets, nms_params(model));
  if (dets.size() > static_cast<std::size_t>(model.thresholds.max_det))
    dets.resize(static_cast<std::size_t>(model.thresholds.max_det));
  // Ultralytics' RT-DETR boxes, and a triple whose graph was given the image size, are in
  // image pixels already (and unclipped); every other layout gives network-input pixels.
  const bool in_image_pixels = model.layout == DetectorLayout::RtDetr ||
                               (model.layout == DetectorLayout::DetrTriple && !model.size_input.empty());
  if (in_image_pixels) clip_to_image(dets, frame);
  else scale_boxes(dets, geometry_for(model, frame));
  return dets;
}

}  // namespace wl
