// Model → Open model from URL…: the App's side of the URL window (src/app/url_model.h). The
// address is downloaded like a zoo model (HostActions::fetch_model: progress, the browser's
// model cache, SHA-256); a zoo model's address loads that entry, any other file is offered
// like a local file (entry inferred from its shapes and metadata, confirmed by the user).
// Nothing changes the loaded model until the new one is ready, so a failure leaves it in use.
#include "app/app.h"

namespace wl::app {

void App::draw_url_window() {
  if (!url_window_.open) return;
  UrlWindowProgress progress;
  if (url_download_running()) progress = {true, download_->progress, download_->file_name};
  switch (draw_url_model_window(url_window_, progress, widget_rects_)) {
    case UrlWindowAction::Open: open_model_url(); break;
    case UrlWindowAction::Cancel:
      url_window_.open = false;
      // The download cannot be stopped half way; its bytes are dropped when they arrive.
      if (url_download_running()) download_->abandoned = true;
      break;
    case UrlWindowAction::None: break;
  }
}

void App::open_model_url() {
  if (download_) {  // one model download at a time (the menu's items wait too)
    url_window_.error = "Another model is being loaded; open this address when it is done.";
    return;
  }
  auto url = check_model_url(url_window_.text.data());
  if (!url) {
    url_window_.error = url.error().message;
    url_window_.focus_field = true;  // back in the field to correct the address
    return;
  }
  url_window_.error.clear();
  ModelDownload d;
  d.from_url = true;
  const WeightFile* weight = nullptr;
  if (const ModelEntry* zoo = zoo_entry_for_url(zoo_, *url, &weight)) {
    // The same download as choosing the entry in the menu: its checksum from the manifest.
    d.entry = *zoo;
    d.file_name = weight->url.substr(weight->url.find_last_of('/') + 1);
    d.origin = ModelOrigin{ModelSource::Url, weight->url, zoo->id};
    d.job = host_.fetch_model(weight->url, weight->sha256.value_or(""));
  } else {
    d.file_name = model_file_name_from_url(*url);
    d.entry.name = d.file_name;  // for the progress bar; the real entry is inferred from the bytes
    d.origin = ModelOrigin{ModelSource::Url, *url, ""};
    d.job = host_.fetch_model(*url, "");
  }
  download_ = std::move(d);
}

void App::finish_url_download(Result<FetchedModel> fetched) {
  if (!fetched) {
    url_window_.error = url_download_error(fetched.error().message);
    url_window_.focus_field = true;
    return;
  }
  FetchedModel& model = *fetched;
  if (!download_->origin.zoo_id.empty()) {
    batch_.load_model(model.bytes, download_->entry, download_->file_name, model.sha256, providers(), download_->origin);
    remember_serial_ = batch_.model_serial();
    url_window_.open = false;
    return;
  }
  auto offer = make_local_model_offer(PickedModel{download_->file_name, std::move(model.bytes), model.sha256, ""},
                                      model_limits());
  if (!offer) {
    url_window_.error = "This file cannot be used as a detector: " + offer.error().message +
                        ".\nThe current model stays loaded.";
    url_window_.focus_field = true;
    return;
  }
  offer->source_url = download_->origin.url;
  local_model_ = std::move(*offer);
  export_error_.clear();
  url_window_.open = false;
}

}  // namespace wl::app
