/* comention fuzz target: a file's bytes made text (cm_decode: gzip, xz, UTF-16/32, binary
 * detection) with a small bound on the output, then what the reader asks of the text (is it
 * HTML, how much of it is no UTF-8); and the date parser on the input's first line, which
 * reads dates of the same outside files (JSONL, CSV, HTML meta, dates tables). */
#include <string.h>
#include "fuzz.h"
#include "read/read_int.h"

/* Small: a bomb shows at the bound as well as at the CLI's gigabytes, and runs stay fast. */
#define DECODED_MAX ((size_t)1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *eol = memchr(s, '\n', size);
    char reason[CM_REASON_LEN];
    int32_t day;
    int compressed = 0;
    size_t first;
    cm_buf b;
    cm_error err;

    (void)cm_date_parse(&day, s, eol ? (size_t)(eol - s) : size);
    cm_buf_init(&b);
    cm_buf_put(&b, s, size);
    if (!b.failed && cm_decode(&b, DECODED_MAX, &compressed, reason, &err) == CM_OK && !reason[0] &&
        b.data) {
        (void)cm_looks_like_html(b.data, b.len);
        (void)cm_count_invalid_utf8(b.data, b.len, &first);
    }
    cm_buf_destroy(&b);
    return 0;
}
