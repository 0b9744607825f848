/* comention: the scene, the product of the style stage (comention/style.h): everything a
 * drawing or an export needs, computed once, so files and pictures agree exactly. A closed
 * product: the drawing and export stages include this header and util only, and find every
 * name, value and column type they write here (docs/architecture.md). */
#ifndef COMENTION_SCENE_H
#define COMENTION_SCENE_H

#include <stddef.h>
#include <stdint.h>
#include "comention/entity.h"
#include "comention/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The graph a scene was made from, declared in comention/graph.h. */
struct cm_graph;
/* A file of strings read in order, declared in util/spool.h. */
struct cm_spool;

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

/** Number of colour stops of the sequential ramp (viridis). */
#define CM_RAMP_STOPS 9

/** A column of numbers that exports write and hover texts show: a node metric or an edge
 *  measure, under its name in nodes.csv or edges.csv. */
typedef struct cm_scene_column {
    const char *name; /**< column name ("pagerank", "jaccard"); static */
    int is_int;       /**< 1: integer values, written without a decimal point */
    int computed;     /**< 1: the values are there; 0: left out by the analysis, all 0 */
} cm_scene_column;

/** A node as drawn and exported. Strings are borrowed from the graph unless noted. */
typedef struct cm_scene_node {
    const cm_node_record *entity; /**< id, label, type, counts; borrowed from the graph */
    const double *metrics;        /**< one value per cm_scene.node_columns; borrowed from
                                       the analysis */
    long community;               /**< 0 = largest */
    double x, y;                  /**< layout units, y up */
    double size;                  /**< radius in layout units */
    cm_rgb color;                 /**< fill */
    cm_rgb stroke;                /**< outline colour */
    double stroke_px;             /**< outline width, px (discovered nodes: thicker) */
    double alpha;                 /**< opacity of the node and its label: 1, or faded */
    double value;                 /**< the value that sizes it (cm_style_opts.size_source) */
    size_t rank;                  /**< its place by importance, 0 = first: highlighted
                                       nodes, then by `value` descending, ties by id */
    int drawn;                    /**< 1 when drawn (cm_style_opts.draw_top); exports keep
                                       every node */
    int highlighted;              /**< 1 when named by cm_style_opts.highlight */
    double px, py, pr;            /**< centre and radius on the canvas, px, y down */
    const char *label;            /**< text drawn: the label, cut with "…" when very long;
                                       owned by the scene or borrowed from the counts */
    int label_shown;              /**< 1 when the label is drawn */
    double font_px;               /**< label font size, px */
    double tx, ty;                /**< origin of the label's text box (Pango's layout
                                       origin: top-left of the logical box), px */
    double baseline;              /**< baseline below ty, px */
    double lx, ly, lw, lh;        /**< the label's footprint on the canvas (top-left, size):
                                       ink and logical boxes with the halo, px */
    int on_disc;                  /**< 1: the label sits centred on its own disc (a hub with
                                       no free spot beside it) */
    int leader;                   /**< 1: a leader line joins the label to its node */
    int plate;                    /**< 1: the label stands over discs of minor nodes, on a
                                       plate of the background colour (its footprint)
                                       that hides them, so the text is read as the label
                                       of its leader's node only */
    double leader_x0, leader_y0;  /**< its end at the node's outline, px */
    double leader_x1, leader_y1;  /**< its end at the label's footprint, px */
} cm_scene_node;

/** An edge as drawn and exported. */
typedef struct cm_scene_edge {
    size_t source, target;      /**< scene node indexes, source id < target id */
    const cm_edge_record *pair; /**< counts and evidence; borrowed from the graph */
    const double *measures;     /**< one value per cm_scene.edge_columns; borrowed from the
                                     graph */
    double weight;              /**< the Weight */
    double width_px;            /**< stroke width on the canvas */
    double alpha;               /**< stroke opacity 0..1 */
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
    size_t cap_marks;              /**< entries allocated in `marks` */
    cm_rgb ramp[CM_RAMP_STOPS];    /**< the sequential palette, low to high, evenly spaced */
    cm_color_by color_by;          /**< what colours the nodes */
    const char *size_by;           /**< name of the sizing metric, or "size" when given; static */
    const char *color_metric;      /**< name of the colouring metric, or NULL; static */
    size_t labels_hidden;          /**< labels of drawn nodes not drawn because they would
                                        overlap */
    size_t labels_top;             /**< the K most important drawn nodes, always labelled */
    size_t n_drawn;                /**< nodes drawn (cm_scene_node.drawn) */
    cm_length_unit width_unit;     /**< unit the SVG states its width in */
    cm_length_unit height_unit;    /**< unit the SVG states its height in */
    cm_scene_column *node_columns; /**< the metrics, in nodes.csv order; hover texts
                                        show the computed ones, exports need them all;
                                        owned */
    size_t n_node_columns;         /**< entries of `node_columns` */
    int communities;               /**< 1 when cm_scene_node.community was computed */
    cm_scene_column *edge_columns; /**< the edge measures, in edges.csv order; owned */
    size_t n_edge_columns;         /**< entries of `edge_columns` */
    const char *weight_name;       /**< the measure the Weight is; static */
    int weight_is_int;             /**< 1 when the Weight is an integer measure */
    int weight_given;              /**< 1: the Weight came from a file, not a measure */
    double radius_scale;           /**< share of their size node discs and outlines are drawn
                                        at: cm_layout.radius_scale, 1 unless the layout could
                                        not fit them all */
    const struct cm_graph *graph;  /**< the graph drawn; borrowed. Opaque here: the style
                                        stage reads it, report.json its filter counts; draw
                                        and export find all they need above */
    char *label_pool;              /**< storage of the cut labels; owned */
    /** The evidence snippets of every edge, in edge order and each edge's evidence order,
     *  when they are not in the evidence records (cm_evidence.snippet NULL): a file each
     *  writer reads through a cursor of its own, so they are never all in memory; or NULL.
     *  Borrowed; set by the caller of cm_style() (cm_run_write()). */
    const struct cm_spool *snippets;
} cm_scene;

/** Free a scene; accepts NULL. @param s scene to free */
void cm_scene_free(cm_scene *s);

#ifdef __cplusplus
}
#endif

#endif
