// A clip's description from ffprobe's JSON (video_info.h): what the batch needs, and the clear
// refusals of clips it cannot use (no video stream, no frame rate, no frame size).
#include <catch.hpp>

#include "core/video/video_info.h"

using namespace wl;

namespace {

std::string probe_json(const std::string& stream, const std::string& format = R"({"duration": "10.0"})") {
  return R"({"streams": [)" + stream + R"(], "format": )" + format + "}";
}

const char* kAvi = R"({"index": 0, "codec_type": "video", "codec_name": "mpeg4", "width": 106, "height": 60,
  "r_frame_rate": "1/1", "avg_frame_rate": "1/1", "time_base": "1/1", "start_time": "0.000000",
  "duration": "61.000000", "nb_frames": "61"})";

}  // namespace

TEST_CASE("video info: an AVI header as ffprobe writes it", "[video]") {
  auto info = video_info_from_ffprobe(probe_json(kAvi, R"({"format_name": "avi", "duration": "61.0"})"), "a.avi");
  REQUIRE(info.ok());
  CHECK(info->width == 106);
  CHECK(info->height == 60);
  CHECK(info->frame_rate == 1.0);
  CHECK(info->frame_count == 61);
  CHECK_FALSE(info->frame_count_estimated);
  CHECK(info->duration_s == 61.0);
  CHECK(info->codec == "mpeg4");
  CHECK(info->container == "avi");
}

TEST_CASE("video info: NTSC rates, sound streams first, and a frame count from the duration", "[video]") {
  const std::string audio = R"({"index": 0, "codec_type": "audio", "codec_name": "aac"})";
  const std::string video = R"({"index": 1, "codec_type": "video", "codec_name": "h264", "width": 1920, "height": 1080,
    "r_frame_rate": "30000/1001", "avg_frame_rate": "30000/1001", "start_time": "0.033367"})";
  auto info = video_info_from_ffprobe(probe_json(audio + "," + video, R"({"duration": "10.010000"})"), "b.mkv");
  REQUIRE(info.ok());
  CHECK(info->frame_rate == Approx(29.97003));
  CHECK(info->frame_count == 300);  // 10.01 s x 29.97
  CHECK(info->frame_count_estimated);
  CHECK(info->start_time_s == Approx(0.033367));
  CHECK(frame_time_s(*info, 30) == Approx(0.033367 + 30 * 1001.0 / 30000));
}

TEST_CASE("video info: an average rate of 0/0 falls back to the nominal rate", "[video]") {
  const std::string v = R"({"codec_type": "video", "codec_name": "msmpeg4v3", "width": 320, "height": 240,
    "r_frame_rate": "15/1", "avg_frame_rate": "0/0", "nb_frames": "45"})";
  auto info = video_info_from_ffprobe(probe_json(v), "c.asf");
  REQUIRE(info.ok());
  CHECK(info->frame_rate == 15.0);
}

TEST_CASE("video info: clips that cannot be analysed say why", "[video]") {
  SECTION("only sound") {
    auto info = video_info_from_ffprobe(probe_json(R"({"codec_type": "audio", "codec_name": "pcm_s16le"})"), "s.mp4");
    REQUIRE_FALSE(info.ok());
    CHECK(info.error().message.find("s.mp4 has no video stream") != std::string::npos);
  }
  SECTION("no frame rate") {
    auto info = video_info_from_ffprobe(
        probe_json(R"({"codec_type": "video", "width": 80, "height": 60, "r_frame_rate": "0/0", "avg_frame_rate": "0/0"})"),
        "r.avi");
    REQUIRE_FALSE(info.ok());
    CHECK(info.error().message.find("frame rate is missing or absurd") != std::string::npos);
  }
  SECTION("an absurd frame rate") {
    auto info = video_info_from_ffprobe(
        probe_json(R"({"codec_type": "video", "width": 80, "height": 60, "r_frame_rate": "90000/1", "avg_frame_rate": "90000/1"})"),
        "r.avi");
    REQUIRE_FALSE(info.ok());
    CHECK(info.error().message.find("(90000/1)") != std::string::npos);
  }
  SECTION("no frame size: a codec FFmpeg does not know") {
    auto info = video_info_from_ffprobe(probe_json(R"({"codec_type": "video", "codec_name": "unknown", "r_frame_rate": "25/1"})"), "x.avi");
    REQUIRE_FALSE(info.ok());
    CHECK(info.error().message.find("cannot decode") != std::string::npos);
  }
  SECTION("no frames and no duration") {
    auto info = video_info_from_ffprobe(
        probe_json(R"({"codec_type": "video", "width": 80, "height": 60, "r_frame_rate": "25/1"})", "{}"), "e.mp4");
    REQUIRE_FALSE(info.ok());
    CHECK(info.error().message.find("empty or damaged") != std::string::npos);
  }
  SECTION("not JSON") {
    auto info = video_info_from_ffprobe("Invalid data found when processing input", "t.mp4");
    REQUIRE_FALSE(info.ok());
  }
}

TEST_CASE("video info: frame rates and file names", "[video]") {
  CHECK(parse_frame_rate("30000/1001") == Approx(29.97003));
  CHECK(parse_frame_rate("25") == 25.0);
  CHECK_FALSE(parse_frame_rate("0/0"));
  CHECK_FALSE(parse_frame_rate("N/A"));
  CHECK_FALSE(parse_frame_rate("1/0"));
  CHECK(looks_like_video("cam/PICT0074.ASF"));
  CHECK(looks_like_video("a.MP4"));
  CHECK(looks_like_video("b.mkv"));
  CHECK_FALSE(looks_like_video("c.jpg"));
  CHECK_FALSE(looks_like_video("mp4"));
}
