#pragma once
// What the app needs from its host to get at the user's files and show images. The browser
// implements these over JavaScript (src/platform/web); everything is polled from the frame
// loop, so no call ever waits.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace wl::app {

struct FileRef {
  int id = 0;
  std::string path;  // relative path as the user gave it (folder/sub/file.jpg)
  std::uint64_t size = 0;
};

class FileSource {
 public:
  virtual ~FileSource() = default;
  virtual std::vector<FileRef> take_new_files() = 0;
  virtual std::vector<std::string> take_skipped_files() = 0;  // non-images the host left out
  virtual void request_bytes(int id) = 0;
  // nullopt while reading; then the bytes or why they could not be read. Forgets the read.
  virtual std::optional<Result<std::vector<std::uint8_t>>> poll_bytes(int id) = 0;
};

struct Texture {
  unsigned int gl_id = 0;
  int width = 0, height = 0;  // upright (EXIF orientation applied)
};

class TextureSource {
 public:
  virtual ~TextureSource() = default;
  // Starts decoding a file for display, at most max_dim pixels on its long side; returns a job.
  // A clip shows frame `frame` (0-based), or its first frame when frame < 0.
  virtual int request_texture(int file_id, int max_dim, int frame = -1) = 0;
  virtual std::optional<Result<Texture>> poll_texture(int job) = 0;
  // Drops a job whose texture is no longer wanted (the decoded pixels are freed when ready).
  virtual void cancel_texture(int job) = 0;
  virtual void release_texture(const Texture& texture) = 0;
};

// A model file fetched for the user (from the zoo's URL, through the browser's cache).
struct FetchedModel {
  std::vector<std::uint8_t> bytes;
  std::string sha256;
  bool from_cache = false;
};

struct PickedModel {
  std::string name;
  std::vector<std::uint8_t> bytes;
  std::string sha256;
  // A labels file picked with the model (labels.txt: one class name per line), "" when none.
  std::string labels;
};

// A results file the user picked or dropped (MegaDetector JSON, for import).
struct PickedFile {
  std::string name;
  std::vector<std::uint8_t> bytes;
};

// A SPARROW model-zoo package to fetch: the catalogue entry's id, the Zenodo record and the ZIP's
// name, and the zoo's base address (https://zenodo.org, or a mirror).
struct PackageRequest {
  std::string id, record, zip, base;
};

// A package downloaded, checked (MD5) and unpacked by the host, or opened from disk. The C++
// side reads its text files (manifest.toml, labels.txt); model files stay with the host, kept
// under `key`, and are fetched with fetch_kept_model(key, sha256) once the manifest says which.
struct FetchedPackage {
  struct Model {
    std::string path;  // inside the package folder, e.g. "model.onnx"
    std::string key;   // where the host keeps it
    std::string sha256;
    std::int64_t size = 0;
  };
  std::string id;      // the package's folder name
  std::map<std::string, std::string> texts;  // path -> text
  std::vector<Model> models;
  bool from_cache = false;
  std::string warning;  // e.g. it could not be kept; the model still loads
};

struct TransferProgress {
  double received = 0;  // bytes
  double total = 0;     // 0 while unknown
  bool from_cache = false;
};

// Downloads and other host actions the UI triggers.
class HostActions {
 public:
  virtual ~HostActions() = default;
  virtual void open_file_picker(bool folder) = 0;
  virtual void open_model_picker() = 0;
  virtual void open_results_picker() = 0;
  // A model file the user picked or dropped, once; nullopt when none waits.
  virtual std::optional<Result<PickedModel>> take_picked_model() = 0;
  // A results file (.json) the user picked or dropped, once; nullopt when none waits.
  virtual std::optional<Result<PickedFile>> take_picked_results() = 0;
  virtual void download(const std::string& name, const std::string& mime, const std::string& contents) = 0;
  // Starts fetching a model file; progress in [0,1] (or < 0 when unknown) while it runs.
  virtual int fetch_model(const std::string& url, const std::string& sha256) = 0;
  // The same from this browser's caches only, never the network: a model kept from an earlier
  // visit (a zoo download, or a local file kept by keep_model_file). Polled with poll_model.
  virtual int fetch_kept_model(const std::string& url, const std::string& sha256) = 0;
  virtual std::optional<Result<FetchedModel>> poll_model(int job, float* progress) = 0;
  // Keeps a model file picked from disk in this browser (under local_model_url(sha256)), so an
  // interrupted batch can resume without asking for it; only the latest such file is kept.
  virtual void keep_model_file(const std::string& name, const std::string& sha256,
                               std::span<const std::uint8_t> bytes) = 0;
  // The folder the user opened with the folder picker, when exports can be written into it
  // (File System Access API); "" otherwise.
  virtual std::string writable_folder_name() = 0;
  // Starts writing an export into that folder (asking for write permission); the poll gives
  // the file's name there, or why it could not be written.
  virtual int save_into_folder(const std::string& name, const std::string& mime, const std::string& contents) = 0;
  virtual std::optional<Result<std::string>> poll_save(int job) = 0;
  // SPARROW packages (the model zoo). Not every host has them: the defaults say so.
  virtual int fetch_package(const PackageRequest& /*request*/) { return 0; }
  virtual std::optional<Result<FetchedPackage>> poll_package(int /*job*/, TransferProgress* /*progress*/) {
    return Result<FetchedPackage>(make_error(ErrorCode::Io, "this build cannot download model packages"));
  }
  virtual void cancel_package(int /*job*/) {}
  // A package (.zip) the user picked or dropped, once; nullopt when none waits.
  virtual std::optional<Result<FetchedPackage>> take_picked_package() { return std::nullopt; }
  // Asks for the zoo record's file list (Zenodo's JSON: sizes and MD5s); take_zoo_record gives
  // it once it is here (a copy kept from an earlier visit first, then a fresh one), else "".
  virtual void request_zoo_record(const std::string& /*base*/, const std::string& /*record*/) {}
  virtual std::string take_zoo_record() { return {}; }
  virtual double now_ms() = 0;
  virtual std::string local_time_string() = 0;  // "YYYY-MM-DD HH:MM:SS"
};

}  // namespace wl::app
