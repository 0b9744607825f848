/* comention: a file's bytes into text. Compressed files are inflated with a bound on the
 * output (a few kilobytes of gzip can claim gigabytes); UTF-16 and UTF-32 with a byte order
 * mark become UTF-8; files that are not text are refused with the reason, since read as
 * text a PNG gives invented mentions (AP, AU, G7 from random capitals). */
#include <errno.h>
#include <iconv.h>
#include <lzma.h>
#include <string.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "read/read_int.h"

/* More than one byte in this many of no UTF-8 is no text: Latin-1 prose has a few percent
 * (its accented letters), compressed or random data about half. */
#define INVALID_SHARE 10
/* NUL bytes make a binary file when there are more than this many and more than one byte
 * in NUL_SHARE: a stray NUL in an article is text (read as U+FFFD), while binary formats
 * and UTF-16 without a byte order mark are full of them. */
#define NUL_FEW 8
#define NUL_SHARE 100

static cm_status oom(cm_error *err)
{
    return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
}

/* Swap in the decoded bytes (NUL-terminated), dropping the old. */
static void replace(cm_buf *b, cm_buf *with)
{
    cm_buf_destroy(b);
    *b = *with;
    cm_buf_init(with);
}

/* Room for at least one more output byte, growing geometrically up to max + 1 (the byte
 * that shows the bound is passed): 1, or 0 with the reason when the output is over the
 * bound, or -1 when memory ran out. */
static int room(cm_buf *out, size_t max, char reason[CM_REASON_LEN])
{
    size_t want = out->len < 65536 ? 65536 : out->len;

    if (out->len > max) {
        snprintf(reason, CM_REASON_LEN,
                 "decompressed, over %zu bytes (the bound on a compressed file)", max);
        return 0;
    }
    if (out->cap - out->len > 1) {
        return 1;
    }
    if (want > max + 1 - out->len) {
        want = max + 1 - out->len;
    }
    return cm_buf_reserve(out, want) ? 1 : -1;
}

static cm_status gunzip(cm_buf *b, size_t max, char reason[CM_REASON_LEN], cm_error *err)
{
    z_stream z;
    cm_buf out;
    int zr = Z_OK;

    memset(&z, 0, sizeof(z));
    cm_buf_init(&out);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
        return oom(err);
    }
    z.next_in = (Bytef *)b->data;
    z.avail_in = 0;
    size_t in_left = b->len;
    while (!reason[0]) {
        int r = room(&out, max, reason);
        if (r < 0) {
            inflateEnd(&z);
            cm_buf_destroy(&out);
            return oom(err);
        }
        if (r == 0) {
            break;
        }
        if (z.avail_in == 0) {
            z.avail_in = in_left > UINT32_MAX ? UINT32_MAX : (uInt)in_left;
            in_left -= z.avail_in;
        }
        z.next_out = (Bytef *)out.data + out.len;
        z.avail_out =
            (uInt)(out.cap - out.len - 1 > UINT32_MAX ? UINT32_MAX : out.cap - out.len - 1);
        uInt before = z.avail_out;
        zr = inflate(&z, Z_NO_FLUSH);
        out.len += before - z.avail_out;
        if (zr == Z_STREAM_END && z.avail_in + in_left == 0) {
            break;
        }
        if (zr == Z_STREAM_END) {
            /* another member follows (gzip files may be concatenated) */
            zr = inflateReset(&z);
        } else if (zr == Z_BUF_ERROR && z.avail_in + in_left == 0) {
            snprintf(reason, CM_REASON_LEN, "corrupt gzip data: truncated");
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            snprintf(reason, CM_REASON_LEN, "corrupt gzip data: %s", z.msg ? z.msg : zError(zr));
        }
    }
    inflateEnd(&z);
    if (!reason[0]) {
        out.data[out.len] = '\0';
        replace(b, &out);
    }
    cm_buf_destroy(&out);
    return CM_OK;
}

static cm_status unxz(cm_buf *b, size_t max, char reason[CM_REASON_LEN], cm_error *err)
{
    lzma_stream s = LZMA_STREAM_INIT;
    cm_buf out;
    lzma_ret lr;

    cm_buf_init(&out);
    if (lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
        return oom(err);
    }
    s.next_in = (const uint8_t *)b->data;
    s.avail_in = b->len;
    do {
        int r = room(&out, max, reason);
        if (r < 0) {
            lzma_end(&s);
            cm_buf_destroy(&out);
            return oom(err);
        }
        if (r == 0) {
            break;
        }
        s.next_out = (uint8_t *)out.data + out.len;
        s.avail_out = out.cap - out.len - 1;
        size_t before = s.avail_out;
        lr = lzma_code(&s, s.avail_in ? LZMA_RUN : LZMA_FINISH);
        out.len += before - s.avail_out;
        if (lr != LZMA_OK && lr != LZMA_STREAM_END) {
            snprintf(reason, CM_REASON_LEN, "corrupt xz data (liblzma error %d)", (int)lr);
        }
    } while (lr == LZMA_OK && !reason[0]);
    lzma_end(&s);
    if (!reason[0]) {
        out.data[out.len] = '\0';
        replace(b, &out);
    }
    cm_buf_destroy(&out);
    return CM_OK;
}

/* Convert from a Unicode encoding with its byte order mark (`bom` bytes) to UTF-8. */
static cm_status to_utf8(cm_buf *b, const char *from, size_t bom, char reason[CM_REASON_LEN],
                         cm_error *err)
{
    iconv_t cd = iconv_open("UTF-8", from);
    cm_buf out;
    char *in = b->data + bom;
    size_t in_left = b->len - bom;

    if (cd == (iconv_t)-1) {
        snprintf(reason, CM_REASON_LEN, "%s text, which this system cannot convert", from);
        return CM_OK;
    }
    cm_buf_init(&out);
    /* UTF-8 takes at most 3 bytes for each 2 of UTF-16, and at most as many as UTF-32 */
    if (!cm_buf_reserve(&out, in_left / 2 * 3 + 4)) {
        iconv_close(cd);
        return oom(err);
    }
    char *o = out.data;
    size_t o_left = out.cap - 1;
    if (iconv(cd, &in, &in_left, &o, &o_left) == (size_t)-1) {
        snprintf(reason, CM_REASON_LEN, "invalid %s text at byte %zu", from,
                 (size_t)(in - b->data));
    } else {
        out.len = (size_t)(o - out.data);
        out.data[out.len] = '\0';
        replace(b, &out);
    }
    iconv_close(cd);
    cm_buf_destroy(&out);
    return CM_OK;
}

/* Known signatures of binary formats that turn up in scraped folders. */
static const char *binary_kind(const unsigned char *s, size_t n)
{
    static const struct {
        const char *magic;
        size_t len;
        const char *name;
    } kinds[] = {
        {"\x89PNG\r\n\x1a\n", 8, "PNG image"},
        {"\xff\xd8\xff", 3, "JPEG image"},
        {"GIF8", 4, "GIF image"},
        {"%PDF-", 5, "PDF document"},
        {"PK\x03\x04", 4, "ZIP archive"},
        {"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "OLE document (old Office)"},
        {"7z\xbc\xaf\x27\x1c", 6, "7-Zip archive"},
        {"\x7f"
         "ELF",
         4, "ELF executable"},
        {"BZh", 3, "bzip2 data, not read"},
        {"\x28\xb5\x2f\xfd", 4, "zstd data, not read"},
        {"RIFF", 4, "RIFF media file"},
        {"\x1a\x45\xdf\xa3", 4, "Matroska/WebM video"},
    };
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        if (n >= kinds[k].len && memcmp(s, kinds[k].magic, kinds[k].len) == 0) {
            return kinds[k].name;
        }
    }
    return NULL;
}

/* Where the ASCII run from u[i] ends: 64 bytes at a time while no byte of them has its
 * high bit, then byte by byte. Every document is checked twice (when read and as a
 * document), and a byte at a time this was a tenth of extraction and counting. */
static size_t ascii_end(const unsigned char *u, size_t i, size_t n)
{
#ifdef __SSE2__
    for (; i + 64 <= n; i += 64) {
        const __m128i *p = (const __m128i *)(const void *)(u + i);
        __m128i any = _mm_or_si128(_mm_or_si128(_mm_loadu_si128(p), _mm_loadu_si128(p + 1)),
                                   _mm_or_si128(_mm_loadu_si128(p + 2), _mm_loadu_si128(p + 3)));
        if (_mm_movemask_epi8(any)) {
            break;
        }
    }
#endif
    const uint64_t high = 0x8080808080808080ull;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, u + i, sizeof(w));
        if (w & high) {
            break;
        }
    }
    while (i < n && u[i] < 0x80) {
        i++;
    }
    return i;
}

size_t cm_count_invalid_utf8(const char *s, size_t n, size_t *first)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t bad = 0;

    *first = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k;
        if (u[i] < 0x80) {
            i = ascii_end(u, i, n);
            continue;
        }
        k = cm_utf8_decode(&cp, u + i, n - i);
        /* U+FFFD written out is three valid bytes; decoded from one byte it is an error */
        if (cp == 0xFFFD && k == 1) {
            *first = bad ? *first : i;
            bad++;
        }
        i += k;
    }
    return bad;
}

/* Is it text at all? A binary signature, many NULs, or bytes that are mostly no UTF-8 are a
 * binary file. */
static void check_text(const cm_buf *b, char reason[CM_REASON_LEN], cm_invalid *inv)
{
    const char *kind = binary_kind((const unsigned char *)b->data, b->len);
    size_t nuls = 0;

    if (kind) {
        snprintf(reason, CM_REASON_LEN, "binary file (%s)", kind);
        return;
    }
    for (const char *p = b->data; (p = memchr(p, '\0', b->len - (size_t)(p - b->data))); p++) {
        nuls++;
    }
    if (nuls > NUL_FEW && nuls > b->len / NUL_SHARE) {
        snprintf(reason, CM_REASON_LEN, "binary file (%zu NUL bytes)", nuls);
        return;
    }
    /* an HTML page may declare another charset, which its reader honours */
    if (cm_looks_like_html(b->data, b->len)) {
        return;
    }
    inv->n = cm_count_invalid_utf8(b->data, b->len, &inv->first);
    inv->counted = 1;
    if (inv->n > b->len / INVALID_SHARE) {
        snprintf(reason, CM_REASON_LEN, "binary file (%zu of %zu bytes are no UTF-8)", inv->n,
                 b->len);
    }
}

static cm_status decompress(cm_buf *b, size_t max, int *compressed, char reason[CM_REASON_LEN],
                            cm_error *err)
{
    const unsigned char *u = (const unsigned char *)b->data;

    if (b->len >= 2 && u[0] == 0x1f && u[1] == 0x8b) {
        *compressed = 1;
        return gunzip(b, max, reason, err);
    }
    if (b->len >= 6 && memcmp(u,
                              "\xfd"
                              "7zXZ\0",
                              6) == 0) {
        *compressed = 1;
        return unxz(b, max, reason, err);
    }
    return CM_OK;
}

cm_status cm_decode(cm_buf *b, size_t max, int *compressed, char reason[CM_REASON_LEN],
                    cm_error *err)
{
    cm_invalid inv;
    return cm_decode_counted(b, max, compressed, reason, &inv, err);
}

cm_status cm_decode_counted(cm_buf *b, size_t max, int *compressed, char reason[CM_REASON_LEN],
                            cm_invalid *inv, cm_error *err)
{
    const unsigned char *u;
    int packed = 0;
    cm_status rc;

    reason[0] = '\0';
    *inv = (cm_invalid){0, 0, 0};
    if (!b->data && !cm_buf_reserve(b, 0)) {
        return oom(err);
    }
    rc = decompress(b, max, &packed, reason, err);
    if (compressed) {
        *compressed = packed;
    }
    if (rc != CM_OK || reason[0]) {
        return rc;
    }
    u = (const unsigned char *)b->data;
    /* UTF-32LE first: its mark starts with UTF-16LE's */
    if (b->len >= 4 && memcmp(u, "\xff\xfe\0\0", 4) == 0) {
        rc = to_utf8(b, "UTF-32LE", 4, reason, err);
    } else if (b->len >= 4 && memcmp(u, "\0\0\xfe\xff", 4) == 0) {
        rc = to_utf8(b, "UTF-32BE", 4, reason, err);
    } else if (b->len >= 2 && memcmp(u, "\xff\xfe", 2) == 0) {
        rc = to_utf8(b, "UTF-16LE", 2, reason, err);
    } else if (b->len >= 2 && memcmp(u, "\xfe\xff", 2) == 0) {
        rc = to_utf8(b, "UTF-16BE", 2, reason, err);
    }
    if (rc == CM_OK && !reason[0]) {
        check_text(b, reason, inv);
    }
    return rc;
}
