/* comention: the layout stage, a graph in, node positions out. */
#ifndef COMENTION_LAYOUT_H
#define COMENTION_LAYOUT_H

#include <stddef.h>
#include "comention/error.h"
#include "comention/frame.h"
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

/** ForceAtlas2 settings; the names are Gephi's. The defaults are its LinLog mode (Noack's
 * energy model: attraction log(1 + d)), which draws communities as separate regions: on a
 * planted partition of 8 × 250 nodes the drawn positions have a silhouette by planted
 * block of about 0.66, against 0.45 for the linear attraction. LinLog's attraction is
 * weak at a distance, so repulsion is scaled down to 0.02 and gravity is a weak strong
 * gravity ((deg + 1)·g·d, g = 0.001): Gephi's normal gravity would leave isolates and
 * small components far beyond the rim, and a stronger pull squeezes the communities
 * together. What is still far out is moved in after the run (cm_layout_compute()). */
typedef struct cm_fa2_opts {
    double scaling;               /**< repulsion kr; 0 = 0.02 in LinLog mode, else Gephi's
                                       choice: 10 below 100 nodes, else 2 (0) */
    double gravity;               /**< pull towards the origin (0.001) */
    int strong_gravity;           /**< gravity grows with the distance (1; Gephi: 0) */
    int linlog;                   /**< LinLog mode: attraction log(1 + d), communities
                                       apart (1; Gephi: 0) */
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
     * `height_px` with the fit of comention/frame.h (one uniform scale k = min(width_px /
     * dx, height_px / dy), dx, dy the box's sides in layout units; a zero side imposes no
     * limit) and draws node i as a
     * disc of radius radius_px[i] · cm_layout.radius_scale around k · (x, y). Fitted that
     * way, no two discs overlap: their rims are at least CM_LAYOUT_GAP_PX ·
     * cm_layout.radius_scale apart. Every kind gets this phase; fa2 also spends the last
     * quarter of its iterations on it (Gephi's adjustSizes forces).
     */
    const double *radius_px;
    double width_px;  /**< width of the box the node centres are fitted into, CSS px (1600) */
    double height_px; /**< height of that box, CSS px (1200) */
    size_t threads;   /**< threads of fa2's iterations; the positions do not depend on it (1) */
} cm_layout_opts;

/** Space left between the rims of two node discs by the prevent-overlap phase, CSS px. */
#define CM_LAYOUT_GAP_PX CM_FRAME_GAP_PX

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
 * fa2 (and typed) on more than 500 nodes start from a multilevel layout: the graph is
 * coarsened by heavy-edge matching (a node left unmatched joins its best neighbour's
 * group) down to about 100 nodes, the coarsest graph is laid out from random positions
 * and each finer one is refined for 30 iterations from its coarse positions, then the
 * input graph runs its iterations. After the run, small components and isolates are
 * moved rigidly towards the largest component, into a band out to 1.35 times its radius,
 * keeping their directions.
 *
 * @param out   the positions; free with cm_layout_free(); NULL on failure
 * @param g     the graph; not changed
 * @param opts  options; NULL for defaults
 * @param err   filled on failure
 * @return CM_OK; CM_EUSAGE for kk on more than CM_LAYOUT_KK_MAX_NODES nodes, or for a
 *         negative or non-finite radius or a box side that is not positive; CM_ENOMEM;
 *         CM_EINTERNAL when igraph fails
 *
 * Cost: fa2 and typed O(iterations · (n log n + E)) with the Barnes–Hut quadtree, the
 * coarser levels adding about half of that; kk O(n²)
 * memory and time; drl a fixed ~650 MB and seconds (igraph's density grid); the overlap
 * removal O(n) a sweep with a grid, until no disc overlaps.
 */
cm_status cm_layout_compute(cm_layout **out, const cm_graph *g, const cm_layout_opts *opts,
                            cm_error *err);

/**
 * The iteration count fa2 runs when cm_layout_opts.iterations is 0: a work budget of
 * 10⁷ divided by n·log2(n + 1) + E (an iteration's cost with the quadtree), kept within
 * 150 and 1500, and halved above 500 nodes, where the multilevel start has already
 * settled the shape (cm_layout_compute()). Small graphs get many cheap iterations, big
 * ones fewer costly ones, so the time stays near a fifth of a second up to a few thousand
 * nodes (2000 nodes and 20000 edges: 119 iterations after the coarser levels) and then
 * grows like n log n. With node radii the last quarter of them is the prevent-overlap
 * phase.
 *
 * @param n_nodes  nodes
 * @param n_edges  edges
 * @return iterations, 75 to 1500
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
