// The native PrepareService (a background thread): jobs give what prepare_image() gives on the
// same file, in any polling order; unreadable and undecodable files fail as values; cancelled
// jobs are forgotten; destroying the service with work queued returns.
#include <catch.hpp>
#include <chrono>
#include <cstring>
#include <thread>

#include "fixtures.h"
#include "core/pipeline/crop_batch.h"
#include "platform/prepare_service.h"

using namespace wl;
using namespace wl::platform;

namespace {

PreparedInput wait_for(PrepareService& service, int job) {
  for (int i = 0; i < 3000; ++i) {
    if (auto out = service.poll(job)) return std::move(*out);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  FAIL("job " << job << " never finished");
  return {};
}

PrepareSpec yolo_spec() {
  PrepareSpec spec;
  spec.input_size = 640;
  return spec;
}

}  // namespace

TEST_CASE("native prepare service: the same tensors as prepare_image, failures as values", "[prepare]") {
  PrepareService service;
  const auto& images = test::stage_images();
  std::vector<int> jobs;
  for (const auto& image : images) jobs.push_back(service.start({0, test::fixture_path("images/" + image), yolo_spec()}));
  const int missing = service.start({0, test::fixture_path("images/no_such_file.jpg"), yolo_spec()});
  const int not_image = service.start({0, test::fixture_path("README.md"), yolo_spec()});

  // Polled newest first: the order of polling does not matter.
  for (std::size_t i = jobs.size(); i-- > 0;) {
    INFO(images[i]);
    PreparedInput got = wait_for(service, jobs[i]);
    REQUIRE_FALSE(got.failure);
    const PreparedInput want = prepare_image(test::read_fixture("images/" + images[i]), yolo_spec());
    CHECK(got.shape == want.shape);
    CHECK(got.width() == want.width());
    CHECK(got.height() == want.height());
    CHECK(got.facts.datetime == want.facts.datetime);
    REQUIRE(got.tensor.size() == want.tensor.size());
    CHECK(std::memcmp(got.tensor.data(), want.tensor.data(), got.tensor.size() * sizeof(float)) == 0);
    // Forgotten once returned.
    auto again = service.poll(jobs[i]);
    REQUIRE(again);
    CHECK(again->failure);
  }
  PreparedInput unreadable = wait_for(service, missing);
  REQUIRE(unreadable.failure);
  CHECK(unreadable.failure->find("could not be read") != std::string::npos);
  PreparedInput text = wait_for(service, not_image);
  REQUIRE(text.failure);
  CHECK(text.tensor.empty());
}

TEST_CASE("native prepare service: cancelled jobs are forgotten; shutting down with work queued", "[prepare]") {
  auto service = std::make_unique<PrepareService>();
  const std::string big = test::fixture_path("images/" + test::stage_images()[2]);  // 20 MP
  const int first = service->start({0, big, yolo_spec()});
  const int second = service->start({0, big, yolo_spec()});
  service->cancel(second);
  auto gone = service->poll(second);
  REQUIRE(gone);
  CHECK(gone->failure);
  CHECK_FALSE(wait_for(*service, first).failure);
  for (int i = 0; i < 4; ++i) service->start({0, big, yolo_spec()});
  service.reset();  // joins after the image in hand; the rest are dropped
  SUCCEED();
}

TEST_CASE("native prepare service: crops come from the image it kept, the same as cut_crops", "[prepare]") {
  PrepareService service;
  const std::string image = "speciesnet_test/african_elephants.jpg";
  PrepareRequest request{0, test::fixture_path("images/" + image), yolo_spec(), true};
  const int job = service.start(request);
  PreparedInput got = wait_for(service, job);
  REQUIRE_FALSE(got.failure);
  CHECK_FALSE(got.image);  // the image stays with the service, it does not come back
  CropRequest crops;
  crops.spec.width = crops.spec.height = 64;
  crops.boxes = {{10, 10, 200, 150}, {0, 0, 4, 4}, {300, 200, 500, 420}};
  service.crop(job, crops);
  std::optional<PreparedCrops> cut;
  for (int i = 0; i < 3000 && !cut; ++i) {
    cut = service.poll_crops(job);
    if (!cut) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  REQUIRE(cut);
  REQUIRE_FALSE(cut->failure);
  CHECK(cut->cut == std::vector<int>{0, 2});
  CHECK(cut->too_small == 1);
  // The same as cutting the image decoded here.
  PrepareOptions keep;
  keep.keep_image = true;
  const PreparedInput here = prepare_image(test::read_fixture("images/" + image), yolo_spec(), std::move(keep));
  REQUIRE(here.image);
  const PreparedCrops want = cut_crops(*here.image, crops);
  REQUIRE(cut->tensor.size() == want.tensor.size());
  CHECK(std::memcmp(cut->tensor.data(), want.tensor.data(), want.tensor.size() * sizeof(float)) == 0);
  // The kept image went with the crops: asking again fails as a value.
  service.crop(job, crops);
  std::optional<PreparedCrops> again;
  for (int i = 0; i < 3000 && !again; ++i) {
    again = service.poll_crops(job);
    if (!again) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  REQUIRE(again);
  CHECK(again->failure);
}
