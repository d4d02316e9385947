#pragma once
// The headless runner's state, shared by its export files: runner_exports.cpp (models, images,
// results, the zoo) and runner_clip_exports.cpp (video clips). One runner per module, made by
// wl_runner_configure.
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/models/manifest.h"
#include "core/pipeline/batch_driver.h"
#include "core/pipeline/classifier_setup.h"
#include "core/pipeline/detect_pipeline.h"
#include "core/pipeline/inline_preparer.h"
#include "core/pipeline/run_builder.h"
#include "core/video/clip_assembly.h"
#include "core/video/frame_sampling.h"
#include "platform/inference.h"
#include "platform/js/ort_engine.h"

namespace wl::runner {

using inference::OrtEngine;
using inference::PendingSession;
using inference::Session;
using inference::SessionOptions;

struct Runner {
  ModelEntry entry;
  RunDescription description;
  SessionOptions session_options;
  bool full_precision = false;
  PipelineOptions pipeline_options;
  std::optional<DetectionPipeline> pipeline;  // until the first image: then the driver's
  std::optional<PendingSession> creating;
  std::unique_ptr<Session> session;
  std::unique_ptr<OrtEngine> engine;
  std::unique_ptr<RunBuilder> builder;
  // Optional species classifier on the detections.
  std::optional<ModelEntry> classifier_entry;
  ClassifierOptions classifier_options;
  std::optional<ClassifierSetup> classifier;
  std::string classifier_file;
  std::optional<PendingSession> creating_classifier;
  std::unique_ptr<Session> classifier_session;
  std::unique_ptr<OrtEngine> classifier_engine;
  // The core's batch driver, as the page runs it; images are handed over by wl_runner_submit.
  InlinePreparer preparer;
  std::deque<BatchItem> queue;
  std::optional<BatchDriver> driver;
  std::deque<FinishedImage> finished;
  std::size_t submitted = 0;
  // Clips being run, by file name: their frames come in one by one (wl_runner_submit_frame)
  // and make one record once the last is done.
  FrameSampling sampling;
  std::map<std::string, ClipAssembler> clips;
};

extern std::unique_ptr<Runner> g_runner;
extern std::string g_text;  // wl_runner_text(): the last call's message or JSON

// Sets g_text and returns 2 (failed), for `return fail("...")`.
int fail(std::string message);

// The batch driver, made at the first image or frame.
BatchDriver& runner_driver(Runner& r);

}  // namespace wl::runner
