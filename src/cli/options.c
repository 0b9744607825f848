/* comention: option parsing for every subcommand (docs/design.md §2). "--name value" and
 * "--name=value" both work; an option a subcommand does not take is a usage error. */
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "util/util.h"

/* In parts: ISO C compilers need not take string literals over 4095 bytes. */
static const char help_text[] =
    "usage: comention build [OPTIONS] INPUT... [-o DIR]\n"
    "       comention mentions [OPTIONS] INPUT...\n"
    "       comention extract [COUNT OPTIONS] INPUT... -o PART.cmc\n"
    "       comention merge PART.cmc... -o ALL.cmc\n"
    "       comention graph [OPTIONS] ALL.cmc [-o DIR]\n"
    "       comention render [DRAW OPTIONS] GRAPH.graphml -o FIG.svg|FIG.png|FIG.pdf\n"
    "       comention lexicon check FILE... | dump | stats  [--lexicon FILE] "
    "[--no-default-lexicon]\n"
    "\n"
    "count-time (build, mentions):\n"
    "  --lexicon FILE           add a lexicon (XML, docs/lexicon-format.md); repeatable\n"
    "  --no-default-lexicon     drop the built-in lexicon\n"
    "  --window W               co-mention unit: sentence|paragraph|document|N (sentence)\n"
    "  --evidence K             evidence snippets kept per edge (3)\n"
    "  --types LIST             entity types counted: actor,country,weapon (all)\n"
    "  --subtypes LIST          subtypes counted, e.g. person,armed_group (all;\n"
    "                           docs/lexicon-format.md lists them)\n"
    "  --exclude-subtypes LIST  subtypes not counted, e.g. media\n"
    "  --units U                all|body: which sentences make co-mention units; body\n"
    "                           leaves out headlines, bylines, captions, credits (all)\n"
    "  --discover D             none|persons|all: entities no lexicon names, found by rules\n"
    "                           (titles, bylines, acronyms, head words, designations) (all)\n"
    "  --time-slice P           day|week|month|quarter|year: counts and networks per period\n"
    "                           too (periods.csv, period-edges.csv, graph-dynamic.gexf)\n"
    "  --since DATE, --until DATE  count only documents dated in these bounds (inclusive)\n"
    "input (build, mentions, extract):\n"
    "  --format F               auto|txt|html|jsonl|csv: auto goes by extension, then\n"
    "                           content; .gz and .xz are read decompressed (auto)\n"
    "  --id-field, --text-field, --title-field, --date-field NAME\n"
    "                           JSONL/CSV fields of a document (id, text, title, date)\n"
    "  --dates FILE             doc id and date a line (TSV, or CSV for FILE.csv):\n"
    "                           publication dates, over those documents carry\n";

static const char help_text2[] =
    "graph (build):\n"
    "  --weight M               count|documents|jaccard|dice|npmi|association|llr (count)\n"
    "  --min-count N            drop edges named together in fewer units (1)\n"
    "  --min-documents N        drop edges seen in fewer documents (1)\n"
    "  --type-pairs LIST        keep edges of these type pairs, e.g. actor-weapon (all)\n"
    "  --exclude IDS            drop these entity ids\n"
    "  --min-discovered-mentions N  drop discovered entities with fewer mentions (1)\n"
    "  --backbone ALPHA         disparity-filter backbone, 0 = off (0)\n"
    "  --top-edges N            keep the N heaviest edges, 0 = all (0)\n"
    "  --ego ID                 keep the nodes within --radius hops of ID (build, render)\n"
    "  --radius N               hops of the --ego network (1)\n"
    "  --top N                  keep the N top nodes, 0 = all (0)\n"
    "  --top-by M               rank --top by mentions or a metric (mentions)\n"
    "  --giant                  keep the largest connected component only\n"
    "analyze (build, render):\n"
    "  --damping D              PageRank damping (0.85)\n"
    "  --community C            louvain|leiden (louvain), seeded by --seed\n"
    "  --resolution R           modularity resolution (1.0)\n"
    "  --betweenness-samples K  estimate betweenness from K seeded sources, 0 = exact (0)\n"
    "  --all-metrics            render: also betweenness, closeness, harmonic and the\n"
    "                           communities, for the SVG's hover text and classes; without\n"
    "                           it render computes them only when --size-by or --color-by\n"
    "                           uses them (or with --betweenness-samples): they cost more\n"
    "                           than the rest together; build computes everything\n";

/* The rest of the help: one literal may hold at most 4095 bytes (-Wpedantic). */
static const char help_draw[] =
    "draw (build, render):\n"
    "  --layout L               fa2|fr|kk|drl|circle|typed (fa2); kk takes at most 1000\n"
    "                           nodes; typed puts actors, countries, weapons in bands\n"
    "  --seed S                 layout and community seed (1)\n"
    "  --size-by M              node size, label priority and --draw-top rank: mentions|\n"
    "                           documents|degree|strength|betweenness|closeness|harmonic|\n"
    "                           eigenvector|pagerank|kcore|clustering (pagerank)\n"
    "  --color-by C             node colour: type|community|METRIC (type; render: the\n"
    "                           file's colours when it has them)\n"
    "  --theme T                light|dark|print (light)\n"
    "  --highlight IDS          draw these nodes and their edges in full, fade the rest\n"
    "  --width W --height H     canvas size: a number (CSS px, 96 per inch) or with a unit\n"
    "                           px, cm, mm, in, pt, e.g. 17cm (1600 x 1200)\n"
    "  --dpi D                  PNG resolution, pixels = px * D / 96 (96)\n"
    "  --font-min PT --font-max PT  label sizes in points, smallest to largest node\n"
    "                           (8.25, 13.5: 11 and 18 px)\n"
    "  --preset P               screen (1600 x 1200 px), journal (17 x 12 cm, labels\n"
    "                           6-9 pt, PNG at 600 dpi) or poster (84.1 x 59.4 cm, labels\n"
    "                           18-36 pt, PNG at 150 dpi); options given override it\n"
    "  --labels K               always label the K most important nodes (20)\n"
    "  --draw-top N             draw only the N most important nodes, 0 = all (0);\n"
    "                           the exports keep every node\n"
    "  --title TEXT             title drawn at the top\n"
    "output (build):\n"
    "  -o DIR                   output directory, created if missing (out)\n"
    "  --formats LIST           svg,png,pdf,graphml,gexf,csv,json (all but pdf)\n"
    "  --graphml-evidence K     evidence snippets per edge as GraphML/GEXF attributes (1)\n"
    "run:\n"
    "  -q                       no warnings\n"
    "  -j N                     threads (one per core); no output depends on N\n"
    "  --progress, --no-progress  a progress line on stderr (on when it is a terminal)\n"
    "  --timings                seconds per stage in report.json (render: on stderr)\n"
    "  --strict                 a skipped file fails the run (exit 2)\n"
    "  --explain FILE           write the QA table (aliases that hit, candidates refused and\n"
    "                           why) to FILE\n"
    "  --help, --version\n"
    "\n"
    "exit status: 0 ok, 1 usage error, 2 input or output error, 3 internal error\n";

typedef struct opt_def {
    const char *name;
    int has_arg;
    unsigned groups;
} opt_def;

static const opt_def defs[] = {
    {"--lexicon", 1, CM_OPT_COUNT},
    {"--no-default-lexicon", 0, CM_OPT_COUNT},
    {"--window", 1, CM_OPT_COUNT},
    {"--evidence", 1, CM_OPT_COUNT},
    {"--types", 1, CM_OPT_COUNT},
    {"--discover", 1, CM_OPT_COUNT},
    {"--min-discovered-mentions", 1, CM_OPT_GRAPH},
    {"--subtypes", 1, CM_OPT_COUNT},
    {"--exclude-subtypes", 1, CM_OPT_COUNT},
    {"--units", 1, CM_OPT_COUNT},
    {"--dates", 1, CM_OPT_READ},
    {"--time-slice", 1, CM_OPT_COUNT},
    {"--since", 1, CM_OPT_COUNT},
    {"--until", 1, CM_OPT_COUNT},
    {"--weight", 1, CM_OPT_GRAPH},
    {"--min-count", 1, CM_OPT_GRAPH},
    {"--min-documents", 1, CM_OPT_GRAPH},
    {"--type-pairs", 1, CM_OPT_GRAPH},
    {"--exclude", 1, CM_OPT_GRAPH},
    {"--backbone", 1, CM_OPT_GRAPH},
    {"--top-edges", 1, CM_OPT_GRAPH},
    {"--graphml-evidence", 1, CM_OPT_GRAPH},
    {"--top", 1, CM_OPT_GRAPH},
    {"--giant", 0, CM_OPT_GRAPH},
    {"--top-by", 1, CM_OPT_GRAPH},
    {"--progress", 0, CM_OPT_JOBS},
    {"--no-progress", 0, CM_OPT_JOBS},
    {"--timings", 0, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--damping", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--community", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--betweenness-samples", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--all-metrics", 0, CM_OPT_DRAW},
    {"--resolution", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--layout", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--seed", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--size-by", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--width", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--height", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--dpi", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--font-min", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--font-max", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--preset", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--labels", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--draw-top", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--title", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--color-by", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--theme", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--highlight", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--ego", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--radius", 1, CM_OPT_GRAPH | CM_OPT_DRAW},
    {"-o", 1, CM_OPT_OUT},
    {"-j", 1, CM_OPT_JOBS},
    {"--formats", 1, CM_OPT_GRAPH},
    {"-q", 0, CM_OPT_COUNT | CM_OPT_GRAPH | CM_OPT_DRAW},
    {"--strict", 0, CM_OPT_COUNT | CM_OPT_GRAPH},
    {"--explain", 1, CM_OPT_COUNT},
    {"--format", 1, CM_OPT_READ},
    {"--id-field", 1, CM_OPT_READ},
    {"--text-field", 1, CM_OPT_READ},
    {"--title-field", 1, CM_OPT_READ},
    {"--date-field", 1, CM_OPT_READ},
};

static cm_status usage_error(cm_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static cm_status usage_error(cm_error *err, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return cm_error_set(err, CM_EUSAGE, NULL, 0, "%s", msg);
}

static cm_status parse_uint(unsigned long long *out, const char *opt, const char *v, cm_error *err)
{
    char *end;
    errno = 0;
    *out = strtoull(v, &end, 10);
    if (!(*v >= '0' && *v <= '9') || *end || errno) { /* strtoull would take " -1" */
        return usage_error(err, "%s: not a non-negative integer: '%s'", opt, v);
    }
    return CM_OK;
}

static cm_status parse_real(double *out, const char *opt, const char *v, double lo, double hi,
                            cm_error *err)
{
    char *end;
    errno = 0;
    *out = strtod(v, &end);
    if (!*v || *end || errno || !isfinite(*out) || *out < lo || *out > hi) {
        char range[64];
        snprintf(range, sizeof(range), "'%s' (want %g..%g)", v, lo, hi);
        return usage_error(err, "%s: bad number %s", opt, range);
    }
    return CM_OK;
}

/* Split a comma list, calling fn on each item. */
static cm_status each_item(const char *list, const char *opt,
                           cm_status (*fn)(void *, const char *, const char *, cm_error *),
                           void *ctx, cm_error *err)
{
    char item[128];
    const char *p = list;
    cm_status rc = CM_OK;

    while (rc == CM_OK) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        if (n == 0 || n >= sizeof(item)) {
            return usage_error(err, "%s: bad list '%s'", opt, list);
        }
        memcpy(item, p, n);
        item[n] = '\0';
        rc = fn(ctx, opt, item, err);
        if (!c) {
            break;
        }
        p = c + 1;
    }
    return rc;
}

static cm_status add_type(void *ctx, const char *opt, const char *item, cm_error *err)
{
    cm_type t;
    if (cm_type_parse(&t, item) != 0) {
        return usage_error(err, "%s: unknown type '%s' (actor, country, weapon)", opt, item);
    }
    *(unsigned *)ctx |= 1u << t;
    return CM_OK;
}

/* --subtypes and --exclude-subtypes: ctx is the set of subtypes, as bits. */
static cm_status add_subtype(void *ctx, const char *opt, const char *item, cm_error *err)
{
    int i = cm_subtype_index(item);
    if (i < 0) {
        return usage_error(err, "%s: unknown subtype '%s' (see docs/lexicon-format.md)", opt, item);
    }
    *(uint64_t *)ctx |= UINT64_C(1) << i;
    return CM_OK;
}

/* --subtypes keeps only the subtypes it names; --exclude-subtypes drops its own; given
 * both, the second applies to what the first kept. */
static cm_status set_subtypes(cli_opts *o, const char *name, const char *v, cm_error *err)
{
    uint64_t named = 0;
    cm_status rc = each_item(v, name, add_subtype, &named, err);
    if (rc != CM_OK) {
        return rc;
    }
    if (strcmp(name, "--subtypes") == 0) {
        o->subtypes_keep = named;
    } else {
        o->subtypes_drop |= named;
    }
    o->count.subtypes = o->subtypes_keep & ~o->subtypes_drop;
    return CM_OK;
}

static cm_status add_type_pair(void *ctx, const char *opt, const char *item, cm_error *err)
{
    char a[32], b[32];
    const char *dash = strchr(item, '-');
    cm_type ta, tb;

    if (!dash || (size_t)(dash - item) >= sizeof(a) || strlen(dash + 1) >= sizeof(b)) {
        return usage_error(err, "%s: bad type pair '%s' (e.g. actor-weapon)", opt, item);
    }
    memcpy(a, item, (size_t)(dash - item));
    a[dash - item] = '\0';
    strcpy(b, dash + 1);
    if (cm_type_parse(&ta, a) != 0 || cm_type_parse(&tb, b) != 0) {
        return usage_error(err, "%s: bad type pair '%s' (e.g. actor-weapon)", opt, item);
    }
    unsigned lo = ta < tb ? ta : tb, hi = ta < tb ? tb : ta;
    *(unsigned *)ctx |= 1u << (lo * CM_N_TYPES + hi);
    return CM_OK;
}

static cm_status add_format(void *ctx, const char *opt, const char *item, cm_error *err)
{
    static const char *const names[] = {"svg", "png", "pdf", "graphml", "csv", "gexf", "json"};
    for (int i = 0; i < 7; i++) {
        if (strcmp(item, names[i]) == 0) {
            *(unsigned *)ctx |= 1u << i;
            return CM_OK;
        }
    }
    return usage_error(err, "%s: unknown format '%s' (svg, png, pdf, graphml, gexf, csv, json)",
                       opt, item);
}

static cm_status grow_list(const char ***list, size_t *n, const char *v, cm_error *err)
{
    const char **p = realloc(*list, (*n + 1) * sizeof(**list));
    if (!p) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    p[(*n)++] = v;
    *list = p;
    return CM_OK;
}

/* --exclude and --highlight take ids separated by commas; each id is kept as its own
 * string. */
static cm_status add_ids(const char ***list, size_t *n_list, const char *opt, const char *v,
                         cm_error *err)
{
    cm_status rc = CM_OK;
    const char *p = v;

    while (rc == CM_OK && *p) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        if (n == 0) {
            return usage_error(err, "%s: bad list '%s'", opt, v);
        }
        char *id = strndup(p, n);
        if (!id) {
            return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        }
        rc = grow_list(list, n_list, id, err);
        if (rc != CM_OK) {
            free(id);
        }
        p = c ? c + 1 : p + n;
    }
    return rc;
}

static cm_status set_exclude(cli_opts *o, const char *v, cm_error *err)
{
    cm_status rc = add_ids(&o->exclude, &o->graph.n_exclude, "--exclude", v, err);
    o->graph.exclude = o->exclude;
    return rc;
}

static cm_status set_highlight(cli_opts *o, const char *v, cm_error *err)
{
    cm_status rc = add_ids(&o->highlight, &o->style.n_highlight, "--highlight", v, err);
    o->style.highlight = o->highlight;
    return rc;
}

/* Draw options that name something: colouring, theme, highlighted nodes, ego. */
static cm_status set_draw(cli_opts *o, const char *name, const char *v, cm_error *err)
{
    if (strcmp(name, "--color-by") == 0) {
        o->color_given = 1;
        return cm_color_by_parse(&o->style.color_by, &o->style.color_metric, v) == 0
                   ? CM_OK
                   : usage_error(err, "%s: want type, community or a metric, not '%s'", name, v);
    }
    if (strcmp(name, "--theme") == 0) {
        return cm_theme_parse(&o->style.theme, v) == 0
                   ? CM_OK
                   : usage_error(err, "%s: unknown theme '%s' (light, dark, print)", name, v);
    }
    if (strcmp(name, "--highlight") == 0) {
        return set_highlight(o, v, err);
    }
    if (!*v) {
        return usage_error(err, "%s: empty id", name);
    }
    o->graph.ego = v;
    return CM_OK;
}

/* --width or --height: a length in px or with a unit. */
static cm_status set_length(cli_opts *o, const char *name, const char *v, cm_error *err)
{
    int w = name[2] == 'w';
    double px;
    cm_length_unit unit;

    if (cm_length_parse(&px, &unit, v) != 0 || px < 200 - 1e-9 || px > 32767) {
        return usage_error(err,
                           "%s: want a length of 200 to 32767 px, a number with px, cm, mm, in "
                           "or pt, not '%s'",
                           name, v);
    }
    *(w ? &o->style.width : &o->style.height) = px;
    *(w ? &o->style.width_unit : &o->style.height_unit) = unit;
    o->draw_given |= w ? CLI_GIVEN_WIDTH : CLI_GIVEN_HEIGHT;
    return CM_OK;
}

/* The print options: canvas size with units, label sizes in points, a preset. */
static cm_status set_print(cli_opts *o, const char *name, const char *v, cm_error *err)
{
    static const char *const presets[] = {"screen", "journal", "poster"};
    double pt;
    cm_status rc;

    if (strcmp(name, "--preset") == 0) {
        for (int k = 0; k < 3; k++) {
            if (strcmp(v, presets[k]) == 0) {
                o->preset = CLI_PRESET_SCREEN + k;
                return CM_OK;
            }
        }
        return usage_error(err, "%s: unknown preset '%s' (screen, journal, poster)", name, v);
    }
    if (strncmp(name, "--font-", 7) != 0) {
        return set_length(o, name, v, err);
    }
    rc = parse_real(&pt, name, v, 1, 200, err);
    if (strcmp(name, "--font-min") == 0) {
        o->style.label_min_px = pt * CM_PX_PER_IN / 72;
        o->draw_given |= CLI_GIVEN_FONT_MIN;
    } else {
        o->style.label_max_px = pt * CM_PX_PER_IN / 72;
        o->draw_given |= CLI_GIVEN_FONT_MAX;
    }
    return rc;
}

/* A preset fills in the drawing options the command line left out. */
static void apply_preset(cli_opts *o)
{
    static const struct {
        double w, h; /* canvas */
        cm_length_unit unit;
        double lo, hi; /* label sizes, pt */
        double dpi;
    } p[] = {
        {1600, 1200, CM_LENGTH_PX, 8.25, 13.5, 96},
        {17, 12, CM_LENGTH_CM, 6, 9, 600},
        {84.1, 59.4, CM_LENGTH_CM, 18, 36, 150},
    };
    unsigned g = o->draw_given;

    if (o->preset == CLI_PRESET_NONE) {
        return;
    }
    int k = o->preset - CLI_PRESET_SCREEN;
    double unit_px = cm_length_unit_px(p[k].unit);
    if (!(g & CLI_GIVEN_WIDTH)) {
        o->style.width = p[k].w * unit_px;
        o->style.width_unit = p[k].unit;
    }
    if (!(g & CLI_GIVEN_HEIGHT)) {
        o->style.height = p[k].h * unit_px;
        o->style.height_unit = p[k].unit;
    }
    if (!(g & CLI_GIVEN_FONT_MIN)) {
        o->style.label_min_px = p[k].lo * CM_PX_PER_IN / 72;
    }
    if (!(g & CLI_GIVEN_FONT_MAX)) {
        o->style.label_max_px = p[k].hi * CM_PX_PER_IN / 72;
    }
    if (!(g & CLI_GIVEN_DPI)) {
        o->dpi = p[k].dpi;
    }
}

static cm_status set_window(cli_opts *o, const char *v, cm_error *err)
{
    unsigned long long n;
    if (strcmp(v, "sentence") == 0) {
        o->count.unit = CM_UNIT_SENTENCE;
    } else if (strcmp(v, "paragraph") == 0) {
        o->count.unit = CM_UNIT_PARAGRAPH;
    } else if (strcmp(v, "document") == 0) {
        o->count.unit = CM_UNIT_DOCUMENT;
    } else if (parse_uint(&n, "--window", v, err) == CM_OK && n >= 1 && n <= 1000000) {
        /* One sentence is the sentence unit, written as such in the report. */
        o->count.unit = n == 1 ? CM_UNIT_SENTENCE : CM_UNIT_WINDOW;
        o->count.window = (size_t)n;
    } else {
        return usage_error(err, "%s: want sentence, paragraph, document or a number, not '%s'",
                           "--window", v);
    }
    return CM_OK;
}

/* --time-slice, --since, --until (count-time), --dates (read). */
static cm_status set_time(cli_opts *o, const char *name, const char *v, cm_error *err)
{
    int32_t day;

    if (strcmp(name, "--dates") == 0) {
        o->dates = v;
        return CM_OK;
    }
    o->count_opts_given = 1;
    if (strcmp(name, "--time-slice") == 0) {
        return cm_slice_parse(&o->count.slice, v) == 0
                   ? CM_OK
                   : usage_error(err, "%s: want day, week, month, quarter or year, not '%s'", name,
                                 v);
    }
    if (cm_date_parse(&day, v, strlen(v)) != 0) {
        return usage_error(err, "%s: want an ISO 8601 date such as 2024-03-05, not '%s'", name, v);
    }
    *(name[2] == 's' ? &o->count.since : &o->count.until) = day;
    if (o->count.since != CM_DAY_NONE && o->count.until != CM_DAY_NONE &&
        o->count.since > o->count.until) {
        return usage_error(err, "--since is after --until");
    }
    return CM_OK;
}

/* --format and the JSONL/CSV field names. */
static cm_status set_read(cli_opts *o, const char *name, const char *v, cm_error *err)
{
    static const char *const formats[] = {"auto", "txt", "html", "jsonl", "csv"};
    const char **field = strcmp(name, "--id-field") == 0      ? &o->read.id_field
                         : strcmp(name, "--text-field") == 0  ? &o->read.text_field
                         : strcmp(name, "--title-field") == 0 ? &o->read.title_field
                                                              : &o->read.date_field;
    if (strcmp(name, "--format") != 0) {
        *field = v;
        return *v ? CM_OK : usage_error(err, "%s: empty field name", name);
    }
    for (size_t k = 0; k < sizeof(formats) / sizeof(formats[0]); k++) {
        if (strcmp(v, formats[k]) == 0) {
            o->read.format = (cm_format)k;
            return CM_OK;
        }
    }
    return usage_error(err, "%s: unknown format '%s' (auto, txt, html, jsonl, csv)", name, v);
}

static cm_status set_value(cli_opts *o, const char *name, const char *v, cm_error *err)
{
    unsigned long long u;
    double d;
    cm_status rc = CM_OK;

#define UINT_OPT(opt, field)                                                                       \
    if (strcmp(name, opt) == 0) {                                                                  \
        rc = parse_uint(&u, opt, v, err);                                                          \
        field = u;                                                                                 \
        return rc;                                                                                 \
    }
    UINT_OPT("-j", o->jobs)
    if (strcmp(name, "--evidence") == 0 || strcmp(name, "--window") == 0 ||
        strcmp(name, "--types") == 0 || strcmp(name, "--subtypes") == 0 ||
        strcmp(name, "--exclude-subtypes") == 0 || strcmp(name, "--units") == 0 ||
        strcmp(name, "--discover") == 0) {
        o->count_opts_given = 1;
    }
    UINT_OPT("--evidence", o->count.evidence)
    UINT_OPT("--min-count", o->graph.min_count)
    UINT_OPT("--min-documents", o->graph.min_documents)
    UINT_OPT("--min-discovered-mentions", o->graph.min_discovered_mentions)
    UINT_OPT("--top-edges", o->graph.top_edges)
    UINT_OPT("--graphml-evidence", o->export.evidence)
    UINT_OPT("--top", o->graph.top)
    UINT_OPT("--seed", o->layout.seed)
    UINT_OPT("--betweenness-samples", o->analyze.betweenness_samples)
    UINT_OPT("--radius", o->graph.radius)
    UINT_OPT("--labels", o->style.labels)
    UINT_OPT("--draw-top", o->style.draw_top)
#undef UINT_OPT
    if (strcmp(name, "--window") == 0) {
        return set_window(o, v, err);
    }
    if (strcmp(name, "--dates") == 0 || strcmp(name, "--time-slice") == 0 ||
        strcmp(name, "--since") == 0 || strcmp(name, "--until") == 0) {
        return set_time(o, name, v, err);
    }
    if (strcmp(name, "--lexicon") == 0) {
        return grow_list(&o->lexicons, &o->n_lexicons, v, err);
    }
    if (strcmp(name, "--discover") == 0) {
        return cm_discover_parse(&o->count.discover, v) == 0
                   ? CM_OK
                   : usage_error(err, "%s: want none, persons or all, not '%s'", name, v);
    }
    if (strcmp(name, "--types") == 0) {
        o->count.types = 0;
        return each_item(v, name, add_type, &o->count.types, err);
    }
    if (strcmp(name, "--subtypes") == 0 || strcmp(name, "--exclude-subtypes") == 0) {
        return set_subtypes(o, name, v, err);
    }
    if (strcmp(name, "--units") == 0) {
        if (strcmp(v, "all") == 0 || strcmp(v, "body") == 0) {
            o->count.filter = v[0] == 'a' ? CM_UNITS_ALL : CM_UNITS_BODY;
            return CM_OK;
        }
        return usage_error(err, "%s: want all or body, not '%s'", name, v);
    }
    if (strcmp(name, "--type-pairs") == 0) {
        o->graph.type_pairs = 0;
        return each_item(v, name, add_type_pair, &o->graph.type_pairs, err);
    }
    if (strcmp(name, "--formats") == 0) {
        o->formats = 0;
        return each_item(v, name, add_format, &o->formats, err);
    }
    if (strcmp(name, "--exclude") == 0) {
        return set_exclude(o, v, err);
    }
    if (strcmp(name, "--color-by") == 0 || strcmp(name, "--theme") == 0 ||
        strcmp(name, "--highlight") == 0 || strcmp(name, "--ego") == 0) {
        return set_draw(o, name, v, err);
    }
    if (strcmp(name, "--weight") == 0) {
        return cm_weight_parse(&o->graph.weight, v) == 0
                   ? CM_OK
                   : usage_error(err, "%s: unknown measure '%s'", name, v);
    }
    if (strcmp(name, "--community") == 0) {
        if (strcmp(v, "louvain") == 0 || strcmp(v, "leiden") == 0) {
            o->analyze.community = v[1] == 'o' ? CM_COMMUNITY_LOUVAIN : CM_COMMUNITY_LEIDEN;
            return CM_OK;
        }
        return usage_error(err, "%s: unknown algorithm '%s' (louvain, leiden)", name, v);
    }
    if (strcmp(name, "--layout") == 0) {
        return cm_layout_parse(&o->layout.kind, v) == 0
                   ? CM_OK
                   : usage_error(err, "%s: unknown layout '%s' (fa2, fr, kk, drl, circle, typed)",
                                 name, v);
    }
    if (strcmp(name, "--top-by") == 0) {
        cm_metric m;
        if (strcmp(v, "mentions") == 0) {
            o->top_by = -1;
            o->progress = -1;
            return CM_OK;
        }
        if (cm_metric_parse(&m, v) != 0) {
            return usage_error(err, "%s: want mentions or a metric, not '%s'", name, v);
        }
        o->top_by = (int)m;
        return CM_OK;
    }
    if (strcmp(name, "--size-by") == 0) {
        o->style.size_source = strcmp(v, "mentions") == 0    ? CM_SIZE_MENTIONS
                               : strcmp(v, "documents") == 0 ? CM_SIZE_DOCUMENTS
                                                             : CM_SIZE_METRIC;
        return o->style.size_source != CM_SIZE_METRIC || cm_metric_parse(&o->style.size_by, v) == 0
                   ? CM_OK
                   : usage_error(err, "%s: want mentions, documents or a metric, not '%s'", name,
                                 v);
    }
    if (strncmp(name, "--font-", 7) == 0 || strcmp(name, "--preset") == 0 ||
        strcmp(name, "--width") == 0 || strcmp(name, "--height") == 0) {
        return set_print(o, name, v, err);
    }
    if (strcmp(name, "--backbone") == 0) {
        return parse_real(&o->graph.backbone, name, v, 0, 1, err);
    }
    if (strcmp(name, "--damping") == 0) {
        return parse_real(&o->analyze.damping, name, v, 0, 0.999999, err);
    }
    if (strcmp(name, "--resolution") == 0) {
        return parse_real(&o->analyze.resolution, name, v, 0, 1e6, err);
    }
    if (strcmp(name, "--dpi") == 0) {
        rc = parse_real(&d, name, v, 1, 2400, err);
        o->dpi = d;
        o->draw_given |= CLI_GIVEN_DPI;
        return rc;
    }
    if (strcmp(name, "--title") == 0) {
        /* bad bytes as U+FFFD, as in documents: Pango and PDF metadata take only UTF-8 */
        cm_buf b;
        cm_buf_init(&b);
        cm_buf_put_text(&b, v, strlen(v), false);
        if (b.failed || !cm_buf_reserve(&b, 0)) {
            cm_buf_destroy(&b);
            return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        }
        cm_free(o->title);
        o->title = b.data;
        o->style.title = o->title;
        return CM_OK;
    }
    if (strcmp(name, "--format") == 0 || strstr(name, "-field")) {
        return set_read(o, name, v, err);
    }
    if (strcmp(name, "--explain") == 0) {
        o->explain = v;
        return CM_OK;
    }
    if (strcmp(name, "-o") == 0) {
        o->outdir = v;
        o->out_given = 1;
        return CM_OK;
    }
    return usage_error(err, "unknown option '%s'", name);
}

static void set_flag(cli_opts *o, const char *name)
{
    if (strcmp(name, "--no-default-lexicon") == 0) {
        o->no_default_lexicon = 1;
    } else if (strcmp(name, "--giant") == 0) {
        o->graph.giant = 1;
    } else if (strcmp(name, "-q") == 0) {
        o->quiet = 1;
    } else if (strcmp(name, "--strict") == 0) {
        o->strict = 1;
    } else if (strcmp(name, "--progress") == 0) {
        o->progress = 1;
    } else if (strcmp(name, "--no-progress") == 0) {
        o->progress = 0;
    } else if (strcmp(name, "--timings") == 0) {
        o->timings = 1;
    } else if (strcmp(name, "--all-metrics") == 0) {
        o->all_metrics = 1;
    }
}

static void defaults(cli_opts *o, const char *cmd)
{
    memset(o, 0, sizeof(*o));
    o->cmd = cmd;
    cm_count_opts_init(&o->count);
    cm_graph_opts_init(&o->graph);
    cm_analyze_opts_init(&o->analyze);
    cm_layout_opts_init(&o->layout);
    cm_style_opts_init(&o->style);
    cm_export_opts_init(&o->export);
    o->dpi = 96;
    o->subtypes_keep = CM_ALL_SUBTYPES;
    o->top_by = -1;
    o->progress = -1;
    o->outdir = "out";
    o->formats = CM_FMT_SVG | CM_FMT_PNG | CM_FMT_GRAPHML | CM_FMT_GEXF | CM_FMT_CSV | CM_FMT_JSON;
}

static const opt_def *find_def(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(defs) / sizeof(*defs); i++) {
        if (strlen(defs[i].name) == len && strncmp(defs[i].name, name, len) == 0) {
            return &defs[i];
        }
    }
    return NULL;
}

static cm_status parse_one(cli_opts *o, int argc, char **argv, int *i, unsigned groups,
                           cm_error *err)
{
    const char *arg = argv[*i], *eq = strchr(arg, '=');
    size_t len = eq && arg[1] == '-' ? (size_t)(eq - arg) : strlen(arg);
    const opt_def *d = find_def(arg, len);
    char name[64];

    if (!d || !(d->groups & groups)) {
        snprintf(name, sizeof(name), "%.*s", (int)(len < 60 ? len : 60), arg);
        return usage_error(err, "unknown option '%s'%s", name, d ? " for this command" : "");
    }
    if (!d->has_arg) {
        if (eq && arg[1] == '-') {
            return usage_error(err, "option '%s' takes no value", d->name);
        }
        set_flag(o, d->name);
        return CM_OK;
    }
    if (eq && arg[1] == '-') {
        return set_value(o, d->name, eq + 1, err);
    }
    if (*i + 1 >= argc) {
        return usage_error(err, "option '%s' needs a value", d->name);
    }
    (*i)++;
    return set_value(o, d->name, argv[*i], err);
}

cm_status cli_parse(cli_opts *o, int argc, char **argv, unsigned groups, int *exit_now,
                    cm_error *err)
{
    int only_operands = 0;
    cm_status rc = CM_OK;

    defaults(o, "");
    *exit_now = 0;
    for (int i = 0; i < argc && rc == CM_OK; i++) {
        const char *a = argv[i];
        if (!only_operands && strcmp(a, "--help") == 0) {
            fputs(help_text, stdout);
            fputs(help_text2, stdout);
            fputs(help_draw, stdout);
            *exit_now = 1;
            return CM_OK;
        }
        if (!only_operands && strcmp(a, "--version") == 0) {
            printf("comention %s\n", CM_VERSION);
            *exit_now = 1;
            return CM_OK;
        }
        if (!only_operands && strcmp(a, "--") == 0) {
            only_operands = 1;
        } else if (!only_operands && a[0] == '-' && a[1] != '\0') {
            rc = parse_one(o, argc, argv, &i, groups, err);
        } else {
            rc = grow_list(&o->inputs, &o->n_inputs, a, err);
        }
    }
    if (rc == CM_OK && o->n_inputs > 0 && (groups & CM_OPT_NO_INPUT)) {
        rc = usage_error(err, "unexpected operand '%s'", o->inputs[0]);
    }
    if (rc == CM_OK && o->n_inputs == 0 && (groups & CM_OPT_DRAW) && !(groups & CM_OPT_GRAPH)) {
        rc = usage_error(err, "no GRAPH.graphml given");
    } else if (rc == CM_OK && o->n_inputs == 0 && !(groups & CM_OPT_NO_INPUT)) {
        rc = usage_error(err, "no INPUT given (a file, a directory, or - for standard input)");
    }
    o->analyze.seed = o->layout.seed; /* one --seed for layout and communities */
    apply_preset(o);
    if (rc == CM_OK && o->style.label_min_px > o->style.label_max_px) {
        rc = usage_error(err, "--font-min: larger than --font-max (%g > %g pt)",
                         o->style.label_min_px * 72 / CM_PX_PER_IN,
                         o->style.label_max_px * 72 / CM_PX_PER_IN);
    }
    if (o->jobs > 0) {
        o->analyze.threads = o->jobs;
    } else {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        o->analyze.threads = cores > 0 ? (size_t)cores : 1;
    }
    /* Refuse an impossible PNG before anything is counted or written. */
    if (rc == CM_OK && (groups & CM_OPT_GRAPH) && (o->formats & CM_FMT_PNG) &&
        (o->style.width * o->dpi / 96 > 32767 || o->style.height * o->dpi / 96 > 32767)) {
        rc = usage_error(err, "a PNG of %.0f x %.0f pixels is larger than 32767 a side (--dpi)",
                         o->style.width * o->dpi / 96, o->style.height * o->dpi / 96);
    }
    if (rc == CM_OK && o->export.evidence > 10000) {
        rc = usage_error(err, "--graphml-evidence: at most 10000 snippets per edge");
    }
    if (rc == CM_OK && o->count.evidence > 10000) {
        rc = usage_error(err, "--evidence: at most 10000 snippets per edge");
    }
    if (rc == CM_OK && o->count.types == 0) {
        rc = usage_error(err, "--types: no type given");
    }
    if (rc == CM_OK && o->count.subtypes == 0) {
        rc = usage_error(err, "--exclude-subtypes: every subtype left out");
    }
    return rc;
}

void cli_opts_destroy(cli_opts *o)
{
    for (size_t i = 0; i < o->graph.n_exclude; i++) {
        free((char *)o->exclude[i]);
    }
    free(o->exclude);
    for (size_t i = 0; i < o->style.n_highlight; i++) {
        free((char *)o->highlight[i]);
    }
    free(o->highlight);
    free(o->lexicons);
    free(o->inputs);
    cm_dates_free(o->dates_table);
    cm_free(o->title);
}
