/* comention: the network written out, every format asked for, then report.json last: its
 * presence says the run finished. Everything the report says comes from the counts, so a
 * graph of merged shards reports what one build would. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "run/pool.h"
#include "util/spool.h"
#include "util/util.h"

static const char *const timing_names[CM_N_TIMINGS] = {
    "read_extract_count", "graph", "analyze", "layout", "style", "write"};

/* mkdir -p: create DIR and its missing parents. */
cm_status cm_run_make_dir(const char *dir, cm_error *err)
{
    char path[4096];
    size_t n = strlen(dir);

    if (n == 0 || n >= sizeof(path)) {
        return cm_error_set(err, CM_EUSAGE, NULL, 0, "bad output directory '%s'", dir);
    }
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0') {
            continue;
        }
        char c = path[i];
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            return cm_error_set(err, CM_EIO, NULL, 0, "cannot create directory '%s': %s", path,
                                strerror(errno));
        }
        path[i] = c;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        return cm_error_set(err, CM_EIO, NULL, 0, "'%s' is not a directory", dir);
    }
    return CM_OK;
}

/* The files written, in order, for report.json. */
typedef struct written {
    const char *names[16];
    size_t n;
} written;

/* The per-period files go with the formats they extend (csv, gexf), with a time slice. */
static unsigned time_formats(const cm_network *n, const cm_net_opts *o)
{
    unsigned f = 0;

    if (n->timeline && cm_counts_opts(n->counts)->slice != CM_SLICE_NONE) {
        f |= o->formats & CM_FMT_CSV ? CM_FMT_TIME_CSV : 0;
        f |= o->formats & CM_FMT_GEXF ? CM_FMT_TIME_GEXF : 0;
    }
    return f;
}

typedef cm_status (*writer_fn)(const char *dir, const char *path, const cm_network *n,
                               const cm_net_opts *o, cm_error *err);

static cm_status put_graphml(const char *dir, const char *path, const cm_network *n,
                             const cm_net_opts *o, cm_error *err)
{
    (void)dir;
    return cm_export_graphml(path, n->scene, &o->export, err);
}

static cm_status put_gexf(const char *dir, const char *path, const cm_network *n,
                          const cm_net_opts *o, cm_error *err)
{
    (void)dir;
    return cm_export_gexf(path, n->scene, &o->export, err);
}

static cm_status put_csv(const char *dir, const char *path, const cm_network *n,
                         const cm_net_opts *o, cm_error *err)
{
    (void)path;
    (void)o;
    return cm_export_csv(dir, n->scene, err);
}

static cm_status put_gexf_dynamic(const char *dir, const char *path, const cm_network *n,
                                  const cm_net_opts *o, cm_error *err)
{
    (void)dir;
    (void)o;
    return cm_export_gexf_dynamic(path, n->scene, n->timeline, err);
}

static cm_status put_periods_csv(const char *dir, const char *path, const cm_network *n,
                                 const cm_net_opts *o, cm_error *err)
{
    (void)path;
    (void)o;
    return cm_export_periods_csv(dir, n->timeline, err);
}

static cm_status put_json(const char *dir, const char *path, const cm_network *n,
                          const cm_net_opts *o, cm_error *err)
{
    (void)dir;
    (void)o;
    return cm_export_json(path, n->scene, err);
}

static cm_status put_svg(const char *dir, const char *path, const cm_network *n,
                         const cm_net_opts *o, cm_error *err)
{
    (void)dir;
    (void)o;
    return cm_draw_svg(path, n->scene, err);
}

static cm_status put_png(const char *dir, const char *path, const cm_network *n,
                         const cm_net_opts *o, cm_error *err)
{
    (void)dir;
    return cm_draw_png(path, n->scene, o->dpi, o->jobs, err);
}

static cm_status put_pdf(const char *dir, const char *path, const cm_network *n,
                         const cm_net_opts *o, cm_error *err)
{
    (void)dir;
    (void)o;
    return cm_draw_pdf(path, n->scene, err);
}

/* The writers in file order, which is report.json's order of the files and the order in
 * which a failure is reported; they run in any order (and at once), so adding an output
 * is one entry here. `slow` ones are started first: a thread that takes the raster last
 * would finish long after the others (the PNG costs more than all exports together). */
static const struct writer {
    unsigned fmt;
    const char *files[4]; /* the files it writes, the first the path it is given */
    writer_fn put;
    int slow;
} writers[] = {
    {CM_FMT_GRAPHML, {"graph.graphml"}, put_graphml, 0},
    {CM_FMT_GEXF, {"graph.gexf"}, put_gexf, 0},
    {CM_FMT_TIME_GEXF, {"graph-dynamic.gexf"}, put_gexf_dynamic, 0},
    {CM_FMT_CSV, {"nodes.csv", "edges.csv", "evidence.csv"}, put_csv, 0},
    {CM_FMT_TIME_CSV, {"periods.csv", "period-edges.csv"}, put_periods_csv, 0},
    {CM_FMT_JSON, {"graph.json"}, put_json, 0},
    {CM_FMT_SVG, {"graph.svg"}, put_svg, 1},
    {CM_FMT_PNG, {"graph.png"}, put_png, 1},
    {CM_FMT_PDF, {"graph.pdf"}, put_pdf, 1},
};
enum { N_WRITERS = sizeof(writers) / sizeof(*writers) };

/* One output of a run: its writer, and how it went (each has its own error record, so
 * that the one reported is the first in file order whichever thread failed first). */
typedef struct task {
    const struct writer *w;
    cm_status rc;
    cm_error err;
} task;

/* The outputs shared out over threads: each takes the next one not taken. */
typedef struct tasks {
    const char *dir;
    const cm_network *n;
    const cm_net_opts *o;
    task t[N_WRITERS];       /* in file order */
    size_t start[N_WRITERS]; /* indices into t, in the order they are taken */
    size_t n_tasks;
    atomic_size_t next;
} tasks;

static void run_task(task *t, const tasks *all)
{
    char *path = cm_path_join(all->dir, t->w->files[0]);

    t->rc = path ? t->w->put(all->dir, path, all->n, all->o, &t->err)
                 : cm_error_set(&t->err, CM_ENOMEM, NULL, 0, "out of memory");
    cm_free(path);
}

static void write_share(void *ctx, size_t k)
{
    tasks *all = ctx;
    size_t i;

    (void)k;
    while ((i = atomic_fetch_add(&all->next, 1)) < all->n_tasks) {
        run_task(&all->t[all->start[i]], all);
    }
}

/* The outputs asked for, in file order, and the order they are started in: slow first. */
static void plan(tasks *all)
{
    unsigned formats = (all->o->formats & ~(unsigned)CM_FMT_TIME) | time_formats(all->n, all->o);
    size_t k = 0;

    for (size_t i = 0; i < N_WRITERS; i++) {
        if (formats & writers[i].fmt) {
            all->t[all->n_tasks++] = (task){&writers[i], CM_OK, {0}};
        }
    }
    for (int slow = 1; slow >= 0; slow--) {
        for (size_t i = 0; i < all->n_tasks; i++) {
            if (all->t[i].w->slow == slow) {
                all->start[k++] = i;
            }
        }
    }
    atomic_init(&all->next, 0);
}

/* Every output asked for, over at most `jobs` threads (0: one per core). All are tried,
 * so which ones exist after a failure does not depend on the threads either. */
static cm_status write_all(tasks *all, size_t jobs, written *w, cm_error *err)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t k = jobs ? jobs : cores > 0 ? (size_t)cores : 1;

    plan(all);
    k = k < all->n_tasks ? k : all->n_tasks;
    if (k > 1) {
        cm_pool_run(k, write_share, all);
    } else {
        write_share(all, 0);
    }
    for (size_t i = 0; i < all->n_tasks; i++) {
        if (all->t[i].rc != CM_OK) {
            if (err) {
                *err = all->t[i].err;
            }
            return all->t[i].rc;
        }
        for (size_t f = 0; f < 4 && all->t[i].w->files[f]; f++) {
            w->names[w->n++] = all->t[i].w->files[f];
        }
    }
    return CM_OK;
}

/* The skipped files and the copies report.json lists: every one of them (the counts hold
 * them anyway), as pointers into the counts. */
typedef struct listed {
    const char **skipped_ids, **reasons, **copy_ids, **kept, **kinds;
} listed;

static void listed_free(listed *l)
{
    cm_free(l->skipped_ids);
    cm_free(l->reasons);
    cm_free(l->copy_ids);
    cm_free(l->kept);
    cm_free(l->kinds);
}

static cm_status list_files(listed *l, const cm_counts *c, cm_error *err)
{
    size_t n_sk = cm_counts_n_skipped(c), n_cp = cm_counts_n_copies(c);

    *l = (listed){cm_calloc(n_sk + 1, sizeof(char *)), cm_calloc(n_sk + 1, sizeof(char *)),
                  cm_calloc(n_cp + 1, sizeof(char *)), cm_calloc(n_cp + 1, sizeof(char *)),
                  cm_calloc(n_cp + 1, sizeof(char *))};
    if (!l->skipped_ids || !l->reasons || !l->copy_ids || !l->kept || !l->kinds) {
        listed_free(l);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < n_sk; i++) {
        l->skipped_ids[i] = cm_counts_skipped(c, i)->id;
        l->reasons[i] = cm_counts_skipped(c, i)->reason;
    }
    for (size_t i = 0; i < n_cp; i++) {
        const cm_copy *d = cm_counts_copy(c, i);
        l->copy_ids[i] = d->id;
        l->kept[i] = d->kept;
        l->kinds[i] = d->near ? "near" : "exact";
    }
    return CM_OK;
}

/* The documents with invalid UTF-8 the counts list, as the report takes them. */
static cm_status list_invalid(cm_report_invalid **out, const cm_counts *c, cm_error *err)
{
    size_t n = cm_counts_n_invalid_listed(c);
    cm_report_invalid *l = n ? cm_malloc(n * sizeof(*l)) : NULL;

    *out = l;
    if (n && !l) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const cm_invalid_doc *d = cm_counts_invalid(c, i);
        l[i] = (cm_report_invalid){d->id, d->bytes, d->first};
    }
    return CM_OK;
}

/* The report product: the caller's options, and what the counts, the analysis and the
 * scene say. */
static cm_status write_report(const char *dir, const cm_network *n, const cm_net_opts *o,
                              const cm_report_option *options, size_t n_options, const written *w,
                              cm_error *err)
{
    char *path = cm_path_join(dir, "report.json");
    listed l;

    if (!path) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    if (list_files(&l, n->counts, err) != CM_OK) {
        cm_free(path);
        return CM_ENOMEM;
    }
    cm_report r = {CM_VERSION,
                   options,
                   n_options,
                   cm_counts_n_documents(n->counts),
                   cm_counts_n_bytes(n->counts),
                   cm_counts_n_sentences(n->counts),
                   cm_counts_n_mentions(n->counts),
                   cm_counts_n_units(n->counts),
                   l.skipped_ids,
                   l.reasons,
                   cm_counts_n_skipped(n->counts),
                   &n->analysis->stats,
                   n->scene,
                   w->names,
                   w->n,
                   n->timeline,
                   o->timings ? timing_names : NULL,
                   o->timings ? n->seconds : NULL,
                   o->timings ? CM_N_TIMINGS : 0,
                   l.copy_ids,
                   l.kept,
                   l.kinds,
                   cm_counts_n_copies(n->counts),
                   cm_counts_n_copies(n->counts),
                   NULL,
                   cm_counts_n_invalid_listed(n->counts),
                   CM_INVALID_LISTED,
                   cm_counts_invalid_documents(n->counts),
                   cm_counts_invalid_bytes(n->counts)};
    cm_report_invalid *invalid = NULL;
    cm_status rc = list_invalid(&invalid, n->counts, err);
    r.invalid = invalid;
    if (rc == CM_OK) {
        rc = cm_export_report(path, &r, err);
    }
    cm_free(invalid);
    listed_free(&l);
    cm_free(path);
    return rc;
}

static cm_status put_snippet(void *ctx, const char *snippet, size_t len, cm_error *err)
{
    (void)err; /* a failed write shows at cm_spool_end */
    cm_spool_put(ctx, snippet, len);
    return CM_OK;
}

/* The kept edges' evidence snippets, cut from the inputs into a spool in the output
 * directory (the file system the outputs are meant for, and not /tmp, which may be
 * memory), in edge order: each writer streams it, so the snippets are never all in memory
 * (153 bytes a pair on 100 MB of news when they were held for the writers). */
static cm_status spool_snippets(const char *dir, cm_network *n, cm_error *err)
{
    cm_spool *sp = NULL;
    cm_status rc = cm_spool_open(&sp, dir, err);

    if (rc == CM_OK) {
        rc = cm_counts_each_snippet(n->counts, n->graph->edge_pair, n->graph->n_edges,
                                    cm_inputs_fetch, (void *)n->inputs, dir, put_snippet, sp, err);
    }
    if (rc == CM_OK) {
        rc = cm_spool_end(sp, err);
    }
    if (rc != CM_OK) {
        cm_spool_free(sp);
        return rc;
    }
    n->snippets = sp;
    n->scene->snippets = sp;
    n->inputs = NULL;
    return CM_OK;
}

cm_status cm_run_write(const char *dir, cm_network *n, const cm_net_opts *o,
                       const cm_report_option *options, size_t n_options, cm_error *err)
{
    written w = {{0}, 0};
    tasks *all = cm_malloc(sizeof(*all));
    double t = cm_run_now();
    cm_status rc =
        all ? cm_run_make_dir(dir, err) : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");

    if (rc == CM_OK && n->inputs) {
        rc = spool_snippets(dir, n, err);
        n->seconds[CM_T_GRAPH] += cm_run_now() - t; /* where the cutting was counted before */
        t = cm_run_now();
    }
    if (rc == CM_OK) {
        *all = (tasks){.dir = dir, .n = n, .o = o, .n_tasks = 0};
        rc = write_all(all, o->jobs, &w, err);
    }
    cm_free(all);
    n->seconds[CM_T_WRITE] = cm_run_now() - t;
    if (rc == CM_OK) {
        rc = write_report(dir, n, o, options, n_options, &w, err);
    }
    if (n->snippets) {
        n->scene->snippets = NULL; /* a later writer finds what cm_export_check says */
        cm_spool_free(n->snippets);
        n->snippets = NULL;
    }
    return rc;
}
