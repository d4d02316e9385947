# Sourced by the scripts: the environment Debian's Emscripten 3.1.6 needs.
# emcc's JS tools need Debian's node modules (acorn); Node 20 does not look there by itself.
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"
if [ -n "${EMSDK:-}" ]; then
  export EMSCRIPTEN_TOOLCHAIN="${EMSCRIPTEN_TOOLCHAIN:-$EMSDK/upstream/emscripten/cmake/Modules/Platform/Emscripten.cmake}"
else
  export EMSCRIPTEN_TOOLCHAIN="${EMSCRIPTEN_TOOLCHAIN:-/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake}"
fi
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
