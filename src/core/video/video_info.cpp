#include "core/video/video_info.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cmath>
#include <nlohmann/json.hpp>

namespace wl {
namespace {

using Json = nlohmann::json;

// The whole text as a finite number. (strtod: Emscripten's libc++ has no floating-point
// from_chars; ffprobe writes plain decimals, and the core never changes the C locale.)
std::optional<double> to_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string text_of(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};
}

std::optional<double> number_of(const Json& obj, const char* key) {
  const std::string t = text_of(obj, key);
  if (t == "N/A") return std::nullopt;
  return to_number(t);
}

bool plausible(double rate) { return rate >= kMinFrameRate && rate <= kMaxFrameRate; }

}  // namespace

std::optional<double> parse_frame_rate(std::string_view text) {
  const auto slash = text.find('/');
  const auto num = to_number;
  if (slash == std::string_view::npos) {
    auto v = num(text);
    if (!v || *v <= 0) return std::nullopt;
    return v;
  }
  auto n = num(text.substr(0, slash)), d = num(text.substr(slash + 1));
  if (!n || !d || *d == 0 || *n <= 0) return std::nullopt;
  return *n / *d;
}

Result<VideoInfo> video_info_from_ffprobe(std::string_view json, const std::string& file) {
  Json doc = Json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return make_error(ErrorCode::Corrupt, file + ": the video's description could not be read.");
  const Json* video = nullptr;
  if (auto s = doc.find("streams"); s != doc.end() && s->is_array()) {
    for (const Json& stream : *s) {
      if (stream.is_object() && text_of(stream, "codec_type") == "video") {
        // Cover art in an MP4 is a one-picture "video" stream; the real one comes first anyway.
        video = &stream;
        break;
      }
    }
  }
  if (!video)
    return make_error(ErrorCode::UnsupportedFormat,
                      file + " has no video stream (it may hold only sound), so there is nothing to analyse.");
  VideoInfo info;
  info.codec = text_of(*video, "codec_name");
  if (const auto f = doc.find("format"); f != doc.end() && f->is_object()) info.container = text_of(*f, "format_name");
  info.width = static_cast<int>(number_of(*video, "width").value_or(0));
  info.height = static_cast<int>(number_of(*video, "height").value_or(0));
  if (info.width <= 0 || info.height <= 0)
    return make_error(ErrorCode::UnsupportedFormat,
                      file + ": the video stream (" + (info.codec.empty() ? "unknown codec" : info.codec) +
                          ") has no frame size, so its codec is probably one this page cannot decode.");
  // The average rate follows the timestamps; r_frame_rate is the container's nominal rate and
  // the fallback when the average is missing ("0/0" in some AVI headers).
  std::optional<double> rate = parse_frame_rate(text_of(*video, "avg_frame_rate"));
  if (!rate || !plausible(*rate)) rate = parse_frame_rate(text_of(*video, "r_frame_rate"));
  if (!rate || !plausible(*rate)) {
    const std::string stated = text_of(*video, "avg_frame_rate");
    return make_error(ErrorCode::Corrupt, file + ": the frame rate is missing or absurd (" +
                                              (stated.empty() ? std::string("none stated") : stated) +
                                              "), so frames cannot be placed in time.");
  }
  info.frame_rate = *rate;
  info.start_time_s = number_of(*video, "start_time").value_or(0);
  std::optional<double> duration = number_of(*video, "duration");
  if (!duration)
    if (const auto f = doc.find("format"); f != doc.end() && f->is_object()) duration = number_of(*f, "duration");
  info.duration_s = std::max(0.0, duration.value_or(0));
  if (auto n = number_of(*video, "nb_frames"); n && *n > 0) {
    info.frame_count = static_cast<int>(*n);
  } else {
    info.frame_count = static_cast<int>(std::lround(info.duration_s * info.frame_rate));
    info.frame_count_estimated = true;
  }
  if (info.frame_count <= 0)
    return make_error(ErrorCode::Corrupt, file + ": the clip states no frames and no duration; it is empty or damaged.");
  return info;
}

std::string unreadable_clip_message(const std::string& file, std::uint64_t size, const std::string& ffmpeg_reason) {
  if (size == 0) return file + " is empty (0 bytes): the card or the copy may have failed.";
  return file + ": " + ffmpeg_reason;
}

double frame_time_s(const VideoInfo& info, int n) { return info.start_time_s + n / info.frame_rate; }

bool looks_like_video(std::string_view path) {
  static constexpr std::array<std::string_view, 14> kExtensions{".mp4", ".m4v", ".mov", ".avi", ".asf", ".wmv", ".mkv",
                                                                ".webm", ".mts", ".m2ts", ".3gp", ".mpg", ".mpeg", ".ts"};
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string ext(path.substr(dot));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}

}  // namespace wl
