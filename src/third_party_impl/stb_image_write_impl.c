/* The single translation unit that holds stb_image_write's implementation (JPEG and PNG
   encoding of annotated images). Only the *_to_func writers are used: the core never
   touches files. */
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb_image_write.h>
