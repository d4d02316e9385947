#include "core/results/annotated_image.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/image/decode.h"
#include "core/image/draw.h"
#include "core/image/encode.h"
#include "core/image/text_render.h"
#include "core/results/category_kind.h"
#include "core/results/detection_style.h"

namespace wl {

Result<void> annotate_detections(ImageRgb8& image, const ImageRecord& record, const CategoryNames& detection_names,
                                 const CategoryNames& classification_names, const AnnotateOptions& options) {
  if (image.width <= 0 || image.height <= 0 || record.failed()) return {};
  // Sizes follow the image, so a 20 MP photo and a thumbnail get the same look.
  const int short_side = std::min(image.width, image.height);
  const int thickness = std::max(2, static_cast<int>(std::lround(short_side / 300.0)));
  std::optional<TextRenderer> text;
  if (options.labels && !options.font.empty()) {
    auto made = TextRenderer::create(options.font, std::max(12.0f, static_cast<float>(short_side) / 40.0f));
    if (!made) return made.error();
    text.emplace(std::move(*made));
  }
  const double w = image.width, h = image.height;
  for (const auto& d : record.detections) {
    if (d.review.state == ReviewState::Rejected) continue;
    const bool below = !detection_visible(d, options.threshold);
    if (below && !options.below_threshold) continue;
    const Rgb colour = kind_colour(category_kind(detection_names, d.effective_category()));
    const PixelRect box{static_cast<int>(std::floor(d.bbox.x * w)), static_cast<int>(std::floor(d.bbox.y * h)),
                        static_cast<int>(std::ceil((d.bbox.x + d.bbox.w) * w)),
                        static_cast<int>(std::ceil((d.bbox.y + d.bbox.h) * h))};
    draw_rect_outline(image, box, colour, thickness, below ? thickness * 3 : 0);
    if (!text || below) continue;
    const std::string caption = detection_caption(d, detection_names, classification_names);
    const int pad = std::max(2, thickness / 2);
    const int tw = text->width(caption) + 2 * pad, th = text->line_height() + pad;
    // Above the box when there is room, else just inside its top edge.
    const int top = box.y0 - th >= 0 ? box.y0 - th : box.y0;
    const int left = std::clamp(box.x0, 0, std::max(0, image.width - tw));
    fill_rect(image, {left, top, left + tw, top + th}, colour);
    text->draw(image, left + pad, top + pad / 2, caption, {0, 0, 0});
  }
  return {};
}

Result<std::vector<std::uint8_t>> annotated_jpeg(std::span<const std::uint8_t> file_bytes, const ImageRecord& record,
                                                 const CategoryNames& detection_names,
                                                 const CategoryNames& classification_names,
                                                 const AnnotateOptions& options, int quality) {
  auto decoded = decode_image(file_bytes);
  if (!decoded) return decoded.error();
  ImageRgb8& image = decoded->image;
  if (auto drawn = annotate_detections(image, record, detection_names, classification_names, options); !drawn)
    return drawn.error();
  return encode_jpeg(image, quality);
}

}  // namespace wl
