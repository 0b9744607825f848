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

/** An sRGB colour. */
typedef struct cm_rgb {
    uint8_t r, g, b;
} cm_rgb;

/** What colours the nodes. */
typedef enum cm_color_by {
    CM_COLOR_TYPE = 0,  /**< entity type, Okabe–Ito colours */
    CM_COLOR_COMMUNITY, /**< community: Okabe–Ito for the seven largest, grey for the rest */
    CM_COLOR_METRIC,    /**< a metric (cm_style_opts.color_metric) on the viridis ramp */
    CM_COLOR_GIVEN,     /**< the colours in cm_style_opts.node_color (a file's own) */
} cm_color_by;

/** Colour themes. */
typedef enum cm_theme {
    CM_THEME_LIGHT = 0, /**< dark text on white */
    CM_THEME_DARK,      /**< light text on near-black */
    CM_THEME_PRINT,     /**< black on white, outlined nodes, stronger edges */
} cm_theme;

/** What sizes the nodes (and ranks them for labels and --draw-top). */
typedef enum cm_size_by {
    CM_SIZE_METRIC = 0, /**< a metric, cm_style_opts.size_by */
    CM_SIZE_MENTIONS,   /**< the entity's mentions */
    CM_SIZE_DOCUMENTS,  /**< the number of documents naming the entity */
} cm_size_by;

/** Units a length of the canvas may be given in; the drawing itself is in CSS px. */
typedef enum cm_length_unit {
    CM_LENGTH_PX = 0, /**< CSS pixels, 96 per inch */
    CM_LENGTH_CM,     /**< centimetres */
    CM_LENGTH_MM,     /**< millimetres */
    CM_LENGTH_IN,     /**< inches */
    CM_LENGTH_PT,     /**< points, 72 per inch */
} cm_length_unit;

/** CSS px per inch: the drawing unit is 1/96 in, as in CSS and SVG. */
#define CM_PX_PER_IN 96.0

/**
 * Parse a length with an optional unit ("17cm", "640", "6.5in").
 * @param px    the length in CSS px
 * @param unit  the unit it was given in (CM_LENGTH_PX for a bare number)
 * @param text  a number followed by px, cm, mm, in or pt, or by nothing
 * @return 0, or -1 when it is no positive finite length
 */
int cm_length_parse(double *px, cm_length_unit *unit, const char *text);

/** @param u a unit @return its name: "px", "cm", "mm", "in" or "pt" */
const char *cm_length_unit_name(cm_length_unit u);

/** @param u a unit @return CSS px per one of it */
double cm_length_unit_px(cm_length_unit u);

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

/** Number of colour stops of the sequential ramp (viridis). */
#define CM_RAMP_STOPS 9

/** A node as drawn and exported. Strings are borrowed from the counts unless noted. */
typedef struct cm_scene_node {
    const cm_entity_count *entity; /**< id, label, type, counts; borrowed */
    const double *metrics;         /**< CM_N_METRICS values; borrowed from the analysis */
    long community;                /**< 0 = largest */
    double x, y;                   /**< layout units, y up */
    double size;                   /**< radius in layout units */
    cm_rgb color;                  /**< fill */
    cm_rgb stroke;                 /**< outline colour */
    double stroke_px;              /**< outline width, px (discovered nodes: thicker) */
    double alpha;                  /**< opacity of the node and its label: 1, or faded */
    double value;                  /**< the value that sizes it (cm_style_opts.size_source) */
    size_t rank;                   /**< its place by importance, 0 = first: highlighted
                                        nodes, then by `value` descending, ties by id */
    int drawn;                     /**< 1 when drawn (cm_style_opts.draw_top); exports keep
                                        every node */
    int highlighted;               /**< 1 when named by cm_style_opts.highlight */
    double px, py, pr;             /**< centre and radius on the canvas, px, y down */
    const char *label;             /**< text drawn: the label, cut with "…" when very long;
                                        owned by the scene or borrowed from the counts */
    int label_shown;               /**< 1 when the label is drawn */
    double font_px;                /**< label font size, px */
    double tx, ty;                 /**< origin of the label's text box (Pango's layout
                                        origin: top-left of the logical box), px */
    double baseline;               /**< baseline below ty, px */
    double lx, ly, lw, lh;         /**< the label's footprint on the canvas (top-left, size):
                                        ink and logical boxes with the halo, px */
    int on_disc;                   /**< 1: the label sits centred on its own disc (a hub with
                                        no free spot beside it) */
    int leader;                    /**< 1: a leader line joins the label to its node */
    int plate;                     /**< 1: the label stands over discs of minor nodes, on a
                                        plate of the background colour (its footprint)
                                        that hides them, so the text is read as the label
                                        of its leader's node only */
    double leader_x0, leader_y0;   /**< its end at the node's outline, px */
    double leader_x1, leader_y1;   /**< its end at the label's footprint, px */
} cm_scene_node;

/** An edge as drawn and exported. */
typedef struct cm_scene_edge {
    size_t source, target;     /**< scene node indexes, source id < target id */
    const cm_pair_count *pair; /**< counts and evidence; borrowed */
    const double *measures;    /**< CM_N_MEASURES values; borrowed from the graph */
    double weight;             /**< the Weight */
    double width_px;           /**< stroke width on the canvas */
    double alpha;              /**< stroke opacity 0..1 */
} cm_scene_edge;

/** What a piece of text around the network is. */
typedef enum cm_text_role {
    CM_TEXT_TITLE = 0, /**< the title */
    CM_TEXT_SUBTITLE,  /**< corpus statistics */
    CM_TEXT_LEGEND,    /**< legend text */
} cm_text_role;

/** Text around the network (title, subtitle, legend), placed and measured. */
typedef struct cm_scene_text {
    char *text;        /**< UTF-8; owned by the scene */
    cm_text_role role; /**< what it is */
    double px;         /**< font size, px */
    int bold;          /**< 1: bold */
    double tx, ty;     /**< origin of the text box (top-left of the logical box), px */
    double baseline;   /**< baseline below ty, px */
    double w, h;       /**< logical size, px */
} cm_scene_text;

/** Kinds of legend marks. */
typedef enum cm_mark_kind {
    CM_MARK_CIRCLE = 0, /**< a disc at (x, y) of radius r, filled and outlined */
    CM_MARK_LINE,       /**< a line from (x, y) to (x2, y2) of width `width` */
    CM_MARK_RAMP,       /**< the scene's ramp, left to right, in the box (x, y)–(x2, y2) */
} cm_mark_kind;

/** A legend mark (swatch, size sample, edge-width sample, colour ramp). */
typedef struct cm_scene_mark {
    cm_mark_kind kind; /**< what it is */
    double x, y;       /**< centre (circle), start (line) or top-left (ramp), px */
    double x2, y2;     /**< end (line) or bottom-right (ramp), px */
    double r;          /**< radius (circle), px */
    double width;      /**< outline (circle) or line width, px */
    cm_rgb fill;       /**< fill (circle) or colour (line) */
    cm_rgb stroke;     /**< outline (circle) */
    double alpha;      /**< opacity of a line */
} cm_scene_mark;

/** Everything needed to draw or export the network. */
typedef struct cm_scene {
    double width, height;    /**< canvas, CSS px */
    const char *font;        /**< font family; borrowed */
    const char *title;       /**< or NULL; borrowed */
    cm_theme theme;          /**< the theme */
    cm_rgb background;       /**< canvas colour, also the labels' halo */
    cm_rgb edge_color;       /**< edge colour */
    cm_rgb label_color;      /**< text colour */
    double halo_px;          /**< halo around label glyphs, px (stroke width 2·halo_px) */
    double plot_x0, plot_y0; /**< top-left of the area for nodes and labels, px */
    double plot_x1, plot_y1; /**< its bottom-right, px */
    cm_scene_node *nodes;    /**< in node-id order; owned */
    size_t n_nodes;
    cm_scene_edge *edges; /**< in (source id, target id) order; owned */
    size_t n_edges;
    cm_scene_text *texts; /**< title, subtitle and legend text; owned */
    size_t n_texts;
    size_t cap_texts;     /**< entries allocated in `texts` */
    cm_scene_mark *marks; /**< legend marks; owned */
    size_t n_marks;
    size_t cap_marks;           /**< entries allocated in `marks` */
    cm_rgb ramp[CM_RAMP_STOPS]; /**< the sequential palette, low to high, evenly spaced */
    cm_color_by color_by;       /**< what colours the nodes */
    const char *size_by;        /**< name of the sizing metric, or "size" when given; static */
    const char *color_metric;   /**< name of the colouring metric, or NULL; static */
    size_t labels_hidden;       /**< labels of drawn nodes not drawn because they would
                                     overlap */
    size_t labels_top;          /**< the K most important drawn nodes, always labelled */
    size_t n_drawn;             /**< nodes drawn (cm_scene_node.drawn) */
    cm_length_unit width_unit;  /**< unit the SVG states its width in */
    cm_length_unit height_unit; /**< unit the SVG states its height in */
    unsigned metrics;           /**< the metrics the analysis computed (cm_analysis.computed),
                                     CM_COMMUNITIES_BIT among them: hover texts and SVG
                                     classes show these; the exports need them all */
    double radius_scale;        /**< share of their size node discs and outlines are drawn
                                     at: cm_layout.radius_scale, 1 unless the layout could
                                     not fit them all */
    const cm_graph *graph;      /**< borrowed */
    char *label_pool;           /**< storage of the cut labels; owned */
} cm_scene;

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

/** Free a scene; accepts NULL. @param s scene to free */
void cm_scene_free(cm_scene *s);

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
