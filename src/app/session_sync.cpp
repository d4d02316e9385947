#include "app/session_sync.h"

#include "core/session/session_record.h"

namespace wl::app {

namespace {

bool batch_active(const BatchController& batch) {
  return batch.run_state() != RunState::Idle || batch.progress().done > 0;
}

}  // namespace

SessionSync::SessionSync(storage::Storage& storage, BatchController& batch, HostActions& host)
    : storage_(storage), batch_(batch), host_(host) {
  storage_.start_load_summary();
}

const std::string& SessionSync::session_id() const {
  static const std::string none;
  return current_ ? current_->id : none;
}

void SessionSync::report_problem(const std::string& reason) {
  if (problem_reported_) return;
  problem_reported_ = true;
  problem_ = "Results are not being kept in this browser (" + reason +
             "). The batch goes on; export the results before you close the page.";
}

void SessionSync::step() {
  if (auto error = storage_.take_error()) report_problem(error->message);
  switch (phase_) {
    case Phase::Loading: poll_summary(); break;
    case Phase::Restoring: poll_records(); break;
    case Phase::Offer:
      // Another batch began while the offer waited: it replaces the stored one.
      if (batch_active(batch_)) discard();
      break;
    case Phase::Idle: write_changes(); break;
  }
}

void SessionSync::poll_summary() {
  auto polled = storage_.poll_summary();
  if (!polled) return;
  phase_ = Phase::Idle;
  if (!polled->ok()) {
    report_problem(polled->error().message);
    return;
  }
  const auto& stored = polled->value();
  if (!stored) return;
  auto header = read_session_header(stored->header_json);
  // Unreadable (another version, damaged): nothing can be offered, and the next batch replaces it.
  if (!header) return;
  SessionSummary summary = summarize_session(*header, stored->record_count);
  if (!summary.worth_offering || batch_active(batch_)) return;
  offer_ = Offer{std::move(*header), summary, stored->model_kept};
  phase_ = Phase::Offer;
}

void SessionSync::resume() {
  if (phase_ != Phase::Offer || !offer_) return;
  restore_started_ms_ = host_.now_ms();
  storage_.start_load_records(offer_->header.id);
  phase_ = Phase::Restoring;
}

void SessionSync::discard() {
  if (phase_ != Phase::Offer) return;
  offer_.reset();
  storage_.discard_session();
  phase_ = Phase::Idle;
}

void SessionSync::poll_records() {
  auto polled = storage_.poll_records();
  if (!polled) return;
  phase_ = Phase::Idle;
  Offer offer = std::move(*offer_);
  offer_.reset();
  if (!polled->ok()) {
    resume_error_ = polled->error().message;
    return;
  }
  auto header_text = write_session_header(offer.header);
  auto restored = header_text ? restore_session(*header_text, polled->value()) : Result<RestoredSession>(header_text.error());
  if (!restored) {
    resume_error_ = "the stored batch could not be restored: " + restored.error().message;
    return;
  }
  current_ = restored->header;
  if (current_->model.known()) reload_ = current_->model;
  batch_.restore(std::move(*restored));
  batch_.take_changes();  // what was restored is what is stored
  restore_ms_ = host_.now_ms() - restore_started_ms_;
}

std::optional<ModelIdentity> SessionSync::take_model_to_reload() {
  auto out = std::move(reload_);
  reload_.reset();
  return out;
}

std::optional<std::string> SessionSync::take_problem() {
  auto out = std::move(problem_);
  problem_.reset();
  return out;
}

std::optional<std::string> SessionSync::take_resume_error() {
  auto out = std::move(resume_error_);
  resume_error_.reset();
  return out;
}

void SessionSync::mark_exported() {
  if (!current_ || current_->exported) return;
  current_->exported = true;
  write_header();
}

std::string SessionSync::new_session_id() {
  return host_.local_time_string() + " #" + std::to_string(static_cast<long long>(host_.now_ms())) + "." +
         std::to_string(++id_counter_);
}

SessionHeader SessionSync::header_from_batch(const std::string& id) const {
  SessionHeader h;
  h.id = id;
  h.created = current_ && current_->id == id ? current_->created : host_.local_time_string();
  h.origin = batch_.origin() == BatchOrigin::Import ? SessionOrigin::Import : SessionOrigin::Run;
  h.source_name = batch_.source_name();
  if (h.origin == SessionOrigin::Run) {
    if (auto model = batch_.model_identity()) h.model = std::move(*model);
    else if (current_) h.model = current_->model;  // restored, its model not reloaded (yet)
  }
  h.run = batch_.run_header();
  h.files.reserve(batch_.images().size());
  for (const BatchImage& img : batch_.images())
    h.files.push_back({img.file.path, img.file.size ? std::optional<std::uint64_t>(img.file.size) : std::nullopt});
  return h;
}

void SessionSync::write_header() {
  auto text = write_session_header(*current_);
  if (text) storage_.write_header(current_->id, *text);
}

void SessionSync::put_record(std::size_t index) {
  const auto& images = batch_.images();
  if (index >= images.size()) return;
  const BatchImage& img = images[index];
  if (img.status != ImageStatus::Done && img.status != ImageStatus::Failed) return;
  if (auto text = write_session_record(img.record)) storage_.put_record(current_->id, index, *text);
}

// A new session: the header, then every image already finished (after a model change or an
// import; a fresh batch has none yet).
void SessionSync::begin_session() {
  current_ = header_from_batch(new_session_id());
  write_header();
  for (std::size_t i = 0; i < batch_.images().size(); ++i) put_record(i);
}

void SessionSync::write_changes() {
  BatchChanges changes = batch_.take_changes();
  if (changes.replaced && current_) {
    storage_.discard_session();
    current_.reset();
  }
  if (batch_.images().empty()) return;
  if (!current_) {
    if (batch_active(batch_)) begin_session();
    return;
  }
  // Another model continues the list: its results belong to another run.
  if (batch_.origin() == BatchOrigin::Run) {
    const auto model = batch_.model_identity();
    if (model && !model->same_model(current_->model)) {
      begin_session();
      return;
    }
  }
  bool header_dirty = changes.header || changes.files;
  if (!changes.records.empty() && current_->exported) {
    current_->exported = false;  // new results since the export
    header_dirty = true;
  }
  if (header_dirty) {
    const bool exported = current_->exported;
    current_ = header_from_batch(current_->id);
    current_->exported = exported;
    write_header();
  }
  for (std::size_t index : changes.records) put_record(index);
}

}  // namespace wl::app
