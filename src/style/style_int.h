/* comention: the style stage's private parts. style.c sizes, colours and fits; palette.c
 * knows the colours; legend.c lays out the title, subtitle and legend; labels.c places
 * the node labels with the grid of grid.c. Every text is measured through one Pango
 * context (font/font.h), set up as the drawing sets up its own. */
#ifndef CM_STYLE_INT_H
#define CM_STYLE_INT_H

#include "comention/style.h"
#include "font/font.h"

/* Canvas margin, px. */
#define CM_STYLE_MARGIN 24.0
/* Opacity of what --highlight does not name. */
#define CM_STYLE_FADED 0.2

/* Colours of a theme, and how strong edges are drawn. */
typedef struct cm_theme_colors {
    cm_rgb background, edge, label, node_stroke;
    double node_stroke_px; /* outline width of a node */
    double edge_alpha_lo;  /* opacity of the lightest edge */
    double edge_alpha_hi;  /* opacity of the heaviest edge */
} cm_theme_colors;

void cm_theme_colors_get(cm_theme_colors *out, cm_theme t);
/* Fill colour of entity type t. */
cm_rgb cm_palette_type(cm_type t);
/* Fill colour of community c (0 = largest); CM_PALETTE_COMMUNITIES of them have their own
 * colour, the rest share grey. */
#define CM_PALETTE_COMMUNITIES 7
cm_rgb cm_palette_community(long c);
/* The sequential ramp (viridis) at t in [0, 1], linear between its stops. */
cm_rgb cm_palette_ramp(double t);
/* The ramp's stops. */
void cm_palette_ramp_stops(cm_rgb out[CM_RAMP_STOPS]);

/* Fill the scene's node and edge columns and the Weight's name from the graph and its
 * analysis (columns.c). */
cm_status cm_style_columns(cm_scene *s, const cm_graph *g, const cm_analysis *a, cm_error *err);

/* A value's place on a square-root scale between lo and hi (area ∝ value): 0..1, and 0.5
 * when every value is the same. */
double cm_style_unit(double v, double lo, double hi);

/* The value that sizes node i (a metric, mentions, documents, or the size a file gives). */
double cm_style_size_value(const cm_graph *g, const cm_analysis *a, const cm_style_opts *o,
                           size_t i);
/* Its name, for the legend and the exports: a metric, "mentions", "documents" or "size". */
const char *cm_style_size_name(const cm_style_opts *o);
/* Rank the nodes by importance (cm_scene_node.rank; values and highlights set), mark the
 * draw_top (0: all) first as drawn and set s->labels_top to the first `labels` of those. */
cm_status cm_style_rank(cm_scene *s, size_t draw_top, size_t labels, cm_error *err);
/* Up to three round values (1, 2 or 5 times a power of ten) in [lo, hi], ascending, a
 * factor of about four apart; hi alone when no round value is in range. Returns how many. */
size_t cm_style_round_values(double out[3], double lo, double hi);
/* A legend value: an integer as such, else three significant digits. */
void cm_style_format_value(char *buf, size_t size, double v);
/* Edge widths and opacities from their weights, lighter and thinner the more edges are
 * drawn (only edges between drawn nodes count). */
void cm_style_edges(cm_scene *s, const cm_theme_colors *tc);
/* Once the nodes have their place: if the edges, laid flat at their width and opacity,
 * would cover more than a set share of the plot area, make them all lighter (never
 * invisible), so a big graph shows its structure instead of a grey mat. */
void cm_style_edges_ink(cm_scene *s);

/* Append a text of the given role to the scene, measured; *out is its index. */
cm_status cm_scene_add_text(cm_scene *s, PangoContext *ctx, const char *text, cm_text_role role,
                            double px, int bold, double x, double y, size_t *out, cm_error *err);
/* Append a legend mark. */
cm_status cm_scene_add_mark(cm_scene *s, const cm_scene_mark *m, cm_error *err);

/* Text sizes of the header and legend follow the label sizes (a print preset shrinks both):
 * the factor for a scene's options. */
double cm_style_text_scale(const cm_style_opts *o);
/* Lay out the title and subtitle at the top: sets s->plot_y0 below them. */
cm_status cm_style_header(cm_scene *s, PangoContext *ctx, const cm_style_opts *o, cm_error *err);
/* Lay out the legend in a band at the bottom: sets s->plot_y1 above it. Needs node
 * colours, radii and edge widths. */
cm_status cm_style_legend(cm_scene *s, PangoContext *ctx, const cm_style_opts *o, cm_error *err);
/* Remove texts and marks after the first keep_texts and keep_marks. */
void cm_style_drop_chrome(cm_scene *s, size_t keep_texts, size_t keep_marks);
/* Cut, measure and place every node label; counts s->labels_hidden. */
cm_status cm_style_labels(cm_scene *s, PangoContext *ctx, cm_error *err);

/* A uniform grid over the canvas holding boxes (discs are held by their bounding box),
 * for finding what a candidate label box may touch without looking at everything. */
typedef struct cm_grid cm_grid;
cm_status cm_grid_new(cm_grid **out, double width, double height, double cell, size_t n_items,
                      cm_error *err);
void cm_grid_free(cm_grid *g);
/* File item `id` under the cells its box touches. */
cm_status cm_grid_insert(cm_grid *g, size_t id, double x, double y, double w, double h,
                         cm_error *err);
/* Call fn(ctx, id) once for each item filed under a cell the box touches, until fn
 * returns nonzero; returns that value, or 0. */
int cm_grid_query(cm_grid *g, double x, double y, double w, double h,
                  int (*fn)(void *ctx, size_t id), void *ctx);

#endif
