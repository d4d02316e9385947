# Third-party headers come from Debian packages (libstb-dev, nlohmann-json3-dev, catch2,
# libtomlplusplus-dev).
# Never add /usr/include itself to an Emscripten build (it drags in glibc headers): each
# library's own folder is added, and nlohmann (included as <nlohmann/json.hpp>) is reached
# through a folder in the build tree that holds only a link to it.
# Users with another layout (a current emsdk, say) set these cache variables.
find_path(WL_STB_DIR stb_image.h PATHS /usr/include/stb NO_CMAKE_FIND_ROOT_PATH REQUIRED)
find_path(WL_NLOHMANN_DIR nlohmann/json.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH NO_DEFAULT_PATH REQUIRED)
find_path(WL_CATCH2_DIR catch.hpp PATHS /usr/include/catch2 NO_CMAKE_FIND_ROOT_PATH REQUIRED)
find_path(WL_TOMLPP_DIR toml++/toml.h PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH NO_DEFAULT_PATH REQUIRED)

set(_shim "${CMAKE_BINARY_DIR}/include_shims")
file(MAKE_DIRECTORY "${_shim}")
if(NOT EXISTS "${_shim}/nlohmann")
  file(CREATE_LINK "${WL_NLOHMANN_DIR}/nlohmann" "${_shim}/nlohmann" SYMBOLIC)
endif()
if(NOT EXISTS "${_shim}/toml++")
  file(CREATE_LINK "${WL_TOMLPP_DIR}/toml++" "${_shim}/toml++" SYMBOLIC)
endif()

add_library(wl_thirdparty INTERFACE)
target_include_directories(wl_thirdparty SYSTEM INTERFACE "${WL_STB_DIR}" "${_shim}")
# toml++ (SPARROW's manifests and catalogue): compiled once, in src/third_party_impl/toml_impl.cpp.
# Floating-point from_chars is missing from Emscripten 3.1.6's libc++, so toml++ parses floats
# with streams there.
target_compile_definitions(wl_thirdparty INTERFACE TOML_HEADER_ONLY=0 TOML_ENABLE_FORMATTERS=0)
if(EMSCRIPTEN)
  target_compile_definitions(wl_thirdparty INTERFACE TOML_FLOAT_CHARCONV=0)
endif()

add_library(wl_catch2 INTERFACE)
target_include_directories(wl_catch2 SYSTEM INTERFACE "${WL_CATCH2_DIR}")
