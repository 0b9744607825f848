/* comention: .cmc files, counts of one shard (comention extract) to be merged (merge) and
 * graphed (graph). Layout, all integers unsigned 64-bit little-endian, strings as a length
 * and their bytes:
 *
 *   "COMENTION-CMC\n" version(6)
 *   options: unit window evidence types subtypes filter discover dedupe slice since until
 *            lexicon: string (SHA-256 hex)
 *   copies:  n, then n × (id, kept, near): the documents --dedupe left out
 *   invalid: documents, bytes, n, then n × (id, bytes, first): invalid UTF-8, the first
 *            n <= CM_INVALID_LISTED documents in ascending id order (invalid.c)
 *   tables:  totals: units documents bytes sentences mentions outside
 *            skipped: n, then n × (id, reason)
 *            entities: n, then n × (id, label, subtype, type, discovered, mentions, units,
 *                      documents)
 *            pairs: n, then n × (a, b, units, documents, k, k × (rank, doc, start, end,
 *                   snippet))
 *   periods: n, then n × (first day, tables), in the counts' order
 *   SHA-256 of everything before it (32 bytes)
 *
 * Days (since, until, a period's first day) are written as their 32 bits, unsigned:
 * CM_DAY_NONE is 2^31.
 *
 * The checksum is verified before anything is parsed, so a truncated or damaged file is
 * refused as a whole; every count and index is then checked against the tables. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <nettle/sha2.h>
#include "comention/read.h"
#include "count/count_int.h"

static const char magic[] = "COMENTION-CMC\n";
#define MAGIC_LEN (sizeof(magic) - 1)
#define VERSION 6
#define SUM_LEN 32

static void put_u64(cm_buf *b, uint64_t v)
{
    char x[8];
    for (int i = 0; i < 8; i++) {
        x[i] = (char)(v >> (8 * i));
    }
    cm_buf_put(b, x, 8);
}

static void put_str(cm_buf *b, const char *s)
{
    size_t n = strlen(s);
    put_u64(b, n);
    cm_buf_put(b, s, n);
}

static void put_day(cm_buf *b, int32_t day)
{
    put_u64(b, (uint32_t)day);
}

static void put_tables(cm_buf *b, const cm_counts *c)
{
    put_u64(b, c->n_units);
    put_u64(b, c->n_docs);
    put_u64(b, c->n_bytes);
    put_u64(b, c->n_sentences);
    put_u64(b, c->n_mentions);
    put_u64(b, c->n_outside);
    put_u64(b, c->n_skipped);
    for (size_t i = 0; i < c->n_skipped; i++) {
        put_str(b, c->skipped[i].id);
        put_str(b, c->skipped[i].reason);
    }
    put_u64(b, c->n_ents);
    for (size_t i = 0; i < c->n_ents; i++) {
        const cm_entity_count *e = &c->ents[i];
        put_str(b, e->id);
        put_str(b, e->label);
        put_str(b, e->subtype);
        put_u64(b, (uint64_t)e->type);
        put_u64(b, (uint64_t)e->discovered);
        put_u64(b, e->mentions);
        put_u64(b, e->units);
        put_u64(b, e->documents);
    }
    put_u64(b, c->n_pairs);
    for (size_t i = 0; i < c->n_pairs; i++) {
        const cm_pair_count *p = &c->pairs[i];
        put_u64(b, p->a);
        put_u64(b, p->b);
        put_u64(b, p->units);
        put_u64(b, p->documents);
        put_u64(b, p->n_evidence);
        for (size_t k = 0; k < p->n_evidence; k++) {
            put_u64(b, p->evidence[k].rank);
            put_str(b, p->evidence[k].doc);
            put_u64(b, p->evidence[k].start);
            put_u64(b, p->evidence[k].end);
            put_str(b, p->evidence[k].snippet);
        }
    }
}

static void put_body(cm_buf *b, const cm_counts *c)
{
    cm_buf_put(b, magic, MAGIC_LEN);
    put_u64(b, VERSION);
    put_u64(b, (uint64_t)c->opts.unit);
    put_u64(b, c->opts.window);
    put_u64(b, c->opts.evidence);
    put_u64(b, c->opts.types);
    put_u64(b, c->opts.subtypes);
    put_u64(b, (uint64_t)c->opts.filter);
    put_u64(b, (uint64_t)c->opts.discover);
    put_u64(b, (uint64_t)c->opts.dedupe);
    put_u64(b, (uint64_t)c->opts.slice);
    put_day(b, c->opts.since);
    put_day(b, c->opts.until);
    put_str(b, c->lexicon);
    put_u64(b, c->n_copies);
    for (size_t i = 0; i < c->n_copies; i++) {
        put_str(b, c->copies[i].id);
        put_str(b, c->copies[i].kept);
        put_u64(b, (uint64_t)c->copies[i].near);
    }
    put_u64(b, c->invalid_docs);
    put_u64(b, c->invalid_bytes);
    put_u64(b, c->n_invalid);
    for (size_t i = 0; i < c->n_invalid; i++) {
        put_str(b, c->invalid[i].id);
        put_u64(b, c->invalid[i].bytes);
        put_u64(b, c->invalid[i].first);
    }
    put_tables(b, c);
    put_u64(b, c->n_periods);
    for (size_t i = 0; i < c->n_periods; i++) {
        put_day(b, c->periods[i].first);
        put_tables(b, c->periods[i].c);
    }
}

/* Nettle's, not GLib's: GLib's portable C was half of `extract`'s instructions on a dense
 * corpus (55 a byte); Nettle's is machine code chosen for the CPU, 3x as fast here. */
static void sha256(unsigned char out[SUM_LEN], const char *data, size_t len)
{
    struct sha256_ctx sum;
    sha256_init(&sum);
    sha256_update(&sum, len, (const uint8_t *)data);
    sha256_digest(&sum, SUM_LEN, out);
}

cm_status cm_counts_write(const char *path, const cm_counts *c, cm_error *err)
{
    unsigned char sum[SUM_LEN];
    cm_buf b;
    cm_status rc;

    for (size_t i = 0; i < cm_counts_n_pairs(c); i++) {
        const cm_pair_count *p = cm_counts_pair(c, i);
        for (size_t k = 0; k < p->n_evidence; k++) {
            if (!p->evidence[k].snippet) {
                return cm_error_set(err, CM_EINPUT, p->evidence[k].doc, 0,
                                    "evidence snippets not cut (cm_counts_fill_snippets)");
            }
        }
    }
    cm_buf_init(&b);
    put_body(&b, c);
    if (!b.failed) {
        sha256(sum, b.data, b.len);
        cm_buf_put(&b, (const char *)sum, SUM_LEN);
    }
    rc = cm_write_file(path, &b, err);
    cm_buf_destroy(&b);
    return rc;
}

/* ---- reading ---- */

typedef struct reader {
    const unsigned char *base, *p, *end; /* base: the file's first byte */
    int bad;                             /* ran past the end or met an impossible value */
    size_t bad_at;                       /* then: the offset of the value or record */
} reader;

/* The file is bad from `at` on; the first place found is the one reported. */
static void set_bad(reader *r, const unsigned char *at)
{
    if (!r->bad) {
        r->bad = 1;
        r->bad_at = (size_t)(at - r->base);
    }
}

static uint64_t get_u64(reader *r)
{
    uint64_t v = 0;
    if (r->end - r->p < 8) {
        set_bad(r, r->p);
        return 0;
    }
    for (int i = 0; i < 8; i++) {
        v |= (uint64_t)r->p[i] << (8 * i);
    }
    r->p += 8;
    return v;
}

/* A copied, NUL-terminated string, or NULL (r->bad set, or out of memory). */
static char *get_str(reader *r)
{
    const unsigned char *at = r->p;
    uint64_t n = get_u64(r);
    char *s;
    if (r->bad || n > (uint64_t)(r->end - r->p) || memchr(r->p, '\0', (size_t)n)) {
        set_bad(r, at);
        return NULL;
    }
    s = cm_strndup((const char *)r->p, (size_t)n);
    r->p += n;
    return s;
}

static int32_t get_day(reader *r)
{
    uint64_t v = get_u64(r);
    if (v > UINT32_MAX) {
        set_bad(r, r->p);
    }
    return (int32_t)(uint32_t)v;
}

static cm_status bad_file(cm_error *err, const char *path, const char *what)
{
    return cm_error_set(err, CM_EINPUT, path, 0, "not a valid .cmc file: %s", what);
}

/* What is wrong and where (an offset is what a hex dump of the file shows). */
static cm_status bad_at(cm_error *err, const char *path, const char *what, const reader *r)
{
    return cm_error_set(err, CM_EINPUT, path, 0, "not a valid .cmc file: %s at byte %zu", what,
                        r->bad_at);
}

static cm_status read_entities(cm_counts *c, reader *r, const char *path, cm_error *err)
{
    uint64_t n = get_u64(r);
    cm_status rc = CM_OK;

    for (uint64_t i = 0; i < n && rc == CM_OK && !r->bad; i++) {
        const unsigned char *rec = r->p;
        char *id = get_str(r), *label = get_str(r), *sub = get_str(r);
        uint64_t type = get_u64(r), disc = get_u64(r);
        size_t at;
        if (!r->bad && (!id || !label || !sub)) {
            rc = cm_error_set(err, CM_ENOMEM, path, 0, "out of memory");
        } else if (!r->bad && (type >= CM_N_TYPES || disc > 1)) {
            set_bad(r, rec);
        } else if (!r->bad) {
            rc = cm_counts_intern(c, id, label, sub, (cm_type)type, (int)disc, &at, err);
            if (rc == CM_OK && at != c->n_ents - 1) {
                set_bad(r, rec); /* an id twice */
            }
        }
        cm_free(id);
        cm_free(label);
        cm_free(sub);
        if (rc == CM_OK && !r->bad) {
            c->ents[c->n_ents - 1].mentions = get_u64(r);
            c->ents[c->n_ents - 1].units = get_u64(r);
            c->ents[c->n_ents - 1].documents = get_u64(r);
        }
    }
    return rc == CM_OK && r->bad ? bad_at(err, path, "bad entity table", r) : rc;
}

static cm_status read_evidence(cm_counts *c, cm_pair_count *p, reader *r, cm_error *err)
{
    const unsigned char *at = r->p;
    uint64_t k = get_u64(r);
    cm_status rc = CM_OK;

    if (k > c->opts.evidence) {
        set_bad(r, at);
    }
    for (uint64_t i = 0; i < k && rc == CM_OK && !r->bad; i++) {
        const unsigned char *rec = r->p;
        cm_evidence ev;
        char *doc;
        uint64_t rank = get_u64(r);
        doc = get_str(r);
        uint64_t start = get_u64(r), end = get_u64(r);
        ev.snippet = get_str(r);
        /* offsets into a document, which is at most CM_DOC_MAX_BYTES long, and so is the
         * rank of an occurrence in it: all of them fit the counts' 32 bits */
        if (!r->bad && (start > end || end > CM_DOC_MAX_BYTES || rank > UINT32_MAX)) {
            set_bad(r, rec);
        }
        ev.rank = (uint32_t)rank;
        ev.start = (uint32_t)start;
        ev.end = (uint32_t)end;
        if (r->bad || !doc || !ev.snippet) {
            cm_free(ev.snippet);
            rc = r->bad ? CM_OK : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        } else if ((rc = cm_counts_intern_doc(c, doc, UINT64_MAX, &ev.doc, err)) != CM_OK) {
            cm_free(ev.snippet);
        } else {
            rc = cm_counts_insert_evidence(c, p, ev, err);
        }
        cm_free(doc);
    }
    return rc;
}

static cm_status read_pairs(cm_counts *c, reader *r, const char *path, cm_error *err)
{
    uint64_t n = get_u64(r);
    cm_status rc = CM_OK;

    for (uint64_t i = 0; i < n && rc == CM_OK && !r->bad; i++) {
        const unsigned char *rec = r->p;
        uint64_t a = get_u64(r), b = get_u64(r);
        size_t p;
        if (r->bad || a >= c->n_ents || b >= c->n_ents || a >= b) {
            set_bad(r, rec);
            break;
        }
        rc = cm_counts_intern_pair(c, (size_t)a, (size_t)b, &p, err);
        if (rc == CM_OK && p != c->n_pairs - 1) {
            set_bad(r, rec); /* a pair twice */
        }
        if (rc == CM_OK && !r->bad) {
            c->pairs[p].units = get_u64(r);
            c->pairs[p].documents = get_u64(r);
            rc = read_evidence(c, &c->pairs[p], r, err);
        }
    }
    return rc == CM_OK && r->bad ? bad_at(err, path, "bad pair table", r) : rc;
}

static cm_status read_head(cm_counts **out, reader *r, const char *path, cm_error *err)
{
    cm_count_opts o;
    uint64_t version = get_u64(r);
    char *lexicon;
    cm_status rc;

    if (version != VERSION) {
        return cm_error_set(err, CM_EINPUT, path, 0,
                            ".cmc format version %llu; this program reads version %d",
                            (unsigned long long)version, VERSION);
    }
    cm_count_opts_init(&o);
    /* each value checked before it is narrowed to its field's type */
    const unsigned char *at = r->p;
    uint64_t unit = get_u64(r), window = get_u64(r), evidence = get_u64(r);
    uint64_t types = get_u64(r), subtypes = get_u64(r), filter = get_u64(r);
    uint64_t discover = get_u64(r);
    uint64_t dedupe = get_u64(r);
    uint64_t slice = get_u64(r);
    int32_t since = get_day(r), until = get_day(r);
    lexicon = get_str(r);
    if (r->bad || !lexicon || unit > CM_UNIT_WINDOW || window == 0 || window > SIZE_MAX ||
        evidence > 1000000 || types == 0 || types >= (1u << CM_N_TYPES) || subtypes == 0 ||
        subtypes > CM_ALL_SUBTYPES || filter > CM_UNITS_BODY || strlen(lexicon) > 64 ||
        discover > CM_DISCOVER_NONE || dedupe > CM_DEDUPE_NONE || slice > CM_SLICE_YEAR) {
        cm_free(lexicon);
        set_bad(r, at);
        return bad_at(err, path, "bad header", r);
    }
    o.unit = (cm_unit)unit;
    o.window = (size_t)window;
    o.evidence = (size_t)evidence;
    o.types = (unsigned)types;
    o.subtypes = subtypes;
    o.filter = (cm_unit_filter)filter;
    o.discover = (cm_discover)discover;
    o.dedupe = (cm_dedupe)dedupe;
    o.slice = (cm_slice)slice;
    o.since = since;
    o.until = until;
    rc = cm_counts_new(out, &o, err);
    if (rc == CM_OK) {
        cm_counts_set_lexicon(*out, lexicon);
    }
    cm_free(lexicon);
    return rc;
}

static cm_status read_copies(cm_counts *c, reader *r, const char *path, cm_error *err)
{
    cm_status rc = CM_OK;
    uint64_t n = get_u64(r);
    for (uint64_t i = 0; i < n && rc == CM_OK && !r->bad; i++) {
        const unsigned char *at = r->p;
        cm_copy copy = {get_str(r), get_str(r), 0};
        uint64_t near = get_u64(r);
        copy.near = near == 1;
        if (near > 1) {
            set_bad(r, at);
        } else if (!r->bad && (!copy.id || !copy.kept)) {
            rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        } else if (!r->bad) {
            rc = cm_counts_add_copy(c, &copy, err);
        }
        cm_free(copy.id);
        cm_free(copy.kept);
    }
    return rc == CM_OK && r->bad ? bad_at(err, path, "bad list of copies", r) : rc;
}

/* One listed document: ids in ascending order, at least one invalid byte, every one of
 * them inside a document (at most CM_DOC_MAX_BYTES long). */
static int invalid_ok(const cm_counts *c, const char *id, uint64_t bytes, uint64_t first)
{
    const cm_invalid_doc *prev = c->n_invalid ? &c->invalid[c->n_invalid - 1] : NULL;
    return bytes > 0 && bytes <= CM_DOC_MAX_BYTES && first <= CM_DOC_MAX_BYTES - bytes &&
           (!prev || strcmp(prev->id, id) < 0 ||
            (strcmp(prev->id, id) == 0 && prev->first <= first));
}

/* The list is the first n of the documents, whole when shorter than the limit, and the
 * totals cover at least what it lists. */
static cm_status read_invalid(cm_counts *c, reader *r, const char *path, cm_error *err)
{
    cm_status rc = CM_OK;
    const unsigned char *head = r->p;
    uint64_t docs = get_u64(r), bytes = get_u64(r), n = get_u64(r), listed = 0;

    if (n > CM_INVALID_LISTED || n > docs || (n < CM_INVALID_LISTED && n != docs) || bytes < docs) {
        set_bad(r, head);
    }
    for (uint64_t i = 0; i < n && rc == CM_OK && !r->bad; i++) {
        const unsigned char *at = r->p;
        char *id = get_str(r);
        uint64_t b = get_u64(r), first = get_u64(r);
        if (!r->bad && !id) {
            rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        } else if (!r->bad && (!invalid_ok(c, id, b, first) || b > bytes - listed)) {
            set_bad(r, at);
        } else if (!r->bad) {
            listed += b;
            rc = cm_counts_add_invalid(c, id, b, first, err);
        }
        cm_free(id);
    }
    if (rc == CM_OK && !r->bad) {
        c->invalid_docs = docs;
        c->invalid_bytes = bytes;
    }
    return rc == CM_OK && r->bad ? bad_at(err, path, "bad list of invalid UTF-8", r) : rc;
}

static cm_status read_tables(cm_counts *c, reader *r, const char *path, cm_error *err)
{
    cm_status rc = CM_OK;
    uint64_t n;

    c->n_units = get_u64(r);
    c->n_docs = get_u64(r);
    c->n_bytes = get_u64(r);
    c->n_sentences = get_u64(r);
    c->n_mentions = get_u64(r);
    c->n_outside = get_u64(r);
    n = get_u64(r);
    for (uint64_t i = 0; i < n && rc == CM_OK && !r->bad; i++) {
        char *id = get_str(r), *reason = get_str(r);
        if (id && reason) {
            rc = cm_counts_add_skipped(c, id, reason, err);
        } else if (!r->bad) {
            rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        }
        cm_free(id);
        cm_free(reason);
    }
    if (rc == CM_OK && r->bad) {
        rc = bad_at(err, path, "bad list of skipped files", r);
    }
    if (rc == CM_OK) {
        rc = read_entities(c, r, path, err);
    }
    if (rc == CM_OK) {
        rc = read_pairs(c, r, path, err);
    }
    return rc;
}

/* The periods, each once, in order, only with time slices. */
static cm_status read_periods(cm_counts *c, reader *r, const char *path, cm_error *err)
{
    uint64_t n = get_u64(r);
    cm_status rc = CM_OK;

    if (n > 0 && c->opts.slice == CM_SLICE_NONE) {
        set_bad(r, r->p);
    }
    for (uint64_t i = 0; i < n && rc == CM_OK && !r->bad; i++) {
        int32_t first = get_day(r);
        cm_counts *p = NULL;
        int32_t prev = i > 0 ? c->periods[i - 1].first : CM_DAY_NONE;
        if (r->bad || (i > 0 && (prev == CM_DAY_NONE || (first != CM_DAY_NONE && prev >= first)))) {
            set_bad(r, r->p);
            break;
        }
        rc = cm_counts_period_at(c, first, &p, err);
        if (rc == CM_OK) {
            rc = read_tables(p, r, path, err);
        }
    }
    return rc == CM_OK && r->bad ? bad_at(err, path, "bad period table", r) : rc;
}

static cm_status read_body(cm_counts **out, reader *r, const char *path, cm_error *err)
{
    cm_counts *c = NULL;
    cm_status rc = read_head(&c, r, path, err);

    if (rc == CM_OK) {
        rc = read_copies(c, r, path, err);
    }
    if (rc == CM_OK) {
        rc = read_invalid(c, r, path, err);
    }
    if (rc == CM_OK) {
        rc = read_tables(c, r, path, err);
    }
    if (rc == CM_OK) {
        rc = read_periods(c, r, path, err);
    }
    if (rc == CM_OK && r->p != r->end) {
        set_bad(r, r->p);
        rc = bad_at(err, path, "trailing bytes", r);
    }
    if (rc == CM_OK) {
        rc = cm_counts_finish(c, err);
    }
    if (rc != CM_OK) {
        cm_counts_free(c);
        return rc;
    }
    *out = c;
    return CM_OK;
}

cm_status cm_counts_read(cm_counts **out, const char *path, cm_error *err)
{
    unsigned char sum[SUM_LEN];
    cm_buf b;
    cm_status rc;

    *out = NULL;
    cm_buf_init(&b);
    rc = cm_read_file(&b, path, CM_FILE_MAX_BYTES, err);
    if (rc != CM_OK) {
        cm_buf_destroy(&b);
        return rc;
    }
    if (b.len < MAGIC_LEN || memcmp(b.data, magic, MAGIC_LEN) != 0) {
        rc = bad_file(err, path, "no .cmc header (not written by comention extract?)");
    } else if (b.len < MAGIC_LEN + 8 + SUM_LEN) {
        rc = bad_file(err, path, "truncated");
    } else {
        sha256(sum, b.data, b.len - SUM_LEN);
        if (memcmp(sum, b.data + b.len - SUM_LEN, SUM_LEN) != 0) {
            rc = bad_file(err, path, "checksum mismatch (truncated or corrupt)");
        } else {
            reader r = {(const unsigned char *)b.data, (const unsigned char *)b.data + MAGIC_LEN,
                        (const unsigned char *)b.data + b.len - SUM_LEN, 0, 0};
            rc = read_body(out, &r, path, err);
        }
    }
    cm_buf_destroy(&b);
    return rc;
}
