# Benchmarks of the core (scripts/bench, docs/benchmarks.md). core_bench and nms_bench are
# created by the tool loop in CMakeLists.txt for both builds; this adds what they need beyond
# wl_core: core_bench has a second source file (src/tools/core_bench/) and reads the fixtures'
# .npy outputs through the tests' reader, and the
# Emscripten build of both runs under Node with the fixture files read by path (NODERAWFS).
if(TARGET core_bench)
  target_sources(core_bench PRIVATE src/tools/core_bench/exif_stage.cpp tests/support/npy.cpp)
  target_include_directories(core_bench PRIVATE src/tools tests/support)
endif()

if(EMSCRIPTEN)
  foreach(t core_bench nms_bench)
    if(TARGET ${t})
      target_link_options(${t} PRIVATE
        -sNODERAWFS=1 -sWASM_ASYNC_COMPILATION=0 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB
        -sEXIT_RUNTIME=1 -sENVIRONMENT=node)
    endif()
  endforeach()
endif()
