/* Unit tests of the helpers every stage shares: shortest number formatting, sorting. */
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "comention/read.h"
#include "util/spool.h"
#include "util/tmpreg.h"
#include "util/util.h"
#include "util/xml.h"

typedef struct sweeper {
    cm_tmpreg *reg;
    atomic_int done;
} sweeper;

static void *sweep_thread(void *p)
{
    sweeper *s = p;
    cm_tmpreg_sweep(s->reg);
    atomic_store(&s->done, 1);
    return NULL;
}

/* A signal handled on one thread while another has created a temporary file but not yet
 * registered it (its signals blocked meanwhile): the sweep waits for the registration and
 * removes the file, where it used to miss it and let the process die leaving it (SIGHUP
 * in e2e signals under ASan). Once stopping, no new file is made. */
static void util__sweep_waits_for_a_file_being_created(void **state)
{
    static cm_tmpreg reg; /* 256 KiB of paths */
    const struct timespec nap = {0, 50000000};
    char path[] = "/tmp/cm-test-tmpreg-XXXXXX";
    sweeper s = {&reg, 0};
    pthread_t t;

    (void)state;
    memset(&reg, 0, sizeof(reg));
    cm_tmp_hook hook = cm_tmpreg_hook(&reg);
    assert_int_equal(hook.enter(hook.ctx), 0);
    int fd = mkstemp(path); /* created, not registered yet */
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(pthread_create(&t, NULL, sweep_thread, &s), 0);
    nanosleep(&nap, NULL);
    assert_int_equal(atomic_load(&s.done), 0); /* the sweep is waiting */
    assert_true(hook.add(hook.ctx, path) >= 0);
    hook.leave(hook.ctx);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(atomic_load(&s.done), 1);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(hook.enter(hook.ctx), -1);
}

static void util__shortest_doubles(void **state)
{
    static const struct {
        double v;
        const char *want;
    } cases[] = {
        {0.0, "0"},
        {-0.0, "0"},
        {1.0, "1"},
        {-42.0, "-42"},
        {123456789012345.0, "123456789012345"},
        {1e15, "1e+15"},
        {0.1, "0.1"},
        {0.5, "0.5"},
        {1.0 / 3.0, "0.3333333333333333"},
        {2.0 / 3.0, "0.6666666666666666"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1.25e-7, "1.25e-07"},
        {1e300 * 10, "1e+301"},
        {DBL_MAX, "1.7976931348623157e+308"},
        {DBL_MIN, "2.2250738585072014e-308"},
        {4.9406564584124654e-324, "5e-324"}, /* subnormal: fewer digits suffice */
        {-6.277349007785521e-311, "-6.2773490077855e-311"},
    };
    char out[32];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        cm_format_double(out, cases[i].v);
        assert_string_equal(out, cases[i].want);
    }
    cm_format_double(out, strtod("nan", NULL));
    assert_string_equal(out, "0");
    cm_format_double(out, strtod("-inf", NULL));
    assert_string_equal(out, "0");
}

/* Marsaglia's xorshift64: the tests' deterministic stream of bit patterns. */
static uint64_t xorshift(uint64_t x)
{
    x ^= x << 13;
    x ^= x >> 7;
    return x ^ (x << 17);
}

/* Every formatted double reads back to itself, and one digit fewer would not. */
static void util__shortest_round_trips(void **state)
{
    uint64_t x = 88172645463325252ull;
    char out[32], shorter[512]; /* %g of a subnormal at high precision is long */

    (void)state;
    for (int i = 0; i < 20000; i++) {
        double v;
        x = xorshift(x);
        memcpy(&v, &x, sizeof(v));
        if (v != v || v == 0 || v - v != 0) {
            continue; /* NaN, zero, infinity */
        }
        cm_format_double(out, v);
        assert_true(strtod(out, NULL) == v);
        const char *e = strchr(out, 'e');
        size_t digits = 0;
        int significant = 0;
        for (const char *p = out; *p && p != e; p++) {
            significant |= *p >= '1' && *p <= '9'; /* "0.00012": the zeros are not digits */
            digits += significant && *p >= '0' && *p <= '9';
        }
        if (digits > 1 && v != (double)(long long)v) {
            snprintf(shorter, sizeof(shorter), "%.*g", (int)digits - 1, v);
            assert_false(strtod(shorter, NULL) == v);
        }
    }
}

/* The formatting as it was written first: printf at 15, 16 and 17 digits, the first that
 * reads back (normal numbers only). */
static void reference_format(char out[32], double v)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(out, 32, "%.0f", v);
        return;
    }
    for (int p = 15; p <= 17; p++) {
        snprintf(out, 32, "%.*g", p, v);
        if (strtod(out, NULL) == v) {
            return;
        }
    }
}

/* Ryu's shortest digits (shortest.c) give the same text as printf at those precisions,
 * over values like the measures (ratios, logarithms, uniform reals), values next to powers
 * of ten and of two, roundings that carry, short decimals (whose exact value may end in
 * zeros or lie halfway: Ryu's general case), and random bit patterns. */
static void util__shortest_matches_printf(void **state)
{
    uint64_t x = 0x9E3779B97F4A7C15ull;
    char got[32], want[32];
    long checked = 0;

    (void)state;
    for (int i = 0; i < 1000000; i++) {
        double v;
        x = xorshift(x);
        switch (i % 8) {
        case 0:
            memcpy(&v, &x, sizeof(v));
            break;
        case 1:
            v = (double)(x % 100000 + 1) / (double)((x >> 20) % 100000 + 1);
            break;
        case 2:
            v = log((double)(x % 1000000 + 2)) / log((double)((x >> 24) % 1000 + 2)) - 1.0;
            break;
        case 3:
            v = (double)(x >> 11) * 0x1.0p-53;
            break;
        case 4: /* next to a power of ten, a few ulps either side */
            v = nextafter(pow(10.0, (double)((int)(x % 40) - 20)), (x >> 8) & 1 ? INFINITY : 0.0);
            for (int k = 0; k < (int)((x >> 9) % 4); k++) {
                v = nextafter(v, (x >> 8) & 1 ? INFINITY : 0.0);
            }
            break;
        case 5: /* many nines: roundings carry */
            v = (double)(x % 1000 + 1) - 1e-13 * (double)((x >> 30) % 7 + 1);
            break;
        case 6: /* a power of two, or a few ulps above or below one */
            v = ldexp(1.0, (int)(x % 2000) - 1000);
            for (int k = 0; k < (int)((x >> 12) % 3); k++) {
                v = nextafter(v, (x >> 11) & 1 ? INFINITY : 0.0);
            }
            break;
        default: /* a short decimal at any scale */
            v = (double)(x % 100000) * pow(10.0, (double)((int)((x >> 17) % 600) - 300));
            break;
        }
        if ((x >> 40) & 1) {
            v = -v;
        }
        if (v != v || v - v != 0 || v == 0 || fabs(v) < DBL_MIN) {
            continue; /* NaN, infinity, zero, subnormal: their own paths */
        }
        cm_format_double(got, v);
        reference_format(want, v);
        if (strcmp(got, want) != 0) {
            fail_msg("%.17g: '%s', printf gives '%s'", v, got, want);
        }
        checked++;
    }
    assert_true(checked > 800000);
}

static int by_value(const void *a, const void *b, void *ctx)
{
    int x = *(const int *)a, y = *(const int *)b;
    int *calls = ctx;
    (*calls)++;
    return x < y ? -1 : x > y;
}

static void util__sort_with_context(void **state)
{
    int v[257], calls = 0;

    (void)state;
    for (int i = 0; i < 257; i++) {
        v[i] = (i * 7919) % 257 - 100;
    }
    cm_sort(v, 257, sizeof(*v), by_value, &calls);
    for (int i = 1; i < 257; i++) {
        assert_true(v[i - 1] <= v[i]);
    }
    assert_true(calls > 0);
    cm_sort(v, 0, sizeof(*v), by_value, &calls); /* empty: nothing to do */
    cm_sort(v, 1, sizeof(*v), by_value, &calls);
}

/* A stream that never ends is read only up to the bound, and the read says it is over. */
static void util__slurp_stops_at_the_bound(void **state)
{
    cm_buf b;
    cm_error err = {0};
    int fd = open("/dev/zero", O_RDONLY);

    (void)state;
    assert_true(fd >= 0);
    cm_buf_init(&b);
    assert_int_equal(cm_slurp_fd(&b, fd, 100000), EFBIG);
    assert_int_equal(b.len, 100001);
    close(fd);
    cm_buf_destroy(&b);
    /* a device named as a file is refused before any reading */
    assert_int_equal(cm_read_file(&b, "/dev/zero", SIZE_MAX, &err), CM_EINPUT);
    assert_non_null(strstr(err.msg, "not a regular file or a pipe"));
    assert_null(b.data);
}

/* One refusal of cm_xml_check: the status, the line and a word of the message. */
static void xml_refused(const cm_buf *b, cm_xml_kind kind, long line, const char *what)
{
    cm_error err;
    cm_error_clear(&err);
    assert_int_equal(cm_xml_check(b->data, b->len, "in.xml", kind, &err), CM_EINPUT);
    assert_string_equal(err.path, "in.xml");
    if (err.line != line || !strstr(err.msg, what)) {
        fail_msg("line %ld '%s', want %ld '%s'", err.line, err.msg, line, what);
    }
}

static void xml_of(cm_buf *b, const char *head, const char *unit, size_t n, const char *tail)
{
    cm_buf_clear(b);
    cm_buf_puts(b, head);
    for (size_t i = 0; i < n; i++) {
        cm_buf_puts(b, unit);
    }
    cm_buf_puts(b, tail);
    assert_false(b->failed);
}

static void util__xml_check_refuses_attacks(void **state)
{
    static const char laughs[] =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE l [\n<!ENTITY a \"aaaaaaaaaa\">\n"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        "]>\n<l>&c;</l>\n";
    static const char utf16[] = "<\0!\0D\0O\0C\0T\0Y\0P\0E\0 \0x\0>\0\n\0<\0x\0/\0>\0";
    cm_buf b;
    cm_error err;

    (void)state;
    cm_buf_init(&b);
    xml_of(&b, laughs, "", 0, "");
    xml_refused(&b, CM_XML_XML, 2, "document type declarations are not allowed");
    cm_buf_clear(&b);
    cm_buf_put(&b, "\xff\xfe", 2);
    cm_buf_put(&b, utf16, sizeof(utf16) - 1);
    xml_refused(&b, CM_XML_XML, 1, "document type declarations are not allowed");
    xml_of(&b, "<r>\n", "<e>", CM_XML_MAX_DEPTH, "");
    xml_refused(&b, CM_XML_XML, 2, "nested deeper than 64");
    xml_of(&b, "<r>\n\n<e a=\"", "x", CM_XML_MAX_ATTR + 1, "\"/></r>");
    xml_refused(&b, CM_XML_XML, 3, "an attribute value of 65537 bytes");
    xml_of(&b, "<r><e", " a=\"\"", 1, "");
    for (int i = 0; i <= CM_XML_MAX_ATTRS; i++) {
        cm_buf_printf(&b, " a%d=\"\"", i);
    }
    cm_buf_puts(&b, "/></r>");
    xml_refused(&b, CM_XML_XML, 1, "258 attributes");
    xml_of(&b, "<r>", "x&amp;<![CDATA[y]]>", CM_XML_MAX_TEXT / 3 + 1, "</r>");
    xml_refused(&b, CM_XML_XML, 1, "a text of more than");
    xml_of(&b, "<r>\n<a>\n</b></r>", "", 0, "");
    xml_refused(&b, CM_XML_XML, 3, "not well-formed XML");
    /* HTML: the limits of real pages (html and body count) */
    xml_of(&b, "<!DOCTYPE html>\n<html><body>", "<div>", CM_HTML_MAX_DEPTH - 1, "</body></html>");
    xml_refused(&b, CM_XML_HTML, 2, "nested deeper than 1024");
    xml_of(&b, "<!DOCTYPE html [\n<!ENTITY a \"b\">]>\n<p>&a;", "", 0, "");
    xml_refused(&b, CM_XML_HTML, 2, "internal subset");
    /* what every reader accepts: as deep and as long as the limits allow */
    xml_of(&b, "<?xml version=\"1.0\"?><!-- c -->\n<r>", "<e>", CM_XML_MAX_DEPTH - 1, "");
    for (int i = 1; i < CM_XML_MAX_DEPTH; i++) {
        cm_buf_puts(&b, "</e>");
    }
    cm_buf_puts(&b, "</r>\n");
    assert_int_equal(cm_xml_check(b.data, b.len, "in.xml", CM_XML_XML, &err), CM_OK);
    xml_of(&b, "<r a=\"", "x", CM_XML_MAX_ATTR, "\">text &lt; &#x263A;</r>");
    assert_int_equal(cm_xml_check(b.data, b.len, "in.xml", CM_XML_XML, &err), CM_OK);
    xml_of(&b, "<!DOCTYPE html>\n<p>a<br>b<p>c", "", 0, "");
    assert_int_equal(cm_xml_check(b.data, b.len, "in.html", CM_XML_HTML, &err), CM_OK);
    cm_buf_destroy(&b);
}

/* ISO 8601 and RFC 2822 dates: the forms news feeds use, the zone moving the UTC date, and
 * refusals. */
static void util__iso_dates(void **state)
{
    static const struct {
        const char *in;
        const char *want; /* NULL: refused */
    } cases[] = {
        {"1970-01-01", "1970-01-01"},
        {"2024-02-29", "2024-02-29"},
        {"20240305", "2024-03-05"},
        {" 2024-03-05\n", "2024-03-05"},
        {"2024-03-05T10:00:00Z", "2024-03-05"},
        {"2024-03-05T23:30:00-02:00", "2024-03-06"},
        {"2024-03-05T00:30:00+01:00", "2024-03-04"},
        {"2024-03-05T00:30+0100", "2024-03-04"},
        {"2024-03-05 10:00:00.123456+05", "2024-03-05"},
        {"2024-12-31T23:59:60Z", "2024-12-31"},
        {"2024-12-31T24:00:00", "2025-01-01"},
        {"1969-12-31T20:00:00-05:00", "1970-01-01"},
        {"1900-03-01", "1900-03-01"},
        {"2000-02-29", "2000-02-29"},
        {"2023-02-29", NULL},
        {"1900-02-29", NULL},
        {"2024-13-01", NULL},
        {"2024-00-10", NULL},
        {"2024-04-31", NULL},
        {"2024-03", NULL},
        {"2024-W10-2", NULL},
        {"2024-065", NULL},
        {"2024-03-05T25:00", NULL},
        {"2024-03-05T24:00:01", NULL},
        {"2024-03-05T10:00+25:00", NULL},
        {"2024-03-05T10:00:00.", NULL},
        {"2024-03-05 junk", NULL},
        {"2024-0305", NULL},
        {"", NULL},
        /* RFC 2822, as in RSS */
        {"Tue, 05 Mar 2024 10:00:00 +0100", "2024-03-05"},
        {"Tue, 5 Mar 2024 23:30:00 -0200", "2024-03-06"},
        {"5 March 2024 00:30 +0100", "2024-03-04"},
        {"Sat, 31 Dec 2022 22:00:00 EST", "2023-01-01"},
        {"Sat, 31 Dec 2022 20:00:00 PDT", "2023-01-01"},
        {"Mon, 04 Mar 2024 12:00:00 GMT", "2024-03-04"},
        {"04 Mar 24 12:00 UT", "2024-03-04"},
        {"04 Mar 99 12:00 Z", "1999-03-04"},
        {"4 Mar 2024", "2024-03-04"},
        {"29 Feb 2023 10:00 GMT", NULL},
        {"Tue, 05 Foo 2024 10:00:00 GMT", NULL},
        {"Tue, 05 Mar 2024 10:00:00 XYZ", NULL},
        {"Tue, 05 Mar 2024 10:00:00 GMT junk", NULL},
        {"Tue, 05 Mar 2024 25:00:00 GMT", NULL},
        {"Mar 2024", NULL},
    };
    char out[CM_DATE_LEN + 1];
    int32_t day;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int rc = cm_date_parse(&day, cases[i].in, strlen(cases[i].in));

        if (!cases[i].want) {
            assert_int_equal(rc, -1);
            continue;
        }
        assert_int_equal(rc, 0);
        cm_date_format(out, day);
        assert_string_equal(out, cases[i].want);
    }
    assert_int_equal(cm_date_parse(&day, "1970-01-02", 10), 0);
    assert_int_equal(day, 1);
    assert_int_equal(cm_date_parse(&day, "1969-12-31", 10), 0);
    assert_int_equal(day, -1);
    /* Every day of four centuries goes round: format, parse, same day. */
    for (int32_t d = -200000; d < 200000; d += 7) {
        int32_t back;

        cm_date_format(out, d);
        assert_int_equal(cm_date_parse(&back, out, strlen(out)), 0);
        assert_int_equal(back, d);
    }
}

/* Write `text` to a file named with `suffix` in a new temporary directory `dir`; the
 * caller removes both. */
static void temp_file(char dir[32], char path[64], const char *suffix, const char *text)
{
    FILE *f;
    snprintf(dir, 32, "/tmp/cm-dates-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, 64, "%s/dates%s", dir, suffix);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    fclose(f);
}

/* The --dates table: TSV, or CSV with quotes for a .csv name; a header line; refusals name
 * the line. */
static void util__dates_table(void **state)
{
    static const struct {
        const char *suffix, *text;
        long line; /* 0: accepted */
    } cases[] = {
        {".tsv", "id\tdate\na.txt\t2024-03-05\ndir/b c.txt\t2024-03-05T23:30:00-02:00\n\n", 0},
        {".csv", "doc,date\r\na.txt,2024-03-05\r\n\"dir/b c.txt\",2024-03-06\n", 0},
        {".csv", "a.txt,2024-03-05\n\"x,\"\"y\"\".txt\",2024-01-01", 0},
        {".tsv", "a.txt\t2024-03-05\na.txt\t2024-03-06\n", 2},
        {".tsv", "a.txt\t2024-02-30\n", 1},
        {".tsv", "a.txt\t2024-03-05\tx\n", 1},
        {".csv", "a.txt,2024-03-05,\n", 1},
        {".csv", "\"a.txt,2024-03-05\n", 1},
        {".csv", "\"a\"b,2024-03-05\n", 1},
        {".tsv", "\t2024-03-05\n", 1},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        char dir[32], path[64];
        cm_dates *t = NULL;
        cm_error err;
        cm_error_clear(&err);
        temp_file(dir, path, cases[i].suffix, cases[i].text);
        cm_status rc = cm_dates_load(&t, path, &err);
        unlink(path);
        rmdir(dir);
        if (cases[i].line) {
            assert_int_equal(rc, CM_EINPUT);
            assert_int_equal(err.line, cases[i].line);
            assert_null(t);
            continue;
        }
        assert_int_equal(rc, CM_OK);
        assert_int_equal(cm_dates_get(t, "a.txt"), 19787); /* 2024-03-05 */
        assert_int_equal(cm_dates_get(t, "missing"), CM_DAY_NONE);
        if (i < 2) {
            assert_int_equal(cm_dates_count(t), 2);
            assert_int_equal(cm_dates_get(t, "dir/b c.txt"), 19788);
        } else {
            assert_int_equal(cm_dates_get(t, "x,\"y\".txt"), 19723);
        }
        cm_dates_free(t);
    }
}

/* A spool gives back its records in order to each of two cursors read in turns (as the
 * writers on their threads do), one record longer than a cursor's first buffer among
 * them; it leaves no file in its directory; a record past the end is an error, not a
 * read of whatever follows. */
static void util__spool_round_trips(void **state)
{
    char dir[] = "/tmp/cm-test-spool-XXXXXX";
    cm_spool *s = NULL;
    cm_spool_cursor a, b;
    cm_error err;
    size_t big = 200000;
    char *long_rec = malloc(big + 1);
    char name[32];
    uint64_t off[3001];
    const char *rec = NULL;

    (void)state;
    assert_non_null(long_rec);
    memset(long_rec, 'x', big);
    long_rec[big] = '\0';
    assert_non_null(mkdtemp(dir));
    assert_int_equal(cm_spool_open(&s, dir, &err), CM_OK);
    for (int i = 0; i < 3000; i++) {
        snprintf(name, sizeof(name), "record %d", i);
        off[i] = s->size;
        if (i == 1500) {
            cm_spool_put(s, long_rec, big);
        } else {
            cm_spool_put(s, name, strlen(name));
        }
    }
    off[3000] = s->size;
    assert_int_equal(cm_spool_end(s, &err), CM_OK);
    assert_int_equal(rmdir(dir), 0); /* nothing in it: the file has no name */
    cm_spool_cursor_init(&a, s);
    cm_spool_cursor_init(&b, s);
    for (int i = 0; i < 3000; i++) {
        snprintf(name, sizeof(name), "record %d", i);
        for (int c = 0; c < 2; c++) {
            assert_int_equal(cm_spool_next(c ? &b : &a, &rec, &err), CM_OK);
            assert_string_equal(rec, i == 1500 ? long_rec : name);
        }
    }
    assert_int_equal(cm_spool_next(&a, &rec, &err), CM_EIO);
    char got[16];
    assert_int_equal(cm_spool_read(s, got, off[7], (size_t)(off[8] - off[7]), &err), CM_OK);
    assert_string_equal(got, "record 7");
    cm_spool_cursor_destroy(&a);
    cm_spool_cursor_destroy(&b);
    cm_spool_free(s);
    free(long_rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(util__shortest_doubles),
        cmocka_unit_test(util__sweep_waits_for_a_file_being_created),
        cmocka_unit_test(util__shortest_round_trips),
        cmocka_unit_test(util__shortest_matches_printf),
        cmocka_unit_test(util__sort_with_context),
        cmocka_unit_test(util__slurp_stops_at_the_bound),
        cmocka_unit_test(util__xml_check_refuses_attacks),
        cmocka_unit_test(util__iso_dates),
        cmocka_unit_test(util__dates_table),
        cmocka_unit_test(util__spool_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
