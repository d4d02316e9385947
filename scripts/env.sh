# Sourced by the scripts: the environment Debian's Emscripten 3.1.6 needs.
# emcc's JS tools need Debian's node modules (acorn); Node 20 does not look there by itself.
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"
export EMSCRIPTEN_TOOLCHAIN="${EMSCRIPTEN_TOOLCHAIN:-/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
