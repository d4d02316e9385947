# The prepare seam (src/platform/prepare_service.h): decoding and preprocessing an image away
# from the caller's thread. One implementation per platform:
#  - Emscripten: prepare_service_web.cpp, over web/js/prepare-service.js, for the app; and the
#    worker's own small module, wl_prepare_worker (the core's prepare_image() behind a few C
#    functions), which web/js/prepare-worker.js runs in a dedicated Web Worker.
#  - native: prepare_service_native.cpp, a std::thread; its contract is tested in tests/platform.
# The JSON that crosses between the two modules (prepare_wire) is compiled into both.
add_library(wl_prepare_wire STATIC src/platform/prepare/prepare_wire.cpp)
target_link_libraries(wl_prepare_wire PUBLIC wl_core)
wl_strict_warnings(wl_prepare_wire)
target_sources(wl_unit_tests PRIVATE tests/platform/prepare_wire_test.cpp)
target_link_libraries(wl_unit_tests PRIVATE wl_prepare_wire)

if(EMSCRIPTEN)
  add_library(wl_prepare_service STATIC src/platform/prepare/prepare_service_web.cpp)
  target_link_libraries(wl_prepare_service PUBLIC wl_prepare_wire)
  wl_strict_warnings(wl_prepare_service)

  # A classic worker script loads it with importScripts, hence a non-ES6 MODULARIZE factory
  # and the worker environment. No filesystem: the bytes come in through the heap.
  add_executable(wl_prepare_worker src/platform/prepare/prepare_worker_exports.cpp)
  target_link_libraries(wl_prepare_worker PRIVATE wl_prepare_wire)
  wl_strict_warnings(wl_prepare_worker)
  target_link_options(wl_prepare_worker PRIVATE
    -sMODULARIZE=1 -sEXPORT_NAME=createPrepareWorker -sENVIRONMENT=worker
    -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sFILESYSTEM=0
    "-sEXPORTED_FUNCTIONS=['_malloc','_free','_wl_prepare_run','_wl_prepare_rgb','_wl_prepare_meta','_wl_prepare_tensor','_wl_prepare_tensor_length','_wl_prepare_crops','_wl_prepare_release','_wl_prepare_crops_meta','_wl_prepare_crops_tensor','_wl_prepare_crops_length']"
    "-sEXPORTED_RUNTIME_METHODS=['HEAPU8','HEAPF32','UTF8ToString','stringToUTF8','lengthBytesUTF8']")
else()
  find_package(Threads REQUIRED)
  add_library(wl_prepare_service STATIC src/platform/prepare/prepare_service_native.cpp)
  target_link_libraries(wl_prepare_service PUBLIC wl_prepare_wire wl_platform_native Threads::Threads)
  wl_strict_warnings(wl_prepare_service)
  target_sources(wl_unit_tests PRIVATE tests/platform/prepare_service_native_test.cpp tests/platform/video_native_test.cpp)
  target_link_libraries(wl_unit_tests PRIVATE wl_prepare_service)
endif()
