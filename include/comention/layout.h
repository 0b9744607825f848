/* comention: the layout stage, a graph in, node positions out. */
#ifndef COMENTION_LAYOUT_H
#define COMENTION_LAYOUT_H

#include <stddef.h>
#include "comention/error.h"
#include "comention/graph.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Layout algorithms. */
typedef enum cm_layout_kind {
    CM_LAYOUT_FA2 = 0, /**< ForceAtlas2 (Jacomy et al. 2014), our own code; the default */
    CM_LAYOUT_FR,      /**< Fruchterman–Reingold (igraph) */
    CM_LAYOUT_KK,      /**< Kamada–Kawai (igraph); at most CM_LAYOUT_KK_MAX_NODES nodes */
    CM_LAYOUT_DRL,     /**< DrL (igraph); igraph 0.10 sets up a 1000×1000 density grid
                            whatever the graph: about 650 MB and 3 s even for 10 nodes */
    CM_LAYOUT_CIRCLE,  /**< nodes on a circle in node (entity id) order */
    CM_LAYOUT_TYPED,   /**< actors, countries, weapons in three horizontal bands */
} cm_layout_kind;

/** Kamada–Kawai keeps n×n distance matrices and runs 50·n iterations of O(n) each, about
 * 2 s at 1000 nodes here: larger graphs are refused with CM_EUSAGE rather than taking
 * minutes. */
#define CM_LAYOUT_KK_MAX_NODES 1000

/** ForceAtlas2 settings; the names are Gephi's, and so are the defaults but gravity's.
 * Gephi's normal gravity (a constant pull of (deg + 1)·g) balances the repulsion of the
 * whole graph only at a distance that grows with its total degree: isolates and small
 * components of a 2000-node graph settle more than ten times farther out than the rim of
 * the main component and shrink it to a dot in the picture. Strong gravity pulls with
 * (deg + 1)·g·d, so everything settles within a radius that grows like the square root of
 * the graph, as the area its nodes need does; g = 0.2 keeps isolates within a quarter of
 * the radius beyond the rim (300 to 5000 nodes) without squeezing clusters into a disc. */
typedef struct cm_fa2_opts {
    double scaling;               /**< repulsion kr; 0 = Gephi's choice: 10 below 100 nodes,
                                       else 2 (0) */
    double gravity;               /**< pull towards the origin (0.2) */
    int strong_gravity;           /**< gravity grows with the distance (1; Gephi: 0) */
    int linlog;                   /**< LinLog mode: attraction log(1 + d), tighter clusters (0) */
    double edge_weight_influence; /**< attraction ∝ (Weight / median Weight)^this; 0 = every
                                       edge pulls alike (1) */
    double theta;                 /**< Barnes–Hut accuracy, cell width / distance below which
                                       a quadtree cell acts as one body; 0 = exact pairwise
                                       repulsion, O(n²) per iteration (1.2) */
    double jitter_tolerance;      /**< swinging allowed by the adaptive speed (1) */
} cm_fa2_opts;

/** Layout options. */
typedef struct cm_layout_opts {
    cm_layout_kind kind; /**< algorithm (CM_LAYOUT_FA2) */
    unsigned long seed;  /**< RNG seed: the same seed gives the same positions (1) */
    int iterations;      /**< iterations of fa2 (and typed, which runs it) and fr; 0 = fa2
                              scaled to the graph size, see cm_layout_iterations(), fr
                              igraph's 500 (0) */
    cm_fa2_opts fa2;     /**< ForceAtlas2 settings, also used by the typed layout */
    /**
     * Radius of each node as it will be drawn, in CSS px, indexed like the graph's nodes;
     * NULL = no overlap removal (NULL). Borrowed, read during cm_layout_compute() only.
     *
     * With radii, the layout ends with a prevent-overlap phase for the picture the style
     * stage draws: it maps the bounding box of the node centres onto `width_px` ×
     * `height_px` with one uniform scale k = min(width_px / dx, height_px / dy) (dx, dy the
     * box's sides in layout units; a zero side imposes no limit) and draws node i as a
     * disc of radius radius_px[i] · cm_layout.radius_scale around k · (x, y). Fitted that
     * way, no two discs overlap: their rims are at least CM_LAYOUT_GAP_PX ·
     * cm_layout.radius_scale apart. Every kind gets this phase; fa2 also spends the last
     * quarter of its iterations on it (Gephi's adjustSizes forces).
     */
    const double *radius_px;
    double width_px;  /**< width of the box the node centres are fitted into, CSS px (1600) */
    double height_px; /**< height of that box, CSS px (1200) */
} cm_layout_opts;

/** Space left between the rims of two node discs by the prevent-overlap phase, CSS px. */
#define CM_LAYOUT_GAP_PX 1.0

/** Defaults (in parentheses above). @param o filled in */
void cm_layout_opts_init(cm_layout_opts *o);

/** Node positions in layout units, y up (as Gephi). */
typedef struct cm_layout {
    double *xy;          /**< node i at (xy[2i], xy[2i+1]); owned */
    size_t n;            /**< number of nodes */
    double radius_scale; /**< 1, or less when the discs of cm_layout_opts.radius_px cannot
                              all fit into the box: draw them scaled by this factor */
    int iterations;      /**< iterations run by fa2 (also for typed) or fr; 0 for the others */
} cm_layout;

/**
 * Place the nodes of a graph.
 *
 * Heavier edges pull harder. Every kind is deterministic: fa2 and typed start from
 * positions drawn from our own PRNG seeded with `opts->seed` and visit nodes and edges in
 * index order; fr and drl seed igraph's RNG just before the call; kk and circle use no
 * randomness. The result is centred on the origin (the middle of the bounding box).
 * ForceAtlas2's gravity keeps small components and isolates near the main component.
 *
 * @param out   the positions; free with cm_layout_free(); NULL on failure
 * @param g     the graph; not changed
 * @param opts  options; NULL for defaults
 * @param err   filled on failure
 * @return CM_OK; CM_EUSAGE for kk on more than CM_LAYOUT_KK_MAX_NODES nodes, or for a
 *         negative or non-finite radius or a box side that is not positive; CM_ENOMEM;
 *         CM_EINTERNAL when igraph fails
 *
 * Cost: fa2 and typed O(iterations · (n log n + E)) with the Barnes–Hut quadtree; kk O(n²)
 * memory and time; drl a fixed ~650 MB and seconds (igraph's density grid); the overlap
 * removal O(n) a sweep with a grid, until no disc overlaps.
 */
cm_status cm_layout_compute(cm_layout **out, const cm_graph *g, const cm_layout_opts *opts,
                            cm_error *err);

/**
 * The iteration count fa2 runs when cm_layout_opts.iterations is 0: a work budget of
 * 10⁷ divided by n·log2(n + 1) + E (an iteration's cost with the quadtree), kept within
 * 150 and 1500. Small graphs get many cheap iterations, big ones fewer costly ones, so
 * the time stays near a fifth of a second up to a few thousand nodes (2000 nodes and
 * 20000 edges: 238 iterations) and then grows like n log n. With node radii the last
 * quarter of them is the prevent-overlap phase.
 *
 * @param n_nodes  nodes
 * @param n_edges  edges
 * @return iterations, 150 to 1500
 */
int cm_layout_iterations(size_t n_nodes, size_t n_edges);

/** Free positions; accepts NULL. @param l positions to free */
void cm_layout_free(cm_layout *l);

/**
 * Parse a layout name.
 * @param out  the kind
 * @param name "fa2", "fr", "kk", "drl", "circle" or "typed"
 * @return 0, or -1 for an unknown name
 */
int cm_layout_parse(cm_layout_kind *out, const char *name);

/** @param kind a layout @return its name, as cm_layout_parse() reads it */
const char *cm_layout_name(cm_layout_kind kind);

#ifdef __cplusplus
}
#endif

#endif
