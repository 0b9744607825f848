/* comention: how strong edges are drawn. Width and opacity grow with the weight on a
 * square-root scale; the more edges are drawn, the thinner and lighter all of them, so
 * that a graph of thousands of edges shows where they run instead of a grey mat. Once the
 * nodes have their place, an ink budget caps the whole: the edges' area (length × width ×
 * opacity) may cover at most INK_SHARE of the plot area; beyond it every opacity is scaled
 * down alike, which keeps the heavier edges darker than the lighter ones. */
#include <math.h>
#include "style/style_int.h"

/* Above this many drawn edges, widths and opacities shrink with the square root. */
#define EDGES_CLEAR 1500.0
/* The share of the plot area the edges' ink may cover. */
#define INK_SHARE 0.3
/* No edge gets lighter than this: it is still there. */
#define MIN_ALPHA 0.025
/* The thinnest a crowd makes the widest edge, as a share of its width among few edges. */
#define MIN_CROWD_WIDTH 0.3

static int edge_drawn(const cm_scene *s, const cm_scene_edge *e)
{
    return s->nodes[e->source].drawn && s->nodes[e->target].drawn;
}

void cm_style_edges(cm_scene *s, const cm_theme_colors *tc)
{
    double lo = INFINITY, hi = -INFINITY, drawn = 0;

    for (size_t i = 0; i < s->n_edges; i++) {
        lo = fmin(lo, s->edges[i].weight);
        hi = fmax(hi, s->edges[i].weight);
        drawn += edge_drawn(s, &s->edges[i]);
    }
    double crowd = drawn > EDGES_CLEAR ? sqrt(EDGES_CLEAR / drawn) : 1.0;
    double wmax = 0.6 + 4.4 * fmax(crowd, MIN_CROWD_WIDTH);
    for (size_t i = 0; i < s->n_edges; i++) {
        cm_scene_edge *e = &s->edges[i];
        double t = cm_style_unit(e->weight, lo, hi);
        /* With --highlight, an edge stays strong when it touches a highlighted node. */
        int lit = s->nodes[e->source].alpha == 1.0 || s->nodes[e->target].alpha == 1.0;
        e->width_px = 0.6 + (wmax - 0.6) * t;
        e->alpha = (tc->edge_alpha_lo + (tc->edge_alpha_hi - tc->edge_alpha_lo) * t) * crowd;
        if (!lit) {
            e->alpha *= CM_STYLE_FADED;
        }
    }
}

void cm_style_edges_ink(cm_scene *s)
{
    double ink = 0, area = (s->plot_x1 - s->plot_x0) * (s->plot_y1 - s->plot_y0);

    for (size_t i = 0; i < s->n_edges; i++) {
        const cm_scene_edge *e = &s->edges[i];
        const cm_scene_node *a = &s->nodes[e->source], *b = &s->nodes[e->target];
        if (edge_drawn(s, e)) {
            ink += hypot(b->px - a->px, b->py - a->py) * e->width_px * e->alpha;
        }
    }
    if (!(ink > INK_SHARE * area) || !(area > 0)) {
        return;
    }
    double k = INK_SHARE * area / ink;
    for (size_t i = 0; i < s->n_edges; i++) {
        cm_scene_edge *e = &s->edges[i];
        e->alpha = fmax(e->alpha * k, fmin(e->alpha, MIN_ALPHA));
    }
}
