#include "app/redraw_gate.h"

#include <imgui.h>

#include <cstring>

namespace wl::app {
namespace {

// A word-at-a-time mix (multiply, rotate): a megabyte of vertices takes well under a
// millisecond, where byte-wise FNV would take several.
struct Fingerprint {
  std::uint64_t h = 0x9E3779B97F4A7C15ull;

  void word(std::uint64_t v) {
    h ^= v * 0xC2B2AE3D27D4EB4Full;
    h = (h << 31) | (h >> 33);
    h *= 0x9E3779B97F4A7C15ull;
  }
  void bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t v;
      std::memcpy(&v, p + i, 8);
      word(v);
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, p + i, n - i);
    word(tail ^ (static_cast<std::uint64_t>(n) << 56));
  }
  void f(float v) {
    std::uint32_t u;
    std::memcpy(&u, &v, 4);
    word(u);
  }
};

}  // namespace

std::uint64_t draw_data_fingerprint(const ImDrawData& data) {
  Fingerprint fp;
  fp.f(data.DisplaySize.x);
  fp.f(data.DisplaySize.y);
  fp.f(data.FramebufferScale.x);
  fp.word(static_cast<std::uint64_t>(data.CmdListsCount));
  for (int n = 0; n < data.CmdListsCount; ++n) {
    const ImDrawList* list = data.CmdLists[n];
    fp.bytes(list->VtxBuffer.Data, static_cast<std::size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
    fp.bytes(list->IdxBuffer.Data, static_cast<std::size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      fp.f(cmd.ClipRect.x);
      fp.f(cmd.ClipRect.y);
      fp.f(cmd.ClipRect.z);
      fp.f(cmd.ClipRect.w);
      fp.word(static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(cmd.TextureId)));
      fp.word((static_cast<std::uint64_t>(cmd.VtxOffset) << 32) | cmd.IdxOffset);
      fp.word(cmd.ElemCount);
      // A callback (ImGui's "reset render state", or an app's own) draws something the
      // vertices do not describe: fingerprint its address and data pointer too.
      fp.word(static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(cmd.UserCallback)));
      fp.word(static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(cmd.UserCallbackData)));
    }
  }
  return fp.h;
}

bool RedrawGate::should_draw(const ImDrawData& data, double now_ms) {
  const std::uint64_t fingerprint = draw_data_fingerprint(data);
  if (fingerprint == last_fingerprint_ && now_ms - last_draw_ms_ < max_interval_ms_ && drawn_ > 0) {
    ++skipped_;
    return false;
  }
  last_fingerprint_ = fingerprint;
  last_draw_ms_ = now_ms;
  ++drawn_;
  return true;
}

}  // namespace wl::app
