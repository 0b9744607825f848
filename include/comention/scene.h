/* comention: the style stage, graph + analysis + layout in, one scene out: everything a
 * drawing or an export needs, computed once, so files and pictures agree exactly. */
#ifndef COMENTION_SCENE_H
#define COMENTION_SCENE_H

#include <stddef.h>
#include <stdint.h>
#include "comention/analyze.h"
#include "comention/error.h"
#include "comention/graph.h"
#include "comention/layout.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Style options. */
typedef struct cm_style_opts {
    cm_metric size_by; /**< metric that sizes nodes (pagerank) */
    double width;      /**< canvas width in CSS px (1600) */
    double height;     /**< canvas height in CSS px (1200) */
    const char *title; /**< title drawn at the top, or NULL; borrowed */
    const char *font;  /**< font family ("DejaVu Sans"); borrowed */
} cm_style_opts;

/** Defaults of DESIGN.md §2. @param o filled in */
void cm_style_opts_init(cm_style_opts *o);

/** An sRGB colour. */
typedef struct cm_rgb {
    uint8_t r, g, b;
} cm_rgb;

/** A node as drawn and exported. Strings are borrowed from the counts. */
typedef struct cm_scene_node {
    const cm_entity_count *entity; /**< id, label, type, counts; borrowed */
    const double *metrics;         /**< CM_N_METRICS values; borrowed from the analysis */
    long community;                /**< 0 = largest */
    double x, y;                   /**< layout units, y up */
    double size;                   /**< radius in layout units */
    cm_rgb color;                  /**< fill */
    double px, py, pr;             /**< centre and radius on the canvas, px, y down */
    int label_shown;               /**< 1 when the label is drawn */
    double font_px;                /**< label font size, px */
    double lx, ly, lw, lh;         /**< label box on the canvas (top-left, size), px */
    double baseline;               /**< label baseline below ly, px */
} cm_scene_node;

/** An edge as drawn and exported. */
typedef struct cm_scene_edge {
    size_t source, target;     /**< scene node indexes, source id < target id */
    const cm_pair_count *pair; /**< counts and evidence; borrowed */
    const double *measures;    /**< CM_N_MEASURES values; borrowed from the graph */
    double weight;             /**< the Weight */
    double width_px;           /**< stroke width on the canvas */
} cm_scene_edge;

/** One legend entry: a swatch and its text. */
typedef struct cm_legend_item {
    cm_rgb color;     /**< swatch colour */
    const char *text; /**< static text */
    double x, y;      /**< swatch centre, px; the text starts at x + 2·legend_r and its
                           baseline is y + legend_px/3 */
} cm_legend_item;

/** Everything needed to draw or export the network. */
typedef struct cm_scene {
    double width, height; /**< canvas, CSS px */
    const char *font;     /**< font family; borrowed */
    const char *title;    /**< or NULL; borrowed */
    double title_px;      /**< title font size */
    cm_rgb background, edge_color, label_color, node_stroke;
    double edge_alpha;    /**< edge opacity 0..1 */
    cm_scene_node *nodes; /**< in node-id order; owned */
    size_t n_nodes;
    cm_scene_edge *edges; /**< in (source id, target id) order; owned */
    size_t n_edges;
    cm_legend_item legend[CM_N_TYPES]; /**< node colours by type */
    size_t n_legend;
    const char *size_by;   /**< name of the sizing metric; static */
    double legend_y;       /**< top of the legend band, px */
    double legend_px;      /**< legend font size */
    double legend_r;       /**< legend swatch radius */
    char legend_note[128]; /**< "node size: … · edge width: …" */
    double note_x, note_y; /**< start and baseline of the note, px */
    size_t labels_hidden;  /**< labels not drawn because they would overlap */
    const cm_graph *graph; /**< borrowed */
} cm_scene;

/**
 * Turn positions into a picture: scale to the canvas, size and colour nodes, size
 * edges, and place labels (by node size; a label that would overlap another, a node or
 * the border is hidden and counted). Text is measured with Pango, so the boxes are those
 * the drawing shows.
 *
 * @param out     the scene; free with cm_scene_free()
 * @param g       the graph; borrowed, must outlive the scene
 * @param a       its analysis; borrowed, must outlive the scene
 * @param l       its layout; borrowed
 * @param opts    options; NULL for defaults
 * @param err     filled on failure
 * @return CM_OK, CM_ENOMEM or CM_EINTERNAL
 *
 * Cost: O(V² ) label checks in the worst case.
 */
cm_status cm_style(cm_scene **out, const cm_graph *g, const cm_analysis *a, const cm_layout *l,
                   const cm_style_opts *opts, cm_error *err);

/** Free a scene; accepts NULL. @param s scene to free */
void cm_scene_free(cm_scene *s);

#ifdef __cplusplus
}
#endif

#endif
