# Platform layer for Emscripten builds: the inference seam (src/platform/inference.h)
# implemented over the JavaScript bridge globalThis.wlOrt. Native builds have no ONNX Runtime;
# there the core is tested with fake engines instead.
if(NOT EMSCRIPTEN)
  return()
endif()

file(GLOB WL_PLATFORM_JS_SOURCES CONFIGURE_DEPENDS src/platform/js/*.cpp)
add_library(wl_platform_js STATIC ${WL_PLATFORM_JS_SOURCES})
target_link_libraries(wl_platform_js PUBLIC wl_core)
wl_strict_warnings(wl_platform_js)
