# Headless runner and its Node test harnesses (Emscripten only). Both load the ONNX Runtime
# bridge from JavaScript (runner/ort-bridge-node.mjs) before starting the module, so they are
# built as CommonJS factories (Emscripten 3.1.6's ES6 output uses __dirname, which Node's ES
# modules lack) with no filesystem: every byte comes in through the heap.
if(NOT EMSCRIPTEN)
  return()
endif()

set(WL_NODE_MODULE_FLAGS
  -sMODULARIZE=1 -sENVIRONMENT=node -sWASM_ASYNC_COMPILATION=0
  -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sFILESYSTEM=0
  "-sEXPORTED_RUNTIME_METHODS=['UTF8ToString','stringToUTF8','lengthBytesUTF8','HEAPU8','HEAPF32']"
  "-sEXPORTED_FUNCTIONS=['_malloc','_free']")

# Test harness for the inference seam (tests/node/session.test.mjs).
add_executable(wl_session_probe tests/wasm/session_probe.cpp)
target_link_libraries(wl_session_probe PRIVATE wl_platform_js)
target_link_options(wl_session_probe PRIVATE ${WL_NODE_MODULE_FLAGS} -sEXPORT_NAME=createSessionProbe)
wl_strict_warnings(wl_session_probe)

# The headless runner: scripts/detect -> runner/detect.mjs -> build/web/wl_runner.js.
file(GLOB WL_RUNNER_SOURCES CONFIGURE_DEPENDS src/platform/runner/*.cpp)
add_executable(wl_runner ${WL_RUNNER_SOURCES})
target_link_libraries(wl_runner PRIVATE wl_platform_js)
target_link_options(wl_runner PRIVATE ${WL_NODE_MODULE_FLAGS} -sEXPORT_NAME=createRunner)
wl_strict_warnings(wl_runner)
