/* Unit tests for the readers: decoding (gzip, xz, UTF-16/32, binary files), HTML article
 * text and dates, JSON Lines and CSV records, and a JSONL file through cm_inputs. Every
 * input is written here. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <lzma.h>
#include <zlib.h>
#include "helpers.h"
#include "read/read_int.h"
#include "util/xml.h"

static void day_is(int32_t day, const char *want)
{
    char out[CM_DATE_LEN + 1];
    assert_int_not_equal(day, CM_DAY_NONE);
    cm_date_format(out, day);
    assert_string_equal(out, want);
}

static void buf_of(cm_buf *b, const char *s, size_t n)
{
    cm_buf_init(b);
    cm_buf_put(b, s, n);
    assert_false(b->failed);
}

/* gzip of s[0..n), as the gzip command writes it (one member). */
static void gzip_of(cm_buf *out, const char *s, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    cm_buf_init(out);
    assert_true(cm_buf_reserve(out, deflateBound(&z, n) + 1));
    z.next_in = (Bytef *)s;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out->data;
    z.avail_out = (uInt)(out->cap - 1);
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    out->len = z.total_out;
    deflateEnd(&z);
}

static void decode_gives(const char *in, size_t n, const char *want, size_t want_len)
{
    char reason[CM_REASON_LEN];
    cm_error err;
    cm_buf b;

    buf_of(&b, in, n);
    assert_int_equal(cm_decode(&b, 1 << 20, NULL, reason, &err), CM_OK);
    assert_string_equal(reason, "");
    assert_int_equal(b.len, want_len);
    assert_memory_equal(b.data, want, want_len);
    cm_buf_destroy(&b);
}

static void decode_refuses(const char *in, size_t n, size_t max, const char *why)
{
    char reason[CM_REASON_LEN];
    cm_error err;
    cm_buf b;

    buf_of(&b, in, n);
    assert_int_equal(cm_decode(&b, max, NULL, reason, &err), CM_OK);
    if (!strstr(reason, why)) {
        fail_msg("reason '%s' lacks '%s'", reason, why);
    }
    cm_buf_destroy(&b);
}

/* Compressed, Unicode with a byte order mark, and not text at all. */
static void read__decode(void **state)
{
    static const char text[] = "France and Germany met.\n";
    static const char u16le[] = "\xff\xfe"
                                "F\0r\0a\0n\0c\0e\0 \0\xe9\0";
    static const char u16be[] = "\xfe\xff\0F\0r\0a\0n\0c\0e";
    static const char u32le[] = "\xff\xfe\0\0"
                                "F\0\0\0r\0\0\0";
    cm_buf gz, twice, big;
    char *bomb = malloc(1 << 16);
    uint8_t xz[256];
    size_t xz_len = 0;
    int compressed = 0;
    char reason[CM_REASON_LEN];
    cm_error err;

    (void)state;
    gzip_of(&gz, text, sizeof(text) - 1);
    decode_gives(gz.data, gz.len, text, sizeof(text) - 1);
    /* two members, as `cat a.gz b.gz` makes */
    buf_of(&twice, gz.data, gz.len);
    cm_buf_put(&twice, gz.data, gz.len);
    decode_gives(twice.data, twice.len, "France and Germany met.\nFrance and Germany met.\n", 48);
    decode_refuses(gz.data, gz.len - 5, 1 << 20, "corrupt gzip data");
    assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, (const uint8_t *)text,
                                             sizeof(text) - 1, xz, &xz_len, sizeof(xz)),
                     LZMA_OK);
    decode_gives((const char *)xz, xz_len, text, sizeof(text) - 1);
    /* a zip bomb stops at the bound: 64 KiB of one letter from a few hundred bytes */
    memset(bomb, 'a', 1 << 16);
    gzip_of(&big, bomb, 1 << 16);
    assert_true(big.len < 1000);
    decode_refuses(big.data, big.len, 4096, "decompressed, over 4096 bytes");
    cm_buf_destroy(&twice);
    buf_of(&twice, big.data, big.len); /* the whole of it fits a larger bound */
    assert_int_equal(cm_decode(&twice, 1 << 16, &compressed, reason, &err), CM_OK);
    assert_string_equal(reason, "");
    assert_int_equal(compressed, 1);
    assert_int_equal(twice.len, 1 << 16);
    decode_gives(u16le, sizeof(u16le) - 1, "France \xc3\xa9", 9);
    decode_gives(u16be, sizeof(u16be) - 1, "France", 6);
    decode_gives(u32le, sizeof(u32le) - 1, "Fr", 2);
    decode_refuses("\xff\xfe"
                   "F\0\0\xdc",
                   6, 1 << 20, "invalid UTF-16LE text");
    decode_refuses("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, 1 << 20, "binary file (PNG image)");
    decode_refuses("%PDF-1.4\n", 9, 1 << 20, "PDF document");
    decode_refuses("PK\x03\x04rest", 8, 1 << 20, "ZIP archive");
    decode_refuses("t\0e\0x\0t\0 \0i\0n\0 \0U\0T\0F\0", 22, 1 << 20, "binary file (11 NUL bytes)");
    /* a stray NUL is text (the text stage reads it as U+FFFD) */
    decode_gives("Russia and\0 Ukraine met.", 25, "Russia and\0 Ukraine met.", 25);
    decode_refuses("\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc plain", 17, 1 << 20,
                   "are no UTF-8");
    /* a few Latin-1 letters are text, counted */
    decode_gives("Caf\xe9 in Paris, near the Seine", 29, "Caf\xe9 in Paris, near the Seine", 29);
    size_t first;
    assert_int_equal(cm_count_invalid_utf8("ok \xe9 \xc3\xa9 \xff", 9, &first), 2);
    assert_int_equal(first, 3);
    /* an invalid byte and a valid é at every offset around the 32-byte ASCII steps */
    for (size_t at = 0; at < 80; at++) {
        char buf[100];
        memset(buf, 'a', sizeof(buf));
        buf[at] = (char)0xff;
        buf[at + 10] = (char)0xc3;
        buf[at + 11] = (char)0xa9;
        assert_int_equal(cm_count_invalid_utf8(buf, sizeof(buf), &first), 1);
        assert_int_equal(first, at);
        assert_int_equal(cm_count_invalid_utf8(buf, at + 11, &first), 2); /* a cut é */
    }
    cm_buf_destroy(&gz);
    cm_buf_destroy(&twice);
    cm_buf_destroy(&big);
    free(bomb);
}

static void html_is(const char *html, const char *text, const char *title, const char *day)
{
    cm_html_page page;
    cm_error err;

    assert_int_equal(cm_html_read(&page, html, strlen(html), &err), CM_OK);
    assert_string_equal(page.text.data, text);
    if (title) {
        assert_non_null(page.title);
        assert_string_equal(page.title, title);
    } else {
        assert_null(page.title);
    }
    if (day) {
        day_is(page.day, day);
    } else {
        assert_int_equal(page.day, CM_DAY_NONE);
    }
    cm_html_page_destroy(&page);
}

/* Boilerplate out, blocks as paragraphs, the article's own header kept. */
static void read__html_text(void **state)
{
    (void)state;
    html_is("<!DOCTYPE html><html><head><title>Talks - Example Daily</title>"
            "<meta property=\"og:title\" content=\"Talks  in Geneva\">"
            "<meta property=\"article:published_time\" content=\"2024-03-05T23:30:00-02:00\">"
            "<script>var NATO = 1;</script><style>p{}</style></head><body>"
            "<nav>Russia | China</nav><header>Subscribe: NATO news</header>"
            "<article><header><h1>Talks in\n Geneva</h1></header>"
            "<p>France and <b>Germany</b>\n met.<br>A second line.</p>"
            "<ul><li>Iran</li><li>Sudan</li></ul><!-- Japan -->"
            "<figure><img src=x><figcaption>The ministers.</figcaption></figure></article>"
            "<aside>Read: Brazil</aside><form><input value=Chile>Chile</form>"
            "<footer>Reuters</footer><noscript>Peru</noscript><template>Cuba</template>"
            "</body></html>",
            "Talks in Geneva\n\nFrance and Germany met.\nA second line.\n\nIran\n\nSudan\n\nThe "
            "ministers.",
            "Talks in Geneva", "2024-03-06");
    /* no h1: og:title is the headline; the date from JSON-LD inside @graph */
    html_is("<html><head><meta property=og:title content=\"Ministers meet\">"
            "<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"WebPage\"},"
            "{\"@type\":\"NewsArticle\",\"datePublished\":\"2023-11-30T22:00:00-05:00\"}]}"
            "</script></head><body><p>Talks went on.</p></body></html>",
            "Ministers meet\n\nTalks went on.", "Ministers meet", "2023-12-01");
    /* <title> names the page but is no headline (it carries the site's name) */
    html_is("<html><head><title>A page | Site</title></head><body><div>One.</div><div>Two."
            "</div><time datetime=\"2022-02-02\">then</time></body></html>",
            "One.\n\nTwo.\n\nthen", "A page | Site", "2022-02-02");
    html_is("<html><head><meta name=\"date\" content=\"Tue, 05 Mar 2024 10:00:00 GMT\">"
            "<meta itemprop=\"datePublished\" content=\"2024-03-04\"></head>"
            "<body><h1>Head</h1><p>Body.</p></body></html>",
            "Head\n\nBody.", "Head", "2024-03-04");
    html_is("<html><body></body></html>", "", NULL, NULL);
}

/* The declared charset is honoured: Latin-1 bytes become UTF-8. */
static void read__html_charset(void **state)
{
    (void)state;
    html_is("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9 "
            "cr\xe8me</p></body></html>",
            "Caf\xc3\xa9 cr\xc3\xa8me", NULL, NULL);
    html_is("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
            "charset=windows-1252\"></head><body><p>\x93Quoted\x94</p></body></html>",
            "\xe2\x80\x9cQuoted\xe2\x80\x9d", NULL, NULL);
    assert_true(cm_looks_like_html("\xef\xbb\xbf  <!-- c --><!doctype HTML><p>", 32));
    assert_true(cm_looks_like_html("<?xml version=\"1.0\"?>\n<html xmlns=\"x\">", 38));
    assert_false(cm_looks_like_html("<htmlx>", 7));
    assert_false(cm_looks_like_html("The <html> tag", 14));
}

/* head, n times rep, tail: a page too big to write out (owned by the caller) */
static char *page_of(const char *head, const char *rep, size_t n, const char *tail)
{
    size_t h = strlen(head), r = strlen(rep), t = strlen(tail);
    char *p = malloc(h + n * r + t + 1);

    assert_non_null(p);
    memcpy(p, head, h);
    for (size_t i = 0; i < n; i++) {
        memcpy(p + h + i * r, rep, r);
    }
    memcpy(p + h + n * r, tail, t + 1);
    return p;
}

static void html_refused(char *html, const char *msg)
{
    cm_html_page page;
    cm_error err;

    assert_int_equal(cm_html_read(&page, html, strlen(html), &err), CM_EINPUT);
    assert_string_equal(err.msg, msg);
    cm_html_page_destroy(&page);
    free(html);
}

static void html_read(char *html, const char *text)
{
    html_is(html, text, NULL, NULL);
    free(html);
}

/* The limits of util/xml.h: what real pages hold is read (deep nests, megabytes of inline
 * image or script, beyond libxml2's own limits), deeper or bigger is refused with the line,
 * and so is an entity bomb, whose declarations would else become article text. */
static void read__html_limits(void **state)
{
    char msg[200];

    (void)state;
    /* html and body count: the text at the deepest level allowed */
    html_read(page_of("<html><body>", "<div>", CM_HTML_MAX_DEPTH - 2, "Deep."), "Deep.");
    snprintf(msg, sizeof(msg), "line 3: elements nested deeper than %d", CM_HTML_MAX_DEPTH);
    html_refused(page_of("<html>\n<body>\n", "<div>", CM_HTML_MAX_DEPTH - 1, "Deep."), msg);
    /* a <span> per paragraph left open: each paragraph one level deeper */
    char *want = page_of("A.", "\n\nA.", 399, "");
    html_read(page_of("<html><body>", "<p><span>A.", 400, ""), want);
    free(want);
    html_read(page_of("<html><body><img src=\"data:image/png;base64,", "QUFB", 5 << 18,
                      "\"><p>Kept.</p>"),
              "Kept.");
    html_read(page_of("<html><body><script>", "var a = 1;", 1200000, "</script><p>After.</p>"),
              "After.");
    snprintf(msg, sizeof(msg), "line 2: an attribute value of %zu bytes, more than %zu",
             CM_HTML_MAX_ATTR + 4, CM_HTML_MAX_ATTR);
    html_refused(page_of("<html>\n<body><img alt=\"", "abcd", CM_HTML_MAX_ATTR / 4 + 1, "\">"),
                 msg);
    html_refused(page_of("<html>\n<!DOCTYPE x [<!ENTITY a \"aaaaaaaa\">", "<!ENTITY b \"&a;&a;\">",
                         1, "]><p>&b;</p>"),
                 "line 2: a document type declaration with an internal subset (entity "
                 "declarations) is not allowed");
    html_is("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
            "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\"><p>Strict.</p>",
            "Strict.", NULL, NULL);
}

static void record_is(const cm_record *r, const char *id, const char *text, const char *day)
{
    assert_null(r->reason);
    assert_string_equal(r->id, id);
    assert_int_equal(r->len, strlen(text));
    assert_string_equal(r->text, text);
    if (day) {
        day_is(r->day, day);
    } else {
        assert_int_equal(r->day, CM_DAY_NONE);
    }
}

static void skip_is(const cm_record *r, const char *id, const char *why)
{
    assert_non_null(r->reason);
    assert_string_equal(r->id, id);
    if (!strstr(r->reason, why)) {
        fail_msg("reason '%s' lacks '%s'", r->reason, why);
    }
}

static void read__jsonl(void **state)
{
    static const char in[] =
        "{\"id\":\"a1\",\"title\":\"Talks\",\"text\":\"France met Germany.\","
        "\"date\":\"2024-03-05T23:30:00-02:00\"}\n"
        "\n"
        "{\"id\":7,\"title\":\"Talks\",\"text\":\"  Talks\\n\\nJapan.\",\"date\":\"Tue, 05 Mar "
        "2024 10:00:00 +0100\"}\r\n"
        "{\"text\":\"No id: India.\",\"date\":\"soon\"}\n"
        "not json\n"
        "[1,2]\n"
        "{\"id\":\"a1\",\"text\":\"again\"}\n"
        "{\"id\":\"a9\",\"title\":\"only a title\"}\n"
        "{\"id\":\"a8\",\"text\":\" \\n \"}\n"
        "{\"id\":\"a2\",\"text\":\"no newline at the end\"}";
    cm_records rs = {NULL, 0, 0};
    cm_record_spec spec;
    cm_error err;

    (void)state;
    cm_record_spec_init(&spec, "dir/f.jsonl", NULL);
    assert_int_equal(cm_jsonl_read(&rs, &spec, in, sizeof(in) - 1, &err), CM_OK);
    assert_int_equal(rs.n, 9);
    record_is(&rs.items[0], "dir/f.jsonl#a1", "Talks\n\nFrance met Germany.", "2024-03-06");
    record_is(&rs.items[1], "dir/f.jsonl#7", "  Talks\n\nJapan.", "2024-03-05");
    record_is(&rs.items[2], "dir/f.jsonl#4", "No id: India.", NULL);
    skip_is(&rs.items[3], "dir/f.jsonl:5", "not JSON");
    skip_is(&rs.items[4], "dir/f.jsonl:6", "not a JSON object");
    skip_is(&rs.items[5], "dir/f.jsonl:7", "id repeats line 1");
    skip_is(&rs.items[6], "dir/f.jsonl:8", "no text field 'text'");
    skip_is(&rs.items[7], "dir/f.jsonl:9", "empty text field 'text'");
    record_is(&rs.items[8], "dir/f.jsonl#a2", "no newline at the end", NULL);
    cm_records_destroy(&rs);

    /* other field names */
    cm_read_opts o = {CM_FORMAT_JSONL, "uid", "body", "headline", "published", 0};
    cm_record_spec_init(&spec, "g.jsonl", &o);
    static const char other[] = "{\"uid\":\"x\",\"headline\":\"H\",\"body\":\"B.\","
                                "\"published\":\"2020-01-01\",\"text\":\"not this\"}";
    assert_int_equal(cm_jsonl_read(&rs, &spec, other, sizeof(other) - 1, &err), CM_OK);
    assert_int_equal(rs.n, 1);
    record_is(&rs.items[0], "g.jsonl#x", "H\n\nB.", "2020-01-01");
    cm_records_destroy(&rs);
}

static void read__csv(void **state)
{
    static const char in[] = "\xef\xbb\xbfid,title,text,date\r\n"
                             "c1,\"Iran, again\",\"France met Germany.\n\nThen \"\"Russia\"\" "
                             "spoke.\",2024-01-02\r\n"
                             "\r\n"
                             "c2,,Japan and India,\r\n"
                             "c3,T,,2024-01-01\n"
                             "c1,,dup,\n";
    static const char no_id[] = "text,title\n\"one\ntwo\nthree\",A\nfour,B\n";
    cm_records rs = {NULL, 0, 0};
    cm_record_spec spec;
    cm_error err;

    (void)state;
    cm_record_spec_init(&spec, "b.csv", NULL);
    assert_int_equal(cm_csv_read(&rs, &spec, in, sizeof(in) - 1, &err), CM_OK);
    assert_int_equal(rs.n, 4);
    record_is(&rs.items[0], "b.csv#c1",
              "Iran, again\n\nFrance met Germany.\n\nThen \"Russia\" spoke.", "2024-01-02");
    record_is(&rs.items[1], "b.csv#c2", "Japan and India", NULL);
    skip_is(&rs.items[2], "b.csv:7", "empty text field 'text'");
    skip_is(&rs.items[3], "b.csv:8", "id repeats line 2");
    cm_records_destroy(&rs);

    /* without an id, a record is named by its first line */
    cm_record_spec_init(&spec, "n.csv", NULL);
    assert_int_equal(cm_csv_read(&rs, &spec, no_id, sizeof(no_id) - 1, &err), CM_OK);
    assert_int_equal(rs.n, 2);
    record_is(&rs.items[0], "n.csv#2", "A\n\none\ntwo\nthree", NULL);
    record_is(&rs.items[1], "n.csv#5", "B\n\nfour", NULL);
    cm_records_destroy(&rs);

    assert_int_equal(cm_csv_read(&rs, &spec, "a,b\n1,2\n", 8, &err), CM_EINPUT);
    assert_string_equal(err.msg, "no column 'text' in the header row");
    cm_records_destroy(&rs);
}

/* A JSONL file through the list of inputs: sorted records, skips, days, the same text read
 * twice. */
static void read__inputs_records(void **state)
{
    char dir[] = "/tmp/cm_test_read_XXXXXX", path[64];
    const char *ops[1] = {dir};
    cm_read_opts o = {CM_FORMAT_AUTO, NULL, NULL, NULL, NULL, 0};
    cm_inputs *in = NULL;
    cm_doc *d1 = NULL, *d2 = NULL;
    char reason[256];
    cm_error err;
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/f.jsonl", dir);
    assert_non_null(f = fopen(path, "w"));
    fputs("{\"id\":\"b\",\"title\":\"T\",\"text\":\"Russia.\",\"date\":\"2024-02-29\"}\n"
          "{\"id\":\"a\",\"text\":\"China.\"}\nnope\n",
          f);
    fclose(f);
    assert_int_equal(cm_inputs_collect_opts(&in, ops, 1, &o, &err), CM_OK);
    assert_int_equal(cm_inputs_count(in), 2);
    assert_int_equal(cm_inputs_n_skipped(in), 1);
    assert_non_null(strstr(cm_inputs_skipped(in, 0)->reason, "not JSON"));
    snprintf(path, sizeof(path), "%s/f.jsonl#b", dir);
    assert_string_equal(cm_inputs_id(in, 1), path);
    assert_int_equal(cm_inputs_read(&d1, reason, in, 1, &err), CM_OK);
    assert_string_equal(d1->text, "T\n\nRussia.");
    assert_int_equal(d1->reread, 1);
    day_is(d1->day, "2024-02-29");
    assert_int_equal(cm_inputs_fetch(in, path, &d2, &err), CM_OK);
    assert_int_equal(d2->len, d1->len);
    assert_memory_equal(d2->text, d1->text, d1->len);
    cm_doc_free(d1);
    cm_doc_free(d2);
    cm_inputs_free(in);
    snprintf(path, sizeof(path), "%s/f.jsonl", dir);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(read__decode),         cmocka_unit_test(read__html_text),
        cmocka_unit_test(read__html_charset),   cmocka_unit_test(read__html_limits),
        cmocka_unit_test(read__jsonl),          cmocka_unit_test(read__csv),
        cmocka_unit_test(read__inputs_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
