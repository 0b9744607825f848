/* comention build and comention graph: counts (counted here from articles, or read from a
 * .cmc file) to DIR/{graph.svg, graph.png, graph.pdf, graph.graphml, graph.gexf, nodes.csv,
 * edges.csv, evidence.csv, graph.json, report.json}. report.json is written last, so its
 * presence says the run finished; everything it says comes from the counts, so a graph of
 * merged shards reports what one build would. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "util/util.h"

/* Stages timed for --timings, in report.json order. */
enum { T_COUNT, T_GRAPH, T_ANALYZE, T_LAYOUT, T_STYLE, T_WRITE, N_TIMINGS };
static const char *const timing_names[N_TIMINGS] = {
    "read_extract_count", "graph", "analyze", "layout", "style", "write"};

typedef struct built {
    double seconds[N_TIMINGS];
    cm_counts *counts;
    cm_graph *graph;
    cm_analysis *analysis;
    cm_layout *layout;
    cm_scene *scene;
    cm_timeline *timeline; /* --time-slice, --since, --until; NULL without */
} built;

/* mkdir -p: create DIR and its missing parents. */
static cm_status make_dir(const char *dir, cm_error *err)
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

/* --top-by METRIC: the metric on the graph before --top and --giant, per entity. */
static cm_status top_scores(double **out, const built *b, const cli_opts *o, cm_error *err)
{
    cm_graph_opts before = o->graph;
    cm_graph *g = NULL;
    cm_analysis *a = NULL;
    cm_status rc;

    *out = calloc(cm_counts_n_entities(b->counts) + 1, sizeof(double));
    if (!*out) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    before.top = 0;
    before.giant = 0;
    rc = cm_graph_build(&g, b->counts, &before, err);
    if (rc == CM_OK) {
        rc = cm_analyze(&a, g, &o->analyze, err);
    }
    for (size_t i = 0; rc == CM_OK && i < g->n_nodes; i++) {
        (*out)[g->node_entity[i]] = a->values[i * CM_N_METRICS + (size_t)o->top_by];
    }
    cm_analysis_free(a);
    cm_graph_free(g);
    return rc;
}

/* Counts in, scene out: graph, metrics, layout, style. Metrics are computed on the graph
 * the filters leave. With `in`, the counts' evidence snippets are cut from a second read
 * of the inputs, for the edges kept only. */
static cm_status draw_network(built *b, const cli_opts *o, const cm_inputs *in, cm_error *err)
{
    cm_graph_opts go = o->graph;
    double *scores = NULL;
    cm_status rc = CM_OK;

    if (o->top_by >= 0 && go.top > 0) {
        rc = top_scores(&scores, b, o, err);
        go.top_score = scores;
    }
    double t = cli_now();
    if (rc == CM_OK) {
        rc = cm_graph_build(&b->graph, b->counts, &go, err);
    }
    if (rc == CM_OK && in) {
        rc = cm_counts_fill_snippets(b->counts, b->graph->edge_pair, b->graph->n_edges,
                                     cm_inputs_fetch, (void *)in, err);
    }
    free(scores);
    b->seconds[T_GRAPH] = cli_now() - t;
    t = cli_now();
    if (rc == CM_OK) {
        rc = cm_analyze(&b->analysis, b->graph, &o->analyze, err);
    }
    b->seconds[T_ANALYZE] = cli_now() - t;
    if (rc == CM_OK) {
        rc = cm_timeline_build(&b->timeline, b->counts, &go, &o->analyze, err);
    }
    if (rc == CM_OK) {
        /* T_STYLE follows T_LAYOUT: the two times cli_draw() measures */
        rc = cli_draw(&b->layout, &b->scene, b->graph, b->analysis, NULL, o, &o->style,
                      &b->seconds[T_LAYOUT], err);
    }
    return rc;
}

typedef struct written {
    const char *names[16];
    size_t n;
} written;

/* The per-period files go with the formats they extend (csv, gexf), with a time slice. */
static unsigned time_formats(const cli_opts *o, const built *b)
{
    unsigned f = 0;
    if (b->timeline && cm_counts_opts(b->counts)->slice != CM_SLICE_NONE) {
        f |= o->formats & CM_FMT_CSV ? CM_FMT_TIME_CSV : 0;
        f |= o->formats & CM_FMT_GEXF ? CM_FMT_TIME_GEXF : 0;
    }
    return f;
}

static cm_status write_one(const cli_opts *o, const built *b, unsigned fmt, const char *name,
                           written *w, cm_error *err)
{
    char *path;
    cm_status rc = CM_OK;

    if (!(((o->formats & ~CM_FMT_TIME) | time_formats(o, b)) & fmt)) {
        return CM_OK;
    }
    path = cm_path_join(o->outdir, name);
    if (!path) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    switch (fmt) {
    case CM_FMT_GRAPHML:
        rc = cm_export_graphml(path, b->scene, &o->export, err);
        break;
    case CM_FMT_CSV:
        rc = cm_export_csv(o->outdir, b->scene, err);
        break;
    case CM_FMT_GEXF:
        rc = cm_export_gexf(path, b->scene, &o->export, err);
        break;
    case CM_FMT_TIME_GEXF:
        rc = cm_export_gexf_dynamic(path, b->scene, b->timeline, err);
        break;
    case CM_FMT_TIME_CSV:
        rc = cm_export_periods_csv(o->outdir, b->timeline, err);
        break;
    case CM_FMT_JSON:
        rc = cm_export_json(path, b->scene, err);
        break;
    case CM_FMT_SVG:
        rc = cm_draw_svg(path, b->scene, err);
        break;
    case CM_FMT_PNG:
        rc = cm_draw_png(path, b->scene, o->dpi, err);
        break;
    case CM_FMT_PDF:
        rc = cm_draw_pdf(path, b->scene, err);
        break;
    default:
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

static void fmt_num(char *out, size_t n, double v)
{
    char tmp[32];
    cm_format_double(tmp, v);
    snprintf(out, n, "%s", tmp);
}

/* Type pairs and formats from their bit sets, in a fixed order, so the same choice
 * written differently ("weapon-actor", "actor-weapon") gives the same report. */
static void pairs_text(unsigned bits, char out[128])
{
    size_t n = 0;
    out[0] = '\0';
    if (bits == (1u << (CM_N_TYPES * CM_N_TYPES)) - 1) {
        snprintf(out, 128, "all");
        return;
    }
    for (int a = 0; a < CM_N_TYPES; a++) {
        for (int b = a; b < CM_N_TYPES; b++) {
            if (bits & (1u << (a * CM_N_TYPES + b))) {
                n += (size_t)snprintf(out + n, 128 - n, "%s%s-%s", n ? "," : "",
                                      cm_type_name((cm_type)a), cm_type_name((cm_type)b));
            }
        }
    }
}

static void formats_text(unsigned bits, char out[64])
{
    static const char *const names[] = {"svg", "png", "pdf", "graphml", "csv", "gexf", "json"};
    static const int order[] = {0, 1, 2, 3, 5, 4, 6};
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < 7; i++) {
        if (bits & (1u << order[i])) {
            n += (size_t)snprintf(out + n, 64 - n, "%s%s", n ? "," : "", names[order[i]]);
        }
    }
}

/* The count-time options as report.json names them. */
static void count_opts_text(const cm_count_opts *co, char window[32], char types[64])
{
    static const char *const units[] = {"sentence", "paragraph", "document"};
    size_t n = 0;

    if (co->unit == CM_UNIT_WINDOW) {
        snprintf(window, 32, "%zu", co->window);
    } else {
        snprintf(window, 32, "%s", units[co->unit]);
    }
    types[0] = '\0';
    for (int t = 0; t < CM_N_TYPES; t++) {
        if (co->types & (1u << t)) {
            n +=
                (size_t)snprintf(types + n, 64 - n, "%s%s", n ? "," : "", cm_type_name((cm_type)t));
        }
    }
}

/* --subtypes (after --exclude-subtypes) as report.json names it: "all", or the subtypes
 * counted in the order of docs/lexicon-format.md. */
static void subtypes_text(cm_buf *out, uint64_t bits)
{
    if (bits == CM_ALL_SUBTYPES) {
        cm_buf_puts(out, "all");
        return;
    }
    for (int i = 0; i < CM_N_SUBTYPES; i++) {
        if ((bits >> i) & 1) {
            cm_buf_puts(out, out->len ? "," : "");
            cm_buf_puts(out, cm_subtype_name(i));
        }
    }
}

static int by_bytes(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Ids sorted and without repeats, comma-separated: the same choice gives the same report. */
static void ids_text(cm_buf *out, const char *const *ids, size_t n)
{
    const char **sorted = calloc(n + 1, sizeof(*sorted));
    if (!sorted) {
        out->failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        sorted[i] = ids[i];
    }
    qsort(sorted, n, sizeof(*sorted), by_bytes);
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || strcmp(sorted[i], sorted[i - 1]) != 0) {
            cm_buf_puts(out, out->len ? "," : "");
            cm_buf_puts(out, sorted[i]);
        }
    }
    cm_buf_puts(out, "");
    free(sorted);
}

/* --size-by as report.json names it. */
static const char *size_text(const cm_style_opts *so)
{
    switch (so->size_source) {
    case CM_SIZE_MENTIONS:
        return "mentions";
    case CM_SIZE_DOCUMENTS:
        return "documents";
    default:
        return cm_metric_name(so->size_by);
    }
}

/* A canvas length as given: px as a bare number, another unit after its value. */
static void length_text(char *out, size_t n, double px, cm_length_unit unit)
{
    if (unit == CM_LENGTH_PX) {
        fmt_num(out, n, px);
    } else { /* six digits: 17cm, not the 17.000000000000004 of the round trip through px */
        snprintf(out, n, "%.6g%s", px / cm_length_unit_px(unit), cm_length_unit_name(unit));
    }
}

/* --color-by as report.json names it. */
static const char *color_text(const cm_style_opts *so)
{
    switch (so->color_by) {
    case CM_COLOR_COMMUNITY:
        return "community";
    case CM_COLOR_METRIC:
        return cm_metric_name(so->color_metric);
    default:
        return "type";
    }
}

static cm_status write_report(const cli_opts *o, const built *b, const written *w, cm_error *err)
{
    char lexicon[65], evidence[24], gml_evidence[24], min_count[24], min_docs[24], backbone[32],
        top_edges[24], top[24], samples[24], damping[32], resolution[32], seed[24], width[32],
        height[32], dpi[32], radius[24], labels[24], draw_top[24], font_min[32], font_max[32],
        min_disc[24];
    cm_buf highlight, subtypes;
    const cm_skipped *sk;
    const char *skipped_ids[256], *skipped_reasons[256];
    size_t n_sk = cm_counts_n_skipped(b->counts);
    char *path = cm_path_join(o->outdir, "report.json");
    cm_status rc;

    if (!path) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    const cm_count_opts *co = cm_counts_opts(b->counts);
    char window[32], types[64], pairs[128], formats[64];
    pairs_text(o->graph.type_pairs, pairs);
    formats_text(o->formats, formats);
    snprintf(lexicon, sizeof(lexicon), "%s", cm_counts_lexicon(b->counts));
    count_opts_text(co, window, types);
    snprintf(evidence, sizeof(evidence), "%zu", co->evidence);
    snprintf(gml_evidence, sizeof(gml_evidence), "%zu", o->export.evidence);
    snprintf(min_count, sizeof(min_count), "%llu", (unsigned long long)o->graph.min_count);
    snprintf(min_docs, sizeof(min_docs), "%llu", (unsigned long long)o->graph.min_documents);
    snprintf(min_disc, sizeof(min_disc), "%llu",
             (unsigned long long)o->graph.min_discovered_mentions);
    fmt_num(backbone, sizeof(backbone), o->graph.backbone);
    snprintf(top_edges, sizeof(top_edges), "%zu", o->graph.top_edges);
    snprintf(top, sizeof(top), "%zu", o->graph.top);
    fmt_num(damping, sizeof(damping), o->analyze.damping);
    snprintf(samples, sizeof(samples), "%zu", o->analyze.betweenness_samples);
    fmt_num(resolution, sizeof(resolution), o->analyze.resolution);
    snprintf(seed, sizeof(seed), "%lu", o->layout.seed);
    length_text(width, sizeof(width), o->style.width, o->style.width_unit);
    length_text(height, sizeof(height), o->style.height, o->style.height_unit);
    snprintf(labels, sizeof(labels), "%zu", o->style.labels);
    snprintf(draw_top, sizeof(draw_top), "%zu", o->style.draw_top);
    fmt_num(font_min, sizeof(font_min), o->style.label_min_px * 72 / CM_PX_PER_IN);
    fmt_num(font_max, sizeof(font_max), o->style.label_max_px * 72 / CM_PX_PER_IN);
    fmt_num(dpi, sizeof(dpi), o->dpi);
    snprintf(radius, sizeof(radius), "%zu", o->graph.radius);
    cm_buf_init(&highlight);
    ids_text(&highlight, o->style.highlight, o->style.n_highlight);
    cm_buf_init(&subtypes);
    subtypes_text(&subtypes, co->subtypes);
    const cm_report_option opts[] = {
        {"lexicon_sha256", lexicon},
        {"window", window},
        {"evidence", evidence},
        {"types", types},
        {"discover", cm_discover_name(co->discover)},
        {"min_discovered_mentions", min_disc},
        {"subtypes", subtypes.data ? subtypes.data : ""},
        {"units", co->filter == CM_UNITS_BODY ? "body" : "all"},
        {"weight", cm_weight_name(o->graph.weight)},
        {"min_count", min_count},
        {"min_documents", min_docs},
        {"type_pairs", pairs},
        {"backbone", backbone},
        {"top_edges", top_edges},
        {"top", top},
        {"top_by", o->top_by < 0 ? "mentions" : cm_metric_name((cm_metric)o->top_by)},
        {"giant", o->graph.giant ? "true" : "false"},
        {"ego", o->graph.ego ? o->graph.ego : ""},
        {"radius", radius},
        {"damping", damping},
        {"community", o->analyze.community == CM_COMMUNITY_LEIDEN ? "leiden" : "louvain"},
        {"betweenness_samples", samples},
        {"resolution", resolution},
        {"layout", cm_layout_name(o->layout.kind)},
        {"seed", seed},
        {"size_by", size_text(&o->style)},
        {"labels", labels},
        {"draw_top", draw_top},
        {"font_min", font_min},
        {"font_max", font_max},
        {"color_by", color_text(&o->style)},
        {"theme", cm_theme_name(o->style.theme)},
        {"highlight", highlight.data ? highlight.data : ""},
        {"width", width},
        {"height", height},
        {"dpi", dpi},
        {"title", o->style.title ? o->style.title : ""},
        {"formats", formats},
        {"graphml_evidence", gml_evidence},
    };
    if (n_sk > 256) {
        n_sk = 256; /* the report lists the first 256; the count is in the warning lines */
    }
    for (size_t i = 0; i < n_sk; i++) {
        sk = cm_counts_skipped(b->counts, i);
        skipped_ids[i] = sk->id;
        skipped_reasons[i] = sk->reason;
    }
    cm_report r = {CM_VERSION,
                   opts,
                   sizeof(opts) / sizeof(*opts),
                   cm_counts_n_documents(b->counts),
                   cm_counts_n_bytes(b->counts),
                   cm_counts_n_sentences(b->counts),
                   cm_counts_n_mentions(b->counts),
                   cm_counts_n_units(b->counts),
                   skipped_ids,
                   skipped_reasons,
                   n_sk,
                   &b->analysis->stats,
                   b->scene,
                   w->names,
                   w->n,
                   b->timeline,
                   o->timings ? timing_names : NULL,
                   o->timings ? b->seconds : NULL,
                   o->timings ? N_TIMINGS : 0};
    rc = highlight.failed || subtypes.failed
             ? cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory")
             : cm_export_report(path, &r, err);
    cm_buf_destroy(&highlight);
    cm_buf_destroy(&subtypes);
    cm_free(path);
    return rc;
}

static cm_status write_outputs(const cli_opts *o, built *b, cm_error *err)
{
    written w = {{0}, 0};
    double t = cli_now();
    cm_status rc = make_dir(o->outdir, err);

    if (rc == CM_OK) {
        rc = cli_outputs_begin(o->outdir, o->quiet, err);
        if (rc != CM_OK) {
            return rc;
        }
    }
    if (rc == CM_OK) {
        rc = write_one(o, b, CM_FMT_GRAPHML, "graph.graphml", &w, err);
    }
    if (rc == CM_OK) {
        rc = write_one(o, b, CM_FMT_GEXF, "graph.gexf", &w, err);
    }
    if (rc == CM_OK) {
        rc = write_one(o, b, CM_FMT_TIME_GEXF, "graph-dynamic.gexf", &w, err);
    }
    if (rc == CM_OK) {
        rc = write_one(o, b, CM_FMT_CSV, "nodes.csv", &w, err);
    }
    if (rc == CM_OK) {
        rc = write_one(o, b, CM_FMT_TIME_CSV, "periods.csv", &w, err);
    }
    if (rc == CM_OK) {
        rc = write_one(o, b, CM_FMT_JSON, "graph.json", &w, err);
    }
    if (rc == CM_OK) {
        rc = write_one(o, b, CM_FMT_SVG, "graph.svg", &w, err);
    }
    if (rc == CM_OK) {
        rc = write_one(o, b, CM_FMT_PNG, "graph.png", &w, err);
    }
    if (rc == CM_OK) {
        rc = write_one(o, b, CM_FMT_PDF, "graph.pdf", &w, err);
    }
    b->seconds[T_WRITE] = cli_now() - t;
    if (rc == CM_OK) {
        rc = write_report(o, b, &w, err);
    }
    return cli_outputs_end(o->outdir, rc, err);
}

int cli_report_skips(const cli_opts *o, const cm_counts *c)
{
    for (size_t i = 0; i < cm_counts_n_skipped(c) && !o->quiet; i++) {
        const cm_skipped *s = cm_counts_skipped(c, i);
        cli_say("%s: skipped: %s", s->id, s->reason);
    }
    return o->strict && cm_counts_n_skipped(c) > 0 ? 2 : 0;
}

static int finish(cli_opts *o, built *b, cm_status rc, const cm_error *err)
{
    int status = 0;

    if (rc == CM_OK && b->counts) {
        status = cli_report_skips(o, b->counts);
    } else if (rc != CM_OK) {
        status = cli_fail(err);
    }
    cm_timeline_free(b->timeline);
    cm_scene_free(b->scene);
    cm_layout_free(b->layout);
    cm_analysis_free(b->analysis);
    cm_graph_free(b->graph);
    cm_counts_free(b->counts);
    cli_opts_destroy(o);
    return status;
}

int cli_build(int argc, char **argv)
{
    cli_opts o;
    cm_error err;
    built b;
    cm_inputs *in = NULL;
    cm_lexicon *lex = NULL;
    int exit_now = 0;
    cm_status rc;

    memset(&b, 0, sizeof(b));
    cm_error_clear(&err);
    rc = cli_parse(&o, argc, argv,
                   CM_OPT_COUNT | CM_OPT_READ | CM_OPT_GRAPH | CM_OPT_JOBS | CM_OPT_OUT, &exit_now,
                   &err);
    if (rc == CM_OK && !exit_now) {
        rc = cli_collect(&in, &o, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = cli_load_lexicon(&lex, &o, &err);
    }
    if (rc == CM_OK && !exit_now) {
        double t = cli_now();
        rc = cli_count_corpus(&b.counts, in, lex, &o, &err);
        b.seconds[T_COUNT] = cli_now() - t;
    }
    cm_lexicon_free(lex);
    if (rc == CM_OK && !exit_now) {
        rc = draw_network(&b, &o, in, &err);
    }
    cm_inputs_free(in);
    if (rc == CM_OK && !exit_now) {
        rc = write_outputs(&o, &b, &err);
    }
    return finish(&o, &b, rc, &err);
}

/* graph takes count-time options only to check them against the file's header. */
static cm_status check_header(const cli_opts *o, const cm_counts *c, cm_error *err)
{
    cm_lexicon *lex = NULL;
    char digest[65];
    cm_status rc = CM_OK;

    if (o->count_opts_given && !cm_count_opts_equal(&o->count, cm_counts_opts(c))) {
        return cm_error_set(err, CM_EINPUT, o->inputs[0], 0,
                            "counted with other count-time options than given here");
    }
    if (o->n_lexicons == 0 && !o->no_default_lexicon) {
        return CM_OK;
    }
    rc = cli_load_lexicon(&lex, o, err);
    if (rc == CM_OK) {
        rc = cm_lexicon_digest(digest, lex, err);
    }
    if (rc == CM_OK) {
        if (strcmp(digest, cm_counts_lexicon(c)) != 0) {
            rc = cm_error_set(err, CM_EINPUT, o->inputs[0], 0,
                              "counted with another lexicon than given here");
        }
    }
    cm_lexicon_free(lex);
    return rc;
}

int cli_graph(int argc, char **argv)
{
    cli_opts o;
    cm_error err;
    built b;
    int exit_now = 0;
    cm_status rc;

    memset(&b, 0, sizeof(b));
    cm_error_clear(&err);
    rc = cli_parse(&o, argc, argv, CM_OPT_COUNT | CM_OPT_GRAPH | CM_OPT_JOBS | CM_OPT_OUT,
                   &exit_now, &err);
    if (rc == CM_OK && !exit_now && o.n_inputs != 1) {
        rc = cm_error_set(&err, CM_EUSAGE, NULL, 0,
                          "graph takes one .cmc file (merge shards first)");
    }
    if (rc == CM_OK && !exit_now) {
        rc = cm_counts_read(&b.counts, o.inputs[0], &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = check_header(&o, b.counts, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = draw_network(&b, &o, NULL, &err);
    }
    if (rc == CM_OK && !exit_now) {
        rc = write_outputs(&o, &b, &err);
    }
    return finish(&o, &b, rc, &err);
}
