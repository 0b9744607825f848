/* Unit tests of the layout stage: every kind on small and degenerate graphs, determinism,
 * ForceAtlas2 separating two clusters and keeping isolates close, the typed bands, and no
 * disc overlaps once a layout is fitted into the picture as layout.h describes. Graphs
 * come through the real pipeline from a generated lexicon (entity i is "e%04zu", named
 * with one made-up word), so node i is entity i. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "helpers.h"
#include "layout/layout_int.h"
#include "util/util.h"

static const cm_layout_kind every_kind[] = {CM_LAYOUT_FA2, CM_LAYOUT_FR,     CM_LAYOUT_KK,
                                            CM_LAYOUT_DRL, CM_LAYOUT_CIRCLE, CM_LAYOUT_TYPED};
#define N_KINDS (sizeof(every_kind) / sizeof(every_kind[0]))

typedef struct tgraph {
    cm_counts *c;
    cm_graph *g;
} tgraph;

static void entity_name(char out[8], size_t i)
{
    out[0] = 'Q';
    out[1] = (char)('a' + i / 676 % 26);
    out[2] = (char)('a' + i / 26 % 26);
    out[3] = (char)('a' + i % 26);
    out[4] = '\0';
}

static cm_lexicon *make_lexicon(size_t n)
{
    static const char *const type_names[] = {"actor", "country", "weapon"};
    cm_lexicon *lex = NULL;
    cm_buf b;
    cm_error err;

    cm_buf_init(&b);
    for (size_t i = 0; i < (n ? n : 1); i++) {
        char name[8];
        entity_name(name, i);
        cm_buf_printf(&b, "e%04zu\t%s\t%s\t%s\n", i, type_names[i % 3], name, name);
    }
    assert_false(b.failed);
    assert_int_equal(cm_lexicon_new(&lex, &err), CM_OK);
    assert_int_equal(cm_lexicon_add_memory(lex, "gen.tsv", b.data, b.len, &err), CM_OK);
    assert_int_equal(cm_lexicon_compile(lex, NULL, NULL, &err), CM_OK);
    cm_buf_destroy(&b);
    return lex;
}

/* n entities, entity i of type i % 3, each named alone once (so isolates are nodes);
 * edge k joins ends[2k] and ends[2k + 1], named together in one sentence. */
static tgraph make(size_t n, const size_t *ends, size_t m)
{
    cm_lexicon *lex = make_lexicon(n);
    cm_doc *doc = NULL;
    cm_segments *seg = NULL;
    cm_mentions *men = NULL;
    tgraph t = {NULL, NULL};
    cm_buf text;
    cm_error err;

    cm_buf_init(&text);
    cm_buf_puts(&text, "Nothing.\n");
    for (size_t i = 0; i < n; i++) {
        char name[8];
        entity_name(name, i);
        cm_buf_printf(&text, "%s.\n", name);
    }
    for (size_t k = 0; k < m; k++) {
        char a[8], b[8];
        entity_name(a, ends[2 * k]);
        entity_name(b, ends[2 * k + 1]);
        cm_buf_printf(&text, "%s and %s.\n", a, b);
    }
    assert_false(text.failed);
    assert_int_equal(cm_counts_new(&t.c, NULL, &err), CM_OK);
    assert_int_equal(cm_doc_new(&doc, "d0", text.data, text.len, &err), CM_OK);
    assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
    assert_int_equal(cm_extract(&men, seg, lex, NULL, &err), CM_OK);
    assert_int_equal(cm_counts_add(t.c, men, lex, &err), CM_OK);
    assert_int_equal(cm_counts_finish(t.c, &err), CM_OK);
    assert_int_equal(cm_graph_build(&t.g, t.c, NULL, &err), CM_OK);
    assert_int_equal(t.g->n_nodes, n);
    assert_int_equal(t.g->n_edges, m);
    cm_mentions_free(men);
    cm_segments_free(seg);
    cm_doc_free(doc);
    cm_lexicon_free(lex);
    cm_buf_destroy(&text);
    return t;
}

static void drop(tgraph *t)
{
    cm_graph_free(t->g);
    cm_counts_free(t->c);
}

static tgraph star(size_t leaves)
{
    size_t *ends = malloc(2 * leaves * sizeof(*ends));
    tgraph t;
    for (size_t k = 0; k < leaves; k++) {
        ends[2 * k] = 0;
        ends[2 * k + 1] = k + 1;
    }
    t = make(leaves + 1, ends, leaves);
    free(ends);
    return t;
}

static tgraph two_components(void)
{
    static const size_t ends[] = {0, 1, 1, 2, 0, 2, 3, 4, 4, 5};
    return make(6, ends, 5);
}

/* Two cliques of `size` joined by one edge between node 0 and node `size`. */
static tgraph two_clusters(size_t size)
{
    size_t *ends = malloc(2 * (size * size + 1) * sizeof(*ends)), m = 0;
    tgraph t;
    for (size_t c = 0; c < 2; c++) {
        for (size_t i = 0; i < size; i++) {
            for (size_t j = i + 1; j < size; j++) {
                ends[2 * m] = c * size + i;
                ends[2 * m++ + 1] = c * size + j;
            }
        }
    }
    ends[2 * m] = 0;
    ends[2 * m++ + 1] = size;
    t = make(2 * size, ends, m);
    free(ends);
    return t;
}

/* `groups` communities of `size` nodes, each node linked to three of its community and
 * now and then to anyone, then `isolates` nodes with no edge; seeded, no repeated edge. */
static tgraph communities(size_t groups, size_t size, size_t isolates)
{
    size_t n = groups * size, cap = 8 * n, m = 0;
    size_t *ends = malloc(2 * cap * sizeof(*ends));
    char *seen = calloc(n * n, 1);
    cm_rng r = {7};
    tgraph t;

    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < 4; k++) {
            size_t j = k < 3 ? i / size * size + cm_rng_next(&r) % size : cm_rng_next(&r) % n;
            size_t a = i < j ? i : j, b = i < j ? j : i;
            if ((k == 3 && cm_rng_next(&r) % 4 != 0) || a == b || seen[a * n + b]) {
                continue;
            }
            seen[a * n + b] = 1;
            ends[2 * m] = a;
            ends[2 * m++ + 1] = b;
        }
    }
    t = make(n + isolates, ends, m);
    free(seen);
    free(ends);
    return t;
}

static cm_layout *run(const cm_graph *g, const cm_layout_opts *o)
{
    cm_layout *l = NULL;
    cm_error err;
    if (cm_layout_compute(&l, g, o, &err) != CM_OK) {
        fail_msg("layout %s: %s", cm_layout_name(o->kind), err.msg);
    }
    assert_true(IGRAPH_FINALLY_STACK_EMPTY);
    assert_int_equal(l->n, g->n_nodes);
    for (size_t i = 0; i < 2 * l->n; i++) {
        assert_true(isfinite(l->xy[i]));
    }
    return l;
}

static double dist(const cm_layout *l, size_t i, size_t j)
{
    return hypot(l->xy[2 * i] - l->xy[2 * j], l->xy[2 * i + 1] - l->xy[2 * j + 1]);
}

/* The fit of layout.h, written out again here rather than calling the stage's own. */
static double fitted_scale(const cm_layout *l, double width, double height)
{
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY}, k = INFINITY;
    for (size_t i = 0; i < l->n; i++) {
        for (int c = 0; c < 2; c++) {
            lo[c] = fmin(lo[c], l->xy[2 * i + c]);
            hi[c] = fmax(hi[c], l->xy[2 * i + c]);
        }
    }
    k = hi[0] > lo[0] ? width / (hi[0] - lo[0]) : k;
    k = hi[1] > lo[1] ? fmin(k, height / (hi[1] - lo[1])) : k;
    return k;
}

/* Fitted into width × height px, discs of radius r[i] · radius_scale keep their rims
 * CM_LAYOUT_GAP_PX · radius_scale apart. */
static void assert_no_overlap(const cm_layout *l, const double *r, double width, double height)
{
    double k = fitted_scale(l, width, height), s = l->radius_scale;
    assert_true(k > 0);
    for (size_t i = 0; i < l->n; i++) {
        for (size_t j = i + 1; j < l->n; j++) {
            double need = (r[i] + r[j] + CM_LAYOUT_GAP_PX) * s - 1e-6;
            if (!(k * dist(l, i, j) >= need)) {
                fail_msg("nodes %zu and %zu: %.17g px apart, need %.17g", i, j, k * dist(l, i, j),
                         need);
            }
        }
    }
}

/* Radii like a drawing's: mostly 4 to 12 px, every tenth node 30 px. */
static double *radii(size_t n)
{
    double *r = malloc((n + 1) * sizeof(*r));
    for (size_t i = 0; i < n; i++) {
        r[i] = i % 10 == 0 ? 30.0 : 4.0 + (double)(i * 7 % 9);
    }
    return r;
}

static void layout__every_kind_on_small_graphs(void **state)
{
    tgraph gs[] = {make(0, NULL, 0), make(1, NULL, 0), make(2, NULL, 0), star(6), two_components()};
    (void)state;
    for (size_t gi = 0; gi < sizeof(gs) / sizeof(gs[0]); gi++) {
        const cm_graph *g = gs[gi].g;
        double *r = radii(g->n_nodes);
        for (size_t ki = 0; ki < N_KINDS; ki++) {
            cm_layout_opts o;
            cm_layout *l;
            cm_layout_opts_init(&o);
            o.kind = every_kind[ki];
            /* igraph's DrL costs a second each time; it runs below, with radii */
            if (o.kind != CM_LAYOUT_DRL) {
                l = run(g, &o);
                for (size_t i = 0; i < l->n; i++) {
                    for (size_t j = i + 1; j < l->n; j++) {
                        assert_true(dist(l, i, j) > 0); /* no two nodes on one spot */
                    }
                }
                if (l->n == 1) {
                    assert_true(l->xy[0] == 0 && l->xy[1] == 0);
                }
                cm_layout_free(l);
            }
            o.radius_px = r;
            l = run(g, &o);
            assert_true(l->radius_scale == 1.0);
            assert_no_overlap(l, r, o.width_px, o.height_px);
            cm_layout_free(l);
        }
        free(r);
        drop(&gs[gi]);
    }
}

static void layout__same_seed_same_doubles(void **state)
{
    tgraph t = two_clusters(6);
    double *r = radii(t.g->n_nodes);
    (void)state;
    for (size_t ki = 0; ki < N_KINDS; ki++) {
        /* radii change nothing in DrL itself, which costs a second a call */
        for (int with_radii = 0; with_radii < (every_kind[ki] == CM_LAYOUT_DRL ? 1 : 2);
             with_radii++) {
            cm_layout_opts o;
            cm_layout *a, *b, *c;
            cm_layout_opts_init(&o);
            o.kind = every_kind[ki];
            o.radius_px = with_radii ? r : NULL;
            o.seed = 5;
            a = run(t.g, &o);
            b = run(t.g, &o);
            assert_memory_equal(a->xy, b->xy, 2 * a->n * sizeof(double));
            o.seed = 6;
            c = run(t.g, &o);
            /* Kamada–Kawai starts from a circle and the circle is a circle: no seed. */
            if (o.kind != CM_LAYOUT_KK && o.kind != CM_LAYOUT_CIRCLE) {
                assert_true(memcmp(a->xy, c->xy, 2 * a->n * sizeof(double)) != 0);
            }
            cm_layout_free(a);
            cm_layout_free(b);
            cm_layout_free(c);
        }
    }
    free(r);
    drop(&t);
}

/* fa2 shares its iterations out over threads (edges' pulls by edge, forces and moves by
 * node) on graphs of 512 nodes and more, a thread per 256 nodes at most (the coarse levels
 * of the multilevel start stay on one thread): the same doubles for any number, with and
 * without the prevent-overlap phase, LinLog or not; theta 0 too (every pair). 810 nodes:
 * up to three threads. */
static void layout__fa2_same_doubles_for_any_threads(void **state)
{
    static const size_t threads[] = {2, 3, 7};
    tgraph t = communities(8, 100, 10);
    double *r = radii(t.g->n_nodes);
    (void)state;
    for (int variant = 0; variant < 4; variant++) {
        cm_layout_opts o;
        cm_layout *one;
        cm_layout_opts_init(&o);
        o.radius_px = variant == 1 || variant == 3 ? r : NULL;
        o.iterations = variant == 2 ? 20 : 60;
        o.fa2.theta = variant == 2 ? 0 : o.fa2.theta;
        o.fa2.linlog = variant == 3 ? 0 : o.fa2.linlog;
        one = run(t.g, &o);
        for (size_t k = 0; k < sizeof(threads) / sizeof(*threads); k++) {
            o.threads = threads[k];
            cm_layout *more = run(t.g, &o);
            assert_memory_equal(one->xy, more->xy, 2 * one->n * sizeof(double));
            cm_layout_free(more);
        }
        cm_layout_free(one);
    }
    free(r);
    drop(&t);
}

/* Mean distance inside the two cliques against mean distance across them. */
static void assert_clusters_apart(const cm_layout *l, size_t size, const char *what)
{
    double in = 0, across = 0;
    size_t n_in = 0, n_across = 0;
    for (size_t i = 0; i < 2 * size; i++) {
        for (size_t j = i + 1; j < 2 * size; j++) {
            if (i / size == j / size) {
                in += dist(l, i, j);
                n_in++;
            } else {
                across += dist(l, i, j);
                n_across++;
            }
        }
    }
    in /= (double)n_in;
    across /= (double)n_across;
    if (!(in < 0.5 * across)) {
        fail_msg("%s: mean distance %g inside the clusters, %g across", what, in, across);
    }
}

static void layout__fa2_puts_two_clusters_apart(void **state)
{
    tgraph t = two_clusters(12);
    cm_layout_opts o;
    cm_layout *l;
    (void)state;
    cm_layout_opts_init(&o);
    for (int variant = 0; variant < 6; variant++) {
        cm_layout_opts_init(&o);
        o.fa2.linlog = variant == 1;
        /* LinLog as in Gephi, with normal gravity */
        o.fa2.strong_gravity = variant != 1 && variant != 2;
        o.fa2.theta = variant == 3 ? 0.0 : o.fa2.theta;
        o.fa2.edge_weight_influence = variant == 4 ? 0.0 : o.fa2.edge_weight_influence;
        o.iterations = variant == 5 ? 150 : 0;
        l = run(t.g, &o);
        assert_clusters_apart(l, 12,
                              (const char *[]){"default", "linlog", "normal gravity",
                                               "exact repulsion", "unweighted",
                                               "150 iterations"}[variant]);
        cm_layout_free(l);
    }
    drop(&t);
}

/* 8 communities of 100 nodes: above ML_MIN_NODES, so fa2 starts from a coarsened layout.
 * Every community stays apart from the next, and the same seed gives the same doubles. */
static void layout__fa2_multilevel_keeps_communities_apart(void **state)
{
    tgraph t = communities(8, 100, 0);
    cm_layout *a, *b;
    (void)state;
    a = run(t.g, NULL);
    b = run(t.g, NULL);
    for (size_t c = 0; c + 1 < 8; c++) {
        cm_layout pair = {a->xy + 2 * 100 * c, 200, 1.0, 0};
        assert_clusters_apart(&pair, 100, "multilevel");
    }
    assert_memory_equal(a->xy, b->xy, 2 * a->n * sizeof(double));
    cm_layout_free(a);
    cm_layout_free(b);
    drop(&t);
}

static void layout__fa2_keeps_isolates_and_small_components_close(void **state)
{
    /* 60 nodes in communities, a separate pair, then 20 isolates */
    tgraph t = communities(3, 20, 0);
    tgraph u;
    size_t n0 = t.g->n_nodes, *ends = malloc(2 * (t.g->n_edges + 1) * sizeof(*ends));
    double conn = 0, far = 0;
    cm_layout *l;
    (void)state;
    for (size_t k = 0; k < t.g->n_edges; k++) {
        ends[2 * k] = (size_t)IGRAPH_FROM(&t.g->g, (igraph_integer_t)k);
        ends[2 * k + 1] = (size_t)IGRAPH_TO(&t.g->g, (igraph_integer_t)k);
    }
    ends[2 * t.g->n_edges] = n0;
    ends[2 * t.g->n_edges + 1] = n0 + 1;
    u = make(n0 + 22, ends, t.g->n_edges + 1);
    l = run(u.g, NULL);
    for (size_t i = 0; i < l->n; i++) {
        double d = hypot(l->xy[2 * i], l->xy[2 * i + 1]);
        if (i < n0) {
            conn = fmax(conn, d);
        } else {
            far = fmax(far, d);
        }
    }
    if (!(far < 2 * conn)) {
        fail_msg("isolates up to %g from the centre, the communities up to %g", far, conn);
    }
    cm_layout_free(l);
    free(ends);
    drop(&u);
    drop(&t);
}

static void layout__typed_bands(void **state)
{
    tgraph t = communities(4, 15, 6);
    cm_layout_opts o;
    cm_layout *l;
    double lo[CM_N_TYPES] = {INFINITY, INFINITY, INFINITY};
    double hi[CM_N_TYPES] = {-INFINITY, -INFINITY, -INFINITY};
    (void)state;
    cm_layout_opts_init(&o);
    o.kind = CM_LAYOUT_TYPED;
    l = run(t.g, &o);
    for (size_t i = 0; i < l->n; i++) {
        lo[i % 3] = fmin(lo[i % 3], l->xy[2 * i + 1]);
        hi[i % 3] = fmax(hi[i % 3], l->xy[2 * i + 1]);
    }
    /* actors above countries above weapons, with clear space between the bands */
    assert_true(lo[CM_TYPE_ACTOR] > hi[CM_TYPE_COUNTRY]);
    assert_true(lo[CM_TYPE_COUNTRY] > hi[CM_TYPE_WEAPON]);
    cm_layout_free(l);
    drop(&t);
}

/* Share of a width × height box the discs (with half the gap each) cover. */
static double density(const double *r, size_t n, double width, double height)
{
    double area = 0;
    for (size_t i = 0; i < n; i++) {
        area += 3.14159265358979323846 * (r[i] + 0.5) * (r[i] + 0.5);
    }
    return area / (width * height);
}

/* How many of the two boxes to try a kind in. The removal is the same for every kind: on
 * 500 nodes fa2 (whose last phase sees the radii), typed and the crowded circle are
 * enough; igraph's DrL costs a second a call and runs once, on the graph with isolates. */
static size_t boxes_for(cm_layout_kind kind, size_t graph, size_t n)
{
    if (kind == CM_LAYOUT_DRL) {
        return graph == 1;
    }
    if (n < 500 || kind == CM_LAYOUT_FA2 || kind == CM_LAYOUT_TYPED || kind == CM_LAYOUT_CIRCLE) {
        return 2;
    }
    return 0;
}

static void layout__no_disc_overlaps_once_fitted(void **state)
{
    tgraph gs[] = {communities(10, 50, 0), communities(4, 10, 20), star(40), two_clusters(15)};
    static const double boxes[][2] = {{1600, 1200}, {400, 900}};
    (void)state;
    for (size_t gi = 0; gi < sizeof(gs) / sizeof(gs[0]); gi++) {
        size_t n = gs[gi].g->n_nodes;
        double *r = radii(n);
        for (size_t ki = 0; ki < N_KINDS; ki++) {
            size_t boxes_here = boxes_for(every_kind[ki], gi, n);
            for (size_t bi = 0; bi < boxes_here; bi++) {
                cm_layout_opts o;
                cm_layout *l;
                cm_layout_opts_init(&o);
                o.kind = every_kind[ki];
                o.radius_px = r;
                o.width_px = boxes[bi][0];
                o.height_px = boxes[bi][1];
                l = run(gs[gi].g, &o);
                assert_no_overlap(l, r, o.width_px, o.height_px);
                /* discs on a third of the box fit as they are; on two thirds (the 500
                 * nodes in the narrow box) they are scaled, but not to crumbs */
                if (density(r, n, o.width_px, o.height_px) < 1.0 / 3) {
                    assert_true(l->radius_scale == 1.0);
                } else {
                    assert_true(l->radius_scale < 1.0 && l->radius_scale > 0.4);
                }
                cm_layout_free(l);
            }
        }
        free(r);
        drop(&gs[gi]);
    }
}

static void layout__discs_too_big_are_scaled(void **state)
{
    tgraph t = star(30);
    double r[31];
    cm_layout_opts o;
    cm_layout *l;
    (void)state;
    for (size_t i = 0; i < 31; i++) {
        r[i] = 120; /* 31 discs of 240 px in 800 × 600: three times the box's area */
    }
    cm_layout_opts_init(&o);
    o.radius_px = r;
    o.width_px = 800;
    o.height_px = 600;
    l = run(t.g, &o);
    assert_true(l->radius_scale < 0.6 && l->radius_scale > 0.2);
    assert_no_overlap(l, r, o.width_px, o.height_px);
    cm_layout_free(l);
    drop(&t);
}

static void layout__bad_input(void **state)
{
    tgraph big = make(CM_LAYOUT_KK_MAX_NODES + 1, NULL, 0), t = star(3);
    double r[4] = {1, 2, -1, 3};
    cm_layout_opts o;
    cm_layout *l = (cm_layout *)&o;
    cm_error err;
    (void)state;
    cm_layout_opts_init(&o);
    o.kind = CM_LAYOUT_KK;
    assert_int_equal(cm_layout_compute(&l, big.g, &o, &err), CM_EUSAGE);
    assert_null(l);
    assert_non_null(strstr(err.msg, "at most 1000"));
    cm_layout_opts_init(&o);
    o.radius_px = r;
    assert_int_equal(cm_layout_compute(&l, t.g, &o, &err), CM_EUSAGE);
    r[2] = NAN;
    assert_int_equal(cm_layout_compute(&l, t.g, &o, &err), CM_EUSAGE);
    r[2] = 1;
    o.height_px = 0;
    assert_int_equal(cm_layout_compute(&l, t.g, &o, &err), CM_EUSAGE);
    assert_null(l);
    cm_layout_free(NULL);
    drop(&t);
    drop(&big);
}

static void layout__names_and_iterations(void **state)
{
    cm_layout_kind k;
    (void)state;
    for (size_t i = 0; i < N_KINDS; i++) {
        assert_int_equal(cm_layout_parse(&k, cm_layout_name(every_kind[i])), 0);
        assert_int_equal(k, every_kind[i]);
    }
    assert_string_equal(cm_layout_name(CM_LAYOUT_FA2), "fa2");
    assert_int_equal(cm_layout_parse(&k, "FA2"), -1);
    assert_int_equal(cm_layout_parse(&k, ""), -1);
    assert_int_equal(cm_layout_iterations(0, 0), 1500);
    assert_int_equal(cm_layout_iterations(150, 600), 1500);
    assert_int_equal(cm_layout_iterations(500, 5000), 1054);
    assert_int_equal(cm_layout_iterations(2000, 20000), 119); /* 238, halved: multilevel */
    assert_int_equal(cm_layout_iterations(1000000, 5000000), 75);
    for (size_t n = 1; n < 100000; n *= 3) {
        assert_true(cm_layout_iterations(n, 10 * n) >= cm_layout_iterations(3 * n, 30 * n));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(layout__every_kind_on_small_graphs),
        cmocka_unit_test(layout__same_seed_same_doubles),
        cmocka_unit_test(layout__fa2_same_doubles_for_any_threads),
        cmocka_unit_test(layout__fa2_puts_two_clusters_apart),
        cmocka_unit_test(layout__fa2_multilevel_keeps_communities_apart),
        cmocka_unit_test(layout__fa2_keeps_isolates_and_small_components_close),
        cmocka_unit_test(layout__typed_bands),
        cmocka_unit_test(layout__no_disc_overlaps_once_fitted),
        cmocka_unit_test(layout__discs_too_big_are_scaled),
        cmocka_unit_test(layout__bad_input),
        cmocka_unit_test(layout__names_and_iterations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
