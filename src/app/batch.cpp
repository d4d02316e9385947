// The batch's list and run: images added, restored or imported, the core's batch driver fed
// with them, statuses and records as it reports them, progress and review edits. The models
// it runs are loaded in batch_models.cpp.
#include "app/batch.h"

#include <algorithm>
#include <cstdlib>

namespace wl::app {

namespace {
constexpr std::size_t kRateWindow = 20;  // images used for the rate and the ETA
// Images being prepared ahead of the engine, besides the one the pipeline holds staged. The
// engine takes an image every few hundred ms and a worker prepares one in tens of ms, so two
// keep it fed (and give a second worker something to do, where there is one).
constexpr std::size_t kPrepareAhead = 2;
// After an image finishes, the screen changes (progress, its thumbnail) and the browser must
// draw that frame; the engine has just started the next image as well. Starting a decode in
// the same moment makes three CPU-heavy jobs want the same cores, and on a small machine the
// frame is what waits (measured: drawn frames 50-100 ms apart on 2 cores). So new decodes wait
// this long after a finish, unless the engine would otherwise run dry. A decode takes tens of
// ms and an inference hundreds, so the images prepared ahead still arrive in time.
constexpr double kPrepareYieldMs = 100;

bool busy(RunState run) { return run == RunState::Running || run == RunState::Paused || run == RunState::Cancelling; }
}  // namespace


void BatchController::start() {
  notice_.clear();
  if (model_state_ != ModelState::Ready) return;
  if (origin_ == BatchOrigin::Import && header_.detection_categories != builder_->results().detection_categories &&
      std::any_of(images_.begin(), images_.end(), [](const BatchImage& i) { return i.status == ImageStatus::Pending; })) {
    notice_ = "The listed results were imported with other categories than " + model_->entry.name +
              "'s; clear the list to run it on new images.";
    return;
  }
  if (run_ == RunState::Paused) { resume(); return; }
  if (run_ == RunState::Running || run_ == RunState::Cancelling) return;
  // Images that failed for want of a model, or were never run, are retried; done ones stay.
  for (auto& img : images_) {
    if (img.status != ImageStatus::Reading && img.status != ImageStatus::Running) continue;
    img.status = ImageStatus::Pending;
    if (img.frames) img.frames->return_all_out();  // a clip keeps the frames it has done
  }
  next_ = 0;
  DriverTuning tuning;
  tuning.prepare_ahead = kPrepareAhead;
  tuning.prepare_yield_ms = kPrepareYieldMs;
  std::optional<ClassifierSetup> classifier;
  if (classifier_ && classifier_engine_) classifier = classifier_setup_;
  driver_.emplace(*pipeline_, *builder_, std::move(classifier), prepare_, [this] { return host_.now_ms(); }, tuning);
  run_ = RunState::Running;
  started_ms_ = host_.now_ms();
  finish_times_ms_.clear();
}

void BatchController::pause() {
  if (run_ != RunState::Running) return;
  run_ = RunState::Paused;
  if (driver_) driver_->pause();
}

void BatchController::resume() {
  if (run_ != RunState::Paused) return;
  run_ = RunState::Running;
  if (driver_) driver_->resume();
}

// Starts nothing more: images still being read or prepared go back to pending; images in the
// detector or the classifier finish, since their work is already under way.
void BatchController::cancel() {
  if (run_ != RunState::Running && run_ != RunState::Paused) return;
  if (driver_) driver_->cancel();
  for (std::size_t i : probing_) {  // clips whose header was being read wait again
    probe_.cancel(images_[i].probe_job);
    images_[i].probe_job = 0;
    images_[i].status = ImageStatus::Pending;
    next_ = std::min(next_, i);
  }
  probing_.clear();
  run_ = RunState::Cancelling;
  advance();
}

void BatchController::clear_images() {
  if (busy(run_)) return;
  reset_list();
  origin_ = BatchOrigin::Run;
  source_name_.clear();
  header_ = builder_ ? builder_->results() : RunResults{};
  changes_ = BatchChanges{};
  changes_.replaced = true;
}

void BatchController::reset_list() {
  for (std::size_t i : probing_) probe_.cancel(images_[i].probe_job);
  images_.clear();
  ++revision_;
  finished_ = failed_ = 0;
  next_ = 0;
  skipped_ = 0;
  skipped_examples_.clear();
  run_ = RunState::Idle;
  matcher_.reset();
  probing_.clear();
  frames_total_ = frames_done_ = 0;
  need_files_ = without_file_ = 0;
  notice_.clear();
}

void BatchController::restore(RestoredSession session) {
  if (busy(run_)) return;
  reset_list();
  origin_ = session.header.origin == SessionOrigin::Import ? BatchOrigin::Import : BatchOrigin::Run;
  source_name_ = session.header.source_name;
  header_ = std::move(session.header.run);
  header_.images.clear();
  matcher_.emplace();
  images_.reserve(session.images.size());
  for (RestoredImage& r : session.images) {
    BatchImage img{FileRef{0, r.file.path, r.file.size.value_or(0)}, ImageStatus::NeedsFile, {}, {}};
    if (r.record) {
      img.status = r.record->failed() ? ImageStatus::Failed : ImageStatus::Done;
      img.record = std::move(*r.record);
      ++finished_;
      if (img.status == ImageStatus::Failed) ++failed_;
    } else {
      ++need_files_;
    }
    matcher_->add(images_.size(), MatchEntry{r.file.path, r.file.size});
    images_.push_back(std::move(img));
  }
  without_file_ = static_cast<int>(images_.size());
  changes_ = BatchChanges{};  // this is what is stored: nothing to write
}

Result<void> BatchController::import_results(RunResults run, std::string source_name) {
  if (busy(run_)) return make_error(ErrorCode::InvalidArgument, "cancel the running batch before importing results");
  reset_list();
  origin_ = BatchOrigin::Import;
  source_name_ = std::move(source_name);
  std::vector<ImageRecord> records = std::move(run.images);
  run.images.clear();
  header_ = std::move(run);
  matcher_.emplace();
  images_.reserve(records.size());
  changes_ = BatchChanges{};
  changes_.replaced = changes_.header = changes_.files = true;
  for (ImageRecord& rec : records) {
    // Sizes are unknown: a MegaDetector file does not record them.
    matcher_->add(images_.size(), MatchEntry{rec.file, std::nullopt});
    const ImageStatus status = rec.failed() ? ImageStatus::Failed : ImageStatus::Done;
    changes_.records.push_back(images_.size());
    images_.push_back(BatchImage{FileRef{0, rec.file, 0}, status, std::move(rec), {}});
    ++finished_;
    if (status == ImageStatus::Failed) ++failed_;
  }
  without_file_ = static_cast<int>(images_.size());
  return {};
}

BatchChanges BatchController::take_changes() {
  BatchChanges out = std::move(changes_);
  changes_ = BatchChanges{};
  return out;
}

// A file that belongs to a listed image without one (restored or imported) joins it: a
// finished image keeps its results and is not run again; an unfinished one becomes pending.
// The listed path stays, so stored records and exports keep the names they had.
void BatchController::attach_or_append(FileRef f) {
  if (matcher_ && !matcher_->empty()) {
    if (auto index = matcher_->match(f.path, f.size)) {
      BatchImage& img = images_[*index];
      img.file.id = f.id;
      img.clip = looks_like_video(img.file.path);
      img.file.size = f.size;
      --without_file_;
      if (img.status == ImageStatus::NeedsFile) {
        img.status = ImageStatus::Pending;
        --need_files_;
        next_ = std::min(next_, *index);
      }
      return;
    }
  }
  const bool clip = looks_like_video(f.path);
  images_.push_back(BatchImage{std::move(f), ImageStatus::Pending, {}, {}});
  images_.back().clip = clip;
  changes_.files = true;
}

void BatchController::pull_new_files() {
  for (FileRef& f : files_.take_new_files()) {
    attach_or_append(std::move(f));
    ++revision_;
  }
  for (std::string& name : files_.take_skipped_files()) {
    ++skipped_;
    if (skipped_examples_.size() < 20) skipped_examples_.push_back(std::move(name));
  }
  // A batch that finished picks up images added later when started again; a running one
  // simply continues into them.
}

void BatchController::step() {
  pull_new_files();
  step_model_loads();
  if (busy(run_)) advance();
}


// The driver moves images along; this keeps the list in step with what it reports.
void BatchController::advance() {
  if (!driver_) {
    run_ = RunState::Finished;
    return;
  }
  const BatchDriver::Feed feed = [this] { return next_pending(); };
  step_probes();
  driver_->step(feed, *engine_, classifier_engine_.get());
  for (DriverUpdate& u : driver_->take_updates()) {
    switch (u.kind) {
      case DriverUpdateKind::Running: {
        BatchImage& img = images_[u.index];
        // A clip with frames still to hand out stays pending, so the feed comes back to it.
        if (!img.frames || !img.frames->has_more()) img.status = ImageStatus::Running;
        ++processed_;
        break;
      }
      case DriverUpdateKind::Returned:
        if (u.frame_number && images_[u.index].frames) images_[u.index].frames->returned(*u.frame_number);
        images_[u.index].status = ImageStatus::Pending;
        next_ = std::min(next_, u.index);
        break;
      case DriverUpdateKind::Finished:
        if (u.image && u.frame_number) finish_frame(std::move(*u.image));
        else if (u.image) finish_image(std::move(*u.image));
        break;
    }
  }
  // A clip whose header is still being read has frames to come: the run is not over.
  if (driver_->state() == DriverState::Finished && probing_.empty()) {
    driver_.reset();
    run_ = RunState::Finished;
  }
}

std::optional<BatchItem> BatchController::next_pending() {
  for (;;) {
    while (next_ < images_.size() && images_[next_].status != ImageStatus::Pending) ++next_;
    if (next_ >= images_.size()) return std::nullopt;
    BatchImage& img = images_[next_];
    if (!img.clip) {
      img.status = ImageStatus::Reading;
      return BatchItem{next_, img.file.id, img.file.path, std::nullopt};
    }
    if (!img.frames) {
      // Its header first (step_probes() takes the answer); the images after it go on meanwhile.
      img.status = ImageStatus::Reading;
      img.probe_job = probe_.start(img.file.id, img.file.path);
      probing_.push_back(next_);
      continue;
    }
    std::optional<VideoFrameRequest> frame = img.frames->next_frame();
    if (!img.frames->has_more()) img.status = ImageStatus::Running;
    if (!frame) continue;
    return BatchItem{next_, img.file.id, img.file.path, std::move(frame)};
  }
}

// Clips whose header arrived: sampled, and pending again for their frames; or failed.
void BatchController::step_probes() {
  for (std::size_t k = 0; k < probing_.size();) {
    const std::size_t index = probing_[k];
    BatchImage& img = images_[index];
    auto answer = probe_.poll(img.probe_job);
    if (!answer) {
      ++k;
      continue;
    }
    probing_.erase(probing_.begin() + static_cast<std::ptrdiff_t>(k));
    img.probe_job = 0;
    if (!*answer) {
      ImageRecord failed;
      failed.failure = img.file.size == 0 ? unreadable_clip_message(img.file.path, 0, "") : answer->error().message;
      set_finished(index, std::move(failed), nullptr);
      continue;
    }
    std::vector<int> frames = sample_frames(**answer, sampling_);
    frames_total_ += static_cast<int>(frames.size());
    img.frames.emplace(std::move(**answer), std::move(frames));
    img.status = ImageStatus::Pending;
    next_ = std::min(next_, index);
  }
}

void BatchController::finish_image(FinishedImage result) {
  count_classified(result);
  const bool failed = result.detections.failure.has_value();
  set_finished(result.index, std::move(result.record), failed ? nullptr : &result.detections.timings);
}

// A frame of a clip: kept by the clip's assembler; the clip finishes with its last frame.
void BatchController::finish_frame(FinishedImage result) {
  BatchImage& img = images_[result.index];
  if (!img.frames) return;
  count_classified(result);
  const StageTimings timings = result.detections.timings;
  const int before = img.frames->frames_done();
  img.frames->add(*result.frame_number, std::move(result.record));
  frames_done_ += img.frames->frames_done() - before;
  img.timings = timings;
  ++revision_;
  if (!img.frames->complete()) return;
  set_finished(result.index, img.frames->record(img.file.path), nullptr);
}

void BatchController::set_finished(std::size_t index, ImageRecord record, const StageTimings* timings) {
  BatchImage& img = images_[index];
  const bool failed = record.failed();
  img.status = failed ? ImageStatus::Failed : ImageStatus::Done;
  ++finished_;
  ++revision_;
  if (failed) ++failed_;
  img.record = std::move(record);
  img.record.file = img.file.path;
  changes_.records.push_back(index);
  if (timings) {
    img.timings = *timings;
    timing_sums_.decode_ms += timings->decode_ms;
    timing_sums_.preprocess_ms += timings->preprocess_ms;
    timing_sums_.inference_ms += timings->inference_ms;
    timing_sums_.postprocess_ms += timings->postprocess_ms;
    ++timed_images_;
  }
  finish_times_ms_.push_back(host_.now_ms());
  if (finish_times_ms_.size() > kRateWindow) finish_times_ms_.pop_front();
}

void BatchController::count_classified(const FinishedImage& result) {
  if (result.crops > 0) {
    classify_ms_sum_ += result.classify.classify_ms + result.classify.crop_ms;
    ++classified_images_;
  }
  crops_classified_ += result.crops;
  crops_too_small_ += result.too_small;
  if (!result.classifier_problem.empty()) ++classifier_problems_;
}

BatchProgress BatchController::progress() const {
  BatchProgress p;
  p.total = static_cast<int>(images_.size());
  p.done = finished_;
  p.failed = failed_;
  p.processed = processed_;
  p.need_files = need_files_;
  p.without_file = without_file_;
  p.frames_total = frames_total_;
  p.frames_done = frames_done_;
  if (run_ != RunState::Idle) p.elapsed_s = (host_.now_ms() - started_ms_) / 1000.0;
  if (finish_times_ms_.size() >= 2) {
    const double span_s = (finish_times_ms_.back() - finish_times_ms_.front()) / 1000.0;
    if (span_s > 0) p.images_per_s = static_cast<double>(finish_times_ms_.size() - 1) / span_s;
  }
  if (p.images_per_s > 0) p.eta_s = (p.total - p.done) / p.images_per_s;
  p.crops_classified = crops_classified_;
  p.crops_too_small = crops_too_small_;
  p.classifier_problems = classifier_problems_;
  p.images_classified = classified_images_;
  if (classified_images_ > 0) p.mean_classify_ms = classify_ms_sum_ / classified_images_;
  if (timed_images_ > 0) {
    const double n = timed_images_;
    p.mean_timings = {timing_sums_.decode_ms / n, timing_sums_.preprocess_ms / n, timing_sums_.inference_ms / n,
                      timing_sums_.postprocess_ms / n};
  }
  return p;
}

const CategoryNames& BatchController::detection_categories() const { return header_.detection_categories; }

const CategoryNames& BatchController::classification_categories() const { return header_.classification_categories; }

void BatchController::set_review(std::size_t image, std::size_t detection, Review review) {
  if (image >= images_.size() || images_[image].status != ImageStatus::Done) return;
  auto& detections = images_[image].record.detections;
  if (detection >= detections.size()) return;
  detections[detection].review = std::move(review);
  ++revision_;
  changes_.records.push_back(image);
}

std::string BatchController::species_category(const std::string& name) {
  if (name.empty()) return {};
  int highest = 0;
  for (const auto& [id, known] : header_.classification_categories) {
    if (known == name) return id;
    highest = std::max(highest, std::atoi(id.c_str()));
  }
  std::string id = std::to_string(highest + 1);
  header_.classification_categories[id] = name;
  changes_.header = true;
  ++revision_;
  return id;
}

void BatchController::set_label(std::size_t image, std::optional<ImageLabel> label) {
  if (image >= images_.size() || images_[image].status != ImageStatus::Done) return;
  images_[image].record.label = std::move(label);
  ++revision_;
  changes_.records.push_back(image);
}

RunResults BatchController::build_results() const {
  RunResults run = header_;
  for (const auto& img : images_) {
    if (img.status == ImageStatus::Done || img.status == ImageStatus::Failed) run.images.push_back(img.record);
  }
  // Imported results keep the time their detector finished; ours finish now.
  if (origin_ == BatchOrigin::Run) run.detector.completion_time = host_.local_time_string();
  return run;
}

}  // namespace wl::app
