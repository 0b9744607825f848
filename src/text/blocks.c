/* comention: where a large document is cut into blocks (cm_block_end()). A cut as late as
 * possible in the block's second half, at the strongest break found there, so that a
 * paragraph, a line or a sentence is split only when the block holds no weaker break. */
#include <string.h>
#include "comention/text.h"

/* One past the last line break of [lo, hi) that follows a blank line (only spaces, tabs
 * or \r after the line break before it), or 0. */
static size_t blank_line(const char *t, size_t lo, size_t hi)
{
    for (size_t i = hi; i > lo; i--) {
        if (t[i - 1] != '\n') {
            continue;
        }
        size_t k = i - 1;
        while (k > lo && (t[k - 1] == ' ' || t[k - 1] == '\t' || t[k - 1] == '\r')) {
            k--;
        }
        if (k > lo && t[k - 1] == '\n') {
            return i;
        }
    }
    return 0;
}

/* One past the last byte of [lo, hi) that is a line break (kind 0), a space after . ! ?
 * (kind 1) or a space or tab (kind 2), or 0. */
static size_t last_break(const char *t, size_t lo, size_t hi, int kind)
{
    for (size_t i = hi; i > lo; i--) {
        char c = t[i - 1];
        if (kind == 0 ? c == '\n'
                      : (c == ' ' || c == '\t') &&
                            (kind == 2 || (i - 1 > lo && (t[i - 2] == '.' || t[i - 2] == '!' ||
                                                          t[i - 2] == '?')))) {
            return i;
        }
    }
    return 0;
}

size_t cm_block_end(const char *text, size_t len, size_t from, size_t max)
{
    size_t hi = from + max, lo = from + max / 2, at;

    if (from >= len || len - from <= max) {
        return len;
    }
    if ((at = blank_line(text, lo, hi)) != 0) {
        return at;
    }
    for (int kind = 0; kind < 3; kind++) {
        if ((at = last_break(text, lo, hi, kind)) != 0) {
            return at;
        }
    }
    /* No break at all: before a UTF-8 lead byte, so that no character is split. */
    for (at = hi; at > hi - 3 && ((unsigned char)text[at] & 0xC0) == 0x80; at--) {
    }
    return at;
}
