// The models of a batch: loading the detector and the species classifier as sessions, adopting
// them once ready (a model that fails to load leaves the working one in place), and the run
// header (categories, detector and classifier) they give the records.
#include "app/batch.h"

#include <algorithm>

#include "core/models/manifest_writer.h"
#include "core/models/model_inputs.h"
#include "core/models/onnx_info.h"

namespace wl::app {

namespace {
bool busy(RunState run) { return run == RunState::Running || run == RunState::Paused || run == RunState::Cancelling; }
}  // namespace

void BatchController::load_model(std::span<const std::uint8_t> bytes, ModelEntry entry, std::string file_name,
                                 std::string sha256, std::vector<std::string> providers, ModelOrigin origin) {
  ++model_serial_;
  if (busy(run_)) {
    model_message_ = "Cancel the running batch before loading another model.";
    return;
  }
  if (auto fits = check_model_size(bytes.size(), limits_); !fits) {
    if (!session_) model_state_ = ModelState::Failed;
    model_message_ = file_name + ": " + fits.error().message;
    return;
  }
  auto pipeline = DetectionPipeline::create(entry, {});
  if (!pipeline) {
    if (!session_) model_state_ = ModelState::Failed;
    model_message_ = pipeline.error().message;
    return;
  }
  // A model whose inputs the configuration cannot fill is refused here, with what to change,
  // rather than by the runtime on the first image. (Bytes that are no ONNX file at all are
  // reported by Session::create.)
  if (auto info = read_onnx_info(bytes)) {
    if (auto fits = check_model_inputs(info->inputs, entry); !fits) {
      if (!session_) model_state_ = ModelState::Failed;
      model_message_ = file_name + ": " + fits.error().message;
      return;
    }
  }
  inference::SessionOptions options;
  options.providers = std::move(providers);
  creating_ = inference::Session::create(bytes, options);
  model_state_ = ModelState::Loading;
  model_message_ = "Loading " + file_name + "…";
  incoming_ = LoadedModel{std::move(entry), std::move(file_name), std::move(sha256), std::move(origin), model_serial_};
  incoming_pipeline_ = std::move(*pipeline);
}

void BatchController::load_classifier(std::span<const std::uint8_t> bytes, ModelEntry entry, std::string file_name,
                                      std::string sha256, std::vector<std::string> providers, ModelOrigin origin) {
  ++classifier_serial_;
  if (busy(run_)) {
    classifier_message_ = "Cancel the running batch before choosing another classifier.";
    return;
  }
  const auto refuse = [&](std::string message) {
    if (!classifier_session_) classifier_state_ = ModelState::Failed;
    classifier_message_ = std::move(message);
  };
  if (entry.task != ModelTask::Classifier)
    return refuse(file_name + " is a detector, not a species classifier. Choose it as the detector (Model menu), and a "
                              "classifier under Model → Species classifier.");
  if (auto fits = check_model_size(bytes.size(), limits_); !fits) return refuse(file_name + ": " + fits.error().message);
  inference::SessionOptions options;
  options.providers = std::move(providers);
  creating_classifier_ = inference::Session::create(bytes, options);
  classifier_state_ = ModelState::Loading;
  classifier_message_ = "Loading " + file_name + "…";
  incoming_classifier_ =
      LoadedModel{std::move(entry), std::move(file_name), std::move(sha256), std::move(origin), classifier_serial_};
}

void BatchController::clear_classifier() {
  ++classifier_serial_;
  if (busy(run_)) {
    classifier_message_ = "Cancel the running batch before changing the classifier.";
    return;
  }
  creating_classifier_.reset();
  incoming_classifier_.reset();
  classifier_engine_.reset();
  classifier_session_.reset();
  classifier_.reset();
  classifier_setup_.reset();
  classifier_state_ = ModelState::None;
  classifier_message_.clear();
  rebuild_header();
}

// The run header follows the models in use. Species names already known (from earlier runs,
// reviewers, a stored batch) keep their ids, so finished records stay valid.
void BatchController::rebuild_header() {
  if (!model_ || !pipeline_) return;
  RunDescription description;
  description.model_file = model_->file;
  description.model_sha256 = model_->sha256;
  description.input_size = pipeline_->input_size();
  description.output_threshold = pipeline_->threshold();
  const CategoryNames known = header_.classification_categories;
  const ClassifierInfo known_classifier = header_.classifier;
  builder_.emplace(model_->entry, description);
  if (classifier_) builder_->set_classifier(classifier_->entry, classifier_->file, known);
  // Imported results keep their own header; a run's header is the models'.
  if (origin_ == BatchOrigin::Run) {
    header_ = builder_->results();
    if (!classifier_) {
      header_.classification_categories = known;
      header_.classifier = known_classifier;
    }
    changes_.header = true;
    ++revision_;
  }
}

// The new session is ready: the model, its pipeline and the run header change together.
void BatchController::adopt_model() {
  model_ = std::move(incoming_);
  pipeline_ = std::move(incoming_pipeline_);
  incoming_.reset();
  incoming_pipeline_.reset();
  model_in_use_serial_ = model_->serial;
  if (classifier_ && classifier_session_) {
    // The classifier follows the detector's categories (which of its classes are animals).
    auto setup = make_classifier_setup(classifier_->entry, model_->entry, classifier_session_->info().inputs,
                                       classifier_session_->info().outputs, classifier_options_);
    if (setup) classifier_setup_ = std::move(*setup);
  }
  rebuild_header();
}

// The classifier's session is ready: checked against its inputs and outputs (and the
// detector's categories) before it replaces the one in use.
void BatchController::adopt_classifier() {
  static const ModelEntry kNoDetector;
  auto session = std::make_unique<inference::Session>(std::move(*pending_classifier_session_));
  pending_classifier_session_.reset();
  auto setup = make_classifier_setup(incoming_classifier_->entry, model_ ? model_->entry : kNoDetector,
                                     session->info().inputs, session->info().outputs, classifier_options_);
  if (!setup) {
    incoming_classifier_.reset();
    classifier_state_ = classifier_session_ ? ModelState::Ready : ModelState::Failed;
    classifier_message_ = setup.error().message + (classifier_ ? " (still using " + classifier_->entry.name + ")" : "");
    return;
  }
  classifier_engine_.reset();
  classifier_session_ = std::move(session);
  classifier_engine_ = std::make_unique<inference::OrtEngine>(*classifier_session_);
  classifier_setup_ = std::move(*setup);
  classifier_ = std::move(incoming_classifier_);
  incoming_classifier_.reset();
  classifier_state_ = ModelState::Ready;
  classifier_message_ = classifier_->entry.name + " on " + classifier_session_->info().provider;
  rebuild_header();
}

std::optional<ModelIdentity> BatchController::classifier_identity() const {
  if (!classifier_) return std::nullopt;
  ModelIdentity id;
  id.source = classifier_->origin.source;
  id.zoo_id = classifier_->origin.zoo_id;
  id.url = classifier_->origin.url;
  id.name = classifier_->entry.name;
  id.file_name = classifier_->file;
  id.sha256 = classifier_->sha256;
  id.entry_json = write_model_entry(classifier_->entry);
  if (!classifier_->entry.input_sizes.empty()) id.input_size = classifier_->entry.input_sizes.front();
  id.threshold = classifier_->entry.thresholds.typical;
  return id;
}

std::optional<ModelIdentity> BatchController::model_identity() const {
  if (!model_ || !pipeline_) return std::nullopt;
  ModelIdentity id;
  id.source = model_->origin.source;
  id.zoo_id = model_->origin.zoo_id;
  id.url = model_->origin.url;
  id.name = model_->entry.name;
  id.file_name = model_->file;
  id.sha256 = model_->sha256;
  id.entry_json = write_model_entry(model_->entry);
  id.input_size = pipeline_->input_size();
  id.threshold = pipeline_->threshold();
  return id;
}

void BatchController::step_model_loads() {
  if (creating_) {
    if (auto done = creating_->poll()) {
      creating_.reset();
      if (done->ok()) {
        engine_.reset();
        session_ = std::make_unique<inference::Session>(std::move(done->value()));
        engine_ = std::make_unique<inference::OrtEngine>(*session_);
        adopt_model();
        model_state_ = ModelState::Ready;
        model_message_ = model_->entry.name + " on " + session_->info().provider;
      } else {
        incoming_.reset();
        incoming_pipeline_.reset();
        model_state_ = session_ ? ModelState::Ready : ModelState::Failed;
        model_message_ = "The model could not be loaded: " + done->error().message +
                         (session_ ? " (still using " + model_->entry.name + ")" : "");
      }
    }
  }
  if (creating_classifier_) {
    if (auto done = creating_classifier_->poll()) {
      creating_classifier_.reset();
      if (done->ok()) {
        pending_classifier_session_.emplace(std::move(done->value()));
        adopt_classifier();
      } else {
        incoming_classifier_.reset();
        classifier_state_ = classifier_session_ ? ModelState::Ready : ModelState::Failed;
        classifier_message_ = "The classifier could not be loaded: " + done->error().message +
                              (classifier_ ? " (still using " + classifier_->entry.name + ")" : "");
      }
    }
  }
}

}  // namespace wl::app
