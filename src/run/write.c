/* comention: the network written out, every format asked for, then report.json last: its
 * presence says the run finished. Everything the report says comes from the counts, so a
 * graph of merged shards reports what one build would. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "comention/run.h"
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

static cm_status write_one(const char *dir, const cm_network *n, const cm_net_opts *o, unsigned fmt,
                           const char *name, written *w, cm_error *err)
{
    cm_status rc = CM_OK;

    if (!(((o->formats & ~(unsigned)CM_FMT_TIME) | time_formats(n, o)) & fmt)) {
        return CM_OK;
    }
    char *path = cm_path_join(dir, name);
    if (!path) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    switch (fmt) {
    case CM_FMT_GRAPHML:
        rc = cm_export_graphml(path, n->scene, &o->export, err);
        break;
    case CM_FMT_CSV:
        rc = cm_export_csv(dir, n->scene, err);
        break;
    case CM_FMT_GEXF:
        rc = cm_export_gexf(path, n->scene, &o->export, err);
        break;
    case CM_FMT_TIME_GEXF:
        rc = cm_export_gexf_dynamic(path, n->scene, n->timeline, err);
        break;
    case CM_FMT_TIME_CSV:
        rc = cm_export_periods_csv(dir, n->timeline, err);
        break;
    case CM_FMT_JSON:
        rc = cm_export_json(path, n->scene, err);
        break;
    case CM_FMT_SVG:
        rc = cm_draw_svg(path, n->scene, err);
        break;
    case CM_FMT_PNG:
        rc = cm_draw_png(path, n->scene, o->dpi, err);
        break;
    default:
        rc = cm_draw_pdf(path, n->scene, err);
        break;
    }
    cm_free(path);
    if (rc == CM_OK && fmt == CM_FMT_CSV) {
        w->names[w->n++] = "nodes.csv";
        w->names[w->n++] = "edges.csv";
        w->names[w->n++] = "evidence.csv";
    } else if (rc == CM_OK && fmt == CM_FMT_TIME_CSV) {
        w->names[w->n++] = "periods.csv";
        w->names[w->n++] = "period-edges.csv";
    } else if (rc == CM_OK) {
        w->names[w->n++] = name;
    }
    return rc;
}

/* The copies report.json lists: at most 256, like the skipped files. */
typedef struct copies {
    const char *ids[256], *kept[256], *kinds[256];
    size_t n;
} copies;

static void list_copies(copies *l, const cm_counts *c)
{
    l->n = cm_counts_n_copies(c) > 256 ? 256 : cm_counts_n_copies(c);
    for (size_t i = 0; i < l->n; i++) {
        const cm_copy *d = cm_counts_copy(c, i);
        l->ids[i] = d->id;
        l->kept[i] = d->kept;
        l->kinds[i] = d->near ? "near" : "exact";
    }
}

/* The report product: the caller's options, and what the counts, the analysis and the
 * scene say. At most 256 skipped files are listed; the count is in the warnings. */
static cm_status write_report(const char *dir, const cm_network *n, const cm_net_opts *o,
                              const cm_report_option *options, size_t n_options, const written *w,
                              cm_error *err)
{
    const char *ids[256], *reasons[256];
    size_t n_sk = cm_counts_n_skipped(n->counts);
    char *path = cm_path_join(dir, "report.json");

    if (!path) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    copies cp;
    list_copies(&cp, n->counts);
    n_sk = n_sk > 256 ? 256 : n_sk;
    for (size_t i = 0; i < n_sk; i++) {
        ids[i] = cm_counts_skipped(n->counts, i)->id;
        reasons[i] = cm_counts_skipped(n->counts, i)->reason;
    }
    cm_report r = {CM_VERSION,
                   options,
                   n_options,
                   cm_counts_n_documents(n->counts),
                   cm_counts_n_bytes(n->counts),
                   cm_counts_n_sentences(n->counts),
                   cm_counts_n_mentions(n->counts),
                   cm_counts_n_units(n->counts),
                   ids,
                   reasons,
                   n_sk,
                   &n->analysis->stats,
                   n->scene,
                   w->names,
                   w->n,
                   n->timeline,
                   o->timings ? timing_names : NULL,
                   o->timings ? n->seconds : NULL,
                   o->timings ? CM_N_TIMINGS : 0,
                   cp.ids,
                   cp.kept,
                   cp.kinds,
                   cp.n,
                   cm_counts_n_copies(n->counts)};
    cm_status rc = cm_export_report(path, &r, err);
    cm_free(path);
    return rc;
}

cm_status cm_run_write(const char *dir, cm_network *n, const cm_net_opts *o,
                       const cm_report_option *options, size_t n_options, cm_error *err)
{
    static const struct {
        unsigned fmt;
        const char *name;
    } order[] = {{CM_FMT_GRAPHML, "graph.graphml"},
                 {CM_FMT_GEXF, "graph.gexf"},
                 {CM_FMT_TIME_GEXF, "graph-dynamic.gexf"},
                 {CM_FMT_CSV, "nodes.csv"},
                 {CM_FMT_TIME_CSV, "periods.csv"},
                 {CM_FMT_JSON, "graph.json"},
                 {CM_FMT_SVG, "graph.svg"},
                 {CM_FMT_PNG, "graph.png"},
                 {CM_FMT_PDF, "graph.pdf"}};
    written w = {{0}, 0};
    double t = cm_run_now();
    cm_status rc = cm_run_make_dir(dir, err);

    for (size_t i = 0; i < sizeof(order) / sizeof(*order) && rc == CM_OK; i++) {
        rc = write_one(dir, n, o, order[i].fmt, order[i].name, &w, err);
    }
    n->seconds[CM_T_WRITE] = cm_run_now() - t;
    return rc == CM_OK ? write_report(dir, n, o, options, n_options, &w, err) : rc;
}
