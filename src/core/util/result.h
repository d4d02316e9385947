#pragma once
// Errors are values across the core API. Result<T> holds either a value or an Error whose
// message is written for the person using the app ("the file is a PNG of 40000x40000 pixels,
// above the 100 MP limit"), not for a developer.
// (std::expected is missing from Emscripten 3.1.6's libc++, hence this small type.)
#include <string>
#include <utility>
#include <variant>

namespace wl {

enum class ErrorCode {
  InvalidArgument,   // the caller passed something unusable
  Empty,             // zero-byte input
  NotAnImage,        // bytes are not an image format we know
  UnsupportedFormat, // an image or model format we recognise but cannot handle
  TooLarge,          // above a configured limit (pixels, bytes)
  Corrupt,           // recognised format, broken data
  ModelInvalid,      // not an ONNX model, or one we cannot use
  UnsupportedLayout, // a model output layout no decoder handles
  Io,                // reading or writing failed
  Cancelled,
  Internal,
};

const char* to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;
};

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), ok_(false) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return err_; }

 private:
  Error err_{};
  bool ok_ = true;
};

}  // namespace wl
