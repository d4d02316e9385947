// toml++'s implementation, compiled once for the whole build (everything else includes it with
// TOML_HEADER_ONLY=0, set in cmake/ThirdParty.cmake).
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
