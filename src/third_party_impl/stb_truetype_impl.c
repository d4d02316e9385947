/* The single translation unit that holds stb_truetype's implementation (labels drawn into
   annotated images). Dear ImGui compiles its own copy with STBTT_STATIC, so the two never
   clash. */
#define STB_TRUETYPE_IMPLEMENTATION
#include <stb_truetype.h>
