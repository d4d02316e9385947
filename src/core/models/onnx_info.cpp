#include "core/models/onnx_info.h"

#include <algorithm>
#include <initializer_list>
#include <set>

namespace wl {
namespace {

// Protobuf wire types.
constexpr int kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5;

// One field of a message: its number, wire type, and either the varint value or the payload.
struct Field {
  std::uint32_t number = 0;
  int wire = 0;
  std::uint64_t varint = 0;
  std::span<const std::uint8_t> payload;
};

// Iterates the fields of one message. A malformed buffer sets failed() instead of throwing,
// so the caller can turn it into a message about a damaged file.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) : data_(bytes) {}

  bool next(Field& f) {
    if (failed_ || pos_ >= data_.size()) return false;
    std::uint64_t key = 0;
    if (!read_varint(key)) return fail();
    f.number = static_cast<std::uint32_t>(key >> 3);
    f.wire = static_cast<int>(key & 7);
    if (f.number == 0) return fail();
    switch (f.wire) {
      case kVarint:
        return read_varint(f.varint) || fail();
      case kFixed64: return skip(8, f);
      case kFixed32: return skip(4, f);
      case kLengthDelimited: {
        std::uint64_t len = 0;
        if (!read_varint(len)) return fail();
        return skip(len, f);
      }
      default: return fail();  // groups (3, 4) never appear in ONNX files
    }
  }
  bool failed() const { return failed_; }

 private:
  bool read_varint(std::uint64_t& out) {
    out = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return false;
      std::uint8_t b = data_[pos_++];
      out |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  bool skip(std::uint64_t n, Field& f) {
    if (n > data_.size() - pos_) return fail();
    f.payload = data_.subspan(pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return true;
  }
  bool fail() {
    failed_ = true;
    return false;
  }

  std::span<const std::uint8_t> data_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

std::string as_string(std::span<const std::uint8_t> p) { return std::string(p.begin(), p.end()); }

Error damaged(const std::string& where) {
  return make_error(ErrorCode::ModelInvalid,
                    "The model file is damaged or incomplete (" + where +
                        " could not be read). Download it again; if it keeps failing, the file is not a valid ONNX model.");
}

// TensorShapeProto { repeated Dimension dim = 1; } Dimension { int64 dim_value = 1; string dim_param = 2; }
bool read_shape(std::span<const std::uint8_t> bytes, TensorInfo& info) {
  Reader r(bytes);
  Field f;
  while (r.next(f)) {
    if (f.number != 1 || f.wire != kLengthDelimited) continue;
    std::int64_t value = -1;
    std::string param;
    Reader d(f.payload);
    Field g;
    while (d.next(g)) {
      if (g.number == 1 && g.wire == kVarint) value = static_cast<std::int64_t>(g.varint);
      if (g.number == 2 && g.wire == kLengthDelimited) param = as_string(g.payload);
    }
    if (d.failed()) return false;
    info.shape.push_back(value);
    info.dim_names.push_back(value >= 0 ? std::string() : param);
  }
  return !r.failed();
}

// ValueInfoProto { string name = 1; TypeProto type = 2; }
// TypeProto { TypeProto.Tensor tensor_type = 1; ... } Tensor { int32 elem_type = 1; TensorShapeProto shape = 2; }
bool read_value_info(std::span<const std::uint8_t> bytes, TensorInfo& info) {
  Reader r(bytes);
  Field f;
  while (r.next(f)) {
    if (f.number == 1 && f.wire == kLengthDelimited) info.name = as_string(f.payload);
    if (f.number != 2 || f.wire != kLengthDelimited) continue;
    Reader t(f.payload);
    Field tf;
    while (t.next(tf)) {
      if (tf.number != 1 || tf.wire != kLengthDelimited) continue;  // only dense tensors
      Reader tt(tf.payload);
      Field x;
      while (tt.next(x)) {
        if (x.number == 1 && x.wire == kVarint) info.type = static_cast<ElementType>(static_cast<int>(x.varint));
        if (x.number == 2 && x.wire == kLengthDelimited && !read_shape(x.payload, info)) return false;
      }
      if (tt.failed()) return false;
    }
    if (t.failed()) return false;
  }
  return !r.failed();
}

// TensorProto: name = 8, data_location = 14 (1 = EXTERNAL).
bool read_initializer(std::span<const std::uint8_t> bytes, std::string& name, bool& external) {
  Reader r(bytes);
  Field f;
  while (r.next(f)) {
    if (f.number == 8 && f.wire == kLengthDelimited) name = as_string(f.payload);
    if (f.number == 14 && f.wire == kVarint && f.varint == 1) external = true;
  }
  return !r.failed();
}

// GraphProto: initializer = 5, input = 11, output = 12.
Result<void> read_graph(std::span<const std::uint8_t> bytes, OnnxModelInfo& info) {
  std::vector<TensorInfo> inputs;
  std::set<std::string> initializers;
  Reader r(bytes);
  Field f;
  while (r.next(f)) {
    if (f.wire != kLengthDelimited) continue;
    if (f.number == 5) {
      std::string name;
      bool external = false;
      if (!read_initializer(f.payload, name, external)) return damaged("a weight tensor");
      initializers.insert(name);
      info.uses_external_data = info.uses_external_data || external;
    } else if (f.number == 11 || f.number == 12) {
      TensorInfo t;
      if (!read_value_info(f.payload, t)) return damaged(f.number == 11 ? "a graph input" : "a graph output");
      (f.number == 11 ? inputs : info.outputs).push_back(std::move(t));
    }
  }
  if (r.failed()) return damaged("the graph");
  // Models from IR version < 4 list every weight as a graph input too; those are not inputs
  // the caller must feed.
  for (auto& t : inputs)
    if (!initializers.count(t.name)) info.inputs.push_back(std::move(t));
  return {};
}

// Names the format of bytes that are clearly something else, for the error message.
const char* other_format(std::span<const std::uint8_t> b) {
  auto starts = [&](std::initializer_list<std::uint8_t> sig) {
    return b.size() >= sig.size() && std::equal(sig.begin(), sig.end(), b.begin());
  };
  if (starts({'P', 'K', 3, 4})) return "a ZIP archive (probably PyTorch .pt weights)";
  if (starts({0xFF, 0xD8, 0xFF})) return "a JPEG image";
  if (starts({0x89, 'P', 'N', 'G'})) return "a PNG image";
  if (starts({0x80, 0x02}) || starts({0x80, 0x04}) || starts({0x80, 0x05})) return "a Python pickle (PyTorch weights)";
  if (starts({'<'})) return "a web page (HTML)";
  if (starts({'{'})) return "a JSON file";
  if (starts({0x1F, 0x8B})) return "a gzip archive";
  return nullptr;
}

}  // namespace

std::int64_t OnnxModelInfo::opset() const {
  for (const auto& o : opset_imports)
    if (o.domain.empty() || o.domain == "ai.onnx") return o.version;
  return 0;
}

std::optional<std::string> OnnxModelInfo::metadata_value(const std::string& key) const {
  for (const auto& [k, v] : metadata)
    if (k == key) return v;
  return std::nullopt;
}

Result<OnnxModelInfo> read_onnx_info(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return make_error(ErrorCode::Empty, "The model file is empty (0 bytes).");
  if (const char* what = other_format(bytes)) {
    std::string hint = std::string(what).find("PyTorch") != std::string::npos
                           ? " Export it to ONNX first, or pick the model's .onnx file."
                           : std::string(what).find("HTML") != std::string::npos ? " The download probably failed." : "";
    return make_error(ErrorCode::ModelInvalid, std::string("This file is ") + what + ", not an ONNX model." + hint);
  }
  // Exporters write ModelProto fields in number order, so a model starts with ir_version
  // (field 1, varint: byte 0x08). Anything else is not an ONNX file at all.
  if (bytes[0] != 0x08)
    return make_error(ErrorCode::ModelInvalid, "This file is not an ONNX model (it does not start like one). Pick a .onnx file.");
  OnnxModelInfo info;
  bool have_graph = false;
  Reader r(bytes);
  Field f;
  // ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, graph = 7,
  // opset_import = 8, metadata_props = 14.
  while (r.next(f)) {
    if (f.number == 1 && f.wire == kVarint) info.ir_version = static_cast<std::int64_t>(f.varint);
    if (f.wire != kLengthDelimited) continue;
    if (f.number == 2) info.producer_name = as_string(f.payload);
    if (f.number == 3) info.producer_version = as_string(f.payload);
    if (f.number == 7) {
      auto g = read_graph(f.payload, info);
      if (!g) return g.error();
      have_graph = true;
    }
    if (f.number == 8 || f.number == 14) {
      std::string a;
      std::int64_t version = 0;
      std::string b;
      Reader e(f.payload);
      Field x;
      while (e.next(x)) {
        if (x.number == 1 && x.wire == kLengthDelimited) a = as_string(x.payload);
        if (x.number == 2 && x.wire == kVarint) version = static_cast<std::int64_t>(x.varint);
        if (x.number == 2 && x.wire == kLengthDelimited) b = as_string(x.payload);
      }
      if (e.failed()) return damaged(f.number == 8 ? "the operator set list" : "the metadata");
      if (f.number == 8) info.opset_imports.push_back({a, version});
      else info.metadata.emplace_back(a, b);
    }
  }
  if (r.failed() || !have_graph || info.ir_version <= 0) {
    if (r.failed()) return damaged("the model");
    return make_error(ErrorCode::ModelInvalid,
                      "This file is not an ONNX model (no model graph found in its " + std::to_string(bytes.size()) +
                          " bytes). Pick a .onnx file.");
  }
  if (info.inputs.empty())
    return make_error(ErrorCode::ModelInvalid, "The ONNX model declares no inputs, so it cannot be run.");
  return info;
}

}  // namespace wl
