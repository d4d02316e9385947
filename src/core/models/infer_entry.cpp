#include "core/models/infer_entry.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>

namespace wl {
namespace {

// ---------------------------------------------------------------------------------------------
// 'names' metadata

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A reader for the small subset of Python literals (and JSON) that 'names' values use.
class NamesReader {
 public:
  explicit NamesReader(const std::string& text) : s_(text) {}

  Result<std::vector<std::string>> read() {
    skip_space();
    std::vector<std::string> names;
    bool ok = false;
    if (at('{')) {
      ok = read_dict(names);
    } else if (at('[') || at('(')) {
      ok = read_list(names);
    } else {
      error_ = "it is neither a dict ({0: 'name', ...}) nor a list (['name', ...])";
    }
    if (ok) {
      skip_space();
      if (i_ != s_.size()) {
        ok = false;
        error_ = "there is text after the closing bracket";
      }
    }
    if (ok && names.empty()) {
      ok = false;
      error_ = "it lists no classes";
    }
    if (!ok)
      return make_error(ErrorCode::InvalidArgument,
                        "The class names could not be read: " + error_ + " (at character " + std::to_string(i_ + 1) + ").");
    return names;
  }

 private:
  static constexpr std::size_t kMaxClasses = 100000;

  bool at(char c) const { return i_ < s_.size() && s_[i_] == c; }
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool fail(std::string what) {
    error_ = std::move(what);
    return false;
  }

  // Separator handling shared by dicts and lists: after an item, a ',' (a trailing one is
  // allowed) or the closing bracket.
  bool after_item(char close, bool& done) {
    skip_space();
    if (at(',')) {
      ++i_;
      skip_space();
      done = at(close);
      if (done) ++i_;
      return true;
    }
    if (at(close)) {
      ++i_;
      done = true;
      return true;
    }
    return fail(std::string("expected ',' or '") + close + "'");
  }

  bool read_dict(std::vector<std::string>& names) {
    ++i_;  // '{'
    std::map<std::int64_t, std::string> by_key;
    skip_space();
    if (at('}')) {
      ++i_;
      return true;
    }
    for (bool done = false; !done;) {
      std::int64_t key = 0;
      if (!read_key(key)) return false;
      skip_space();
      if (!at(':')) return fail("expected ':' after the key " + std::to_string(key));
      ++i_;
      skip_space();
      std::string name;
      if (!read_string(name)) return false;
      if (!by_key.emplace(key, std::move(name)).second) return fail("the key " + std::to_string(key) + " appears twice");
      if (by_key.size() > kMaxClasses) return fail("it lists more than " + std::to_string(kMaxClasses) + " classes");
      if (!after_item('}', done)) return false;
    }
    std::int64_t expected = 0;
    for (auto& [key, name] : by_key) {
      if (key != expected)
        return fail("the keys must be the class indices 0, 1, 2, ...; " + std::to_string(expected) + " is missing");
      names.push_back(std::move(name));
      ++expected;
    }
    return true;
  }

  bool read_list(std::vector<std::string>& names) {
    const char close = s_[i_] == '[' ? ']' : ')';
    ++i_;
    skip_space();
    if (at(close)) {
      ++i_;
      return true;
    }
    for (bool done = false; !done;) {
      std::string name;
      if (!read_string(name)) return false;
      names.push_back(std::move(name));
      if (names.size() > kMaxClasses) return fail("it lists more than " + std::to_string(kMaxClasses) + " classes");
      if (!after_item(close, done)) return false;
    }
    return true;
  }

  // A whole number, bare (Python) or quoted (JSON object keys).
  bool read_key(std::int64_t& key) {
    std::string digits;
    if (at('\'') || at('"')) {
      if (!read_string(digits)) return false;
    } else {
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) digits += s_[i_++];
    }
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return fail("the keys must be class indices (whole numbers)");
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), key);
    if (ec != std::errc() || end != digits.data() + digits.size()) return fail("the class index " + digits + " is too large");
    return true;
  }

  bool read_hex(std::size_t count, std::uint32_t& value) {
    value = 0;
    for (std::size_t k = 0; k < count; ++k) {
      const int h = i_ < s_.size() ? hex_value(s_[i_]) : -1;
      if (h < 0) return fail("a \\x, \\u or \\U escape needs " + std::to_string(count) + " hex digits");
      value = value * 16 + static_cast<std::uint32_t>(h);
      ++i_;
    }
    return true;
  }

  // A Python string literal ('...' or "...", optional u/r prefix) or a JSON string.
  bool read_string(std::string& out) {
    bool raw = false;
    while (i_ < s_.size() && (s_[i_] == 'u' || s_[i_] == 'U' || s_[i_] == 'r' || s_[i_] == 'R')) {
      raw = raw || s_[i_] == 'r' || s_[i_] == 'R';
      ++i_;
    }
    if (!at('\'') && !at('"')) return fail("expected a quoted class name");
    const char quote = s_[i_++];
    std::uint32_t pending_high = 0;  // a JSON \uD8xx waiting for its low surrogate
    while (true) {
      if (i_ >= s_.size()) return fail("a class name is missing its closing quote");
      const char c = s_[i_++];
      if (c == quote) break;
      if (c == '\n') return fail("a class name runs past the end of the line");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) return fail("a class name ends in a lone backslash");
      const char e = s_[i_++];
      if (raw) {  // r'...': the backslash stays, and only keeps the quote from ending the string
        out += '\\';
        out += e;
        continue;
      }
      std::uint32_t cp = 0;
      switch (e) {
        case '\\': out += '\\'; continue;
        case '\'': out += '\''; continue;
        case '"': out += '"'; continue;
        case '/': out += '/'; continue;
        case 'a': out += '\a'; continue;
        case 'b': out += '\b'; continue;
        case 'f': out += '\f'; continue;
        case 'n': out += '\n'; continue;
        case 'r': out += '\r'; continue;
        case 't': out += '\t'; continue;
        case 'v': out += '\v'; continue;
        case '\n': continue;  // line continuation
        case 'x':
          if (!read_hex(2, cp)) return false;
          break;
        case 'u':
          if (!read_hex(4, cp)) return false;
          break;
        case 'U':
          if (!read_hex(8, cp)) return false;
          if (cp > 0x10FFFF) return fail("a \\U escape is beyond Unicode");
          break;
        default:
          if (e >= '0' && e <= '7') {  // octal, up to three digits
            cp = static_cast<std::uint32_t>(e - '0');
            for (int k = 0; k < 2 && i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '7'; ++k)
              cp = cp * 8 + static_cast<std::uint32_t>(s_[i_++] - '0');
            break;
          }
          out += '\\';  // Python keeps unknown escapes as they are
          out += e;
          continue;
      }
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        pending_high = cp;
        continue;
      }
      if (cp >= 0xDC00 && cp <= 0xDFFF && pending_high) {
        cp = 0x10000 + ((pending_high - 0xD800) << 10) + (cp - 0xDC00);
        pending_high = 0;
      }
      append_utf8(out, cp);
    }
    return true;
  }

  const std::string& s_;
  std::size_t i_ = 0;
  std::string error_;
};

// ---------------------------------------------------------------------------------------------
// Small helpers

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

std::string dims_text(const TensorInfo& t) {
  std::string s = "[";
  for (std::size_t k = 0; k < t.shape.size(); ++k) {
    if (k) s += ", ";
    if (t.shape[k] >= 0) {
      s += std::to_string(t.shape[k]);
    } else {
      const std::string name = k < t.dim_names.size() ? t.dim_names[k] : std::string();
      s += name.empty() ? "?" : name;
    }
  }
  return s + "]";
}

std::optional<int> parse_int(const std::string& text) {
  std::size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  int v = 0;
  auto [end, ec] = std::from_chars(text.data() + b, text.data() + e, v);
  if (ec != std::errc() || end != text.data() + e || b == e) return std::nullopt;
  return v;
}

constexpr std::int64_t kMaxInputSize = 8192;  // as parse_model_entry allows

// Ultralytics writes imgsz as "[1280, 1280]" (height, width); others may write "640".
std::optional<std::pair<int, int>> parse_imgsz(const std::string& text) {
  std::string inner;
  for (char c : text)
    if (c != '[' && c != ']' && c != '(' && c != ')') inner += c;
  std::vector<int> values;
  std::size_t start = 0;
  while (start <= inner.size()) {
    std::size_t comma = inner.find(',', start);
    if (comma == std::string::npos) comma = inner.size();
    auto v = parse_int(inner.substr(start, comma - start));
    if (!v || *v <= 0 || *v > 8192) return std::nullopt;
    values.push_back(*v);
    start = comma + 1;
  }
  if (values.size() == 1) return std::pair{values[0], values[0]};
  if (values.size() == 2) return std::pair{values[0], values[1]};
  return std::nullopt;
}

// The id for an entry: the file's stem, lowercase, other characters as '-'.
std::string id_from_file(const std::string& file_name, std::string& stem) {
  std::string base = file_name.substr(file_name.find_last_of("/\\") == std::string::npos ? 0 : file_name.find_last_of("/\\") + 1);
  if (auto dot = base.rfind('.'); dot != std::string::npos && dot > 0) base.resize(dot);
  stem = base;
  std::string id;
  for (char c : lower(base)) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_';
    if (keep) {
      id += c;
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id.empty() ? std::string("custom-model") : id;
}

// ---------------------------------------------------------------------------------------------
// Classes and the MegaDetector mapping

constexpr std::array<const char*, 80> kCoco80 = {
    "person",        "bicycle",      "car",        "motorcycle",    "airplane",     "bus",        "train",
    "truck",         "boat",         "traffic light", "fire hydrant", "stop sign", "parking meter", "bench",
    "bird",          "cat",          "dog",        "horse",         "sheep",        "cow",        "elephant",
    "bear",          "zebra",        "giraffe",    "backpack",      "umbrella",     "handbag",    "tie",
    "suitcase",      "frisbee",      "skis",       "snowboard",     "sports ball",  "kite",       "baseball bat",
    "baseball glove", "skateboard",  "surfboard",  "tennis racket", "bottle",       "wine glass", "cup",
    "fork",          "knife",        "spoon",      "bowl",          "banana",       "apple",      "sandwich",
    "orange",        "broccoli",     "carrot",     "hot dog",       "pizza",        "donut",      "cake",
    "chair",         "couch",        "potted plant", "bed",         "dining table", "toilet",     "tv",
    "laptop",        "mouse",        "remote",     "keyboard",      "cell phone",   "microwave",  "oven",
    "toaster",       "sink",         "refrigerator", "book",        "clock",        "vase",       "scissors",
    "teddy bear",    "hair drier",   "toothbrush"};

// COCO -> MegaDetector, as the fixture entry yolov5n-coco (tests/models/fixtures.json) maps it:
// person; the vehicles bicycle..boat; the animals bird..giraffe; everything else dropped.
std::optional<MdCategory> coco_to_md(std::size_t index) {
  if (index == 0) return MdCategory::Person;
  if (index >= 1 && index <= 8) return MdCategory::Vehicle;
  if (index >= 14 && index <= 23) return MdCategory::Animal;
  return std::nullopt;
}

bool is_coco80(const std::vector<std::string>& names) {
  if (names.size() != kCoco80.size()) return false;
  for (std::size_t k = 0; k < names.size(); ++k)
    if (names[k] != kCoco80[k]) return false;
  return true;
}

std::optional<MdCategory> md_from_name(const std::string& name) {
  const std::string n = lower(name);
  if (n == "animal") return MdCategory::Animal;
  if (n == "person") return MdCategory::Person;
  if (n == "vehicle") return MdCategory::Vehicle;
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// What the metadata says

struct Metadata {
  bool ultralytics = false;
  std::string description;  // as written
  std::string task;         // Ultralytics 'task': detect, classify, segment, pose, obb
  std::string model_name;   // "YOLOv10n" from "Ultralytics YOLOv10n model ..."
  bool rtdetr = false;
  bool yolov10 = false;
  bool end2end = false;
  bool yolov5_style = false;  // 'stride' and 'names' without Ultralytics' keys, as YOLOv5's export.py writes
  std::optional<std::vector<std::string>> names;
  std::string names_error;  // why 'names' was present but not usable
  std::optional<std::pair<int, int>> imgsz;
  std::optional<int> stride;
  std::string licence;
};

Metadata read_metadata(const OnnxModelInfo& info) {
  Metadata m;
  const std::string author = lower(info.metadata_value("author").value_or(""));
  m.description = info.metadata_value("description").value_or("");
  while (!m.description.empty() && std::isspace(static_cast<unsigned char>(m.description.back()))) m.description.pop_back();
  const std::string desc = lower(m.description);
  m.ultralytics = contains(author, "ultralytics") || contains(desc, "ultralytics");
  m.task = lower(info.metadata_value("task").value_or(""));
  if (m.ultralytics) {
    // "Ultralytics YOLOv10n model trained on ..." -> "YOLOv10n"
    if (auto p = desc.find("ultralytics "); p != std::string::npos) {
      std::size_t b = p + 12, e = desc.find(' ', b);
      m.model_name = m.description.substr(b, e == std::string::npos ? std::string::npos : e - b);
      if (lower(m.model_name) == "model") m.model_name.clear();
    }
    m.rtdetr = contains(desc, "rtdetr") || contains(desc, "rt-detr");
    m.yolov10 = contains(desc, "yolov10");
    const std::string e2e = lower(info.metadata_value("end2end").value_or(""));
    m.end2end = e2e == "true" || e2e == "1";
    if (auto lic = info.metadata_value("license")) {
      // "AGPL-3.0 License (https://ultralytics.com/license)" -> "AGPL-3.0"
      const std::string& l = *lic;
      m.licence = l.substr(0, l.find(' '));
    }
  }
  if (auto text = info.metadata_value("names")) {
    auto parsed = parse_names_metadata(*text);
    if (parsed) {
      m.names = std::move(parsed.value());
    } else {
      m.names_error = parsed.error().message;
    }
  }
  if (auto text = info.metadata_value("imgsz")) m.imgsz = parse_imgsz(*text);
  if (auto text = info.metadata_value("stride")) {
    auto s = parse_int(*text);
    if (s && *s >= 1 && *s <= 256) m.stride = s;
  }
  m.yolov5_style = !m.ultralytics && info.metadata_value("names") && info.metadata_value("stride");
  return m;
}

// ---------------------------------------------------------------------------------------------
// Output layouts

constexpr const char* kUnderstood =
    "The layouts the app understands are YOLOv5 [1, N, 5+C], YOLOv8/v9 [1, 4+C, N], YOLOv10 [1, K, 6], "
    "Ultralytics RT-DETR [1, Q, 4+C] and classifiers [1, C].";

Error unsupported(const TensorInfo& out, const std::string& why) {
  return make_error(ErrorCode::UnsupportedLayout,
                    "The model's first output ('" + out.name + "') has shape " + dims_text(out) + ": " + why + " " + kUnderstood);
}

struct LayoutGuess {
  DetectorLayout layout = DetectorLayout::None;
  std::int64_t classes = -1;  // C from the shape, -1 when the shape does not say
  int stride = 0;             // the largest stride the box count implies, 0 when it does not say
};

// Boxes predicted for an input of h x w: cells of one grid per stride, times anchors per cell.
std::int64_t grid_cells(std::int64_t h, std::int64_t w, std::initializer_list<int> strides) {
  std::int64_t n = 0;
  for (int s : strides) n += ((h + s - 1) / s) * ((w + s - 1) / s);
  return n;
}

// n == factor * k^2 for some k >= 1 (the box count of a square input with k cells on the
// coarsest grid).
bool is_square_multiple(std::int64_t n, std::int64_t factor) {
  if (n <= 0 || n % factor != 0) return false;
  const std::int64_t q = n / factor;
  auto k = static_cast<std::int64_t>(std::sqrt(static_cast<double>(q)));
  while (k > 0 && k * k > q) --k;
  while ((k + 1) * (k + 1) <= q) ++k;
  return k * k == q;
}

struct LayoutContext {
  const TensorInfo& out;
  const Metadata& meta;
  std::int64_t in_h = -1, in_w = -1;  // static input size, -1 when dynamic
  int stride = 32;
  std::vector<std::string>& assumptions;
};

Result<LayoutGuess> guess_rows_layout(const LayoutContext& c, std::int64_t n, std::int64_t d) {
  // [1, N, D] with N boxes of D values: YOLOv5 (3 anchors per cell) or YOLOX (1 per cell).
  const std::string shape = dims_text(c.out);
  if (c.in_h > 0 && c.in_w > 0) {
    const std::string input = std::to_string(c.in_h) + "x" + std::to_string(c.in_w);
    const std::int64_t p5 = grid_cells(c.in_h, c.in_w, {8, 16, 32});
    const std::int64_t p6 = grid_cells(c.in_h, c.in_w, {8, 16, 32, 64});
    if (n == 3 * p5 || n == 3 * p6) {
      const bool is_p6 = n == 3 * p6;
      c.assumptions.push_back("YOLOv5 output layout [1, N, 5+C]: the " + std::to_string(n) +
                              " rows are 3 anchors per cell of the stride " + (is_p6 ? "8/16/32/64" : "8/16/32") +
                              " grids of a " + input + " input");
      return LayoutGuess{DetectorLayout::YoloV5, d - 5, is_p6 ? 64 : 32};
    }
    const std::int64_t cells = c.stride >= 64 ? p6 : p5;
    if (n == p5 || n == p6)
      return unsupported(c.out, "one row per grid cell of the " + input +
                                    " input, without anchors, is how YOLOX exports its raw outputs; "
                                    "this output layout is not supported yet.");
    if (n >= 10 * d) {
      c.assumptions.push_back("YOLOv5 output layout [1, N, 5+C] assumed from the shape " + shape + ", although " +
                              std::to_string(n) + " rows is not the 3 anchors per grid cell a " + input +
                              " input gives (" + std::to_string(3 * cells) + ")");
      return LayoutGuess{DetectorLayout::YoloV5, d - 5};
    }
    return unsupported(c.out, "this output layout is not supported yet.");
  }
  if (is_square_multiple(n, 63) || is_square_multiple(n, 255)) {
    c.assumptions.push_back("YOLOv5 output layout [1, N, 5+C]: " + std::to_string(n) +
                            " rows is the 3 anchors per grid cell of a square input");
    return LayoutGuess{DetectorLayout::YoloV5, d - 5};
  }
  if (is_square_multiple(n, 21))
    return unsupported(c.out, "one row per grid cell of a square input, without anchors, is how YOLOX exports its "
                              "raw outputs; this output layout is not supported yet.");
  if (n >= 10 * d) {
    c.assumptions.push_back("YOLOv5 output layout [1, N, 5+C] assumed from the shape " + shape);
    return LayoutGuess{DetectorLayout::YoloV5, d - 5};
  }
  return unsupported(c.out, "this output layout is not supported yet.");
}

Result<LayoutGuess> guess_columns_layout(const LayoutContext& c, std::int64_t d, std::int64_t n) {
  // [1, D, N]: the Ultralytics YOLOv8 head (also YOLOv9, YOLO11, YOLOv5u ...), one column per cell.
  if (c.in_h > 0 && c.in_w > 0 && n == grid_cells(c.in_h, c.in_w, {8, 16, 32})) {
    c.assumptions.push_back("YOLOv8/v9 output layout [1, 4+C, N]: the " + std::to_string(n) +
                            " columns are the cells of the stride 8/16/32 grids of a " + std::to_string(c.in_h) + "x" +
                            std::to_string(c.in_w) + " input");
    return LayoutGuess{DetectorLayout::YoloV8, d - 4};
  }
  if (n >= 10 * d || is_square_multiple(n, 21)) {
    c.assumptions.push_back("YOLOv8/v9 output layout [1, 4+C, N] assumed from the shape " + dims_text(c.out));
    return LayoutGuess{DetectorLayout::YoloV8, d - 4};
  }
  return unsupported(c.out, "this output layout is not supported yet.");
}

bool dim_is_anchors(const TensorInfo& t, std::size_t k) {
  return k < t.dim_names.size() && t.shape[k] < 0 && contains(lower(t.dim_names[k]), "anchor");
}

Result<LayoutGuess> guess_layout(const LayoutContext& c) {
  const TensorInfo& out = c.out;
  const Metadata& m = c.meta;
  if (out.shape.size() != 3) {
    if (out.shape.size() == 4 && out.shape[2] != 1 && out.shape[3] != 1)
      return unsupported(out, "one grid of predictions with the values along the channels, as FastestDet exports it; "
                              "this output layout is not supported yet.");
    return unsupported(out, "this output layout is not supported yet.");
  }
  const std::int64_t a = out.shape[1], b = out.shape[2];
  const bool a_known = a > 0, b_known = b > 0;
  const std::string shape = dims_text(out);

  if (m.ultralytics) {
    const std::string who = m.model_name.empty() ? std::string("an Ultralytics model") : "Ultralytics " + m.model_name;
    if (m.rtdetr) {
      if ((a_known && a > 1000) || (b_known && b < 5))
        return unsupported(out, "the metadata says RT-DETR, whose output is [1, Q, 4+C] with Q queries (300), "
                                "but the shape does not fit.");
      c.assumptions.push_back("RT-DETR output layout [1, Q, 4+C], from the metadata ('" + m.description + "')");
      return LayoutGuess{DetectorLayout::RtDetr, b_known ? b - 4 : -1};
    }
    if (m.yolov10 || m.end2end || (b == 6 && a_known && a <= 1000)) {
      if ((b_known && b != 6) || (a_known && a > 1000))
        return unsupported(out, "the metadata says " + who + ", an end-to-end model whose output is [1, K, 6], "
                                "but the shape does not fit.");
      c.assumptions.push_back(std::string("YOLOv10 end-to-end output layout [1, K, 6] (boxes, score, class; no NMS), ") +
                              (m.yolov10 || m.end2end ? "from the metadata ('" + m.description + "')"
                                                      : "from the shape " + shape));
      return LayoutGuess{DetectorLayout::YoloV10, -1};
    }
    if (a_known && b_known && a > b)
      return unsupported(out, "the metadata says " + who + ", but the boxes are not along the last axis as "
                              "Ultralytics detection heads put them.");
    if (a_known && a < 5) return unsupported(out, "there are too few values per box for any layout.");
    c.assumptions.push_back("YOLOv8/v9 output layout [1, 4+C, N]: " + who +
                            " is a detection export that is neither YOLOv10 nor RT-DETR, and those use the YOLOv8 head");
    return LayoutGuess{DetectorLayout::YoloV8, a_known ? a - 4 : -1};
  }

  if (a_known && b_known) {
    if (b == 6 && a <= 1000) {
      c.assumptions.push_back("YOLOv10 end-to-end output layout [1, K, 6] (boxes, score, class; no NMS), from the shape " + shape);
      return LayoutGuess{DetectorLayout::YoloV10, -1};
    }
    if (a > b && b >= 6) return guess_rows_layout(c, a, b);
    if (b > a && a >= 5) return guess_columns_layout(c, a, b);
    return unsupported(out, "this output layout is not supported yet.");
  }
  // Dynamic dimensions: the box count follows the input size, so the dynamic axis holds the boxes.
  if (!a_known && b_known && b >= 6) {
    c.assumptions.push_back("YOLOv5 output layout [1, N, 5+C]: the boxes are along the dynamic axis of " + shape);
    return LayoutGuess{DetectorLayout::YoloV5, b - 5};
  }
  if (a_known && !b_known && a >= 5) {
    c.assumptions.push_back("YOLOv8/v9 output layout [1, 4+C, N]: the boxes are along the dynamic axis of " + shape);
    return LayoutGuess{DetectorLayout::YoloV8, a - 4};
  }
  if (!a_known && !b_known) {
    if (dim_is_anchors(out, 1)) {
      c.assumptions.push_back("YOLOv5 output layout [1, N, 5+C]: the exporter named the boxes axis of " + shape +
                              " 'anchors', as YOLOv5's export.py does");
      return LayoutGuess{DetectorLayout::YoloV5, -1};
    }
    if (dim_is_anchors(out, 2)) {
      c.assumptions.push_back("YOLOv8/v9 output layout [1, 4+C, N]: the exporter named the last axis of " + shape +
                              " 'anchors', as Ultralytics does");
      return LayoutGuess{DetectorLayout::YoloV8, -1};
    }
    if (m.yolov5_style) {
      c.assumptions.push_back("YOLOv5 output layout [1, N, 5+C]: the shape " + shape +
                              " is dynamic, and the metadata holds only 'stride' and 'names', as YOLOv5's export.py writes it");
      return LayoutGuess{DetectorLayout::YoloV5, -1};
    }
    return unsupported(out, "its sizes are not fixed in the file, and nothing in the metadata says which layout it is.");
  }
  return unsupported(out, "this output layout is not supported yet.");
}

// ---------------------------------------------------------------------------------------------
// Assembling the entry

// Fills class_names (and says so) from the metadata names and the C the shape gives.
void fill_classes(InferredEntry& r, const Metadata& m, std::int64_t shape_classes, bool single_logit) {
  auto& e = r.entry;
  const std::int64_t wanted = single_logit ? 2 : shape_classes;
  if (m.names && (wanted < 0 || static_cast<std::int64_t>(m.names->size()) == wanted)) {
    e.class_names = *m.names;
    r.assumptions.push_back("classes read from the model's 'names' metadata (" + std::to_string(e.class_names.size()) +
                            " classes)");
    return;
  }
  if (m.names) {
    r.assumptions.push_back("the model's 'names' metadata lists " + std::to_string(m.names->size()) +
                            " classes, but its output has " + std::to_string(shape_classes) + "; the names are not used");
  } else if (!m.names_error.empty()) {
    r.assumptions.push_back("the model's 'names' metadata is not usable: " + m.names_error);
  }
  r.needs.push_back(kNeedClassNames);
  if (wanted <= 0) {
    r.assumptions.push_back("the number of classes could not be read from the model either");
    return;
  }
  for (std::int64_t k = 0; k < wanted; ++k) e.class_names.push_back("class " + std::to_string(k));
  r.assumptions.push_back("classes named \"class 0\" to \"class " + std::to_string(wanted - 1) +
                          "\" until their names are given");
}

void fill_md_mapping(InferredEntry& r, const Metadata& m) {
  auto& e = r.entry;
  if (!m.names || e.class_names != *m.names) return;  // placeholder names map to nothing
  const auto& names = e.class_names;
  if (is_coco80(names)) {
    for (std::size_t k = 0; k < names.size(); ++k) e.md_category.push_back(coco_to_md(k));
    r.assumptions.push_back("the classes are COCO's 80: person, the vehicles (bicycle to boat) and the animals (bird to "
                            "giraffe) are mapped to MegaDetector's person, vehicle and animal; the other classes are dropped");
    return;
  }
  if (names.size() == 3) {
    std::vector<std::optional<MdCategory>> map;
    for (const auto& n : names) map.push_back(md_from_name(n));
    const bool all = std::all_of(map.begin(), map.end(), [](const auto& c) { return c.has_value(); });
    if (all && map[0] != map[1] && map[0] != map[2] && map[1] != map[2]) {
      e.md_category = map;
      r.assumptions.push_back("the classes are MegaDetector's animal, person and vehicle");
      return;
    }
    if (m.ultralytics && names[0] == "0" && names[1] == "1" && names[2] == "2") {
      e.class_names = {"animal", "person", "vehicle"};
      e.md_category = {MdCategory::Animal, MdCategory::Person, MdCategory::Vehicle};
      r.assumptions.push_back("the classes '0', '1', '2' of this Ultralytics export are taken as MegaDetector v6's "
                              "animal, person and vehicle (MDv6 exports carry these names)");
      return;
    }
  }
}

Result<std::pair<int, bool>> input_size(InferredEntry& r, const Metadata& m, std::int64_t h, std::int64_t w,
                                        int fallback, const TensorInfo& in) {
  if (h > 0 && w > 0) {
    if (std::max(h, w) > kMaxInputSize)
      return make_error(ErrorCode::UnsupportedLayout, "The model's input '" + in.name + "' has shape " + dims_text(in) +
                                                          ", larger than the " + std::to_string(kMaxInputSize) +
                                                          " pixels the app runs models at.");
    if (h != w)
      return make_error(ErrorCode::UnsupportedLayout,
                        "The model's input '" + in.name + "' has shape " + dims_text(in) + ": " + std::to_string(h) + "x" +
                            std::to_string(w) + " pixels. The app runs models on square inputs only.");
    return std::pair{static_cast<int>(h), false};
  }
  if (m.imgsz) {
    auto [ih, iw] = *m.imgsz;
    const int size = std::max(ih, iw);
    if (ih == iw) {
      r.assumptions.push_back("input size " + std::to_string(size) + " read from the model's 'imgsz' metadata");
    } else {
      r.assumptions.push_back("the model was exported at " + std::to_string(ih) + "x" + std::to_string(iw) +
                              " ('imgsz' metadata); it takes any size, and runs here on a square " + std::to_string(size));
    }
    return std::pair{size, true};
  }
  r.needs.push_back(kNeedInputSize);
  r.assumptions.push_back("the model takes any input size and does not say which it was trained at; " +
                          std::to_string(fallback) + " is used until one is given");
  return std::pair{fallback, true};
}

// MegaDetector's confidence thresholds, which every inferred detector starts from.
void fill_md_thresholds(InferredEntry& r) {
  auto& t = r.entry.thresholds;
  t.typical = 0.2f;
  t.conservative = 0.1f;
  t.candidate = 0.005f;
  t.max_det = 300;
  t.agnostic_nms = false;
  r.assumptions.push_back("confidence thresholds as for MegaDetector: 0.2 typical, 0.1 conservative, candidates kept "
                          "from 0.005");
}

void fill_common(InferredEntry& r, const Metadata& m, const std::string& file_name) {
  auto& e = r.entry;
  std::string stem;
  e.id = id_from_file(file_name, stem);
  e.name = m.ultralytics && !m.model_name.empty() ? m.model_name + " (" + stem + ")" : stem;
  e.licence = m.licence.empty() ? "unknown" : m.licence;
  WeightFile w;
  w.format = "onnx";
  w.path = file_name;
  e.weights.push_back(w);
  e.notes = "Entry inferred from the ONNX file " + file_name + " (its shapes and metadata), not written by hand.";
}

Result<InferredEntry> infer_classifier(const OnnxModelInfo& info, const Metadata& m, const std::string& file_name) {
  InferredEntry r;
  auto& e = r.entry;
  const TensorInfo& in = info.inputs[0];
  const TensorInfo& out = info.outputs[0];
  e.task = ModelTask::Classifier;
  e.layout = DetectorLayout::None;
  e.family = m.ultralytics && !m.model_name.empty() ? lower(m.model_name) : std::string("classifier");
  e.resize = ResizeMode::Stretch;
  r.assumptions.push_back("a classifier: the output " + dims_text(out) + " holds one score per class");
  r.assumptions.push_back("the image (or crop) is resized to the input size without keeping its aspect ratio");
  if (m.ultralytics) {
    r.assumptions.push_back("pixels scaled to [0, 1] with no mean/std normalisation, as Ultralytics classifiers expect");
  } else {
    e.mean = {0.485f, 0.456f, 0.406f};
    e.std = {0.229f, 0.224f, 0.225f};
    r.assumptions.push_back("pixels normalised with the ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225)");
  }
  auto size = input_size(r, m, in.shape[2], in.shape[3], 224, in);
  if (!size) return size.error();
  e.input_sizes = {size->first};
  e.dynamic_hw = size->second;

  const std::int64_t c = out.shape[1];
  const bool single = c == 1;
  if (single) {
    e.scores = ClassifierScores::Sigmoid;
    r.assumptions.push_back("one output: a sigmoid score for the second class against the first");
  } else if (m.ultralytics) {
    e.scores = ClassifierScores::Probabilities;
    r.assumptions.push_back("the scores are probabilities already (Ultralytics classifiers end in a softmax)");
  } else {
    e.scores = ClassifierScores::Logits;
    r.assumptions.push_back("the scores are logits, turned into probabilities with a softmax");
  }
  fill_classes(r, m, c > 0 ? c : -1, single);
  e.thresholds.typical = 0.5f;
  e.thresholds.conservative = 0.3f;
  fill_common(r, m, file_name);
  return r;
}

// RT-DETRv2's deploy export (lyuwenyu/RT-DETR tools/export_onnx.py, and MegaDetector v6's
// Apache models through it): inputs `images` and `orig_target_sizes` (int64 [N, 2], the
// image's width and height), outputs `labels`, `boxes` (xyxy, scaled by that size) and
// `scores`, the top queries already chosen. Recognised by those output names and the int64
// pair input.
// The entry's input size from a [1, 3, H, W] input (see input_size), for the layouts read
// from all of a model's outputs.
Result<void> fill_input_size(InferredEntry& r, const Metadata& m, const TensorInfo& in) {
  auto size = input_size(r, m, in.shape[2], in.shape[3], 640, in);
  if (!size) return size.error();
  r.entry.input_sizes = {size->first};
  r.entry.dynamic_hw = size->second;
  return {};
}

bool is_detr_triple(const OnnxModelInfo& info) {
  if (info.inputs.size() != 2 || info.outputs.size() != 3) return false;
  const TensorInfo& size_in = info.inputs[1];
  const bool pair_input = (size_in.type == ElementType::Int64 || size_in.type == ElementType::Unknown) &&
                          size_in.shape.size() == 2 && (size_in.shape[1] == 2 || size_in.shape[1] < 0);
  const bool named = info.outputs[0].name == "labels" && info.outputs[1].name == "boxes" && info.outputs[2].name == "scores";
  const TensorInfo& in = info.inputs[0];
  return pair_input && named && in.shape.size() == 4 && (in.shape[1] < 0 || in.shape[1] == 3);
}

Result<InferredEntry> infer_detr_triple(const OnnxModelInfo& info, const Metadata& m, const std::string& file_name) {
  const TensorInfo& size_in = info.inputs[1];
  const TensorInfo& in = info.inputs[0];
  InferredEntry r;
  auto& e = r.entry;
  e.task = ModelTask::Detector;
  e.layout = DetectorLayout::DetrTriple;
  e.family = "rtdetrv2";
  e.size_input = size_in.name;
  e.resize = ResizeMode::Stretch;
  r.assumptions.push_back("an RT-DETRv2 deploy export: outputs labels, boxes and scores, with the image's width and "
                          "height fed to '" + size_in.name + "' so that the boxes come back in image pixels; no NMS");
  r.assumptions.push_back("the image is stretched to the input size, pixels scaled to [0, 1] with no mean/std "
                          "normalisation, as RT-DETRv2 (and MegaDetector v6 Apache) run it");
  if (auto ok = fill_input_size(r, m, in); !ok) return ok.error();
  fill_md_thresholds(r);
  // The labels are class indices, so the output says nothing about how many classes there are.
  fill_classes(r, m, -1, false);
  fill_md_mapping(r, m);
  fill_common(r, m, file_name);
  return r;
}

// The MIT YOLO's export (MegaDetector v6's MIT models): nine outputs, per stride class logits
// [1, C, h, w], a distance distribution [1, 16, 4, h, w] and box distances [1, 4, h, w] (or
// eighteen, with the auxiliary head). Recognised by that pattern.
bool is_yolo_mit(const OnnxModelInfo& info) {
  if (info.inputs.size() != 1 || info.inputs[0].shape.size() != 4) return false;
  if (info.outputs.size() != 9 && info.outputs.size() != 18) return false;
  for (std::size_t s = 0; s < 3; ++s) {
    const auto& cls = info.outputs[3 * s].shape;
    const auto& dist = info.outputs[3 * s + 1].shape;
    const auto& vec = info.outputs[3 * s + 2].shape;
    if (cls.size() != 4 || dist.size() != 5 || vec.size() != 4 || vec[1] != 4 || cls[1] != info.outputs[0].shape[1])
      return false;
  }
  return true;
}

Result<InferredEntry> infer_yolo_mit(const OnnxModelInfo& info, const Metadata& m, const std::string& file_name) {
  const TensorInfo& in = info.inputs[0];
  InferredEntry r;
  auto& e = r.entry;
  e.task = ModelTask::Detector;
  e.layout = DetectorLayout::YoloMit;
  e.family = "yolov9-mit";
  e.resize = ResizeMode::Letterbox;
  e.rescale = BoxRescale::Ultralytics;
  e.stride = 32;
  r.assumptions.push_back("an MIT YOLO export: per stride 8, 16 and 32, class logits, a distance distribution and "
                          "box distances" + std::string(info.outputs.size() == 18 ? " (the auxiliary head's outputs are "
                                                                                      "ignored)" : ""));
  r.assumptions.push_back("letterbox with grey (114) padding, pixels scaled to [0, 1]; every class above the threshold "
                          "is kept (multi-label), then per-class NMS at IoU 0.5 with at most 300 boxes (the MIT YOLO's "
                          "inference defaults)");
  if (auto ok = fill_input_size(r, m, in); !ok) return ok.error();
  fill_md_thresholds(r);
  e.thresholds.nms_iou = 0.5f;
  const std::int64_t classes = info.outputs[0].shape[1];
  fill_classes(r, m, classes > 0 ? classes : -1, false);
  fill_md_mapping(r, m);
  fill_common(r, m, file_name);
  return r;
}

}  // namespace

Result<std::vector<std::string>> parse_names_metadata(const std::string& text) { return NamesReader(text).read(); }

Result<InferredEntry> infer_model_entry(const OnnxModelInfo& info, const std::string& file_name) {
  if (info.inputs.empty() || info.outputs.empty())
    return make_error(ErrorCode::ModelInvalid, "The model declares no inputs or no outputs, so it cannot be run.");
  const TensorInfo& in = info.inputs[0];
  const TensorInfo& out = info.outputs[0];
  if (is_detr_triple(info)) return infer_detr_triple(info, read_metadata(info), file_name);
  if (is_yolo_mit(info)) return infer_yolo_mit(info, read_metadata(info), file_name);
  if (info.inputs.size() > 1) {
    std::string names;
    for (const auto& t : info.inputs) names += (names.empty() ? "'" : ", '") + t.name + "'";
    return make_error(ErrorCode::UnsupportedLayout, "The model takes " + std::to_string(info.inputs.size()) + " inputs (" +
                                                        names + "); the app feeds it one image tensor only.");
  }
  if (in.shape.size() != 4)
    return make_error(ErrorCode::UnsupportedLayout, "The model's input '" + in.name + "' has shape " + dims_text(in) +
                                                        "; the app feeds images as [1, 3, height, width].");
  if (in.shape[1] != 3 && in.shape[1] >= 0) {
    if (in.shape[3] == 3)
      return make_error(ErrorCode::UnsupportedLayout,
                        "The model's input '" + in.name + "' has shape " + dims_text(in) +
                            ", with the colour channels last; the app feeds images channels first, as [1, 3, height, width].");
    return make_error(ErrorCode::UnsupportedLayout, "The model's input '" + in.name + "' has shape " + dims_text(in) +
                                                        ", with " + std::to_string(in.shape[1]) +
                                                        " channels; the app feeds colour images, as [1, 3, height, width].");
  }

  const Metadata m = read_metadata(info);
  if (m.ultralytics && !m.task.empty() && m.task != "detect" && m.task != "classify")
    return make_error(ErrorCode::UnsupportedLayout, "This is an Ultralytics '" + m.task +
                                                        "' model. The app runs detection ('detect') and classification "
                                                        "('classify') models only.");

  const bool classifier_shape = out.shape.size() == 2 || (out.shape.size() == 4 && out.shape[2] == 1 && out.shape[3] == 1);
  if (m.task == "classify" || (classifier_shape && m.task != "detect")) {
    if (!classifier_shape) return unsupported(out, "the metadata says this is a classifier, but its output is not [1, C].");
    return infer_classifier(info, m, file_name);
  }

  InferredEntry r;
  auto& e = r.entry;
  e.task = ModelTask::Detector;
  e.stride = m.stride.value_or(32);

  // Input sizes beyond what the app runs (8192) are left out of the box-count checks; the size
  // check below refuses them.
  auto plausible = [](std::int64_t v) { return v > 0 && v <= kMaxInputSize ? v : std::int64_t{-1}; };
  LayoutContext ctx{out, m, plausible(in.shape[2]), plausible(in.shape[3]), e.stride, r.assumptions};
  auto guess = guess_layout(ctx);
  if (!guess) return guess.error();
  e.layout = guess->layout;
  if (!m.stride) {
    if (guess->stride) e.stride = guess->stride;
    r.assumptions.push_back("stride " + std::to_string(e.stride) + " (the model's metadata does not give one" +
                            (guess->stride ? std::string(", the box count does") : std::string()) + ")");
  }

  auto size = input_size(r, m, in.shape[2], in.shape[3], 640, in);
  if (!size) return size.error();
  e.input_sizes = {size->first};
  e.dynamic_hw = size->second;
  if (e.dynamic_hw && size->first > 640 && 640 % e.stride == 0) {
    e.input_sizes.push_back(640);
    r.assumptions.push_back("640 offered as a faster second input size, since the model takes any size");
  }

  const bool ultralytics_family = e.layout != DetectorLayout::YoloV5;
  switch (e.layout) {
    case DetectorLayout::YoloV5: e.family = "yolov5"; break;
    case DetectorLayout::YoloV8: e.family = "yolov8"; break;
    case DetectorLayout::YoloV10: e.family = "yolov10"; break;
    case DetectorLayout::RtDetr: e.family = "rtdetr"; break;
    case DetectorLayout::DetrTriple: e.family = "rtdetrv2"; break;
    case DetectorLayout::YoloMit: e.family = "yolov9-mit"; break;
    case DetectorLayout::RtDetrTopk: e.family = "rtdetr"; break;  // SPARROW packages only; never inferred
    case DetectorLayout::None: break;
  }
  if (m.ultralytics && !m.model_name.empty()) e.family = lower(m.model_name);

  if (ultralytics_family) {
    e.resize = e.layout == DetectorLayout::RtDetr ? ResizeMode::Stretch : ResizeMode::Letterbox;
    e.rescale = BoxRescale::Ultralytics;
    e.thresholds.nms_iou = 0.7f;
    r.assumptions.push_back(e.layout == DetectorLayout::RtDetr
                                ? "Ultralytics RT-DETR preprocessing: the image is stretched to the input size; no NMS"
                                : std::string("Ultralytics preprocessing and box scaling: letterbox with grey (114) padding") +
                                      (e.layout == DetectorLayout::YoloV10 ? "; no NMS (end-to-end head)" : ", NMS IoU 0.7"));
  } else {
    e.resize = ResizeMode::Letterbox;
    e.rescale = BoxRescale::YoloV5;
    e.thresholds.nms_iou = 0.45f;
    r.assumptions.push_back("YOLOv5 preprocessing and box scaling as MegaDetector v5 runs it: letterbox with grey (114) "
                            "padding, NMS IoU 0.45");
  }
  fill_md_thresholds(r);

  fill_classes(r, m, guess->classes, false);
  fill_md_mapping(r, m);
  if (e.md_category.empty() && !e.class_names.empty())
    r.assumptions.push_back("the classes are not mapped to MegaDetector's animal/person/vehicle; detections keep the "
                            "model's own classes");
  fill_common(r, m, file_name);
  return r;
}

}  // namespace wl
