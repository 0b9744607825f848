/* comention: the mentions TSV (docs/design.md §3), one line per mention, ordered by (doc,
 * start), written as the ordered loop hands the documents on. */
#include <string.h>
#include "comention/run.h"
#include "util/util.h"
/* The matched text with every whitespace run (line breaks and NBSP too) as one space. */
static void put_surface(cm_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    int in_space = 0;

    while (i < n) {
        uint32_t cp;
        size_t k = 0;
        while (i + k < n && u[i + k] > ' ' && u[i + k] < 0x7F) {
            k++; /* printable ASCII, no space: as it is */
        }
        if (k > 0) {
            if (in_space) {
                cm_buf_putc(b, ' ');
            }
            in_space = 0;
            cm_buf_put(b, s + i, k);
            i += k;
            continue;
        }
        k = cm_utf8_decode(&cp, u + i, n - i);
        if (cm_is_space(cp)) {
            in_space = 1;
        } else {
            if (in_space) {
                cm_buf_putc(b, ' ');
            }
            in_space = 0;
            cm_buf_put_text(b, s + i, k, false);
        }
        i += k;
    }
}

/* Doc ids are paths; a tab or line break in one would break the TSV, and bytes that are no
 * UTF-8 the file (U+FFFD, as in every other output). */
static void put_field(cm_buf *b, const char *s)
{
    for (;;) {
        size_t clean = strcspn(s, "\t\n\r");
        cm_buf_put_text(b, s, clean, false); /* the whole of nearly every field */
        if (!s[clean]) {
            return;
        }
        cm_buf_putc(b, ' ');
        s += clean + 1;
    }
}

/* A tab, then n in decimal. */
static void put_number(cm_buf *b, size_t n)
{
    cm_buf_putc(b, '\t');
    cm_buf_put_int(b, (long long)n);
}

/* What print_doc() needs: the output buffer, and which entities to print (--types,
 * --subtypes, --exclude-subtypes, as counting would take them). */
typedef struct printer {
    FILE *out;
    cm_buf *b;
    const cm_count_opts *co;
} printer;

static cm_status print_doc(void *ctx, const cm_mentions *m, const cm_lexicon *lex, cm_error *err)
{
    const printer *pr = ctx;
    cm_buf *b = pr->b;
    const cm_doc *doc = m->seg->doc;

    cm_buf_clear(b);
    for (size_t i = 0; i < m->n; i++) {
        const cm_mention *mn = &m->items[i];
        const cm_entity *e = cm_mention_entity(m, mn, lex);
        if (!cm_count_opts_keep(pr->co, e->type, e->subtype)) {
            continue;
        }
        put_field(b, doc->id);
        put_number(b, mn->start);
        put_number(b, mn->end);
        put_number(b, mn->sentence);
        cm_buf_putc(b, '\t');
        cm_buf_puts(b, e->id);
        cm_buf_putc(b, '\t');
        cm_buf_puts(b, cm_type_name(e->type));
        cm_buf_putc(b, '\t');
        put_field(b, e->name);
        cm_buf_putc(b, '\t');
        put_surface(b, doc->text + mn->start, mn->end - mn->start);
        cm_buf_puts(b, mn->discovered ? "\t1\n" : "\t0\n");
    }
    if (b->failed) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (b->len && fwrite(b->data, 1, b->len, pr->out) != b->len) {
        return cm_error_set(err, CM_EIO, NULL, 0, "cannot write to standard output");
    }
    return CM_OK;
}

cm_status cm_run_mentions(FILE *out, const cm_inputs *in, const cm_lexicon *lex,
                          const cm_run_opts *o, size_t *n_skipped, cm_error *err)
{
    cm_buf b;
    printer pr = {out, &b, &o->count};
    cm_status rc;

    *n_skipped = 0;
    cm_buf_init(&b);
    fputs("doc\tstart\tend\tsentence\tentity\ttype\tlabel\tsurface\tdiscovered\n", out);
    rc = cm_run_each(in, lex, o, print_doc, &pr, n_skipped, err);
    if (rc == CM_OK && (fflush(out) != 0 || ferror(out))) {
        rc = cm_error_set(err, CM_EIO, NULL, 0, "cannot write to standard output");
    }
    cm_buf_destroy(&b);
    return rc;
}
