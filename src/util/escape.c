/* comention: text for a terminal. A file name may hold a line break, an ESC or bytes that
 * are no UTF-8; printed raw in a message they forge lines or drive the terminal. */
#include <stdio.h>
#include <string.h>
#include "util/util.h"

/* The escape of one character or bad byte (at most 6 bytes and a NUL), or "" to keep it. */
static void escape_one(char out[8], uint32_t cp, size_t n, unsigned char first)
{
    out[0] = '\0';
    if (cp == 0xFFFD && n == 1) {
        snprintf(out, 8, "\\x%02x", first); /* a byte that is no UTF-8 */
    } else if (cp == '\n' || cp == '\t' || cp == '\r') {
        snprintf(out, 8, "\\%c", cp == '\n' ? 'n' : cp == '\t' ? 't' : 'r');
    } else if (cp < 0x20 || cp == 0x7F) {
        snprintf(out, 8, "\\x%02x", (unsigned)cp);
    } else if (cp >= 0x80 && cp <= 0x9F) {
        snprintf(out, 8, "\\u%04x", (unsigned)cp); /* C1 controls: CSI is 0x9B */
    }
}

void cm_escape_controls(char *out, size_t cap, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), o = 0;

    if (cap == 0) {
        return;
    }
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        char esc[8];
        size_t k = cm_utf8_decode(&cp, u + i, n - i);
        const char *from = s + i;
        size_t len = k;
        escape_one(esc, cp, k, u[i]);
        if (esc[0]) {
            from = esc;
            len = strlen(esc);
        }
        if (o + len >= cap) {
            break;
        }
        memcpy(out + o, from, len);
        o += len;
        i += k;
    }
    out[o] = '\0';
}
