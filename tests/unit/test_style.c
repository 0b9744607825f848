/* Unit tests of the style stage, and the acceptance tests of the drawing (issues 7 and
 * 14): in the scene of the sample corpus, of a generated 500-node graph with Latin,
 * Cyrillic, Greek, Arabic and CJK labels and of a generated 10,000-node graph, every shown
 * label is measured again with Pango (its ink and logical boxes, widened by the halo) at
 * the place the drawing puts it, and: the K most important nodes are labelled; no two
 * labels overlap; a label touches no node disc but its own when it sits on it, and those
 * of unlabelled minor nodes when a leader joins it to its node; a label without a leader
 * is nearer its own disc than any other; no leader line crosses a label; no label touches
 * the legend or the title; no two node discs (outlines included) overlap; and no label,
 * node or legend text leaves the canvas. Each picture is drawn as the CLI draws it: the
 * layout gets the radii and box of cm_style_layout_box() for the same options. The checker
 * is shown to catch a label moved onto its node, one pushed off the canvas, one moved
 * nearer another node, a node moved onto another and one pushed off the canvas. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <pango/pangocairo.h>
#include "helpers.h"

typedef struct box {
    double x0, y0, x1, y1;
} box;

static int overlap(box a, box b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

static int touches_disc(box b, double cx, double cy, double r)
{
    double nx = fmax(b.x0, fmin(cx, b.x1)), ny = fmax(b.y0, fmin(cy, b.y1));
    return (nx - cx) * (nx - cx) + (ny - cy) * (ny - cy) < r * r;
}

/* Does the segment pass through the inside of the box? (sampled finely: a check, not a
 * copy of the placement's clipping) */
static int crosses(double x0, double y0, double x1, double y1, box b)
{
    for (int k = 0; k <= 1000; k++) {
        double x = x0 + (x1 - x0) * k / 1000.0, y = y0 + (y1 - y0) * k / 1000.0;
        if (x > b.x0 + 1e-6 && x < b.x1 - 1e-6 && y > b.y0 + 1e-6 && y < b.y1 - 1e-6) {
            return 1;
        }
    }
    return 0;
}

/* Distance from the box to a disc; 0 when they meet. */
static double to_disc(box b, const cm_scene_node *n)
{
    double nx = fmax(b.x0, fmin(n->px, b.x1)), ny = fmax(b.y0, fmin(n->py, b.y1));
    return fmax(0.0, hypot(nx - n->px, ny - n->py) - (n->pr + n->stroke_px / 2));
}

/* May label box lb of node i touch node j's disc? Its own when it sits on it; a minor
 * node's (outside the K, unlabelled) when a leader joins the label to its node. */
static int may_touch(const cm_scene *s, size_t i, size_t j)
{
    const cm_scene_node *n = &s->nodes[i], *o = &s->nodes[j];
    if (i == j) {
        return n->on_disc;
    }
    return n->leader && !o->label_shown && o->rank >= s->labels_top;
}

static int inside(box b, const cm_scene *s)
{
    return b.x0 >= 0 && b.y0 >= 0 && b.x1 <= s->width && b.y1 <= s->height;
}

/* Pango's boxes of a text drawn with its layout origin at (x, y): the union of ink and
 * logical, widened by `grow` (the halo). Set up as the drawing sets up its context. */
static box measure(PangoContext *ctx, const char *family, double px, int bold, const char *text,
                   double x, double y, double grow)
{
    PangoLayout *pl = pango_layout_new(ctx);
    PangoFontDescription *fd = pango_font_description_new();
    PangoRectangle ink, log;
    box b;

    pango_font_description_set_family(fd, family);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
    pango_layout_set_font_description(pl, fd);
    pango_layout_set_text(pl, text, -1);
    pango_layout_get_extents(pl, &ink, &log);
    b.x0 = fmin(log.x, ink.width ? ink.x : log.x) / (double)PANGO_SCALE;
    b.y0 = fmin(log.y, ink.height ? ink.y : log.y) / (double)PANGO_SCALE;
    b.x1 = fmax(log.x + log.width, ink.width ? ink.x + ink.width : 0) / (double)PANGO_SCALE;
    b.y1 = fmax(log.y + log.height, ink.height ? ink.y + ink.height : 0) / (double)PANGO_SCALE;
    pango_font_description_free(fd);
    g_object_unref(pl);
    return (box){x + b.x0 - grow, y + b.y0 - grow, x + b.x1 + grow, y + b.y1 + grow};
}

static PangoContext *drawing_context(PangoFontMap **fm)
{
    PangoContext *ctx;
    cairo_font_options_t *fo = cairo_font_options_create();

    *fm = pango_cairo_font_map_new();
    ctx = pango_font_map_create_context(*fm);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx, fo);
    pango_cairo_context_set_resolution(ctx, 96.0);
    cairo_font_options_destroy(fo);
    return ctx;
}

#define BAD(...)                                                                                   \
    do {                                                                                           \
        bad++;                                                                                     \
        if (say) {                                                                                 \
            print_message(__VA_ARGS__);                                                            \
        }                                                                                          \
    } while (0)

/* What is wrong with the label of node i, against the other labels, the leaders and the
 * discs (lb: every shown label's box). */
static size_t check_label(const cm_scene *s, const box *lb, size_t i, int say)
{
    const cm_scene_node *n = &s->nodes[i];
    double own = to_disc(lb[i], n), nearest = INFINITY;
    size_t bad = 0, rival = 0;

    for (size_t j = 0; j < s->n_nodes; j++) {
        const cm_scene_node *o = &s->nodes[j];
        if (!o->drawn) {
            continue;
        }
        if (j > i && o->label_shown && overlap(lb[i], lb[j])) {
            BAD("labels of %s and %s overlap\n", n->entity->id, o->entity->id);
        }
        if (touches_disc(lb[i], o->px, o->py, o->pr + o->stroke_px / 2) && !may_touch(s, i, j)) {
            BAD("label of %s covers node %s\n", n->entity->id, o->entity->id);
        }
        if (j != i && to_disc(lb[i], o) < nearest) {
            nearest = to_disc(lb[i], o);
            rival = j;
        }
        if (o->label_shown && o->leader && j != i &&
            overlap(lb[i],
                    (box){fmin(o->leader_x0, o->leader_x1), fmin(o->leader_y0, o->leader_y1),
                          fmax(o->leader_x0, o->leader_x1), fmax(o->leader_y0, o->leader_y1)}) &&
            crosses(o->leader_x0, o->leader_y0, o->leader_x1, o->leader_y1, lb[i])) {
            BAD("the leader of %s crosses the label of %s\n", o->entity->id, n->entity->id);
        }
    }
    if (!n->leader && !(own < nearest)) {
        BAD("label of %s is %.1f px from its disc but %.1f px from that of %s\n", n->entity->id,
            own, nearest, s->nodes[rival].entity->id);
    }
    return bad;
}

/* Count what is wrong with a scene's drawing; print each problem when `say`. */
static size_t check_scene(const cm_scene *s, int say)
{
    PangoFontMap *fm;
    PangoContext *ctx = drawing_context(&fm);
    box *lb = calloc(s->n_nodes + 1, sizeof(*lb)), *tb = calloc(s->n_texts + 1, sizeof(*tb));
    size_t bad = 0, shown = 0, drawn = 0;

    assert_non_null(lb);
    assert_non_null(tb);
    for (size_t t = 0; t < s->n_texts; t++) {
        const cm_scene_text *st = &s->texts[t];
        tb[t] = measure(ctx, s->font, st->px, st->bold, st->text, st->tx, st->ty, 0);
        if (!inside(tb[t], s)) {
            BAD("text '%s' leaves the canvas\n", st->text);
        }
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        double r = n->pr + n->stroke_px / 2;
        if (!n->drawn) {
            if (n->label_shown) {
                BAD("node %s is not drawn but labelled\n", n->entity->id);
            }
            continue;
        }
        if (n->rank < s->labels_top && !n->label_shown) {
            BAD("node %s is among the %zu most important but unlabelled\n", n->entity->id,
                s->labels_top);
        }
        drawn++;
        if (n->px - r < 0 || n->py - r < 0 || n->px + r > s->width || n->py + r > s->height) {
            BAD("node %s leaves the canvas\n", n->entity->id);
        }
        for (size_t j = i + 1; j < s->n_nodes; j++) {
            const cm_scene_node *o = &s->nodes[j];
            if (o->drawn && hypot(o->px - n->px, o->py - n->py) < r + o->pr + o->stroke_px / 2) {
                BAD("nodes %s and %s overlap\n", n->entity->id, o->entity->id);
            }
        }
        if (!n->label_shown) {
            continue;
        }
        shown++;
        lb[i] = measure(ctx, s->font, n->font_px, 0, n->label, n->tx, n->ty, s->halo_px);
        if (!inside(lb[i], s)) {
            BAD("label of %s leaves the canvas\n", n->entity->id);
        }
        for (size_t t = 0; t < s->n_texts; t++) {
            if (overlap(lb[i], tb[t])) {
                BAD("label of %s overlaps '%s'\n", n->entity->id, s->texts[t].text);
            }
        }
        for (size_t m = 0; m < s->n_marks; m++) {
            const cm_scene_mark *mk = &s->marks[m];
            box mb = {
                fmin(mk->x, mk->x2) - mk->r - mk->width, fmin(mk->y, mk->y2) - mk->r - mk->width,
                fmax(mk->x, mk->x2) + mk->r + mk->width, fmax(mk->y, mk->y2) + mk->r + mk->width};
            if (overlap(lb[i], mb)) {
                BAD("label of %s overlaps a legend mark\n", n->entity->id);
            }
        }
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        if (n->label_shown) {
            bad += check_label(s, lb, i, say);
        }
    }
    if (shown + s->labels_hidden != drawn || drawn != s->n_drawn) {
        BAD("%zu labels shown and %zu hidden of %zu drawn (%zu)\n", shown, s->labels_hidden, drawn,
            s->n_drawn);
    }
    free(lb);
    free(tb);
    g_object_unref(ctx);
    g_object_unref(fm);
    return bad;
}

/* Share of the canvas the node discs cover, outlines included. */
static double disc_share(const cm_scene *s)
{
    double area = 0;
    for (size_t i = 0; i < s->n_nodes; i++) {
        double r = s->nodes[i].pr + s->nodes[i].stroke_px / 2;
        area += 3.14159265358979323846 * r * r;
    }
    return area / (s->width * s->height);
}

/* ---- graphs to draw ---- */

typedef struct net {
    cm_counts *c;
    cm_graph *g;
    cm_analysis *a;
    cm_layout *l;
} net;

/* Lay the graph out for the picture of style options `o` (NULL: defaults), as the CLI
 * does: radii and box from the style stage first. */
static void net_layout(net *n, const cm_style_opts *o)
{
    cm_layout_opts lo;
    cm_error err;
    double *r = calloc(n->g->n_nodes + 1, sizeof(double));

    assert_non_null(r);
    cm_layout_opts_init(&lo);
    assert_int_equal(cm_style_layout_box(&lo, r, n->g, n->a, o, &err), CM_OK);
    assert_ptr_equal(lo.radius_px, r);
    cm_layout_free(n->l);
    assert_int_equal(cm_layout_compute(&n->l, n->g, &lo, &err), CM_OK);
    free(r);
}

/* A big graph packed on a hexagonal grid over the picture's box, nodes in a scrambled
 * order, discs drawn as large as the grid allows (cm_layout.radius_scale): as dense as a
 * force layout of 10,000 nodes packs them, without the minutes its overlap removal takes
 * under the sanitizers. The labels are what the test checks. */
static void net_layout_hex(net *n)
{
    cm_layout_opts lo;
    cm_error err;
    size_t nn = n->g->n_nodes;
    double *r = calloc(nn + 1, sizeof(double)), rmax = 0;

    assert_non_null(r);
    cm_layout_opts_init(&lo);
    assert_int_equal(cm_style_layout_box(&lo, r, n->g, n->a, NULL, &err), CM_OK);
    lo.kind = CM_LAYOUT_CIRCLE;
    lo.radius_px = NULL;
    cm_layout_free(n->l);
    assert_int_equal(cm_layout_compute(&n->l, n->g, &lo, &err), CM_OK);
    size_t cols = (size_t)ceil(sqrt((double)nn * lo.width_px / (lo.height_px * 0.866)));
    size_t rows = (nn + cols - 1) / cols;
    double d = fmin(lo.width_px / (double)cols, lo.height_px / (0.866 * (double)rows));
    for (size_t i = 0; i < nn; i++) {
        size_t at = i * 7919 % nn, row = at / cols, col = at % cols;
        n->l->xy[2 * i] = ((double)col + (row % 2 ? 0.5 : 0)) * d;
        n->l->xy[2 * i + 1] = (double)row * 0.866 * d;
        rmax = fmax(rmax, r[i]);
    }
    n->l->radius_scale = fmin(1.0, (d - 1.5) / (2 * rmax));
    free(r);
}

/* Graph, analysis and layout; a big graph skips the shortest-path metrics and is packed
 * on a grid, so the test takes seconds (the labels are what it checks). */
static void net_finish(net *n, const cm_graph_opts *go)
{
    cm_analyze_opts ao;
    cm_error err;
    int big = cm_counts_n_entities(n->c) > 2000;

    cm_analyze_opts_init(&ao);
    if (big) {
        ao.metrics = CM_METRICS_ALL & ~CM_METRICS_PATHS & ~CM_COMMUNITIES_BIT;
    }
    assert_int_equal(cm_graph_build(&n->g, n->c, go, &err), CM_OK);
    assert_int_equal(cm_analyze(&n->a, n->g, &ao, &err), CM_OK);
    if (big) {
        net_layout_hex(n);
    } else {
        net_layout(n, NULL);
    }
}

static void net_free(net *n)
{
    cm_layout_free(n->l);
    cm_analysis_free(n->a);
    cm_graph_free(n->g);
    cm_counts_free(n->c);
}

/* The sample corpus with the built-in lexicon, as `comention build tests/corpus` counts it. */
static net sample_corpus(void)
{
    const char *dir = CM_SOURCE_DIR "/tests/corpus";
    cm_inputs *in = NULL;
    cm_lexicon *lex = NULL;
    cm_error err;
    net n = {0};

    assert_int_equal(cm_inputs_collect(&in, &dir, 1, &err), CM_OK);
    assert_int_equal(cm_lexicon_new(&lex, &err), CM_OK);
    assert_int_equal(cm_lexicon_add_builtin(lex, &err), CM_OK);
    assert_int_equal(cm_lexicon_compile(lex, NULL, NULL, &err), CM_OK);
    assert_int_equal(cm_counts_new(&n.c, NULL, &err), CM_OK);
    for (size_t i = 0; i < cm_inputs_count(in); i++) {
        cm_doc *doc = NULL;
        cm_segments *seg = NULL;
        cm_mentions *m = NULL;
        char reason[256];
        assert_int_equal(cm_inputs_read(&doc, reason, in, i, &err), CM_OK);
        assert_non_null(doc);
        assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
        assert_int_equal(cm_extract(&m, seg, lex, NULL, &err), CM_OK);
        assert_int_equal(cm_counts_add(n.c, m, lex, &err), CM_OK);
        cm_mentions_free(m);
        cm_segments_free(seg);
        cm_doc_free(doc);
    }
    assert_int_equal(cm_counts_fill_snippets(n.c, NULL, 0, cm_inputs_fetch, in, &err), CM_OK);
    assert_int_equal(cm_counts_finish(n.c, &err), CM_OK);
    cm_lexicon_free(lex);
    cm_inputs_free(in);
    net_finish(&n, NULL);
    assert_true(n.g->n_nodes > 100);
    return n;
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* A deterministic graph of `nodes` nodes, each joined to two or three earlier ones (the
 * earlier, the likelier), with labels in five scripts and a few very long ones. */
static net generated(size_t nodes, int discovered_every)
{
    static const char *const stems[] = {
        "Northern Command",
        "Министерство обороны",
        "Υπουργείο Άμυνας",
        "وزارة الدفاع",
        "国防部",
        "Agence Française",
        "Генштаб",
        "القوات الجوية",
        "Very Long Name Of An Organisation That Goes On And On Beyond Forty Characters"};
    uint64_t seed = 7;
    char id[32], label[160];
    cm_error err;
    net n = {0};

    assert_int_equal(cm_counts_new(&n.c, NULL, &err), CM_OK);
    for (size_t i = 0; i < nodes; i++) {
        cm_entity_count e = {0};
        snprintf(id, sizeof(id), "n%05zu", i);
        snprintf(label, sizeof(label), "%s %zu", stems[i % 9], i);
        e.id = id;
        e.label = label;
        e.type = (cm_type)(i % CM_N_TYPES);
        e.discovered = discovered_every && i % discovered_every == 0;
        e.mentions = 1 + lcg(&seed) % 50;
        assert_int_equal(cm_counts_put_entity(n.c, &e, &err), CM_OK);
    }
    for (size_t i = 1; i < nodes; i++) {
        size_t k = 2 + lcg(&seed) % 2;
        for (size_t j = 0; j < k; j++) {
            size_t to = (size_t)((double)i * pow((double)(lcg(&seed) % 1000) / 1000.0, 2));
            if (to != i) {
                assert_int_equal(cm_counts_put_pair(n.c, i, to, 1 + lcg(&seed) % 20, 1, &err),
                                 CM_OK);
            }
        }
    }
    assert_int_equal(cm_counts_finish(n.c, &err), CM_OK);
    net_finish(&n, NULL);
    assert_int_equal(n.g->n_nodes, nodes);
    return n;
}

/* ---- tests ---- */

static void style__sample_corpus_has_no_overlaps(void **state)
{
    net n = sample_corpus();
    cm_scene *s = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(cm_style(&s, n.g, n.a, n.l, NULL, &err), CM_OK);
    assert_true(s->n_nodes - s->labels_hidden >= s->n_nodes / 2);
    assert_int_equal(check_scene(s, 1), 0);
    cm_scene_free(s);
    net_free(&n);
}

/* 10,000 nodes: the twenty biggest are named, every label is its node's, and it is fast
 * (the grid keeps the placement near-linear). */
static void style__generated_10000_nodes_name_the_hubs(void **state)
{
    net n = generated(10000, 0);
    cm_scene *s = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(cm_style(&s, n.g, n.a, n.l, NULL, &err), CM_OK);
    assert_int_equal(s->labels_top, 20);
    assert_int_equal(check_scene(s, 1), 0);
    cm_scene_free(s);
    net_free(&n);
}

static void style__generated_500_nodes_have_no_overlaps(void **state)
{
    net n = generated(500, 0);
    cm_style_opts o;
    cm_scene *s = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(cm_style(&s, n.g, n.a, n.l, NULL, &err), CM_OK);
    /* a hairball of FR on 1600 × 1200 px shows about a fifth: hiding is not the answer */
    assert_true(s->n_nodes - s->labels_hidden >= 80);
    assert_int_equal(check_scene(s, 1), 0);
    cm_scene_free(s);

    /* Every theme and colouring, a highlight, and a small canvas whose legend wraps. */
    cm_style_opts_init(&o);
    const char *hl[] = {"n00003", "n00100"};
    o.theme = CM_THEME_DARK;
    o.color_by = CM_COLOR_COMMUNITY;
    o.highlight = hl;
    o.n_highlight = 2;
    o.title = "A title far too long for a canvas of four hundred pixels, so it is cut";
    o.width = 400;
    o.height = 300;
    /* 500 nodes packed into 400 × 300 px leave no room for twenty labels of up to forty
     * characters: the two highlighted and the biggest node must still be named */
    o.labels = 3;
    net_layout(&n, &o);
    assert_int_equal(cm_style(&s, n.g, n.a, n.l, &o, &err), CM_OK);
    /* the radius range follows the canvas (frame.h): 500 discs fit here at full size */
    assert_true(s->radius_scale == 1.0 && n.l->radius_scale == 1.0);
    assert_true(disc_share(s) <= CM_FRAME_DISC_SHARE);
    assert_int_equal(check_scene(s, 1), 0);
    cm_scene_free(s);
    o.theme = CM_THEME_PRINT;
    o.color_by = CM_COLOR_METRIC;
    o.color_metric = CM_METRIC_BETWEENNESS;
    o.width = 900;
    o.height = 700;
    net_layout(&n, &o);
    assert_int_equal(cm_style(&s, n.g, n.a, n.l, &o, &err), CM_OK);
    assert_int_equal(check_scene(s, 1), 0);
    cm_scene_free(s);
    net_free(&n);
}

/* 10,000 nodes laid out by ForceAtlas2 (multilevel) for the default canvas: dots of 1-2 px
 * for the minor nodes, no two discs overlapping, nothing off the canvas, and the discs
 * within the frame's share. */
static void style__generated_10000_nodes_have_no_overlaps(void **state)
{
    net n = generated(10000, 0);
    cm_scene *s = NULL;
    cm_error err;
    double rmin = INFINITY;
    (void)state;
    net_layout(&n, NULL); /* generated() packed it on a grid */
    assert_int_equal(cm_style(&s, n.g, n.a, n.l, NULL, &err), CM_OK);
    assert_true(s->radius_scale == 1.0);
    for (size_t i = 0; i < s->n_nodes; i++) {
        rmin = fmin(rmin, s->nodes[i].pr);
    }
    assert_true(rmin >= CM_FRAME_MIN_RADIUS && rmin <= 2.0);
    assert_true(disc_share(s) <= CM_FRAME_DISC_SHARE);
    assert_int_equal(check_scene(s, 1), 0);
    cm_scene_free(s);
    net_free(&n);
}

/* The checker itself catches a label put on its node and one pushed off the canvas. */
static void style__checker_finds_overlaps(void **state)
{
    net n = generated(60, 0);
    cm_scene *s = NULL;
    cm_error err;
    size_t i = 0;
    (void)state;
    assert_int_equal(cm_style(&s, n.g, n.a, n.l, NULL, &err), CM_OK);
    assert_int_equal(check_scene(s, 0), 0);
    while (!s->nodes[i].label_shown) {
        i++;
    }
    double tx = s->nodes[i].tx, ty = s->nodes[i].ty;
    s->nodes[i].tx = s->nodes[i].px - 2;
    s->nodes[i].ty = s->nodes[i].py - 5;
    assert_true(check_scene(s, 0) >= 1);
    s->nodes[i].tx = s->width - 3;
    s->nodes[i].ty = ty;
    assert_true(check_scene(s, 0) >= 1);
    s->nodes[i].tx = tx;
    assert_int_equal(check_scene(s, 0), 0);
    /* a node on top of another, then one half off the canvas */
    double px = s->nodes[1].px, py = s->nodes[1].py;
    s->nodes[1].px = s->nodes[0].px + s->nodes[0].pr;
    s->nodes[1].py = s->nodes[0].py;
    assert_true(check_scene(s, 0) >= 1);
    s->nodes[1].px = s->width;
    assert_true(check_scene(s, 0) >= 1);
    s->nodes[1].px = px;
    s->nodes[1].py = py;
    assert_int_equal(check_scene(s, 0), 0);
    cm_scene_free(s);
    net_free(&n);
}

static void style__reproducible_and_radii_as_drawn(void **state)
{
    net n = generated(200, 0);
    cm_scene *a = NULL, *b = NULL;
    double *r = calloc(200, sizeof(double));
    cm_error err;
    (void)state;
    assert_int_equal(cm_style(&a, n.g, n.a, n.l, NULL, &err), CM_OK);
    assert_int_equal(cm_style(&b, n.g, n.a, n.l, NULL, &err), CM_OK);
    cm_style_node_radii(r, n.g, n.a, NULL);
    for (size_t i = 0; i < a->n_nodes; i++) {
        assert_true(a->nodes[i].pr == r[i] * n.l->radius_scale);
        assert_true(r[i] >= 4 && r[i] <= 40);
        assert_int_equal(a->nodes[i].label_shown, b->nodes[i].label_shown);
        assert_true(a->nodes[i].tx == b->nodes[i].tx && a->nodes[i].ty == b->nodes[i].ty);
    }
    assert_int_equal(a->labels_hidden, b->labels_hidden);
    free(r);
    cm_scene_free(a);
    cm_scene_free(b);
    net_free(&n);
}

/* The layout's radii are the discs as drawn, outline included; the box is the plot area
 * less the side room and the largest disc; a bad option leaves the layout options as they
 * were; radii in layout units get no prevent-overlap phase. */
static void style__layout_box(void **state)
{
    net n = generated(40, 5);
    cm_layout_opts lo;
    cm_style_opts o;
    cm_scene *s = NULL;
    double r[40], rmax = 0, size[40];
    const char *bad[] = {"nobody"};
    cm_error err;
    (void)state;
    cm_layout_opts_init(&lo);
    assert_int_equal(cm_style_layout_box(&lo, r, n.g, n.a, NULL, &err), CM_OK);
    assert_ptr_equal(lo.radius_px, r);
    assert_int_equal(cm_style(&s, n.g, n.a, n.l, NULL, &err), CM_OK);
    assert_true(n.l->radius_scale == 1.0);
    for (size_t i = 0; i < 40; i++) {
        assert_true(r[i] == s->nodes[i].pr + s->nodes[i].stroke_px / 2);
        rmax = fmax(rmax, r[i]);
    }
    assert_true(fabs(lo.width_px - (s->plot_x1 - s->plot_x0 - 2 * 40 - 2 * rmax)) < 1e-9);
    assert_true(fabs(lo.height_px - (s->plot_y1 - s->plot_y0 - 4 - 2 * rmax)) < 1e-9);
    cm_scene_free(s);

    cm_layout_opts_init(&lo);
    cm_style_opts_init(&o);
    o.highlight = bad;
    o.n_highlight = 1;
    assert_int_equal(cm_style_layout_box(&lo, r, n.g, n.a, &o, &err), CM_EINPUT);
    assert_null(lo.radius_px);
    assert_true(lo.width_px == 1600 && lo.height_px == 1200);

    cm_style_opts_init(&o);
    for (size_t i = 0; i < 40; i++) {
        size[i] = 1 + (double)i;
    }
    o.node_size = size;
    lo.radius_px = r;
    assert_int_equal(cm_style_layout_box(&lo, r, n.g, n.a, &o, &err), CM_OK);
    assert_null(lo.radius_px);
    assert_true(lo.width_px > 0 && lo.width_px < 1600 && lo.height_px > 0);
    net_free(&n);
}

/* A scene of an analysis without the shortest-path metrics and communities draws, but no
 * export writes it: their columns would be zeros that look like values. Colouring by
 * community needs the communities. */
static void style__partial_analysis_is_drawn_not_exported(void **state)
{
    net n = generated(30, 0);
    cm_analysis *a = NULL;
    cm_analyze_opts ao;
    cm_scene *s = NULL;
    cm_error err;
    char dir[] = "/tmp/cm_test_style_XXXXXX", path[64];
    (void)state;
    assert_non_null(mkdtemp(dir));
    cm_analyze_opts_init(&ao);
    ao.metrics = CM_METRIC_BIT(CM_METRIC_PAGERANK);
    assert_int_equal(cm_analyze(&a, n.g, &ao, &err), CM_OK);
    assert_int_equal(cm_style(&s, n.g, a, n.l, NULL, &err), CM_OK);
    /* The scene's columns say what the analysis computed: all but the path metrics. */
    assert_int_equal(s->n_node_columns, CM_N_METRICS);
    for (size_t m = 0; m < s->n_node_columns; m++) {
        assert_string_equal(s->node_columns[m].name, cm_metric_name((cm_metric)m));
        assert_int_equal(s->node_columns[m].computed, !(CM_METRIC_BIT(m) & CM_METRICS_PATHS));
    }
    assert_false(s->communities);
    snprintf(path, sizeof(path), "%s/g.graphml", dir);
    assert_int_equal(cm_export_graphml(path, s, NULL, &err), CM_EUSAGE);
    assert_non_null(strstr(err.msg, "needs every metric"));
    snprintf(path, sizeof(path), "%s/g.gexf", dir);
    assert_int_equal(cm_export_gexf(path, s, NULL, &err), CM_EUSAGE);
    snprintf(path, sizeof(path), "%s/g.json", dir);
    assert_int_equal(cm_export_json(path, s, &err), CM_EUSAGE);
    assert_int_equal(cm_export_csv(dir, s, &err), CM_EUSAGE);
    assert_int_equal(rmdir(dir), 0); /* nothing was written into it */
    cm_scene_free(s);
    cm_style_opts o;
    cm_style_opts_init(&o);
    o.color_by = CM_COLOR_COMMUNITY;
    assert_int_equal(cm_style(&s, n.g, a, n.l, &o, &err), CM_EUSAGE);
    assert_null(s);
    assert_non_null(strstr(err.msg, "no communities"));
    cm_analysis_free(a);
    net_free(&n);
}

static void style__long_labels_are_cut(void **state)
{
    net n = generated(20, 0);
    cm_scene *s = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(cm_style(&s, n.g, n.a, n.l, NULL, &err), CM_OK);
    /* node 8's label is the long stem: 40 characters, the last an ellipsis */
    const cm_scene_node *nd = &s->nodes[8];
    assert_string_equal(nd->label, "Very Long Name Of An Organisation That\xE2\x80\xA6");
    assert_string_equal(nd->entity->label,
                        "Very Long Name Of An Organisation That Goes On And On Beyond Forty "
                        "Characters 8");
    assert_ptr_equal(s->nodes[0].label, s->nodes[0].entity->label); /* short: borrowed */
    cm_scene_free(s);
    net_free(&n);
}

static void style__colours_outlines_and_fading(void **state)
{
    net n = generated(40, 5);
    cm_style_opts o;
    cm_scene *s = NULL;
    cm_error err;
    const char *hl[] = {"n00001"}, *bad[] = {"n00001", "nobody"};
    (void)state;
    cm_style_opts_init(&o);
    o.highlight = hl;
    o.n_highlight = 1;
    assert_int_equal(cm_style(&s, n.g, n.a, n.l, &o, &err), CM_OK);
    assert_true(s->nodes[1].label_shown && s->nodes[1].highlighted);
    for (size_t i = 0; i < s->n_nodes; i++) {
        const cm_scene_node *nd = &s->nodes[i];
        assert_true(nd->alpha == (i == 1 ? 1.0 : 0.2));
        /* discovered (every fifth): a thicker outline in the text colour */
        assert_true(nd->stroke_px == (i % 5 == 0 ? 3.0 : 1.5));
        static const cm_rgb by_type[3] = {
            {0x00, 0x72, 0xB2}, {0x00, 0x9E, 0x73}, {0xD5, 0x5E, 0x00}};
        assert_memory_equal(&nd->color, &by_type[i % 3], sizeof(cm_rgb));
    }
    for (size_t e = 0; e < s->n_edges; e++) {
        const cm_scene_edge *ed = &s->edges[e];
        int lit = ed->source == 1 || ed->target == 1;
        assert_true(lit || ed->alpha <= 0.2 * 0.6 + 1e-12);
        assert_true(ed->width_px >= 0.6 && ed->width_px <= 5.0 + 1e-12);
    }
    int legend_says_discovered = 0;
    for (size_t t = 0; t < s->n_texts; t++) {
        legend_says_discovered |= strcmp(s->texts[t].text, "discovered") == 0;
    }
    assert_true(legend_says_discovered);
    cm_scene_free(s);

    /* by metric: the lowest value is the ramp's first colour, the highest its last */
    cm_style_opts_init(&o);
    o.color_by = CM_COLOR_METRIC;
    o.color_metric = CM_METRIC_DEGREE;
    assert_int_equal(cm_style(&s, n.g, n.a, n.l, &o, &err), CM_OK);
    for (size_t i = 0; i < s->n_nodes; i++) {
        double d = s->nodes[i].metrics[CM_METRIC_DEGREE], lo = 1e300, hi = -1;
        for (size_t j = 0; j < s->n_nodes; j++) {
            lo = fmin(lo, s->nodes[j].metrics[CM_METRIC_DEGREE]);
            hi = fmax(hi, s->nodes[j].metrics[CM_METRIC_DEGREE]);
        }
        if (d == lo) {
            assert_memory_equal(&s->nodes[i].color, &s->ramp[0], sizeof(cm_rgb));
        }
        if (d == hi) {
            assert_memory_equal(&s->nodes[i].color, &s->ramp[CM_RAMP_STOPS - 1], sizeof(cm_rgb));
        }
    }
    cm_scene_free(s);

    cm_style_opts_init(&o);
    o.highlight = bad;
    o.n_highlight = 2;
    assert_int_equal(cm_style(&s, n.g, n.a, n.l, &o, &err), CM_EINPUT);
    assert_null(s);
    assert_non_null(strstr(err.msg, "'nobody' is no node"));
    net_free(&n);
}

static void style__lengths_with_units(void **state)
{
    static const char *const bad[] = {"",      "cm",   "-3cm", "0",   "0x10",  "17 cm",
                                      " 17cm", "17km", "inf",  "nan", "1e999", "17cmx"};
    double px;
    cm_length_unit u;
    (void)state;
    assert_int_equal(cm_length_parse(&px, &u, "17cm"), 0);
    assert_true(fabs(px - 17 / 2.54 * 96) < 1e-9 && u == CM_LENGTH_CM);
    assert_int_equal(cm_length_parse(&px, &u, "640"), 0);
    assert_true(px == 640 && u == CM_LENGTH_PX);
    assert_int_equal(cm_length_parse(&px, &u, "640px"), 0);
    assert_true(px == 640 && u == CM_LENGTH_PX);
    assert_int_equal(cm_length_parse(&px, &u, "2.5in"), 0);
    assert_true(px == 240 && u == CM_LENGTH_IN);
    assert_int_equal(cm_length_parse(&px, &u, "12pt"), 0);
    assert_true(px == 16 && u == CM_LENGTH_PT);
    assert_int_equal(cm_length_parse(&px, &u, "254mm"), 0);
    assert_true(fabs(px - 960) < 1e-9 && u == CM_LENGTH_MM);
    assert_string_equal(cm_length_unit_name(CM_LENGTH_MM), "mm");
    for (size_t k = 0; k < sizeof(bad) / sizeof(*bad); k++) {
        assert_int_equal(cm_length_parse(&px, &u, bad[k]), -1);
    }
}

/* Is v 1, 2 or 5 times a power of ten? */
static int round_value(double v)
{
    double p = pow(10, floor(log10(v) + 1e-9)), m = v / p;
    return fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9;
}

/* The size legend, sized by mentions: "size: mentions" and then round values within the
 * data's range, ascending, each after its disc; the legend takes at most a tenth of the
 * canvas height, on a screen and on a journal's 17 × 12 cm. */
static void style__legend_round_values_compact(void **state)
{
    net n = generated(300, 0);
    cm_style_opts o;
    cm_scene *s = NULL;
    cm_error err;
    double lo = INFINITY, hi = 0, last = 0;
    size_t values = 0, at = SIZE_MAX;
    (void)state;
    cm_style_opts_init(&o);
    o.size_source = CM_SIZE_MENTIONS;
    for (int pass = 0; pass < 2; pass++) {
        at = SIZE_MAX;
        net_layout(&n, &o);
        assert_int_equal(cm_style(&s, n.g, n.a, n.l, &o, &err), CM_OK);
        assert_string_equal(s->size_by, "mentions");
        assert_true(s->height - s->plot_y1 <= 0.1 * s->height);
        assert_int_equal(check_scene(s, 1), 0);
        for (size_t t = 0; t < s->n_texts; t++) {
            if (strcmp(s->texts[t].text, "size: mentions") == 0) {
                at = t;
            }
        }
        assert_true(at != SIZE_MAX);
        for (size_t i = 0; i < s->n_nodes; i++) {
            lo = fmin(lo, s->nodes[i].value);
            hi = fmax(hi, s->nodes[i].value);
            assert_true(s->nodes[i].value == (double)s->nodes[i].entity->mentions);
        }
        last = 0;
        values = 0;
        for (size_t t = at + 1;
             t < s->n_texts && s->texts[t].text[0] >= '0' && s->texts[t].text[0] <= '9'; t++) {
            double v = atof(s->texts[t].text);
            assert_true(round_value(v) && v >= lo && v <= hi && v > last);
            last = v;
            values++;
        }
        assert_true(values >= 2);
        cm_scene_free(s);
        o.width = 17 / 2.54 * 96;
        o.height = 12 / 2.54 * 96;
        o.label_min_px = 8;
        o.label_max_px = 12;
        /* 300 discs of 4 to 15 px cover half of 17 × 12 cm: twelve hubs are named */
        o.labels = 12;
    }
    net_free(&n);
}

/* --draw-top: the 40 most important nodes are drawn and checked, the rest are in the
 * scene (for the exports) but not drawn. */
static void style__draw_top(void **state)
{
    net n = generated(300, 0);
    cm_style_opts o;
    cm_scene *s = NULL;
    cm_error err;
    size_t drawn = 0;
    (void)state;
    cm_style_opts_init(&o);
    o.draw_top = 40;
    o.labels = 10;
    assert_int_equal(cm_style(&s, n.g, n.a, n.l, &o, &err), CM_OK);
    assert_int_equal(s->n_nodes, 300);
    assert_int_equal(s->n_drawn, 40);
    assert_int_equal(s->labels_top, 10);
    for (size_t i = 0; i < s->n_nodes; i++) {
        const cm_scene_node *a = &s->nodes[i];
        drawn += a->drawn;
        assert_int_equal(a->drawn, a->rank < 40);
        for (size_t j = 0; j < s->n_nodes; j++) { /* rank follows the value, ties by id */
            const cm_scene_node *b = &s->nodes[j];
            assert_true((a->rank < b->rank) ==
                        (a->value > b->value || (a->value == b->value && i < j)));
        }
    }
    assert_int_equal(drawn, 40);
    assert_int_equal(check_scene(s, 1), 0);
    cm_scene_free(s);
    net_free(&n);
}

static void style__parse_names(void **state)
{
    cm_color_by c;
    cm_metric m = CM_METRIC_DEGREE;
    cm_theme t;
    (void)state;
    assert_int_equal(cm_color_by_parse(&c, &m, "community"), 0);
    assert_int_equal(c, CM_COLOR_COMMUNITY);
    assert_int_equal(cm_color_by_parse(&c, &m, "kcore"), 0);
    assert_int_equal(c, CM_COLOR_METRIC);
    assert_int_equal(m, CM_METRIC_KCORE);
    assert_int_equal(cm_color_by_parse(&c, &m, "Type"), -1);
    assert_int_equal(cm_theme_parse(&t, "print"), 0);
    assert_int_equal(t, CM_THEME_PRINT);
    assert_string_equal(cm_theme_name(CM_THEME_DARK), "dark");
    assert_int_equal(cm_theme_parse(&t, "sepia"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(style__sample_corpus_has_no_overlaps),
        cmocka_unit_test(style__generated_500_nodes_have_no_overlaps),
        cmocka_unit_test(style__generated_10000_nodes_have_no_overlaps),
        cmocka_unit_test(style__generated_10000_nodes_name_the_hubs),
        cmocka_unit_test(style__checker_finds_overlaps),
        cmocka_unit_test(style__reproducible_and_radii_as_drawn),
        cmocka_unit_test(style__layout_box),
        cmocka_unit_test(style__partial_analysis_is_drawn_not_exported),
        cmocka_unit_test(style__long_labels_are_cut),
        cmocka_unit_test(style__colours_outlines_and_fading),
        cmocka_unit_test(style__parse_names),
        cmocka_unit_test(style__lengths_with_units),
        cmocka_unit_test(style__legend_round_values_compact),
        cmocka_unit_test(style__draw_top),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
