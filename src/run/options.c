/* comention: the options of every subcommand, declared once in the table below
 * (docs/design.md §2): their names on the command line, the settings they set, their help
 * line and their place in report.json. The command line parses argv with getopt_long from
 * this table and prints each subcommand's help from it. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run/config.h"
#include "util/util.h"

#define FIELD(m) offsetof(cm_config, m), sizeof(((cm_config *)0)->m)
#define FLAG(m, v) CM_OPT_FLAG, FIELD(m), v, 0, NULL
#define UINT(m) CM_OPT_UINT, FIELD(m), 0, 0, NULL
#define REAL(m, lo, hi) CM_OPT_REAL, FIELD(m), lo, hi, NULL
#define TEXT(m) CM_OPT_STR, FIELD(m), 0, 0, NULL
#define NAME(m) CM_OPT_NAME, FIELD(m), 0, 0, NULL
#define VALUE(v) CM_OPT_VALUE, 0, 0, 0, 0, &cm_value_##v
#define NONE(k) k, 0, 0, 0, 0, NULL

/* Which subcommands take a group of options. */
#define COUNT (CM_CMD_BUILD | CM_CMD_GRAPH | CM_CMD_MENTIONS | CM_CMD_EXTRACT)
#define NET (CM_CMD_BUILD | CM_CMD_GRAPH)
#define READ (CM_CMD_BUILD | CM_CMD_MENTIONS | CM_CMD_EXTRACT | CM_CMD_FINGERPRINT)
#define DRAW (CM_CMD_BUILD | CM_CMD_GRAPH | CM_CMD_RENDER)
#define ALL                                                                                        \
    (COUNT | CM_CMD_MERGE | CM_CMD_RENDER | CM_CMD_LEXICON | CM_CMD_FINGERPRINT | CM_CMD_DEDUPE)

/* To add an option: one entry here (its place among its section's entries is its place in
 * the help, and for a reported option its place in report.json's "options"), and the field
 * it sets in cm_config; a value with a syntax of its own gets a cm_value in config.c.
 * tests/e2e/cli.sh and tests/unit/test_run.c check the rest. */
const cm_option cm_options[] = {
    {"lexicon", 0, "FILE", NULL, COUNT | CM_CMD_LEXICON, CM_SEC_COUNT, "lexicon_sha256", 0,
     VALUE(lexicon), "add a lexicon (XML or TSV, docs/lexicon-format.md); repeatable"},
    {"no-default-lexicon", 0, NULL, NULL, COUNT | CM_CMD_LEXICON, CM_SEC_COUNT, NULL, 0,
     FLAG(no_default_lexicon, 1), "drop the built-in lexicon"},
    {"window", 0, "W", "sentence", COUNT, CM_SEC_COUNT, "window", CM_GIVEN_COUNT, VALUE(window),
     "co-mention unit: sentence|paragraph|document|N"},
    {"evidence", 0, "K", "3", COUNT, CM_SEC_COUNT, "evidence", CM_GIVEN_COUNT,
     UINT(run.count.evidence), "evidence snippets kept per edge"},
    {"types", 0, "LIST", "all", COUNT, CM_SEC_COUNT, "types", CM_GIVEN_COUNT, VALUE(types),
     "entity types counted: actor,country,weapon"},
    {"discover", 0, "D", "all", COUNT, CM_SEC_COUNT, "discover", CM_GIVEN_COUNT, VALUE(discover),
     "none|persons|all: entities no lexicon names, found by rules\n(titles, bylines, "
     "acronyms, head words, designations)"},
    {"dedupe", 0, "D", "exact", COUNT | CM_CMD_DEDUPE, CM_SEC_COUNT, "dedupe", CM_GIVEN_COUNT,
     VALUE(dedupe),
     "exact|near|none: copies of an earlier document left out\n(docs/design.md, Wire copies)"},
    {"copies", 0, "FILE", NULL, CM_CMD_EXTRACT, CM_SEC_COUNT, NULL, 0, TEXT(run.copies),
     "the copies of all shards (comention dedupe), instead of\nthis shard's own"},
    {"min-discovered-mentions", 0, "N", "1", NET, CM_SEC_GRAPH, "min_discovered_mentions", 0,
     UINT(net.graph.min_discovered_mentions), "drop discovered entities with fewer mentions"},
    {"subtypes", 0, "LIST", "all", COUNT, CM_SEC_COUNT, "subtypes", CM_GIVEN_COUNT, VALUE(subtypes),
     "subtypes counted, e.g. person,armed_group\n(docs/lexicon-format.md lists them)"},
    {"exclude-subtypes", 0, "LIST", "none", COUNT, CM_SEC_COUNT, NULL, CM_GIVEN_COUNT,
     VALUE(exclude_subtypes), "subtypes not counted, e.g. media"},
    {"units", 0, "U", "all", COUNT, CM_SEC_COUNT, "units", CM_GIVEN_COUNT, VALUE(units),
     "all|body: which sentences make co-mention units; body\nleaves out headlines, bylines, "
     "captions, credits"},
    {"time-slice", 0, "P", NULL, COUNT, CM_SEC_COUNT, NULL, CM_GIVEN_COUNT, VALUE(time_slice),
     "day|week|month|quarter|year: counts and networks per period\ntoo (periods.csv, "
     "period-edges.csv, graph-dynamic.gexf)"},
    {"since", 0, "DATE", NULL, COUNT, CM_SEC_COUNT, NULL, CM_GIVEN_COUNT, VALUE(since),
     "count only documents dated on or after DATE"},
    {"until", 0, "DATE", NULL, COUNT, CM_SEC_COUNT, NULL, CM_GIVEN_COUNT, VALUE(until),
     "count only documents dated on or before DATE"},
    {"format", 0, "F", "auto", READ, CM_SEC_INPUT, NULL, 0, VALUE(read_format),
     "auto|txt|html|jsonl|csv: auto goes by extension, then\ncontent; .gz and .xz are read "
     "decompressed"},
    {"id-field", 0, "NAME", "id", READ, CM_SEC_INPUT, NULL, 0, NAME(read.id_field),
     "JSONL/CSV field of a document's id"},
    {"text-field", 0, "NAME", "text", READ, CM_SEC_INPUT, NULL, 0, NAME(read.text_field),
     "JSONL/CSV field of a document's text"},
    {"title-field", 0, "NAME", "title", READ, CM_SEC_INPUT, NULL, 0, NAME(read.title_field),
     "JSONL/CSV field of a document's title"},
    {"date-field", 0, "NAME", "date", READ, CM_SEC_INPUT, NULL, 0, NAME(read.date_field),
     "JSONL/CSV field of a document's publication date"},
    {"dates", 0, "FILE", NULL, READ, CM_SEC_INPUT, NULL, 0, TEXT(dates),
     "doc id and date a line (TSV, or CSV for FILE.csv):\npublication dates, over those "
     "documents carry"},
    {"weight", 0, "M", "count", NET, CM_SEC_GRAPH, "weight", 0, VALUE(weight),
     "count|documents|jaccard|dice|npmi|association|llr"},
    {"min-count", 0, "N", "1", NET, CM_SEC_GRAPH, "min_count", 0, UINT(net.graph.min_count),
     "drop edges named together in fewer units"},
    {"min-documents", 0, "N", "1", NET, CM_SEC_GRAPH, "min_documents", 0,
     UINT(net.graph.min_documents), "drop edges seen in fewer documents"},
    {"type-pairs", 0, "LIST", "all", NET, CM_SEC_GRAPH, "type_pairs", 0, VALUE(type_pairs),
     "keep edges of these type pairs, e.g. actor-weapon"},
    {"exclude", 0, "IDS", NULL, NET, CM_SEC_GRAPH, NULL, 0, VALUE(exclude),
     "drop these entity ids"},
    {"backbone", 0, "ALPHA", "0", NET, CM_SEC_GRAPH, "backbone", 0, REAL(net.graph.backbone, 0, 1),
     "disparity-filter backbone, 0 = off"},
    {"top-edges", 0, "N", "0", NET, CM_SEC_GRAPH, "top_edges", 0, UINT(net.graph.top_edges),
     "keep the N heaviest edges, 0 = all"},
    {"top", 0, "N", "0", NET, CM_SEC_GRAPH, "top", 0, UINT(net.graph.top),
     "keep the N top nodes, 0 = all"},
    {"top-by", 0, "M", "mentions", NET, CM_SEC_GRAPH, "top_by", 0, VALUE(top_by),
     "rank --top by mentions or a metric"},
    {"giant", 0, NULL, NULL, NET, CM_SEC_GRAPH, "giant", 0, FLAG(net.graph.giant, 1),
     "keep the largest connected component only"},
    {"ego", 0, "ID", NULL, DRAW, CM_SEC_GRAPH, "ego", 0, VALUE(ego),
     "keep the nodes within --radius hops of ID"},
    {"radius", 0, "N", "1", DRAW, CM_SEC_GRAPH, "radius", 0, UINT(net.graph.radius),
     "hops of the --ego network"},
    {"damping", 0, "D", "0.85", DRAW, CM_SEC_ANALYZE, "damping", 0,
     REAL(net.analyze.damping, 0, 0.999999), "PageRank damping"},
    {"community", 0, "C", "louvain", DRAW, CM_SEC_ANALYZE, "community", 0, VALUE(community),
     "louvain|leiden, seeded by --seed"},
    {"betweenness-samples", 0, "K", "0", DRAW, CM_SEC_ANALYZE, "betweenness_samples", 0,
     UINT(net.analyze.betweenness_samples),
     "estimate betweenness from K seeded sources, 0 = exact"},
    {"resolution", 0, "R", "1.0", DRAW, CM_SEC_ANALYZE, "resolution", 0,
     REAL(net.analyze.resolution, 0, 1e6), "modularity resolution"},
    {"all-metrics", 0, NULL, NULL, CM_CMD_RENDER, CM_SEC_ANALYZE, NULL, 0, FLAG(all_metrics, 1),
     "also betweenness, closeness, harmonic and the communities,\nfor the SVG's hover text "
     "and classes; without it they are\ncomputed only when --size-by or --color-by uses them "
     "(or\nwith --betweenness-samples): they cost more than the rest"},
    {"layout", 0, "L", "fa2", DRAW, CM_SEC_DRAW, "layout", 0, VALUE(layout),
     "fa2|fr|kk|drl|circle|typed; kk takes at most 1000\nnodes; typed puts actors, countries, "
     "weapons in bands"},
    {"seed", 0, "S", "1", DRAW, CM_SEC_DRAW, "seed", 0, UINT(net.layout.seed),
     "layout and community seed"},
    {"size-by", 0, "M", "pagerank", DRAW, CM_SEC_DRAW, "size_by", 0, VALUE(size_by),
     "node size, label priority and --draw-top rank: mentions|\ndocuments|degree|strength|"
     "betweenness|closeness|harmonic|\neigenvector|pagerank|kcore|clustering"},
    {"labels", 0, "K", "20", DRAW, CM_SEC_DRAW, "labels", 0, UINT(net.style.labels),
     "always label the K most important nodes"},
    {"draw-top", 0, "N", "0", DRAW, CM_SEC_DRAW, "draw_top", 0, UINT(net.style.draw_top),
     "draw only the N most important nodes, 0 = all;\nthe exports keep every node"},
    {"font-min", 0, "PT", "8.25", DRAW, CM_SEC_DRAW, "font_min", CM_GIVEN_FONT_MIN, VALUE(font_min),
     "label size of the smallest node, points"},
    {"font-max", 0, "PT", "13.5", DRAW, CM_SEC_DRAW, "font_max", CM_GIVEN_FONT_MAX, VALUE(font_max),
     "label size of the largest node, points"},
    {"color-by", 0, "C", "type", DRAW, CM_SEC_DRAW, "color_by", CM_GIVEN_COLOR, VALUE(color_by),
     "node colour: type|community|METRIC (render: the\nfile's colours when it has them)"},
    {"theme", 0, "T", "light", DRAW, CM_SEC_DRAW, "theme", 0, VALUE(theme), "light|dark|print"},
    {"highlight", 0, "IDS", NULL, DRAW, CM_SEC_DRAW, "highlight", 0, VALUE(highlight),
     "draw these nodes and their edges in full, fade the rest"},
    {"width", 0, "W", "1600", DRAW, CM_SEC_DRAW, "width", CM_GIVEN_WIDTH, VALUE(width),
     "canvas width: a number (CSS px, 96 per inch) or with a\nunit px, cm, mm, in, pt, e.g. "
     "17cm"},
    {"height", 0, "H", "1200", DRAW, CM_SEC_DRAW, "height", CM_GIVEN_HEIGHT, VALUE(height),
     "canvas height, as --width"},
    {"dpi", 0, "D", "96", DRAW, CM_SEC_DRAW, "dpi", CM_GIVEN_DPI, REAL(net.dpi, 1, 2400),
     "PNG resolution, pixels = px * D / 96"},
    {"title", 0, "TEXT", NULL, DRAW, CM_SEC_DRAW, "title", 0, VALUE(title),
     "title drawn at the top"},
    {"preset", 0, "P", NULL, DRAW, CM_SEC_DRAW, NULL, 0, VALUE(preset),
     "screen (1600 x 1200 px), journal (17 x 12 cm, labels\n6-9 pt, PNG at 600 dpi) or poster "
     "(84.1 x 59.4 cm, labels\n18-36 pt, PNG at 150 dpi); options given override it"},
    {"formats", 0, "LIST", "all but pdf", NET, CM_SEC_OUTPUT, "formats", 0, VALUE(formats),
     "svg,png,pdf,graphml,gexf,csv,json"},
    {"graphml-evidence", 0, "K", "1", NET, CM_SEC_OUTPUT, "graphml_evidence", 0,
     UINT(net.export.evidence), "evidence snippets per edge as GraphML/GEXF attributes"},
    {"output", 'o', "OUT", NULL,
     NET | CM_CMD_EXTRACT | CM_CMD_MERGE | CM_CMD_RENDER | CM_CMD_FINGERPRINT | CM_CMD_DEDUPE,
     CM_SEC_OUTPUT, NULL, 0, TEXT(out),
     "where to write: a directory, created if missing (build,\ngraph: out), a .cmc file "
     "(extract, merge), a figure,\n.svg, .png or .pdf (render), a fingerprint or copies file"},
    {"timings", 0, NULL, NULL, DRAW, CM_SEC_OUTPUT, NULL, 0, FLAG(net.timings, 1),
     "seconds per stage in report.json (render: on stderr)"},
    {"jobs", 'j', "N", "one per core", COUNT | CM_CMD_FINGERPRINT, CM_SEC_RUN, NULL, 0,
     UINT(run.jobs), "threads; no output depends on N"},
    {"progress", 0, NULL, NULL, COUNT, CM_SEC_RUN, NULL, 0, FLAG(progress, 1),
     "a progress line on stderr (on when it is a terminal)"},
    {"no-progress", 0, NULL, NULL, COUNT, CM_SEC_RUN, NULL, 0, FLAG(progress, 0),
     "no progress line"},
    {"quiet", 'q', NULL, NULL, COUNT | CM_CMD_RENDER | CM_CMD_LEXICON | CM_CMD_FINGERPRINT,
     CM_SEC_RUN, NULL, 0, FLAG(quiet, 1), "no warnings"},
    {"strict", 0, NULL, NULL, COUNT, CM_SEC_RUN, NULL, 0, FLAG(strict, 1),
     "a skipped file fails the run (exit 2)"},
    {"explain", 0, "FILE", NULL, COUNT, CM_SEC_RUN, NULL, 0, TEXT(run.explain),
     "write the QA table (aliases that hit, candidates refused\nand why) to FILE"},
    {"help", 'h', NULL, NULL, ALL, CM_SEC_RUN, NULL, 0, NONE(CM_OPT_HELP), "this help, and exit"},
    {"version", 0, NULL, NULL, ALL, CM_SEC_RUN, NULL, 0, NONE(CM_OPT_VERSION),
     "the version, and exit"},
};
const size_t cm_n_options = sizeof(cm_options) / sizeof(*cm_options);

/* An unsigned field of any width. */
static void store_uint(void *field, size_t size, unsigned long long v)
{
    if (size == sizeof(uint32_t)) {
        uint32_t u = (uint32_t)v;
        memcpy(field, &u, size);
    } else {
        uint64_t u = v;
        memcpy(field, &u, sizeof(u));
    }
}

static unsigned long long load_uint(const void *field, size_t size)
{
    uint32_t u32;
    uint64_t u64;
    if (size == sizeof(uint32_t)) {
        memcpy(&u32, field, size);
        return u32;
    }
    memcpy(&u64, field, sizeof(u64));
    return u64;
}

/* Option d with value v (NULL for a flag); `name` as it was written, for messages. */
cm_status cm_option_set(cm_config *o, const cm_option *d, const char *name, const char *v,
                        cm_error *err)
{
    char *field = (char *)o + d->off;
    unsigned long long u;
    cm_status rc = CM_OK;

    o->given |= d->given;
    switch (d->kind) {
    case CM_OPT_FLAG:
        memcpy(field, &(int){(int)d->lo}, sizeof(int));
        return CM_OK;
    case CM_OPT_UINT:
        rc = cm_config_parse_uint(&u, name, v, err);
        store_uint(field, d->size, u);
        return rc;
    case CM_OPT_REAL:
        return cm_config_parse_real((double *)(void *)field, name, v, d->lo, d->hi, err);
    case CM_OPT_NAME:
        if (!*v) {
            return cm_error_set(err, CM_EUSAGE, NULL, 0, "%s: empty field name", name);
        }
        memcpy(field, &v, sizeof(v));
        return CM_OK;
    case CM_OPT_STR:
        memcpy(field, &v, sizeof(v));
        return CM_OK;
    case CM_OPT_VALUE:
        return d->value->set(o, name, v, err);
    default:
        return CM_OK;
    }
}

/* The generic fields' canonical text; the others are their value's. */
static char *show(const cm_config *o, const cm_option *d)
{
    const char *field = (const char *)o + d->off;
    char num[32];
    int flag;

    switch (d->kind) {
    case CM_OPT_UINT:
        snprintf(num, sizeof(num), "%llu", load_uint(field, d->size));
        break;
    case CM_OPT_REAL:
        cm_format_double(num, *(const double *)(const void *)field);
        break;
    case CM_OPT_FLAG:
        memcpy(&flag, field, sizeof(flag));
        snprintf(num, sizeof(num), "%s", flag ? "true" : "false");
        break;
    default:
        return d->value->show(o);
    }
    return cm_strdup(num);
}

cm_status cm_config_report(cm_report_option **out, size_t *n, const cm_config *o, unsigned cmd,
                           cm_error *err)
{
    cm_report_option *r = calloc(cm_n_options, sizeof(*r));
    cm_status rc = r ? CM_OK : cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");

    *n = 0;
    for (size_t i = 0; i < cm_n_options && rc == CM_OK; i++) {
        if (cm_options[i].report && (cm_options[i].cmds & cmd)) {
            r[*n].name = cm_options[i].report;
            r[*n].value = show(o, &cm_options[i]);
            if (!r[(*n)++].value) {
                rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
            }
        }
    }
    *out = r;
    return rc;
}

void cm_config_report_free(cm_report_option *opts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cm_free((char *)opts[i].value);
    }
    free(opts);
}

cm_status cm_config_write(const char *dir, cm_network *n, const cm_config *c, unsigned cmd,
                          cm_error *err)
{
    cm_config counted = *c; /* read only: what the counts' header says of them */
    cm_report_option *ro = NULL;
    size_t n_ro = 0;

    counted.run.count = *cm_counts_opts(n->counts);
    snprintf(counted.lexicon_digest, sizeof(counted.lexicon_digest), "%s",
             cm_counts_lexicon(n->counts));
    cm_status rc = cm_config_report(&ro, &n_ro, &counted, cmd, err);
    if (rc == CM_OK) {
        rc = cm_run_write(dir, n, &c->net, ro, n_ro, err);
    }
    cm_config_report_free(ro, n_ro);
    return rc;
}

void cm_option_label(char *out, size_t n, const cm_option *d)
{
    char letter[8] = "";
    if (d->letter) {
        snprintf(letter, sizeof(letter), "-%c, ", d->letter);
    }
    snprintf(out, n, "%s--%s%s%s", letter, d->name, d->arg ? " " : "", d->arg ? d->arg : "");
}

/* One help line: the label, the help text (each "\n" starts an indented line), the default. */
static void help_line(FILE *f, const cm_option *d)
{
    char label[64];

    cm_option_label(label, sizeof(label), d);
    fprintf(f, "  %-24s%s", label, strlen(label) > 24 ? "  " : " ");
    for (const char *h = d->help; *h; h++) {
        if (*h == '\n') {
            fprintf(f, "\n%27s", "");
        } else {
            fputc(*h, f);
        }
    }
    fprintf(f, d->def ? " (%s)\n" : "\n", d->def);
}

void cm_options_help(FILE *f, unsigned cmd)
{
    static const char *const sections[] = {"count-time", "input",  "graph", "analyze",
                                           "draw",       "output", "run"};

    for (int s = 0; s < (int)(sizeof(sections) / sizeof(*sections)); s++) {
        int heading = 0;
        for (size_t i = 0; i < cm_n_options; i++) {
            if (cm_options[i].section != s || !(cm_options[i].cmds & cmd)) {
                continue;
            }
            if (!heading++) {
                fprintf(f, "\n%s:\n", sections[s]);
            }
            help_line(f, &cm_options[i]);
        }
    }
}
