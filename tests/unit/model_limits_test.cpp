#include <catch.hpp>

#include "core/models/model_limits.h"

using namespace wl;

TEST_CASE("model size limits: single-file ONNX ceiling and device memory") {
  CHECK(check_model_size(9'162'552).ok());
  CHECK(check_model_size(kSingleFileOnnxLimit).ok());
  auto big = check_model_size(kSingleFileOnnxLimit + 1);
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().code == ErrorCode::TooLarge);
  CHECK(big.error().message.find("2.1 GB") != std::string::npos);
  CHECK(big.error().message.find("headless runner") != std::string::npos);

  ModelLimits phone;
  phone.device_memory_bytes = std::uint64_t{2} << 30;  // a device that reports 2 GB
  CHECK(check_model_size(300'000'000, phone).ok());    // MDv5-sized
  auto vit = check_model_size(1'200'000'000, phone);   // a ViT-L classifier in FP32
  REQUIRE_FALSE(vit.ok());
  CHECK(vit.error().message.find("this device reports 2.1 GB") != std::string::npos);
}

TEST_CASE("byte counts read as file managers show them") {
  CHECK(format_bytes(512) == "512 bytes");
  CHECK(format_bytes(9'162'552) == "9.2 MB");
  CHECK(format_bytes(2'400'000'000) == "2.4 GB");
}
