// The browser shell: a GLFW window on the page's canvas (Emscripten's GLFW emulation),
// WebGL2 through ImGui's OpenGL3 backend, and a frame loop driven by requestAnimationFrame.
//
// HiDPI: the canvas backing store is kept at CSS size × devicePixelRatio, and ImGui works in
// those device pixels (Emscripten's GLFW reports the mouse in canvas pixels too). The font is
// rasterised at the device size and the style scaled, so text stays crisp at any zoom.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <malloc.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "app/app.h"
#include "app/redraw_gate.h"
#include "platform/web/app_instance.h"
#include "platform/web/automation.h"
#include "platform/web/browser_env.h"
#include "platform/web/clipboard.h"
#include "platform/web/web_host.h"

namespace {

constexpr float kBaseFontPx = 15.0f;
constexpr const char* kCanvas = "#canvas";

struct Shell {
  GLFWwindow* window = nullptr;
  wl::web::WebFileSource files;
  wl::web::WebTextureSource textures;
  wl::web::WebHostActions host;
  std::unique_ptr<wl::storage::Storage> storage;
  std::unique_ptr<wl::app::App> app;
  wl::web::AutomationPublisher automation;
  std::vector<std::uint8_t> font_bytes;
  ImGuiStyle base_style;
  double ui_scale = 0;  // the devicePixelRatio the fonts and style were built for
  int fb_width = 0, fb_height = 0;
  wl::app::RedrawGate redraw;
  bool working = false;            // what the page was last told (web/js/background.js)
  double background_published = 0;  // when a background step last published the automation state
  double background_steps = 0;
};

Shell g_shell;

// The page keeps a batch going behind another tab and holds a screen wake lock while work runs
// (web/js/background.js); it learns when that starts and stops.
EM_JS(void, wl_js_set_working, (int working), {
  if (globalThis.wlBackground) globalThis.wlBackground.setWorking(working !== 0);
});

void note_working() {
  const bool working = g_shell.app->working();
  if (working == g_shell.working) return;
  g_shell.working = working;
  wl_js_set_working(working ? 1 : 0);
}

void rebuild_fonts_and_style(double scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const float px = std::round(kBaseFontPx * static_cast<float>(scale));
  if (!g_shell.font_bytes.empty()) {
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // the shell keeps the bytes for later rebuilds
    cfg.OversampleH = 2;
    // Latin-1 plus the punctuation, arrows and review marks the UI writes (… – · ← → ✎ ✓).
    static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2190, 0x2193, 0x270E, 0x2713, 0};
    io.Fonts->AddFontFromMemoryTTF(g_shell.font_bytes.data(), static_cast<int>(g_shell.font_bytes.size()), px, &cfg,
                                   kRanges);
  } else {
    ImFontConfig cfg;
    cfg.SizePixels = px;
    io.Fonts->AddFontDefault(&cfg);
  }
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  ImGui::GetStyle() = g_shell.base_style;
  ImGui::GetStyle().ScaleAllSizes(static_cast<float>(scale));
  g_shell.ui_scale = scale;
}

// Follows the canvas's CSS size and the pixel ratio (window resize, browser zoom, moving
// to another monitor).
void sync_canvas_size() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size(kCanvas, &css_w, &css_h);
  const double dpr = wl::web::device_pixel_ratio();
  const int w = std::max(1, static_cast<int>(std::lround(css_w * dpr)));
  const int h = std::max(1, static_cast<int>(std::lround(css_h * dpr)));
  if (w != g_shell.fb_width || h != g_shell.fb_height) {
    emscripten_set_canvas_element_size(kCanvas, w, h);
    g_shell.fb_width = w;
    g_shell.fb_height = h;
  }
  if (dpr != g_shell.ui_scale) rebuild_fonts_and_style(dpr);
}

void frame() {
  sync_canvas_size();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(g_shell.fb_width), static_cast<float>(g_shell.fb_height));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  ImGui::NewFrame();
  g_shell.app->draw_frame();
  ImGui::Render();

  if (g_shell.redraw.should_draw(*ImGui::GetDrawData(), emscripten_get_now())) {
    glViewport(0, 0, g_shell.fb_width, g_shell.fb_height);
    // The workspace window has no background (App::draw_workspace): clear to the colour its
    // background would have given over the old page colour, so the look is unchanged.
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    const float a = bg.w;
    glClearColor(bg.x * a + 0.106f * (1 - a), bg.y * a + 0.114f * (1 - a), bg.z * a + 0.129f * (1 - a), 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
  g_shell.automation.publish(*g_shell.app, g_shell.fb_width, g_shell.fb_height, g_shell.ui_scale);
  note_working();
}

}  // namespace

wl::app::App* wl::web::app_instance() { return g_shell.app.get(); }

// Frames the shell drew (0) and skipped as unchanged (1), for window.wildlife.frameStats().
extern "C" EMSCRIPTEN_KEEPALIVE double wl_shell_frame_count(int skipped) {
  return static_cast<double>(skipped ? g_shell.redraw.frames_skipped() : g_shell.redraw.frames_drawn());
}

// One step of the app without drawing, called by web/js/background.js from a worker's ticks while
// the page is hidden: browsers stop requestAnimationFrame there (and throttle the page's own
// timers), but not the messages a worker posts. Returns whether work is still under way. The
// automation state is published a few times a second, not at every step: it is for scripts.
extern "C" EMSCRIPTEN_KEEPALIVE int wl_shell_background_step() {
  g_shell.app->step();
  ++g_shell.background_steps;
  const double now = emscripten_get_now();
  if (now - g_shell.background_published > 250) {
    g_shell.automation.publish(*g_shell.app, g_shell.fb_width, g_shell.fb_height, g_shell.ui_scale);
    g_shell.background_published = now;
  }
  note_working();
  return g_shell.working ? 1 : 0;
}

// Steps taken by the background driver, for window.wildlife.frameStats().
extern "C" EMSCRIPTEN_KEEPALIVE double wl_shell_background_steps() { return g_shell.background_steps; }

// Bytes of the app's heap in use by malloc (not the heap's size, which only grows, in 20%
// steps), for window.wildlife.memory() and the memory tests.
extern "C" EMSCRIPTEN_KEEPALIVE double wl_shell_heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

int main() {
  if (!glfwInit()) {
    std::fprintf(stderr, "CamTrap Studio: could not initialise the window system\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // An opaque canvas with no depth or stencil buffer: ImGui needs neither, and the browser
  // composites an opaque canvas without blending it over the page.
  glfwWindowHint(GLFW_ALPHA_BITS, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  g_shell.window = glfwCreateWindow(1280, 800, "CamTrap Studio", nullptr, nullptr);
  if (!g_shell.window) {
    std::fprintf(stderr, "CamTrap Studio: this browser could not create a WebGL2 context\n");
    return 1;
  }
  glfwMakeContextCurrent(g_shell.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.IniFilename = nullptr;  // window layout is not worth a storage write per change
  ImGui::StyleColorsDark();
  g_shell.base_style = ImGui::GetStyle();

  ImGui_ImplGlfw_InitForOpenGL(g_shell.window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  wl::web::install_clipboard();  // after the GLFW backend, which sets clipboard functions of its own

  g_shell.font_bytes = wl::web::take_font_bytes();
  // IndexedDB database "camtrap-studio" (web/js/session-store.js): the batch and the choices.
  g_shell.storage = std::make_unique<wl::storage::Storage>("camtrap-studio");
  g_shell.app = std::make_unique<wl::app::App>(wl::web::read_platform_info(), g_shell.files, g_shell.textures,
                                               g_shell.host, *g_shell.storage);
  g_shell.app->set_label_font(g_shell.font_bytes);  // captions of annotated image exports
  auto zoo = wl::parse_model_zoo(wl::web::read_model_zoo_json());
  if (zoo) g_shell.app->set_model_zoo(std::move(*zoo));
  else std::fprintf(stderr, "CamTrap Studio: the model list is unusable: %s\n", zoo.error().message.c_str());
  // The SPARROW model zoo: its catalogue, and where its packages are served (build setting).
  auto catalog = wl::parse_sparrow_catalog(wl::web::read_zoo_catalog_toml());
  if (catalog) g_shell.app->set_zoo_catalog(std::move(*catalog));
  else std::fprintf(stderr, "CamTrap Studio: the model zoo's catalogue is unusable: %s\n", catalog.error().message.c_str());
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
