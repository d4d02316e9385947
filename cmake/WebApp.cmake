# The browser app: ImGui (sources from Debian's source package, see scripts/fetch-imgui),
# the app UI (src/app) and the Emscripten shell (src/platform/web).
if(NOT EXISTS "${WL_IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui sources not found in ${WL_IMGUI_DIR}; run scripts/setup (or set WL_IMGUI_DIR)")
endif()

add_library(wl_imgui STATIC
  ${WL_IMGUI_DIR}/imgui.cpp ${WL_IMGUI_DIR}/imgui_draw.cpp ${WL_IMGUI_DIR}/imgui_tables.cpp
  ${WL_IMGUI_DIR}/imgui_widgets.cpp ${WL_IMGUI_DIR}/imgui_demo.cpp
  ${WL_IMGUI_DIR}/backends/imgui_impl_glfw.cpp ${WL_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(wl_imgui SYSTEM PUBLIC ${WL_IMGUI_DIR} ${WL_IMGUI_DIR}/backends)

# JS library functions the EM_JS glue calls. Passed through a file: a '$' on the command line
# would be expanded by the shell.
file(WRITE "${CMAKE_BINARY_DIR}/app_js_library_funcs.json" "[\"$stringToNewUTF8\"]")

file(GLOB WL_APP_SOURCES CONFIGURE_DEPENDS src/app/*.cpp src/platform/web/*.cpp)
add_executable(camtrap_app ${WL_APP_SOURCES})
target_link_libraries(camtrap_app PRIVATE wl_core wl_platform_js wl_prepare_service wl_imgui)
# The app decodes images in a worker that runs this second module (cmake/Prepare.cmake).
add_dependencies(camtrap_app wl_prepare_worker)
wl_strict_warnings(camtrap_app)
target_link_options(camtrap_app PRIVATE
  -sUSE_GLFW=3 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB
  -sMODULARIZE=1 -sEXPORT_NAME=createCamtrapApp
  -sENVIRONMENT=web
  "-sDEFAULT_LIBRARY_FUNCS_TO_INCLUDE=@${CMAKE_BINARY_DIR}/app_js_library_funcs.json"
  "-sEXPORTED_FUNCTIONS=['_main','_malloc','_free']"
  "-sEXPORTED_RUNTIME_METHODS=['HEAPU8','UTF8ToString']")
