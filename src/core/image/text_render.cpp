#include "core/image/text_render.h"

#include <stb_truetype.h>

#include <algorithm>
#include <cmath>

namespace wl {

struct TextRenderer::Font {
  stbtt_fontinfo info{};
  float scale = 1;
  int ascent = 0, descent = 0;  // pixels, descent positive
};

std::vector<char32_t> decode_utf8(std::string_view text) {
  std::vector<char32_t> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    const int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    bool ok = len > 0 && i + static_cast<std::size_t>(len) <= text.size();
    for (int k = 1; ok && k < len; ++k) {
      const auto c = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((c & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (!ok) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

Result<TextRenderer> TextRenderer::create(std::span<const std::uint8_t> font, float pixel_height) {
  if (font.empty()) return make_error(ErrorCode::Empty, "no font was given for the labels");
  auto f = std::make_unique<Font>();
  const int offset = stbtt_GetFontOffsetForIndex(font.data(), 0);
  if (offset < 0 || !stbtt_InitFont(&f->info, font.data(), offset))
    return make_error(ErrorCode::Corrupt, "the label font is not a TrueType font");
  f->scale = stbtt_ScaleForPixelHeight(&f->info, pixel_height);
  int ascent = 0, descent = 0, gap = 0;
  stbtt_GetFontVMetrics(&f->info, &ascent, &descent, &gap);
  f->ascent = static_cast<int>(std::ceil(static_cast<float>(ascent) * f->scale));
  f->descent = static_cast<int>(std::ceil(static_cast<float>(-descent) * f->scale));
  return TextRenderer(std::move(f));
}

TextRenderer::TextRenderer(std::unique_ptr<Font> font) : font_(std::move(font)) {}
TextRenderer::~TextRenderer() = default;
TextRenderer::TextRenderer(TextRenderer&&) noexcept = default;
TextRenderer& TextRenderer::operator=(TextRenderer&&) noexcept = default;

int TextRenderer::line_height() const { return font_->ascent + font_->descent; }

int TextRenderer::width(std::string_view utf8) const {
  const auto cps = decode_utf8(utf8);
  float x = 0;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    int advance = 0, lsb = 0;
    stbtt_GetCodepointHMetrics(&font_->info, static_cast<int>(cps[i]), &advance, &lsb);
    x += static_cast<float>(advance) * font_->scale;
    if (i + 1 < cps.size())
      x += font_->scale * static_cast<float>(stbtt_GetCodepointKernAdvance(&font_->info, static_cast<int>(cps[i]),
                                                                           static_cast<int>(cps[i + 1])));
  }
  return static_cast<int>(std::ceil(x));
}

void TextRenderer::draw(ImageRgb8& image, int x, int y, std::string_view utf8, Rgb colour) const {
  const auto cps = decode_utf8(utf8);
  const std::uint8_t c[3] = {colour.r, colour.g, colour.b};
  float pen = static_cast<float>(x);
  const int baseline = y + font_->ascent;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const int cp = static_cast<int>(cps[i]);
    int w = 0, h = 0, xoff = 0, yoff = 0;
    // Coverage bitmap of the glyph (stb allocates; freed below). Labels are a few dozen
    // glyphs per image, so there is no cache.
    unsigned char* bitmap = stbtt_GetCodepointBitmap(&font_->info, font_->scale, font_->scale, cp, &w, &h, &xoff, &yoff);
    const int gx = static_cast<int>(std::lround(pen)) + xoff, gy = baseline + yoff;
    for (int row = 0; row < h; ++row) {
      const int py = gy + row;
      if (py < 0 || py >= image.height) continue;
      for (int col = 0; col < w; ++col) {
        const int px = gx + col;
        if (px < 0 || px >= image.width) continue;
        const int a = bitmap[row * w + col];
        if (a == 0) continue;
        std::uint8_t* p = image.row(py) + static_cast<std::size_t>(px) * 3;
        for (int k = 0; k < 3; ++k) p[k] = static_cast<std::uint8_t>((c[k] * a + p[k] * (255 - a) + 127) / 255);
      }
    }
    stbtt_FreeBitmap(bitmap, nullptr);
    int advance = 0, lsb = 0;
    stbtt_GetCodepointHMetrics(&font_->info, cp, &advance, &lsb);
    pen += static_cast<float>(advance) * font_->scale;
    if (i + 1 < cps.size())
      pen += font_->scale * static_cast<float>(stbtt_GetCodepointKernAdvance(&font_->info, cp, static_cast<int>(cps[i + 1])));
  }
}

}  // namespace wl
