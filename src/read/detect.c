/* comention: a file's format from its name. Compression is found by content (the magic
 * bytes, src/read/decode.c), so `.gz` and `.xz` only step aside for the name beneath:
 * `a.jsonl.gz` is JSON Lines. */
#include <string.h>
#include <strings.h>
#include "read/read_int.h"

static int ends_with(const char *s, size_t n, const char *ext)
{
    size_t k = strlen(ext);
    return n >= k && strncasecmp(s + n - k, ext, k) == 0;
}

cm_format cm_format_of_name(const char *name)
{
    static const struct {
        const char *ext;
        cm_format format;
    } exts[] = {{".jsonl", CM_FORMAT_JSONL}, {".ndjson", CM_FORMAT_JSONL},
                {".csv", CM_FORMAT_CSV},     {".html", CM_FORMAT_HTML},
                {".htm", CM_FORMAT_HTML},    {".xhtml", CM_FORMAT_HTML},
                {".txt", CM_FORMAT_TXT}};
    size_t n = strlen(name);

    if (ends_with(name, n, ".gz") || ends_with(name, n, ".xz")) {
        n -= 3;
    }
    for (size_t k = 0; k < sizeof(exts) / sizeof(exts[0]); k++) {
        if (ends_with(name, n, exts[k].ext)) {
            return exts[k].format;
        }
    }
    return CM_FORMAT_AUTO;
}
