/* comention: the text and marks around the network. The title and a subtitle of corpus
 * statistics go in a band at the top; the legend (node colours, a node-size scale with
 * discs drawn at their real radii for round values of the sizing measure, an edge-width
 * scale, the outline of discovered entities) flows left to right in a band at the bottom,
 * wrapping into rows. The legend takes at most a tenth of the canvas height: when it would
 * take more, its text shrinks (never below the smallest label), then the groups a reader
 * needs least go (edge widths, the outline of discovered entities, the largest size disc,
 * node sizes). Text sizes
 * follow the label sizes, so a print preset scales them together. Everything is measured
 * with Pango here, so the writers only draw what the scene says. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "style/style_int.h"
#include "util/util.h"

#define TITLE_PX 24.0
#define SUBTITLE_PX 14.0
#define LEGEND_PX 13.0
#define SWATCH_R 7.0
#define GAP_ITEM 14.0 /* between items of a group */
#define GAP_GROUP 30.0
#define SMALLEST_PX 9.0  /* a title is shrunk down to this before it is cut */
#define LEGEND_SHARE 0.1 /* of the canvas height, at most */

double cm_style_text_scale(const cm_style_opts *o)
{
    return (o->label_min_px + 2) / LEGEND_PX;
}

cm_status cm_scene_add_text(cm_scene *s, PangoContext *ctx, const char *text, cm_text_role role,
                            double px, int bold, double x, double y, size_t *out, cm_error *err)
{
    cm_scene_text *t;
    PangoLayout *pl;
    cm_status rc = cm_grow(&s->texts, &s->cap_texts, s->n_texts + 1, sizeof(*s->texts), err);

    if (rc != CM_OK) {
        return rc;
    }
    t = &s->texts[s->n_texts];
    memset(t, 0, sizeof(*t));
    t->text = cm_strdup(text);
    if (!t->text) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    t->role = role;
    t->px = px;
    t->bold = bold;
    t->tx = x;
    t->ty = y;
    pl = cm_font_layout(ctx, s->font, px, text, bold);
    cm_font_measure(pl, &t->w, &t->h, &t->baseline);
    g_object_unref(pl);
    if (out) {
        *out = s->n_texts;
    }
    s->n_texts++;
    return CM_OK;
}

cm_status cm_scene_add_mark(cm_scene *s, const cm_scene_mark *m, cm_error *err)
{
    cm_status rc = cm_grow(&s->marks, &s->cap_marks, s->n_marks + 1, sizeof(*s->marks), err);
    if (rc == CM_OK) {
        s->marks[s->n_marks++] = *m;
    }
    return rc;
}

static void drop_texts(cm_scene *s, size_t from)
{
    while (s->n_texts > from) {
        cm_free(s->texts[--s->n_texts].text);
    }
}

/* Characters of a UTF-8 string (invalid bytes count one each, as they are drawn). */
static size_t count_chars(const char *text)
{
    size_t i = 0, n = 0, len = strlen(text);
    while (i < len) {
        uint32_t cp;
        i += cm_utf8_decode(&cp, (const unsigned char *)text + i, len - i);
        n++;
    }
    return n;
}

/* Bytes of the first n characters of a UTF-8 string (whole characters). */
static size_t chars_bytes(const char *text, size_t n)
{
    size_t i = 0, len = strlen(text);
    while (n-- > 0 && i < len) {
        uint32_t cp;
        i += cm_utf8_decode(&cp, (const unsigned char *)text + i, len - i);
    }
    return i;
}

/* A line of text that must fit `avail` px: shrink it (down to `smallest`), then cut it
 * with "…". */
static cm_status add_fitted(cm_scene *s, PangoContext *ctx, const char *text, cm_text_role role,
                            double px, int bold, double x, double y, double avail, double smallest,
                            cm_error *err)
{
    size_t at = s->n_texts, chars = count_chars(text), len = strlen(text);
    char *cut = NULL;
    cm_status rc = cm_scene_add_text(s, ctx, text, role, px, bold, x, y, NULL, err);

    while (rc == CM_OK && s->texts[at].w > avail && px > smallest) {
        drop_texts(s, at);
        px = fmax(smallest, px - 2);
        rc = cm_scene_add_text(s, ctx, text, role, px, bold, x, y, NULL, err);
    }
    cut = cm_malloc(len + 4);
    if (rc == CM_OK && !cut) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    while (rc == CM_OK && s->texts[at].w > avail && chars > 1) {
        size_t n = chars_bytes(text, --chars);
        memcpy(cut, text, n);
        memcpy(cut + n, "\xE2\x80\xA6", 4);
        drop_texts(s, at);
        rc = cm_scene_add_text(s, ctx, cut, role, px, bold, x, y, NULL, err);
    }
    cm_free(cut);
    return rc;
}

cm_status cm_style_header(cm_scene *s, PangoContext *ctx, const cm_style_opts *o, cm_error *err)
{
    const cm_graph *g = s->graph;
    double x = CM_STYLE_MARGIN, y = CM_STYLE_MARGIN * 0.75, avail = s->width - 2 * x;
    double k = cm_style_text_scale(o), smallest = fmax(SMALLEST_PX * k, o->label_min_px);
    char stats[200];
    cm_status rc = CM_OK;

    if (o->title && o->title[0]) {
        rc = add_fitted(s, ctx, o->title, CM_TEXT_TITLE, TITLE_PX * k, 1, x, y, avail, smallest,
                        err);
        y += rc == CM_OK ? s->texts[s->n_texts - 1].h + 2 : 0;
    }
    if (rc == CM_OK && o->subtitle) {
        size_t n = 0;
        if (g->n_documents > 0) {
            n = (size_t)snprintf(
                stats, sizeof(stats), "%llu documents \xC2\xB7 %llu mentions \xC2\xB7 ",
                (unsigned long long)g->n_documents, (unsigned long long)g->n_mentions);
        }
        n += (size_t)snprintf(stats + n, sizeof(stats) - n, "%zu nodes \xC2\xB7 %zu edges",
                              s->n_nodes, s->n_edges);
        if (s->n_drawn < s->n_nodes) {
            snprintf(stats + n, sizeof(stats) - n, " \xC2\xB7 the %zu largest drawn", s->n_drawn);
        }
        rc = add_fitted(s, ctx, stats, CM_TEXT_SUBTITLE, SUBTITLE_PX * k, 0, x, y, avail, smallest,
                        err);
        y += rc == CM_OK ? s->texts[s->n_texts - 1].h : 0;
    }
    if (s->n_texts > 0) {
        s->plot_y0 = y + 8;
    }
    return rc;
}

/* One legend entry: a run of texts and marks laid out from (0, 0), moved into place. */
typedef struct item {
    size_t t0, m0; /* its first text and mark */
    double w, h;   /* its size */
    double gap;    /* space before it in a row */
} item;

#define MAX_ITEMS 24

/* Legend groups, each of which may be left out to keep the legend compact. */
enum { G_COLORS = 1, G_SIZES = 2, G_EDGES = 4, G_DISCOVERED = 8, G_SMALL_SIZES = 16 };

typedef struct legend {
    cm_scene *s;
    PangoContext *ctx;
    double px;    /* text size */
    double scale; /* of marks and gaps */
    item items[MAX_ITEMS];
    size_t n;
    double x; /* the open item's width so far */
    cm_status rc;
    cm_error *err;
} legend;

static void begin(legend *lg, double gap)
{
    if (lg->n < MAX_ITEMS) {
        lg->items[lg->n] = (item){lg->s->n_texts, lg->s->n_marks, 0, 0, gap};
    }
    lg->x = 0;
}

static void end(legend *lg)
{
    if (lg->n < MAX_ITEMS) {
        lg->items[lg->n].w = lg->x > 5 ? lg->x - 5 : lg->x; /* no space after the last */
        lg->n++;
    }
}

/* A text at the item's right end, vertically centred on y = 0 for now. */
static void text(legend *lg, const char *t)
{
    size_t i;
    if (lg->rc != CM_OK || lg->n >= MAX_ITEMS) {
        return;
    }
    lg->rc = cm_scene_add_text(lg->s, lg->ctx, t, CM_TEXT_LEGEND, lg->px, 0, lg->x, 0, &i, lg->err);
    if (lg->rc == CM_OK) {
        cm_scene_text *st = &lg->s->texts[i];
        st->ty = -st->h / 2;
        lg->x += st->w + 5;
        lg->items[lg->n].h = fmax(lg->items[lg->n].h, st->h);
    }
}

static void mark(legend *lg, cm_scene_mark m, double w, double h)
{
    if (lg->rc != CM_OK || lg->n >= MAX_ITEMS) {
        return;
    }
    m.x += lg->x;
    m.x2 += lg->x;
    lg->rc = cm_scene_add_mark(lg->s, &m, lg->err);
    lg->x += w + 5;
    lg->items[lg->n].h = fmax(lg->items[lg->n].h, h);
}

/* A disc of radius r in a square of side 2·room (room ≥ r). */
static void disc_in(legend *lg, double r, double room, cm_rgb fill, cm_rgb stroke, double stroke_w)
{
    mark(
        lg,
        (cm_scene_mark){CM_MARK_CIRCLE, room + stroke_w / 2, 0, 0, 0, r, stroke_w, fill, stroke, 1},
        2 * room + stroke_w, 2 * room + stroke_w);
}

static void disc(legend *lg, double r, cm_rgb fill, cm_rgb stroke, double stroke_w)
{
    disc_in(lg, r, r, fill, stroke, stroke_w);
}

static void swatch(legend *lg, cm_rgb fill, const char *t, double gap)
{
    begin(lg, gap);
    disc(lg, SWATCH_R * lg->scale, fill, lg->s->background, 0);
    text(lg, t);
    end(lg);
}

static void value_text(legend *lg, double v)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%.3g", v == 0 ? 0.0 : v);
    text(lg, buf);
}

static void colors(legend *lg, const cm_style_opts *o)
{
    cm_scene *s = lg->s;
    size_t count[CM_PALETTE_COMMUNITIES + 1] = {0};
    const char *present[CM_N_TYPES] = {NULL}; /* the name of each type some node has */
    char buf[64];

    for (size_t i = 0; i < s->n_nodes; i++) {
        long c = s->nodes[i].community;
        count[c >= 0 && c < CM_PALETTE_COMMUNITIES ? c : CM_PALETTE_COMMUNITIES]++;
        present[s->nodes[i].entity->type] = s->nodes[i].entity->type_name;
    }
    if (o->color_by == CM_COLOR_TYPE) {
        for (int t = 0; t < CM_N_TYPES; t++) {
            if (present[t]) {
                swatch(lg, cm_palette_type((cm_type)t), present[t],
                       lg->n ? GAP_ITEM * lg->scale : 0);
            }
        }
    } else if (o->color_by == CM_COLOR_COMMUNITY) {
        for (long c = 0; c <= CM_PALETTE_COMMUNITIES; c++) {
            if (count[c] == 0) {
                continue;
            }
            if (c < CM_PALETTE_COMMUNITIES) {
                snprintf(buf, sizeof(buf), "community %ld (%zu)", c, count[c]);
            } else {
                snprintf(buf, sizeof(buf), "other communities (%zu)", count[c]);
            }
            swatch(lg, cm_palette_community(c), buf, lg->n ? GAP_ITEM * lg->scale : 0);
        }
    } else if (o->color_by == CM_COLOR_METRIC && s->n_nodes > 0) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < s->n_nodes; i++) {
            lo = fmin(lo, s->nodes[i].metrics[o->color_metric]);
            hi = fmax(hi, s->nodes[i].metrics[o->color_metric]);
        }
        begin(lg, 0);
        snprintf(buf, sizeof(buf), "colour: %s", s->color_metric);
        text(lg, buf);
        value_text(lg, lo);
        mark(lg, (cm_scene_mark){CM_MARK_RAMP, 0, -6, 110, 6, 0, 0, {0, 0, 0}, {0, 0, 0}, 1}, 110,
             12);
        value_text(lg, hi);
        end(lg);
    }
}

/* Discs at the radii round values of the sizing measure are drawn with. Node radii grow
 * with the square root of the value between the smallest and the largest node's
 * (cm_style_node_radii()), so a value's radius follows from theirs. */
static void sizes(legend *lg, const cm_style_opts *o, int small)
{
    cm_scene *s = lg->s;
    const cm_scene_node *lo = NULL, *hi = NULL;
    double values[3];
    char buf[64];

    if (o->node_size || s->n_nodes == 0) {
        return;
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        if (!lo || n->value < lo->value) {
            lo = n;
        }
        if (!hi || n->value > hi->value) {
            hi = n;
        }
    }
    begin(lg, lg->n ? GAP_GROUP * lg->scale : 0);
    snprintf(buf, sizeof(buf), "size: %s", s->size_by);
    text(lg, buf);
    size_t n = cm_style_round_values(values, lo->value, hi->value);
    /* A short legend band leaves out the largest disc: the smaller ones show the scale. */
    n -= small && n > 1;
    for (size_t k = 0; k < n; k++) {
        double t = hi->value > lo->value ? cm_style_unit(values[k], lo->value, hi->value) : 0;
        double r = lo->pr + (hi->pr - lo->pr) * t;
        /* Room for the disc before the layout shrank it (cm_scene.radius_scale): the
         * legend, and so the plot area, is the same whatever the layout found. */
        disc_in(lg, r, r / s->radius_scale, s->edge_color, s->edge_color, 0);
        cm_style_format_value(buf, sizeof(buf), values[k]);
        text(lg, buf);
    }
    end(lg);
}

static void edge_widths(legend *lg)
{
    cm_scene *s = lg->s;
    const cm_scene_edge *lo = NULL, *hi = NULL;
    char buf[64];

    for (size_t i = 0; i < s->n_edges; i++) {
        if (!lo || s->edges[i].weight < lo->weight) {
            lo = &s->edges[i];
        }
        if (!hi || s->edges[i].weight > hi->weight) {
            hi = &s->edges[i];
        }
    }
    if (!lo) {
        return;
    }
    begin(lg, lg->n ? GAP_GROUP * lg->scale : 0);
    snprintf(buf, sizeof(buf), "edge width: %s", s->weight_given ? "weight" : s->weight_name);
    text(lg, buf);
    for (int k = 0; k < 2; k++) {
        const cm_scene_edge *e = k ? hi : lo;
        if (k > 0 && !(hi->weight > lo->weight)) {
            break;
        }
        double len = 26 * lg->scale;
        mark(lg,
             (cm_scene_mark){CM_MARK_LINE, 0, 0, len, 0, 0, e->width_px, s->edge_color,
                             s->edge_color, 0.9},
             len, e->width_px);
        value_text(lg, e->weight);
    }
    end(lg);
}

static void discovered(legend *lg)
{
    cm_scene *s = lg->s;
    for (size_t i = 0; i < s->n_nodes; i++) {
        if (s->nodes[i].entity->discovered) {
            begin(lg, lg->n ? GAP_GROUP * lg->scale : 0);
            disc(lg, SWATCH_R * lg->scale, s->background, s->label_color, 3.0);
            text(lg, "discovered");
            end(lg);
            return;
        }
    }
}

static void move_item(cm_scene *s, const item *it, size_t t1, size_t m1, double ox, double oy)
{
    for (size_t t = it->t0; t < t1; t++) {
        s->texts[t].tx += ox;
        s->texts[t].ty += oy;
    }
    for (size_t m = it->m0; m < m1; m++) {
        s->marks[m].x += ox;
        s->marks[m].x2 += ox;
        s->marks[m].y += oy;
        s->marks[m].y2 += oy;
    }
}

/* Rows left to right; each item centred vertically in its row; the band sits at the
 * bottom of the canvas. */
static void flow(legend *lg)
{
    cm_scene *s = lg->s;
    double right = s->width - CM_STYLE_MARGIN, x = CM_STYLE_MARGIN, total = 0, row_h = 0;
    size_t row_of[MAX_ITEMS], rows = 0;
    double xs[MAX_ITEMS], heights[MAX_ITEMS + 1] = {0};

    for (size_t i = 0; i < lg->n; i++) {
        const item *it = &lg->items[i];
        if (i > 0 && x + it->gap + it->w > right) {
            heights[rows++] = row_h;
            x = CM_STYLE_MARGIN;
            row_h = 0;
        } else if (i > 0) {
            x += it->gap;
        }
        xs[i] = x;
        row_of[i] = rows;
        x += it->w;
        row_h = fmax(row_h, it->h);
    }
    heights[rows++] = row_h;
    for (size_t r = 0; r < rows; r++) {
        total += heights[r] + (r ? 6 : 0);
    }
    double top = s->height - CM_STYLE_MARGIN / 2 - total, y = top;
    for (size_t r = 0, i = 0; r < rows; r++) {
        for (; i < lg->n && row_of[i] == r; i++) {
            size_t t1 = i + 1 < lg->n ? lg->items[i + 1].t0 : s->n_texts;
            size_t m1 = i + 1 < lg->n ? lg->items[i + 1].m0 : s->n_marks;
            move_item(s, &lg->items[i], t1, m1, xs[i], y + heights[r] / 2);
        }
        y += heights[r] + 6;
    }
    s->plot_y1 = top - 8;
}

static cm_status build(cm_scene *s, PangoContext *ctx, const cm_style_opts *o, unsigned groups,
                       double px, cm_error *err)
{
    legend lg;

    memset(&lg, 0, sizeof(lg));
    lg.s = s;
    lg.ctx = ctx;
    lg.err = err;
    lg.rc = CM_OK;
    lg.px = px;
    lg.scale = px / LEGEND_PX;
    if (groups & G_COLORS) {
        colors(&lg, o);
    }
    if (groups & (G_SIZES | G_SMALL_SIZES)) {
        sizes(&lg, o, !(groups & G_SIZES));
    }
    if (groups & G_EDGES) {
        edge_widths(&lg);
    }
    if (groups & G_DISCOVERED) {
        discovered(&lg);
    }
    if (lg.rc == CM_OK && lg.n > 0) {
        flow(&lg);
    }
    return lg.rc;
}

cm_status cm_style_legend(cm_scene *s, PangoContext *ctx, const cm_style_opts *o, cm_error *err)
{
    static const unsigned tries[] = {G_COLORS | G_SIZES | G_EDGES | G_DISCOVERED,
                                     G_COLORS | G_SIZES | G_EDGES | G_DISCOVERED,
                                     G_COLORS | G_SIZES | G_DISCOVERED,
                                     G_COLORS | G_SIZES,
                                     G_COLORS | G_SMALL_SIZES,
                                     G_COLORS,
                                     0};
    size_t t0 = s->n_texts, m0 = s->n_marks;
    double px = LEGEND_PX * cm_style_text_scale(o);
    cm_status rc = CM_OK;

    for (size_t k = 0; k < sizeof(tries) / sizeof(*tries) && rc == CM_OK; k++) {
        /* The second try: the same groups in smaller text. */
        double size = k == 0 ? px : fmax(o->label_min_px, px * 0.85);
        rc = build(s, ctx, o, tries[k], size, err);
        if (rc == CM_OK && s->height - s->plot_y1 <= LEGEND_SHARE * s->height) {
            break;
        }
        cm_style_drop_chrome(s, t0, m0);
        s->plot_y1 = s->height - CM_STYLE_MARGIN;
    }
    return rc;
}

void cm_style_drop_chrome(cm_scene *s, size_t keep_texts, size_t keep_marks)
{
    drop_texts(s, keep_texts);
    s->n_marks = keep_marks;
}
