/* comention: the built-in lexicon files and the lexicon schema, embedded by
 * scripts/embed.cmake, and the built-in lexicon compiled, as an image
 * (src/lexicon/gen/lexicon_image.c). */
#ifndef CM_LEXICON_BUILTIN_H
#define CM_LEXICON_BUILTIN_H

#include <stddef.h>

typedef struct cm_builtin_file {
    const char *name;          /* file name in src/lexicon/data */
    const unsigned char *data; /* its bytes (NUL-terminated) */
    size_t size;               /* number of bytes, without the NUL */
} cm_builtin_file;

/* the XML files of src/lexicon/data, in file-name order */
extern const cm_builtin_file cm_builtin_lexicon_files[];
extern const size_t cm_builtin_lexicon_n_files;
/* src/lexicon/lexicon.xsd, one file */
extern const cm_builtin_file cm_lexicon_schema_files[];
extern const size_t cm_lexicon_schema_n_files;

/* cm_lex_image_write() of the built-in lexicon, compiled: cm_builtin_image_size bytes */
extern const unsigned char cm_builtin_image[];
extern const size_t cm_builtin_image_size;

#endif
