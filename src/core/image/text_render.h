#pragma once
// Text drawn into an RGB image with a TrueType font (stb_truetype), for the labels of
// annotated exports. The font comes as bytes from the caller (the app passes the UI's own
// DejaVu Sans), so the core reads no files and labels look like the app's.
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/image/draw.h"
#include "core/image/image.h"
#include "core/util/result.h"

namespace wl {

class TextRenderer {
 public:
  // `font` must outlive the renderer. Errors: Empty, or Corrupt for bytes that are not a font.
  static Result<TextRenderer> create(std::span<const std::uint8_t> font, float pixel_height);
  ~TextRenderer();
  TextRenderer(TextRenderer&&) noexcept;
  TextRenderer& operator=(TextRenderer&&) noexcept;

  // Width and height in pixels of one line of UTF-8 text (height: ascent + descent).
  int width(std::string_view utf8) const;
  int line_height() const;
  // Draws one line with its top-left corner at (x, y), clipped to the image. Characters the
  // font lacks are drawn as its missing-glyph box; invalid UTF-8 bytes as U+FFFD.
  void draw(ImageRgb8& image, int x, int y, std::string_view utf8, Rgb colour) const;

 private:
  struct Font;
  explicit TextRenderer(std::unique_ptr<Font> font);
  std::unique_ptr<Font> font_;
};

// Code points of UTF-8 text; an invalid sequence gives U+FFFD for its first byte.
std::vector<char32_t> decode_utf8(std::string_view text);

}  // namespace wl
