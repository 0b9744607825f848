/* comention: the style stage, graph + analysis + layout in, one scene out
 * (comention/scene.h): sizes, colours, the fit into the canvas (comention/frame.h), header,
 * legend and label placement. */
#ifndef COMENTION_STYLE_H
#define COMENTION_STYLE_H

#include <stddef.h>
#include "comention/analyze.h"
#include "comention/error.h"
#include "comention/graph.h"
#include "comention/layout.h"
#include "comention/scene.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What sizes the nodes (and ranks them for labels and --draw-top). */
typedef enum cm_size_by {
    CM_SIZE_METRIC = 0, /**< a metric, cm_style_opts.size_by */
    CM_SIZE_MENTIONS,   /**< the entity's mentions */
    CM_SIZE_DOCUMENTS,  /**< the number of documents naming the entity */
} cm_size_by;

/** Style options. */
typedef struct cm_style_opts {
    cm_size_by size_source;       /**< what sizes nodes: a metric, mentions or documents
                                       (CM_SIZE_METRIC) */
    cm_metric size_by;            /**< metric that sizes nodes, for CM_SIZE_METRIC (pagerank) */
    cm_color_by color_by;         /**< what colours nodes (type) */
    cm_metric color_metric;       /**< the metric, for CM_COLOR_METRIC */
    cm_theme theme;               /**< colours of everything but the nodes (light) */
    double width;                 /**< canvas width in CSS px (1600) */
    double height;                /**< canvas height in CSS px (1200) */
    cm_length_unit width_unit;    /**< unit the SVG states the width in (px) */
    cm_length_unit height_unit;   /**< unit the SVG states the height in (px) */
    size_t labels;                /**< the K most important nodes always get a label (20) */
    size_t draw_top;              /**< draw only the N most important nodes; 0: all (0) */
    const char *title;            /**< title drawn at the top, or NULL; borrowed */
    int subtitle;                 /**< 1: a line of corpus statistics at the top (1) */
    const char *font;             /**< font family ("DejaVu Sans"); borrowed */
    double label_min_px;          /**< label font size of the smallest node, px (11); no
                                       label is drawn smaller */
    double label_max_px;          /**< label font size of the largest node, px (18) */
    const char *const *highlight; /**< node ids drawn in full, the others faded; borrowed */
    size_t n_highlight;           /**< number of ids in `highlight`; 0: nothing faded */
    const double *node_size;      /**< node radii in layout units as given (a file's own),
                                       by node index, or NULL: sized by `size_by` */
    const cm_rgb *node_color;     /**< fills by node index, for CM_COLOR_GIVEN */
} cm_style_opts;

/** Defaults of docs/design.md §2. @param o filled in */
void cm_style_opts_init(cm_style_opts *o);

/**
 * Node radii in CSS px as cm_style() draws them when nodes are sized by a metric, before
 * cm_layout.radius_scale and without the outline: a square-root scale (area ∝ value) of
 * opts->size_by between a minimum and a maximum that depend on the canvas (opts->width,
 * opts->height) and the number of nodes: cm_frame_radius_range() of comention/frame.h,
 * so discs cover a bounded share of the canvas. The radii do not depend on the positions.
 *
 * @param out   g->n_nodes radii, by node index
 * @param g     the graph
 * @param a     its analysis
 * @param opts  options; NULL for defaults
 *
 * Cost: O(V).
 */
void cm_style_node_radii(double *out, const cm_graph *g, const cm_analysis *a,
                         const cm_style_opts *opts);

/**
 * What the layout needs so that no two node discs overlap in the picture cm_style() will
 * draw with the same options: each node's radius as drawn (outline included) and the box
 * the picture fits the node centres into (the plot area between header and legend, less
 * room for side labels and the largest disc). Run it after the analysis and before
 * cm_layout_compute(); cm_style() then draws discs and outlines scaled by
 * cm_layout.radius_scale, and keeps the plot area it had here.
 *
 * When opts->node_size gives the radii in layout units (a file's own), they grow with the
 * fit and no box in px can keep them apart: lo->radius_px is set to NULL (no
 * prevent-overlap phase), the box is still set (the typed layout takes its aspect).
 *
 * @param lo         layout options; radius_px, width_px and height_px are set, the rest
 *                   kept; unchanged on failure
 * @param radius_px  g->n_nodes radii, filled in; lo->radius_px points to it afterwards,
 *                   so it must outlive the use of `lo`
 * @param g          the graph
 * @param a          its analysis
 * @param opts       style options as they will be given to cm_style(); NULL for defaults
 * @param err        filled on failure
 * @return CM_OK, CM_EINPUT (a highlighted id is no node of the graph), CM_EUSAGE
 *         (colour by community without communities in the analysis), CM_ENOMEM or
 *         CM_EINTERNAL
 *
 * Cost: O(V + E) and the measuring of the header and legend texts with Pango.
 */
cm_status cm_style_layout_box(cm_layout_opts *lo, double *radius_px, const cm_graph *g,
                              const cm_analysis *a, const cm_style_opts *opts, cm_error *err);

/**
 * Turn positions into a picture: fit the layout into the canvas, size, colour and outline
 * nodes, size edges by weight, lay out the title, subtitle and legend, and place labels.
 *
 * Labels are placed biggest node first (highlighted nodes before all others) at the first
 * of the spots around their node (three rings close by, then four farther out with a
 * leader line that crosses no label) where the label's footprint
 * (Pango's ink and logical boxes with the halo) stays inside the plot area and overlaps no
 * other label, no leader and no node disc, its own included; a label with no free spot is
 * hidden and counted. Text is measured with Pango, so the boxes are those the drawing
 * shows.
 *
 * @param out     the scene; free with cm_scene_free()
 * @param g       the graph; borrowed, must outlive the scene
 * @param a       its analysis; borrowed, must outlive the scene
 * @param l       its layout; borrowed. Discs keep clear of each other when the layout was
 *                computed with the options of cm_style_layout_box() for these `opts`
 * @param opts    options; NULL for defaults
 * @param err     filled on failure
 * @return CM_OK, CM_EINPUT (a highlighted id is no node of the graph), CM_EUSAGE
 *         (colour by community without communities in the analysis), CM_ENOMEM or
 *         CM_EINTERNAL
 *
 * Cost: O(V + E) plus the label placement, O(V · k) with a grid of the canvas, k the
 * objects met per cell (O(V²) only when every node sits in one cell).
 */
cm_status cm_style(cm_scene **out, const cm_graph *g, const cm_analysis *a, const cm_layout *l,
                   const cm_style_opts *opts, cm_error *err);

/**
 * Parse a colouring.
 * @param out     the colouring
 * @param metric  the metric, for a metric name
 * @param name    "type", "community" or a metric name (cm_metric_parse())
 * @return 0, or -1 for an unknown name
 */
int cm_color_by_parse(cm_color_by *out, cm_metric *metric, const char *name);

/**
 * Parse a theme name.
 * @param out   the theme
 * @param name  "light", "dark" or "print"
 * @return 0, or -1 for an unknown name
 */
int cm_theme_parse(cm_theme *out, const char *name);

/** @param t a theme @return its name */
const char *cm_theme_name(cm_theme t);

#ifdef __cplusplus
}
#endif

#endif
