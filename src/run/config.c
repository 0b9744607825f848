/* comention: the settings of a run as values: read from option text (set_*) and written
 * back in the canonical form report.json gives them (show_*), so that the same choice
 * written differently ("weapon-actor" or "actor-weapon") reports the same. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "run/config.h"
#include "util/util.h"

static const char *const format_names[] = {"svg", "png", "pdf", "graphml", "csv", "gexf", "json"};
static const char *const presets[] = {"screen", "journal", "poster"};

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

cm_status cm_config_parse_uint(unsigned long long *out, const char *opt, const char *v,
                               cm_error *err)
{
    char *end;
    errno = 0;
    *out = strtoull(v, &end, 10);
    if (!(*v >= '0' && *v <= '9') || *end || errno) { /* strtoull would take " -1" */
        return usage_error(err, "%s: not a non-negative integer: '%s'", opt, v);
    }
    return CM_OK;
}

cm_status cm_config_parse_real(double *out, const char *opt, const char *v, double lo, double hi,
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

static cm_status set_types(cm_config *o, const char *name, const char *v, cm_error *err)
{
    o->run.count.types = 0;
    return each_item(v, name, add_type, &o->run.count.types, err);
}

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
static cm_status subtypes(cm_config *o, int keep, const char *name, const char *v, cm_error *err)
{
    uint64_t named = 0;
    cm_status rc = each_item(v, name, add_subtype, &named, err);
    if (rc != CM_OK) {
        return rc;
    }
    if (keep) {
        o->subtypes_keep = named;
    } else {
        o->subtypes_drop |= named;
    }
    o->run.count.subtypes = o->subtypes_keep & ~o->subtypes_drop;
    return CM_OK;
}

static cm_status set_subtypes(cm_config *o, const char *name, const char *v, cm_error *err)
{
    return subtypes(o, 1, name, v, err);
}

static cm_status set_exclude_subtypes(cm_config *o, const char *name, const char *v, cm_error *err)
{
    return subtypes(o, 0, name, v, err);
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

static cm_status set_type_pairs(cm_config *o, const char *name, const char *v, cm_error *err)
{
    o->net.graph.type_pairs = 0;
    return each_item(v, name, add_type_pair, &o->net.graph.type_pairs, err);
}

static cm_status add_format(void *ctx, const char *opt, const char *item, cm_error *err)
{
    for (int i = 0; i < 7; i++) {
        if (strcmp(item, format_names[i]) == 0) {
            *(unsigned *)ctx |= 1u << i;
            return CM_OK;
        }
    }
    return usage_error(err, "%s: unknown format '%s' (svg, png, pdf, graphml, gexf, csv, json)",
                       opt, item);
}

static cm_status set_formats(cm_config *o, const char *name, const char *v, cm_error *err)
{
    o->net.formats = 0;
    return each_item(v, name, add_format, &o->net.formats, err);
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

static cm_status set_exclude(cm_config *o, const char *name, const char *v, cm_error *err)
{
    cm_status rc = add_ids(&o->exclude, &o->net.graph.n_exclude, name, v, err);
    o->net.graph.exclude = o->exclude;
    return rc;
}

static cm_status set_highlight(cm_config *o, const char *name, const char *v, cm_error *err)
{
    cm_status rc = add_ids(&o->highlight, &o->net.style.n_highlight, name, v, err);
    o->net.style.highlight = o->highlight;
    return rc;
}

static cm_status set_lexicon(cm_config *o, const char *name, const char *v, cm_error *err)
{
    (void)name;
    return grow_list(&o->lexicons, &o->n_lexicons, v, err);
}

static cm_status set_window(cm_config *o, const char *name, const char *v, cm_error *err)
{
    static const char *const units[] = {"sentence", "paragraph", "document"};
    unsigned long long n;
    for (int i = 0; i < 3; i++) {
        if (strcmp(v, units[i]) == 0) {
            o->run.count.unit = (cm_unit)i;
            return CM_OK;
        }
    }
    if (cm_config_parse_uint(&n, name, v, err) == CM_OK && n >= 1 && n <= 1000000) {
        /* One sentence is the sentence unit, written as such in the report. */
        o->run.count.unit = n == 1 ? CM_UNIT_SENTENCE : CM_UNIT_WINDOW;
        o->run.count.window = (size_t)n;
        return CM_OK;
    }
    return usage_error(err, "%s: want sentence, paragraph, document or a number, not '%s'", name,
                       v);
}

static cm_status set_discover(cm_config *o, const char *name, const char *v, cm_error *err)
{
    return cm_discover_parse(&o->run.count.discover, v) == 0
               ? CM_OK
               : usage_error(err, "%s: want none, persons or all, not '%s'", name, v);
}

static cm_status set_units(cm_config *o, const char *name, const char *v, cm_error *err)
{
    if (strcmp(v, "all") == 0 || strcmp(v, "body") == 0) {
        o->run.count.filter = v[0] == 'a' ? CM_UNITS_ALL : CM_UNITS_BODY;
        return CM_OK;
    }
    return usage_error(err, "%s: want all or body, not '%s'", name, v);
}

static cm_status set_read_format(cm_config *o, const char *name, const char *v, cm_error *err)
{
    static const char *const formats[] = {"auto", "txt", "html", "jsonl", "csv"};
    for (size_t k = 0; k < sizeof(formats) / sizeof(formats[0]); k++) {
        if (strcmp(v, formats[k]) == 0) {
            o->read.format = (cm_format)k;
            return CM_OK;
        }
    }
    return usage_error(err, "%s: unknown format '%s' (auto, txt, html, jsonl, csv)", name, v);
}

static cm_status set_time_slice(cm_config *o, const char *name, const char *v, cm_error *err)
{
    if (cm_slice_parse(&o->run.count.slice, v) != 0) {
        return usage_error(err, "%s: want day, week, month, quarter or year, not '%s'", name, v);
    }
    return CM_OK;
}

/* --since and --until, inclusive days; either may come first on the command line. */
static cm_status set_bound(cm_config *o, const char *name, const char *v, int32_t *day,
                           cm_error *err)
{
    if (cm_date_parse(day, v, strlen(v)) != 0) {
        return usage_error(err, "%s: want an ISO 8601 date such as 2024-03-05, not '%s'", name, v);
    }
    if (o->run.count.since != CM_DAY_NONE && o->run.count.until != CM_DAY_NONE &&
        o->run.count.since > o->run.count.until) {
        return usage_error(err, "--since is after --until");
    }
    return CM_OK;
}

static cm_status set_since(cm_config *o, const char *name, const char *v, cm_error *err)
{
    return set_bound(o, name, v, &o->run.count.since, err);
}

static cm_status set_until(cm_config *o, const char *name, const char *v, cm_error *err)
{
    return set_bound(o, name, v, &o->run.count.until, err);
}

static cm_status set_weight(cm_config *o, const char *name, const char *v, cm_error *err)
{
    return cm_weight_parse(&o->net.graph.weight, v) == 0
               ? CM_OK
               : usage_error(err, "%s: unknown measure '%s'", name, v);
}

static cm_status set_top_by(cm_config *o, const char *name, const char *v, cm_error *err)
{
    cm_metric m;
    if (strcmp(v, "mentions") == 0) {
        o->net.top_by = -1;
        return CM_OK;
    }
    if (cm_metric_parse(&m, v) != 0) {
        return usage_error(err, "%s: want mentions or a metric, not '%s'", name, v);
    }
    o->net.top_by = (int)m;
    return CM_OK;
}

static cm_status set_ego(cm_config *o, const char *name, const char *v, cm_error *err)
{
    if (!*v) {
        return usage_error(err, "%s: empty id", name);
    }
    o->net.graph.ego = v;
    return CM_OK;
}

static cm_status set_community(cm_config *o, const char *name, const char *v, cm_error *err)
{
    if (strcmp(v, "louvain") == 0 || strcmp(v, "leiden") == 0) {
        o->net.analyze.community = v[1] == 'o' ? CM_COMMUNITY_LOUVAIN : CM_COMMUNITY_LEIDEN;
        return CM_OK;
    }
    return usage_error(err, "%s: unknown algorithm '%s' (louvain, leiden)", name, v);
}

static cm_status set_layout(cm_config *o, const char *name, const char *v, cm_error *err)
{
    return cm_layout_parse(&o->net.layout.kind, v) == 0
               ? CM_OK
               : usage_error(err, "%s: unknown layout '%s' (fa2, fr, kk, drl, circle, typed)", name,
                             v);
}

static cm_status set_size_by(cm_config *o, const char *name, const char *v, cm_error *err)
{
    cm_style_opts *so = &o->net.style;
    so->size_source = strcmp(v, "mentions") == 0    ? CM_SIZE_MENTIONS
                      : strcmp(v, "documents") == 0 ? CM_SIZE_DOCUMENTS
                                                    : CM_SIZE_METRIC;
    return so->size_source != CM_SIZE_METRIC || cm_metric_parse(&so->size_by, v) == 0
               ? CM_OK
               : usage_error(err, "%s: want mentions, documents or a metric, not '%s'", name, v);
}

static cm_status set_color_by(cm_config *o, const char *name, const char *v, cm_error *err)
{
    return cm_color_by_parse(&o->net.style.color_by, &o->net.style.color_metric, v) == 0
               ? CM_OK
               : usage_error(err, "%s: want type, community or a metric, not '%s'", name, v);
}

static cm_status set_theme(cm_config *o, const char *name, const char *v, cm_error *err)
{
    return cm_theme_parse(&o->net.style.theme, v) == 0
               ? CM_OK
               : usage_error(err, "%s: unknown theme '%s' (light, dark, print)", name, v);
}

/* --width or --height: a length in px or with a unit. */
static cm_status length(double *px, cm_length_unit *unit, const char *name, const char *v,
                        cm_error *err)
{
    if (cm_length_parse(px, unit, v) != 0 || *px < 200 - 1e-9 || *px > 32767) {
        return usage_error(err,
                           "%s: want a length of 200 to 32767 px, a number with px, cm, mm, in "
                           "or pt, not '%s'",
                           name, v);
    }
    return CM_OK;
}

static cm_status set_width(cm_config *o, const char *name, const char *v, cm_error *err)
{
    return length(&o->net.style.width, &o->net.style.width_unit, name, v, err);
}

static cm_status set_height(cm_config *o, const char *name, const char *v, cm_error *err)
{
    return length(&o->net.style.height, &o->net.style.height_unit, name, v, err);
}

/* --font-min, --font-max: points in, px kept. */
static cm_status set_font_min(cm_config *o, const char *name, const char *v, cm_error *err)
{
    double pt;
    cm_status rc = cm_config_parse_real(&pt, name, v, 1, 200, err);
    o->net.style.label_min_px = pt * CM_PX_PER_IN / 72;
    return rc;
}

static cm_status set_font_max(cm_config *o, const char *name, const char *v, cm_error *err)
{
    double pt;
    cm_status rc = cm_config_parse_real(&pt, name, v, 1, 200, err);
    o->net.style.label_max_px = pt * CM_PX_PER_IN / 72;
    return rc;
}

static cm_status set_preset(cm_config *o, const char *name, const char *v, cm_error *err)
{
    for (int k = 0; k < 3; k++) {
        if (strcmp(v, presets[k]) == 0) {
            o->preset = 1 + k;
            return CM_OK;
        }
    }
    return usage_error(err, "%s: unknown preset '%s' (screen, journal, poster)", name, v);
}

/* A preset fills in the drawing options the command line left out. */
static void apply_preset(cm_config *o)
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
    cm_style_opts *so = &o->net.style;
    unsigned g = o->given;

    if (o->preset == 0) {
        return;
    }
    int k = o->preset - 1;
    double unit_px = cm_length_unit_px(p[k].unit);
    if (!(g & CM_GIVEN_WIDTH)) {
        so->width = p[k].w * unit_px;
        so->width_unit = p[k].unit;
    }
    if (!(g & CM_GIVEN_HEIGHT)) {
        so->height = p[k].h * unit_px;
        so->height_unit = p[k].unit;
    }
    if (!(g & CM_GIVEN_FONT_MIN)) {
        so->label_min_px = p[k].lo * CM_PX_PER_IN / 72;
    }
    if (!(g & CM_GIVEN_FONT_MAX)) {
        so->label_max_px = p[k].hi * CM_PX_PER_IN / 72;
    }
    if (!(g & CM_GIVEN_DPI)) {
        o->net.dpi = p[k].dpi;
    }
}

static cm_status set_title(cm_config *o, const char *name, const char *v, cm_error *err)
{
    /* bad bytes as U+FFFD, as in documents: Pango and PDF metadata take only UTF-8 */
    cm_buf b;
    (void)name;
    cm_buf_init(&b);
    cm_buf_put_text(&b, v, strlen(v), false);
    cm_buf_put(&b, "", 0); /* allocated and terminated, also when empty */
    if (b.failed) {
        cm_buf_destroy(&b);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    cm_free(o->title);
    o->title = b.data;
    o->net.style.title = o->title;
    return CM_OK;
}

/* ---- canonical values for report.json ---- */

static void show_lexicon(const cm_config *o, cm_buf *b)
{
    cm_buf_puts(b, o->lexicon_digest);
}

static void show_window(const cm_config *o, cm_buf *b)
{
    static const char *const units[] = {"sentence", "paragraph", "document"};
    const cm_count_opts *co = &o->run.count;
    if (co->unit == CM_UNIT_WINDOW) {
        cm_buf_put_uint(b, co->window);
    } else {
        cm_buf_puts(b, units[co->unit]);
    }
}

static void show_types(const cm_config *o, cm_buf *b)
{
    for (int t = 0; t < CM_N_TYPES; t++) {
        if (o->run.count.types & (1u << t)) {
            cm_buf_puts(b, b->len ? "," : "");
            cm_buf_puts(b, cm_type_name((cm_type)t));
        }
    }
}

static void show_discover(const cm_config *o, cm_buf *b)
{
    cm_buf_puts(b, cm_discover_name(o->run.count.discover));
}

static cm_status set_dedupe(cm_config *o, const char *name, const char *v, cm_error *err)
{
    return cm_dedupe_parse(&o->run.count.dedupe, v) == 0
               ? CM_OK
               : usage_error(err, "%s: want exact, near or none, not '%s'", name, v);
}

static void show_dedupe(const cm_config *o, cm_buf *b)
{
    cm_buf_puts(b, cm_dedupe_name(o->run.count.dedupe));
}

/* "all", or the subtypes counted in the order of docs/lexicon-format.md. */
static void show_subtypes(const cm_config *o, cm_buf *b)
{
    uint64_t bits = o->run.count.subtypes;
    if (bits == CM_ALL_SUBTYPES) {
        cm_buf_puts(b, "all");
        return;
    }
    for (int i = 0; i < CM_N_SUBTYPES; i++) {
        if ((bits >> i) & 1) {
            cm_buf_puts(b, b->len ? "," : "");
            cm_buf_puts(b, cm_subtype_name(i));
        }
    }
}

static void show_units(const cm_config *o, cm_buf *b)
{
    cm_buf_puts(b, o->run.count.filter == CM_UNITS_BODY ? "body" : "all");
}

static void show_time_slice(const cm_config *o, cm_buf *b)
{
    cm_buf_puts(b, cm_slice_name(o->run.count.slice));
}

static void show_day(cm_buf *b, int32_t day)
{
    char text[CM_DATE_LEN + 1] = "";

    if (day != CM_DAY_NONE) {
        cm_date_format(text, day);
    }
    cm_buf_puts(b, text);
}

static void show_since(const cm_config *o, cm_buf *b)
{
    show_day(b, o->run.count.since);
}

static void show_until(const cm_config *o, cm_buf *b)
{
    show_day(b, o->run.count.until);
}

static void show_weight(const cm_config *o, cm_buf *b)
{
    cm_buf_puts(b, cm_weight_name(o->net.graph.weight));
}

static void show_type_pairs(const cm_config *o, cm_buf *b)
{
    unsigned bits = o->net.graph.type_pairs;
    if (bits == (1u << (CM_N_TYPES * CM_N_TYPES)) - 1) {
        cm_buf_puts(b, "all");
        return;
    }
    for (int x = 0; x < CM_N_TYPES; x++) {
        for (int y = x; y < CM_N_TYPES; y++) {
            if (bits & (1u << (x * CM_N_TYPES + y))) {
                cm_buf_printf(b, "%s%s-%s", b->len ? "," : "", cm_type_name((cm_type)x),
                              cm_type_name((cm_type)y));
            }
        }
    }
}

static void show_top_by(const cm_config *o, cm_buf *b)
{
    cm_buf_puts(b, o->net.top_by < 0 ? "mentions" : cm_metric_name((cm_metric)o->net.top_by));
}

static void show_ego(const cm_config *o, cm_buf *b)
{
    cm_buf_puts(b, o->net.graph.ego ? o->net.graph.ego : "");
}

static void show_title(const cm_config *o, cm_buf *b)
{
    cm_buf_puts(b, o->title ? o->title : "");
}

static void show_community(const cm_config *o, cm_buf *b)
{
    cm_buf_puts(b, o->net.analyze.community == CM_COMMUNITY_LEIDEN ? "leiden" : "louvain");
}

static void show_layout(const cm_config *o, cm_buf *b)
{
    cm_buf_puts(b, cm_layout_name(o->net.layout.kind));
}

static void show_size_by(const cm_config *o, cm_buf *b)
{
    const cm_style_opts *so = &o->net.style;
    cm_buf_puts(b, so->size_source == CM_SIZE_MENTIONS    ? "mentions"
                   : so->size_source == CM_SIZE_DOCUMENTS ? "documents"
                                                          : cm_metric_name(so->size_by));
}

static void show_font_min(const cm_config *o, cm_buf *b)
{
    cm_buf_put_double(b, o->net.style.label_min_px * 72 / CM_PX_PER_IN);
}

static void show_font_max(const cm_config *o, cm_buf *b)
{
    cm_buf_put_double(b, o->net.style.label_max_px * 72 / CM_PX_PER_IN);
}

static void show_color_by(const cm_config *o, cm_buf *b)
{
    const cm_style_opts *so = &o->net.style;
    cm_buf_puts(b, so->color_by == CM_COLOR_COMMUNITY ? "community"
                   : so->color_by == CM_COLOR_METRIC  ? cm_metric_name(so->color_metric)
                                                      : "type");
}

static void show_theme(const cm_config *o, cm_buf *b)
{
    cm_buf_puts(b, cm_theme_name(o->net.style.theme));
}

static int by_bytes(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Ids sorted and without repeats, comma-separated. */
static void show_highlight(const cm_config *o, cm_buf *b)
{
    size_t n = o->net.style.n_highlight;
    const char **sorted = calloc(n + 1, sizeof(*sorted));
    if (!sorted) {
        b->failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        sorted[i] = o->net.style.highlight[i]; /* highlight is NULL when n is 0 */
    }
    qsort(sorted, n, sizeof(*sorted), by_bytes);
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || strcmp(sorted[i], sorted[i - 1]) != 0) {
            cm_buf_puts(b, b->len ? "," : "");
            cm_buf_puts(b, sorted[i]);
        }
    }
    free(sorted);
}

/* A canvas length as given: px as a bare number, another unit after its value. */
static void show_length(cm_buf *b, double px, cm_length_unit unit)
{
    if (unit == CM_LENGTH_PX) {
        cm_buf_put_double(b, px);
    } else { /* six digits: 17cm, not the 17.000000000000004 of the round trip through px */
        cm_buf_printf(b, "%.6g%s", px / cm_length_unit_px(unit), cm_length_unit_name(unit));
    }
}

static void show_width(const cm_config *o, cm_buf *b)
{
    show_length(b, o->net.style.width, o->net.style.width_unit);
}

static void show_height(const cm_config *o, cm_buf *b)
{
    show_length(b, o->net.style.height, o->net.style.height_unit);
}

static void show_formats(const cm_config *o, cm_buf *b)
{
    static const int order[] = {0, 1, 2, 3, 5, 4, 6};
    for (int i = 0; i < 7; i++) {
        if (o->net.formats & (1u << order[i])) {
            cm_buf_puts(b, b->len ? "," : "");
            cm_buf_puts(b, format_names[order[i]]);
        }
    }
}

/* ---- the values, and the settings as a whole ---- */

static char *shown(const cm_config *c, void (*show)(const cm_config *, cm_buf *))
{
    cm_buf b;
    cm_buf_init(&b);
    show(c, &b);
    cm_buf_put(&b, "", 0); /* allocated and terminated, also when empty */
    if (b.failed) {
        cm_buf_destroy(&b);
        return NULL;
    }
    return b.data;
}

#define VALUE(name)                                                                                \
    static char *text_##name(const cm_config *c)                                                   \
    {                                                                                              \
        return shown(c, show_##name);                                                              \
    }                                                                                              \
    const cm_value cm_value_##name = {set_##name, text_##name};
#define VALUE_HIDDEN(name) const cm_value cm_value_##name = {set_##name, NULL};

VALUE(lexicon)
VALUE(window)
VALUE(types)
VALUE(discover)
VALUE(dedupe)
VALUE(subtypes)
VALUE_HIDDEN(exclude_subtypes)
VALUE(units)
VALUE_HIDDEN(read_format)
VALUE(time_slice)
VALUE(since)
VALUE(until)
VALUE(weight)
VALUE(type_pairs)
VALUE_HIDDEN(exclude)
VALUE(top_by)
VALUE(ego)
VALUE(community)
VALUE(layout)
VALUE(size_by)
VALUE(color_by)
VALUE(theme)
VALUE(highlight)
VALUE(width)
VALUE(height)
VALUE(font_min)
VALUE(font_max)
VALUE_HIDDEN(preset)
VALUE(title)
VALUE(formats)

void cm_config_init(cm_config *c)
{
    memset(c, 0, sizeof(*c));
    cm_run_opts_init(&c->run);
    cm_net_opts_init(&c->net);
    c->subtypes_keep = CM_ALL_SUBTYPES;
    c->progress = -1;
}

cm_status cm_config_collect(cm_inputs **out, cm_config *c, const char *const *operands, size_t n,
                            cm_error *err)
{
    cm_status rc = cm_inputs_collect_opts(out, operands, n, &c->read, err);
    size_t dated = 0;

    if (rc == CM_OK && c->dates && !c->dates_table) {
        rc = cm_dates_load(&c->dates_table, c->dates, err);
    }
    if (rc != CM_OK || !c->dates_table) {
        return rc;
    }
    cm_inputs_set_dates(*out, c->dates_table);
    for (size_t i = 0; i < cm_inputs_count(*out); i++) {
        dated += cm_dates_get(c->dates_table, cm_inputs_id(*out, i)) != CM_DAY_NONE;
    }
    if (dated == 0 && cm_inputs_count(*out) > 0 && cm_dates_count(c->dates_table) > 0 &&
        !c->quiet && c->run.hooks.warn) {
        char msg[512];

        snprintf(msg, sizeof(msg),
                 "%s: no input document is in this table (doc ids are paths as given on the "
                 "command line, such as '%s')",
                 c->dates, cm_inputs_id(*out, 0));
        c->run.hooks.warn(c->run.hooks.ctx, msg);
    }
    return CM_OK;
}

void cm_config_destroy(cm_config *c)
{
    cm_dates_free(c->dates_table);
    for (size_t i = 0; i < c->net.graph.n_exclude; i++) {
        free((char *)c->exclude[i]);
    }
    free(c->exclude);
    for (size_t i = 0; i < c->net.style.n_highlight; i++) {
        free((char *)c->highlight[i]);
    }
    free(c->highlight);
    free(c->lexicons);
    cm_free(c->title);
    memset(c, 0, sizeof(*c));
}

cm_status cm_config_finish(cm_config *c, int png, cm_error *err)
{
    const cm_style_opts *so = &c->net.style;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);

    c->net.analyze.seed = c->net.layout.seed; /* one --seed for layout and communities */
    c->net.analyze.threads = c->run.jobs ? c->run.jobs : cores > 0 ? (size_t)cores : 1;
    c->net.jobs = c->net.analyze.threads;
    c->net.layout.threads = c->net.analyze.threads;
    apply_preset(c);
    if (so->label_min_px > so->label_max_px) {
        return usage_error(err, "--font-min: larger than --font-max (%g > %g pt)",
                           so->label_min_px * 72 / CM_PX_PER_IN,
                           so->label_max_px * 72 / CM_PX_PER_IN);
    }
    /* Refuse an impossible PNG before anything is counted or written. */
    double dpi = c->net.dpi;
    if (png && (so->width * dpi / 96 > 32767 || so->height * dpi / 96 > 32767)) {
        return usage_error(err, "a PNG of %.0f x %.0f pixels is larger than 32767 a side (--dpi)",
                           so->width * dpi / 96, so->height * dpi / 96);
    }
    if (c->net.export.evidence > 10000) {
        return usage_error(err, "--graphml-evidence: at most 10000 snippets per edge");
    }
    if (c->run.count.evidence > 10000) {
        return usage_error(err, "--evidence: at most 10000 snippets per edge");
    }
    if (c->run.count.types == 0) {
        return usage_error(err, "--types: no type given");
    }
    if (c->run.count.subtypes == 0) {
        return usage_error(err, "--exclude-subtypes: every subtype left out");
    }
    return CM_OK;
}

cm_status cm_config_check_counts(const cm_config *c, const cm_counts *counts, const char *path,
                                 cm_error *err)
{
    cm_lexicon *lex = NULL;
    char digest[65];
    cm_status rc;

    if ((c->given & CM_GIVEN_COUNT) &&
        !cm_count_opts_equal(&c->run.count, cm_counts_opts(counts))) {
        return cm_error_set(err, CM_EINPUT, path, 0,
                            "counted with other count-time options than given here");
    }
    if (c->n_lexicons == 0 && !c->no_default_lexicon) {
        return CM_OK;
    }
    rc = cm_run_lexicon(&lex, c->lexicons, c->n_lexicons, !c->no_default_lexicon, &c->run.hooks,
                        err);
    if (rc == CM_OK) {
        rc = cm_lexicon_digest(digest, lex, err);
    }
    if (rc == CM_OK && strcmp(digest, cm_counts_lexicon(counts)) != 0) {
        rc = cm_error_set(err, CM_EINPUT, path, 0, "counted with another lexicon than given here");
    }
    cm_lexicon_free(lex);
    return rc;
}
