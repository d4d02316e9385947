#include "app/url_model.h"

#include <imgui.h>

#include <cctype>

namespace wl::app {

namespace {

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

void record(std::map<std::string, std::array<float, 4>>& rects, const char* name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  rects[name] = {a.x, a.y, b.x - a.x, b.y - a.y};
}

}  // namespace

Result<std::string> check_model_url(std::string_view text) {
  const std::string_view url = trim(text);
  if (url.empty()) return make_error(ErrorCode::InvalidArgument, "Type or paste the address of an ONNX file (https://…).");
  std::size_t scheme = 0;
  if (starts_with_nocase(url, "https://")) scheme = 8;
  else if (starts_with_nocase(url, "http://")) scheme = 7;
  // A page can only fetch http(s); a path on this computer needs the file picker instead.
  if (scheme == 0)
    return make_error(ErrorCode::InvalidArgument,
                      "Only http:// and https:// addresses can be opened. For a file on this computer, use "
                      "Model → Open ONNX model file… instead.");
  const std::string_view rest = url.substr(scheme);
  if (rest.empty() || rest.find_first_of("/?#") == 0)
    return make_error(ErrorCode::InvalidArgument, "\"" + std::string(url) +
                                                      "\" names no server; a model address looks like "
                                                      "https://example.org/models/detector.onnx.");
  return std::string(url);
}

std::string model_file_name_from_url(std::string_view url) {
  url = trim(url);
  if (const auto end = url.find_first_of("?#"); end != std::string_view::npos) url = url.substr(0, end);
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) url = url.substr(scheme + 3);
  const auto slash = url.find('/');
  if (slash == std::string_view::npos) return "model.onnx";  // only a host
  std::string_view path = url.substr(slash);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const std::string name = percent_decode(path.substr(path.find_last_of('/') + 1));
  // The name goes into messages and the results file: no folder separators, never empty.
  return name.empty() || name.find_first_of("/\\") != std::string::npos ? "model.onnx" : name;
}

const ModelEntry* zoo_entry_for_url(const std::vector<ModelEntry>& zoo, std::string_view url, const WeightFile** weight) {
  const std::string_view wanted = trim(url);
  for (const ModelEntry& m : zoo) {
    if (m.task != ModelTask::Detector || m.layout == DetectorLayout::None) continue;
    for (const WeightFile& w : m.weights) {
      if (w.format == "onnx" && !w.url.empty() && w.url == wanted) {
        if (weight) *weight = &w;
        return &m;
      }
    }
  }
  return nullptr;
}

std::string url_download_error(const std::string& message) {
  // The model store's messages say what happened; this says what to try next.
  return "Could not open the model: " + message +
         ".\nCheck that the address leads to the .onnx file itself and that its server allows downloads from other "
         "websites (CORS), or download the file and use Model → Open ONNX model file… instead. The current model stays "
         "loaded.";
}

UrlWindowAction draw_url_model_window(UrlModelWindow& window, const UrlWindowProgress& progress,
                                      std::map<std::string, std::array<float, 4>>& rects) {
  UrlWindowAction action = UrlWindowAction::None;
  const float em = ImGui::GetFontSize();
  // A fixed width, and a height fitted every frame (0), so the error and progress lines show whole.
  ImGui::SetNextWindowSize(ImVec2(em * 36, 0), ImGuiCond_Always);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.3f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  bool open = true;
  if (ImGui::Begin("Open model from URL", &open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted("The address of an ONNX detector (http or https). Its server must allow downloads from "
                           "other websites (CORS). The file is kept in this browser, so the next visit needs no network.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::BeginDisabled(progress.downloading);
    if (window.focus_field) {
      ImGui::SetKeyboardFocusHere();
      window.focus_field = false;
    }
    ImGui::SetNextItemWidth(-1);
    const bool enter = ImGui::InputTextWithHint("##model-url", "https://example.org/models/detector.onnx",
                                                window.text.data(), window.text.size(),
                                                ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
    record(rects, "input:Model URL");
    if (ImGui::Button("Open") || enter) action = UrlWindowAction::Open;
    record(rects, "button:Open URL");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) action = UrlWindowAction::Cancel;
    record(rects, "button:Cancel URL");
    if (progress.downloading) {
      ImGui::ProgressBar(progress.fraction < 0 ? 0.0f : progress.fraction, ImVec2(-1, 0),
                         ("Downloading " + progress.what + "…").c_str());
    }
    if (!window.error.empty()) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", window.error.c_str());
      ImGui::PopTextWrapPos();
    }
  }
  ImGui::End();
  if (!open) action = UrlWindowAction::Cancel;
  return action;
}

}  // namespace wl::app
