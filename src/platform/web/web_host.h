#pragma once
// The browser's side of the app's host interfaces (src/app/sources.h), over the page's
// JavaScript: files from globalThis.wlFiles (web/js/files.js), textures decoded by the
// browser (createImageBitmap, off the main thread, EXIF orientation applied) and uploaded
// into WebGL, downloads as Blob links, model files via globalThis.wlModelStore, and exports
// written into the folder the user opened (web/js/folder-writer.js).
#include "app/sources.h"

namespace wl::web {

class WebFileSource : public app::FileSource {
 public:
  std::vector<app::FileRef> take_new_files() override;
  std::vector<std::string> take_skipped_files() override;
  void request_bytes(int id) override;
  std::optional<Result<std::vector<std::uint8_t>>> poll_bytes(int id) override;
};

class WebTextureSource : public app::TextureSource {
 public:
  int request_texture(int file_id, int max_dim, int frame) override;
  std::optional<Result<app::Texture>> poll_texture(int job) override;
  void cancel_texture(int job) override;
  void release_texture(const app::Texture& texture) override;

 private:
  int next_job_ = 1;
};

class WebHostActions : public app::HostActions {
 public:
  void open_file_picker(bool folder) override;
  void open_model_picker() override;
  void open_results_picker() override;
  std::optional<Result<app::PickedModel>> take_picked_model() override;
  std::optional<Result<app::PickedFile>> take_picked_results() override;
  void download(const std::string& name, const std::string& mime, const std::string& contents) override;
  int fetch_model(const std::string& url, const std::string& sha256) override;
  int fetch_kept_model(const std::string& url, const std::string& sha256) override;
  std::optional<Result<app::FetchedModel>> poll_model(int job, float* progress) override;
  void keep_model_file(const std::string& name, const std::string& sha256, std::span<const std::uint8_t> bytes) override;
  std::string writable_folder_name() override;
  int save_into_folder(const std::string& name, const std::string& mime, const std::string& contents) override;
  std::optional<Result<std::string>> poll_save(int job) override;
  int fetch_package(const app::PackageRequest& request) override;
  std::optional<Result<app::FetchedPackage>> poll_package(int job, app::TransferProgress* progress) override;
  void cancel_package(int job) override;
  std::optional<Result<app::FetchedPackage>> take_picked_package() override;
  void request_zoo_record(const std::string& base, const std::string& record) override;
  std::string take_zoo_record() override;
  double now_ms() override;
  std::string local_time_string() override;

 private:
  int next_job_ = 1;
};

}  // namespace wl::web
