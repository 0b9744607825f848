/* comention mentions: one TSV line per mention (docs/design.md §3), ordered by (doc, start). */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
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

/* Doc ids are paths; a tab or line break in one would break the TSV. */
static void put_field(cm_buf *b, const char *s)
{
    size_t clean = strcspn(s, "\t\n\r");
    cm_buf_put(b, s, clean); /* the whole of nearly every field */
    for (s += clean; *s; s++) {
        cm_buf_putc(b, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s);
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
    if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len) {
        return cm_error_set(err, CM_EIO, NULL, 0, "cannot write to standard output");
    }
    return CM_OK;
}

int cli_mentions(int argc, char **argv)
{
    cli_opts o;
    cm_error err;
    cm_lexicon *lex = NULL;
    cm_inputs *in = NULL;
    cm_buf b;
    int exit_now = 0, status = 0;
    size_t skipped = 0;
    cm_status rc;

    cm_error_clear(&err);
    cm_buf_init(&b);
    rc = cli_parse(&o, argc, argv, CM_OPT_COUNT | CM_OPT_READ | CM_OPT_JOBS, &exit_now, &err);
    if (rc == CM_OK && !exit_now) {
        rc = cli_collect(&in, &o, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cli_load_lexicon(&lex, &o, &err);
    }
    if (rc == CM_OK && !exit_now) {
        fputs("doc\tstart\tend\tsentence\tentity\ttype\tlabel\tsurface\tdiscovered\n", stdout);
        printer pr = {&b, &o.count};
        rc = cli_each_document(in, lex, &o, print_doc, &pr, &skipped, &err);
    }
    if (rc == CM_OK && (fflush(stdout) != 0 || ferror(stdout))) {
        rc = cm_error_set(&err, CM_EIO, NULL, 0, "cannot write to standard output");
    }
    if (rc == CM_OK && o.strict && skipped > 0) {
        status = 2;
    }
    if (rc != CM_OK) {
        status = cli_fail(&err);
    }
    cm_buf_destroy(&b);
    cm_inputs_free(in);
    cm_lexicon_free(lex);
    cli_opts_destroy(&o);
    return status;
}
