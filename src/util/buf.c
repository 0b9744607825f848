/* comention: growable byte strings and the text escapes every writer shares
 * (docs/design.md §3: shortest round-trip numbers, U+FFFD for bad UTF-8, XML-safe text). */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/util.h"

void cm_buf_init(cm_buf *b)
{
    memset(b, 0, sizeof(*b));
}

void cm_buf_destroy(cm_buf *b)
{
    cm_free(b->data);
    cm_buf_init(b);
}

void cm_buf_clear(cm_buf *b)
{
    b->len = 0;
    if (b->data) {
        b->data[0] = '\0';
    }
}

bool cm_buf_reserve(cm_buf *b, size_t extra)
{
    size_t ncap;
    char *p;

    if (b->failed) {
        return false;
    }
    if (b->spill && b->len > 0 && b->len + extra + 1 > CM_SPILL) {
        if (fwrite(b->data, 1, b->len, b->spill) != b->len) {
            b->spill_errno = errno ? errno : EIO;
            b->failed = true;
            return false;
        }
        b->len = 0;
    }
    if (b->len + extra + 1 <= b->cap) {
        return true;
    }
    ncap = b->cap ? b->cap : 256;
    if (!b->data && b->len + extra + 1 > ncap) {
        ncap = b->len + extra + 1; /* a first, known size: exactly that */
    }
    while (ncap < b->len + extra + 1) {
        ncap *= 2;
    }
    p = cm_realloc(b->data, ncap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = ncap;
    return true;
}

void cm_buf_put(cm_buf *b, const char *s, size_t n)
{
    /* Room already, and no spill due: what cm_buf_reserve() would find, without the call
     * (the writers append a few bytes at a time, millions of times). */
    bool room = !b->failed && b->len + n + 1 <= b->cap && (!b->spill || b->len + n + 1 <= CM_SPILL);
    if (!room && !cm_buf_reserve(b, n)) {
        return;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void cm_buf_puts(cm_buf *b, const char *s)
{
    cm_buf_put(b, s, strlen(s));
}

void cm_buf_putc(cm_buf *b, char c)
{
    cm_buf_put(b, &c, 1);
}

void cm_buf_printf(cm_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !cm_buf_reserve(b, (size_t)n)) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* v in decimal into out (NUL-terminated); returns its length. */
/* |v| in decimal, after a '-' when neg. */
static size_t uint_text(char out[24], unsigned long long u, bool neg)
{
    char d[24];
    size_t k = sizeof(d), n;
    do {
        d[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (neg) {
        d[--k] = '-';
    }
    n = sizeof(d) - k;
    memcpy(out, d + k, n);
    out[n] = '\0';
    return n;
}

static size_t int_text(char out[24], long long v)
{
    return uint_text(out, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0);
}

/* What printf's "%.{p}g" writes for the p digits r (first digit r[0] non-zero) with
 * decimal exponent x: plain notation when -4 <= x < p, else d.ddde±XX, without trailing
 * zeros and without a point that nothing follows. */
static void format_g(char out[32], int negative, const char *r, int p, int x)
{
    int n = p, k = 0;
    while (n > 1 && r[n - 1] == '0') {
        n--;
    }
    if (negative) {
        out[k++] = '-';
    }
    if (x < -4 || x >= p) {
        out[k++] = r[0];
        if (n > 1) {
            out[k++] = '.';
            memcpy(out + k, r + 1, (size_t)(n - 1));
            k += n - 1;
        }
        snprintf(out + k, (size_t)(32 - k), "e%c%02d", x < 0 ? '-' : '+', x < 0 ? -x : x);
        return;
    }
    if (x < 0) {
        out[k++] = '0';
        out[k++] = '.';
        for (int i = 0; i < -x - 1; i++) {
            out[k++] = '0';
        }
        memcpy(out + k, r, (size_t)n);
        k += n;
    } else {
        /* x + 1 digits before the point (padded with zeros past the significant ones). */
        for (int i = 0; i <= x; i++) {
            out[k++] = i < n ? r[i] : '0';
        }
        if (n > x + 1) {
            out[k++] = '.';
            memcpy(out + k, r + x + 1, (size_t)(n - x - 1));
            k += n - x - 1;
        }
    }
    out[k] = '\0';
}

void cm_format_double(char out[32], double v)
{
    if (!isfinite(v) || v == 0.0) {
        strcpy(out, "0");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        /* Integral values read best without an exponent; |v| < 1e15 fits an int64. */
        int_text(out, (long long)v);
        return;
    }
    uint64_t digits;
    int e10;
    if (cm_shortest_decimal(&digits, &e10, v)) {
        char r[24];
        int p = (int)uint_text(r, digits, false);
        format_g(out, v < 0, r, p, e10 + p - 1);
        return;
    }
    /* Subnormals and powers of two: the smallest precision that reads back, by binary
     * search (reading back is monotonic in the precision). */
    int lo = 1, hi = 17;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (snprintf(out, 32, "%.*g", mid, v) < 32 && strtod(out, NULL) == v) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    if (snprintf(out, 32, "%.*g", lo, v) >= 32) {
        out[31] = '\0'; /* cannot happen for lo <= 17 */
    }
}

void cm_buf_put_int(cm_buf *b, long long v)
{
    char t[24];
    cm_buf_put(b, t, int_text(t, v));
}

void cm_buf_put_uint(cm_buf *b, unsigned long long v)
{
    char t[24];
    cm_buf_put(b, t, uint_text(t, v, false));
}

void cm_buf_put_double(cm_buf *b, double v)
{
    char tmp[32];
    cm_format_double(tmp, v);
    cm_buf_puts(b, tmp);
}

static bool xml_allowed(uint32_t cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
           (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

void cm_buf_put_text(cm_buf *b, const char *s, size_t n, bool xml)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        uint32_t cp;
        size_t run = i, k;
        char enc[4];

        /* A run of ASCII that goes out as it is, the bulk of labels and snippets: at once. */
        while (run < n && u[run] >= 0x20 && u[run] < 0x7F &&
               !(xml && (u[run] == '&' || u[run] == '<' || u[run] == '>' || u[run] == '"'))) {
            run++;
        }
        if (run > i) {
            cm_buf_put(b, s + i, run - i);
            i = run;
            continue;
        }
        k = cm_utf8_decode(&cp, u + i, n - i);
        i += k;
        if (xml) {
            if (!xml_allowed(cp)) {
                continue;
            }
            if (cp == '&') {
                cm_buf_puts(b, "&amp;");
                continue;
            }
            if (cp == '<') {
                cm_buf_puts(b, "&lt;");
                continue;
            }
            if (cp == '>') {
                cm_buf_puts(b, "&gt;");
                continue;
            }
            if (cp == '"') {
                cm_buf_puts(b, "&quot;");
                continue;
            }
        }
        cm_buf_put(b, enc, cm_utf8_encode(enc, cp));
    }
}

void cm_buf_put_json(cm_buf *b, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;

    cm_buf_putc(b, '"');
    while (i < n) {
        uint32_t cp;
        char enc[4];

        i += cm_utf8_decode(&cp, u + i, n - i);
        if (cp == '"' || cp == '\\') {
            cm_buf_putc(b, '\\');
            cm_buf_putc(b, (char)cp);
        } else if (cp == '\n') {
            cm_buf_puts(b, "\\n");
        } else if (cp == '\t') {
            cm_buf_puts(b, "\\t");
        } else if (cp == '\r') {
            cm_buf_puts(b, "\\r");
        } else if (cp < 0x20) {
            cm_buf_printf(b, "\\u%04x", (unsigned)cp);
        } else {
            cm_buf_put(b, enc, cm_utf8_encode(enc, cp));
        }
    }
    cm_buf_putc(b, '"');
}

void cm_buf_put_csv(cm_buf *b, const char *s)
{
    size_t n = strlen(s);

    if (!strpbrk(s, ",\"\r\n")) {
        cm_buf_put_text(b, s, n, false);
        return;
    }
    cm_buf_putc(b, '"');
    for (const char *p = s; *p; p++) {
        const char *q = strchr(p, '"');
        size_t run = q ? (size_t)(q - p) : strlen(p);
        cm_buf_put_text(b, p, run, false);
        p += run;
        if (!*p) {
            break;
        }
        cm_buf_puts(b, "\"\"");
    }
    cm_buf_putc(b, '"');
}
