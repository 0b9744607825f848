/* comention: the stages the subcommands share. Reading, segmenting, extracting and
 * counting run on -j worker threads, each with its own counts; the counts are then merged
 * (a commutative monoid, docs/design.md §5), so the result is the same for any -j. igraph is
 * not thread-safe in Debian's build: the graph stages run after the workers, on one
 * thread. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli/cli.h"
#include "util/util.h"

void cli_say(const char *fmt, ...)
{
    char line[2048], safe[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    cm_escape_controls(safe, sizeof(safe), line);
    fprintf(stderr, "comention: %s\n", safe);
}

void cli_warn(void *quiet, const char *msg)
{
    if (!quiet || !*(int *)quiet) {
        cli_say("warning: %s", msg);
    }
}

int cli_fail(const cm_error *err)
{
    char line[2048];

    cm_error_format(line, sizeof(line), err);
    cli_say("%s", line);
    switch (err->code) {
    case CM_OK:
        return 0;
    case CM_EUSAGE:
        fputs("Try 'comention --help' for more information.\n", stderr);
        return 1;
    case CM_EINPUT:
    case CM_EIO:
        return 2;
    default:
        return 3;
    }
}

cm_status cli_collect(cm_inputs **out, cli_opts *o, cm_error *err)
{
    cm_status rc = cm_inputs_collect_opts(out, o->inputs, o->n_inputs, &o->read, err);

    if (rc == CM_OK && o->dates && !o->dates_table) {
        rc = cm_dates_load(&o->dates_table, o->dates, err);
    }
    if (rc == CM_OK) {
        cm_inputs_set_dates(*out, o->dates_table);
    }
    if (rc == CM_OK && o->dates_table && cm_dates_count(o->dates_table) > 0) {
        size_t dated = 0;
        for (size_t i = 0; i < cm_inputs_count(*out); i++) {
            dated += cm_dates_get(o->dates_table, cm_inputs_id(*out, i)) != CM_DAY_NONE;
        }
        if (dated == 0 && cm_inputs_count(*out) > 0 && !o->quiet) {
            /* doc ids are the operands as given: a table written from another directory
             * matches nothing, and every document would silently be undated */
            cli_say("warning: %s: no input document is in this table (doc ids are paths as "
                    "given on the command line, such as '%s')",
                    o->dates, cm_inputs_id(*out, 0));
        }
    }
    return rc;
}

cm_status cli_load_lexicon(cm_lexicon **out, const cli_opts *o, cm_error *err)
{
    cm_lexicon *lex = NULL;
    cm_status rc = cm_lexicon_new(&lex, err);

    *out = NULL;
    if (rc == CM_OK && !o->no_default_lexicon) {
        rc = cm_lexicon_add_builtin(lex, err);
    }
    for (size_t i = 0; rc == CM_OK && i < o->n_lexicons; i++) {
        rc = cm_lexicon_add_file(lex, o->lexicons[i], err);
    }
    if (rc == CM_OK) {
        rc = cm_lexicon_compile(lex, cli_warn, (void *)&o->quiet, err);
    }
    if (rc != CM_OK) {
        cm_lexicon_free(lex);
        return rc;
    }
    *out = lex;
    return CM_OK;
}

/* One document through segment and extract; `*m` is NULL when the file was skipped.
 * `*seg` is reused from one document to the next (the caller frees it at the end). */
static cm_status one_document(cm_doc **doc, cm_segments **seg, cm_mentions **m, char *reason,
                              const cm_inputs *in, size_t i, const cm_lexicon *lex, int explain,
                              cm_discover discover, cm_error *err)
{
    cm_extract_opts eo = {/* rejections = */ explain, discover};
    cm_status rc = cm_inputs_read(doc, reason, in, i, err);
    if (rc == CM_OK && *doc) {
        rc = *seg ? cm_segment_into(*seg, *doc, err) : cm_segment(seg, *doc, err);
    }
    if (rc == CM_OK && *doc) {
        rc = cm_extract(m, *seg, lex, &eo, err);
    }
    return rc;
}

static void say_skipped(const cli_opts *o, const char *id, const char *reason)
{
    if (!o->quiet) {
        cli_say("%s: skipped: %s", id, reason);
    }
}

/* ---- counting on worker threads ---- */

typedef struct job {
    const cm_inputs *in;
    const cm_lexicon *lex;
    const cli_opts *o;
    pthread_mutex_t lock;
    size_t next;     /* next document to take */
    int failed;      /* a worker failed: the others stop */
    int progress;    /* print a progress line */
    size_t done;     /* documents finished */
    uint64_t bytes;  /* their bytes */
    double t0, last; /* start, and the last progress line (seconds) */
} job;

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

cm_status cli_draw(cm_layout **layout, cm_scene **scene, const cm_graph *g, const cm_analysis *a,
                   const cm_layout *given, const cli_opts *o, const cm_style_opts *so,
                   double seconds[2], cm_error *err)
{
    cm_layout_opts lo = o->layout;
    double *radii = NULL;
    double t = cli_now();
    cm_status rc = CM_OK;

    *layout = NULL;
    *scene = NULL;
    if (!given) {
        radii = cm_malloc((g->n_nodes + 1) * sizeof(*radii));
        rc = radii ? cm_style_layout_box(&lo, radii, g, a, so, err)
                   : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (rc == CM_OK && !given) {
        rc = cm_layout_compute(layout, g, &lo, err);
    }
    cm_free(radii);
    seconds[0] = cli_now() - t;
    t = cli_now();
    if (rc == CM_OK) {
        rc = cm_style(scene, g, a, given ? given : *layout, so, err);
    }
    seconds[1] = cli_now() - t;
    return rc;
}

/* "documents, MB, MB/s, ETA" on one line, at most twice a second. */
static void progress(job *j, uint64_t bytes)
{
    size_t n = cm_inputs_count(j->in);
    double now;

    pthread_mutex_lock(&j->lock);
    j->done++;
    j->bytes += bytes;
    now = cli_now();
    if (j->progress && (now - j->last >= 0.5 || j->done == n)) {
        double secs = now - j->t0, mb = (double)j->bytes / 1e6;
        double eta = secs * (double)(n - j->done) / (double)j->done;
        j->last = now;
        fprintf(stderr, "\rcomention: %zu/%zu documents, %.1f MB, %.1f MB/s, ETA %.0f s   ",
                j->done, n, mb, secs > 0 ? mb / secs : 0.0, eta);
    }
    pthread_mutex_unlock(&j->lock);
}

typedef struct worker {
    job *job;
    cm_counts *counts;
    cm_explain *explain;
    cm_segments *seg; /* reused from one document to the next */
    cm_status rc;
    cm_error err;
} worker;

static size_t take(job *j)
{
    size_t i;
    pthread_mutex_lock(&j->lock);
    i = j->failed ? cm_inputs_count(j->in) : j->next++;
    pthread_mutex_unlock(&j->lock);
    return i;
}

static cm_status count_one(worker *w, size_t i)
{
    job *j = w->job;
    cm_doc *doc = NULL;
    cm_mentions *m = NULL;
    char reason[256];
    cm_status rc = one_document(&doc, &w->seg, &m, reason, j->in, i, j->lex, w->explain != NULL,
                                j->o->count.discover, &w->err);

    if (rc == CM_OK && !doc) {
        rc = cm_counts_add_skipped(w->counts, cm_inputs_id(j->in, i), reason, &w->err);
    }
    if (rc == CM_OK && m) {
        rc = cm_counts_add(w->counts, m, j->lex, &w->err);
    }
    if (rc == CM_OK && m && w->explain) {
        rc = cm_explain_add(w->explain, m, j->lex, &w->err);
    }
    progress(j, doc ? doc->len : 0);
    cm_mentions_free(m);
    cm_doc_free(doc);
    return rc;
}

static void *run_worker(void *arg)
{
    worker *w = arg;
    size_t i;

    while (w->rc == CM_OK && (i = take(w->job)) < cm_inputs_count(w->job->in)) {
        w->rc = count_one(w, i);
    }
    if (w->rc != CM_OK) {
        pthread_mutex_lock(&w->job->lock);
        w->job->failed = 1;
        pthread_mutex_unlock(&w->job->lock);
    }
    return NULL;
}

static size_t n_jobs(const cli_opts *o, size_t docs)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = o->jobs ? o->jobs : (cores > 0 ? (size_t)cores : 1);
    if (n > docs) {
        n = docs;
    }
    return n ? n : 1;
}

/* Start the workers (the first runs on this thread) and wait for them. */
static void run_workers(worker *ws, size_t n)
{
    pthread_t *t = calloc(n, sizeof(*t));
    int *started = calloc(n, sizeof(*started));

    for (size_t k = 1; k < n && t && started; k++) {
        started[k] = pthread_create(&t[k], NULL, run_worker, &ws[k]) == 0;
    }
    run_worker(&ws[0]);
    for (size_t k = 1; k < n; k++) {
        if (t && started && started[k]) {
            pthread_join(t[k], NULL);
        } else {
            run_worker(&ws[k]); /* no thread: do its share here */
        }
    }
    free(t);
    free(started);
}

/* Merge every worker's counts and QA table into the first; the first error wins. */
static cm_status gather(worker *ws, size_t n, cm_error *err)
{
    cm_status rc = CM_OK;

    for (size_t k = 0; k < n && rc == CM_OK; k++) {
        if (ws[k].rc != CM_OK) {
            *err = ws[k].err;
            rc = ws[k].rc;
        }
    }
    for (size_t k = 1; k < n && rc == CM_OK; k++) {
        rc = cm_counts_merge(ws[0].counts, ws[k].counts, err);
        if (rc == CM_OK && ws[0].explain) {
            rc = cm_explain_merge(ws[0].explain, ws[k].explain, err);
        }
    }
    return rc;
}

static cm_status setup_workers(worker *ws, size_t n, job *j, cm_error *err)
{
    cm_status rc = CM_OK;
    for (size_t k = 0; k < n && rc == CM_OK; k++) {
        ws[k].job = j;
        ws[k].rc = CM_OK;
        rc = cm_counts_new(&ws[k].counts, &j->o->count, err);
        if (rc == CM_OK && j->o->explain) {
            rc = cm_explain_new(&ws[k].explain, err);
        }
    }
    return rc;
}

/* The lexicon's digest, which the counts carry: computed beside the workers when there
 * are several, so it is not a serial step after them. */
typedef struct digest_job {
    const cm_lexicon *lex;
    char hex[65];
    cm_status rc;
    cm_error err;
} digest_job;

static void *run_digest(void *arg)
{
    digest_job *d = arg;
    d->rc = cm_lexicon_digest(d->hex, d->lex, &d->err);
    return NULL;
}

static cm_status finish_counts(cm_counts *c, const cm_inputs *in, const digest_job *d,
                               cm_error *err)
{
    cm_status rc = d->rc;

    if (rc != CM_OK) {
        *err = d->err;
    }
    for (size_t i = 0; i < cm_inputs_n_skipped(in) && rc == CM_OK; i++) {
        const cm_skipped *s = cm_inputs_skipped(in, i);
        rc = cm_counts_add_skipped(c, s->id, s->reason, err);
    }
    if (rc == CM_OK) {
        cm_counts_set_lexicon(c, d->hex);
    }
    return rc == CM_OK ? cm_counts_finish(c, err) : rc;
}

/* ---- documents to a callback, in order, on worker threads ---- */

typedef struct each_job {
    job j;
    pthread_cond_t turn; /* signalled when next_out moves */
    size_t next_out;     /* the document whose results go out next */
    cli_doc_fn fn;
    void *ctx;
    cm_explain *x;
    size_t n_skipped;
    cm_status rc; /* the first failure in document order */
    cm_error err;
} each_job;

/* Workers segment and extract documents side by side; each hands its results over when
 * every earlier document's are out, so the callback sees them in document order, one at
 * a time, as with one thread. A worker holds one document while it waits. */
static void *each_worker(void *arg)
{
    each_job *e = arg;
    job *j = &e->j;
    cm_segments *seg = NULL;
    cm_error err;

    cm_error_clear(&err);
    for (;;) {
        cm_doc *doc = NULL;
        cm_mentions *m = NULL;
        char reason[256];
        size_t i = take(j);
        if (i >= cm_inputs_count(j->in)) {
            break;
        }
        cm_status rc = one_document(&doc, &seg, &m, reason, j->in, i, j->lex, e->x != NULL,
                                    j->o->count.discover, &err);
        pthread_mutex_lock(&j->lock);
        while (e->next_out != i && !j->failed) {
            pthread_cond_wait(&e->turn, &j->lock);
        }
        if (!j->failed) {
            if (rc == CM_OK && !doc) {
                say_skipped(j->o, cm_inputs_id(j->in, i), reason);
                e->n_skipped++;
            }
            if (rc == CM_OK && m) {
                rc = e->fn(e->ctx, m, j->lex, &err);
            }
            if (rc == CM_OK && m && e->x) {
                rc = cm_explain_add(e->x, m, j->lex, &err);
            }
            if (rc != CM_OK) {
                j->failed = 1;
                e->rc = rc;
                e->err = err;
            }
            e->next_out++;
            pthread_cond_broadcast(&e->turn);
        }
        pthread_mutex_unlock(&j->lock);
        progress(j, doc ? doc->len : 0);
        cm_mentions_free(m);
        cm_doc_free(doc);
    }
    cm_segments_free(seg);
    return NULL;
}

cm_status cli_each_document(const cm_inputs *in, const cm_lexicon *lex, const cli_opts *o,
                            cli_doc_fn fn, void *ctx, size_t *n_skipped, cm_error *err)
{
    size_t n = n_jobs(o, cm_inputs_count(in));
    pthread_t *t = calloc(n, sizeof(*t));
    int *started = calloc(n, sizeof(*started));
    each_job e = {{in, lex, o, PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, 0, 0, 0},
                  PTHREAD_COND_INITIALIZER,
                  0,
                  fn,
                  ctx,
                  NULL,
                  0,
                  CM_OK,
                  {0}};
    cm_status rc = !t || !started ? cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory")
                   : o->explain   ? cm_explain_new(&e.x, err)
                                  : CM_OK;

    *n_skipped = cm_inputs_n_skipped(in);
    for (size_t i = 0; i < cm_inputs_n_skipped(in); i++) {
        say_skipped(o, cm_inputs_skipped(in, i)->id, cm_inputs_skipped(in, i)->reason);
    }
    e.j.progress = o->progress > 0 || (o->progress < 0 && !o->quiet && isatty(STDERR_FILENO));
    e.j.t0 = e.j.last = cli_now();
    if (rc == CM_OK) {
        for (size_t k = 1; k < n; k++) {
            started[k] = pthread_create(&t[k], NULL, each_worker, &e) == 0;
        }
        each_worker(&e); /* workers that did not start leave their share to this one */
        for (size_t k = 1; k < n; k++) {
            if (started[k]) {
                pthread_join(t[k], NULL);
            }
        }
        if (e.j.progress) {
            fputc('\n', stderr);
        }
        *n_skipped += e.n_skipped;
        rc = e.rc;
        if (rc != CM_OK) {
            *err = e.err;
        }
    }
    if (rc == CM_OK && e.x) {
        rc = cm_explain_write(o->explain, e.x, lex, err);
    }
    cm_explain_free(e.x);
    pthread_cond_destroy(&e.turn);
    pthread_mutex_destroy(&e.j.lock);
    free(t);
    free(started);
    return rc;
}

cm_status cli_count_corpus(cm_counts **out, const cm_inputs *in, const cm_lexicon *lex,
                           const cli_opts *o, cm_error *err)
{
    size_t n = n_jobs(o, cm_inputs_count(in));
    worker *ws = calloc(n, sizeof(*ws));
    job j = {in, lex, o, PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, 0, 0, 0};
    cm_status rc;

    *out = NULL;
    if (!ws) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    j.progress = o->progress > 0 || (o->progress < 0 && !o->quiet && isatty(STDERR_FILENO));
    j.t0 = j.last = cli_now();
    digest_job d = {lex, {0}, CM_OK, {0}};
    pthread_t dt;
    int threaded = 0;
    rc = setup_workers(ws, n, &j, err);
    if (rc == CM_OK) {
        threaded = n > 1 && pthread_create(&dt, NULL, run_digest, &d) == 0;
        run_workers(ws, n);
        rc = gather(ws, n, err);
    }
    if (threaded) {
        pthread_join(dt, NULL);
    } else {
        run_digest(&d);
    }
    if (j.progress) {
        fputc('\n', stderr);
    }
    if (rc == CM_OK) {
        rc = finish_counts(ws[0].counts, in, &d, err);
    }
    if (rc == CM_OK && o->explain) {
        rc = cm_explain_write(o->explain, ws[0].explain, lex, err);
    }
    if (rc == CM_OK) {
        *out = ws[0].counts;
        ws[0].counts = NULL;
    }
    for (size_t k = 0; k < n; k++) {
        cm_counts_free(ws[k].counts);
        cm_explain_free(ws[k].explain);
        cm_segments_free(ws[k].seg);
    }
    pthread_mutex_destroy(&j.lock);
    free(ws);
    return rc;
}
