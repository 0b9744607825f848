/* comention: the typed layout. Actors, countries and weapons sit in three horizontal
 * bands, top to bottom (a type with no node gets no band). ForceAtlas2 on the whole graph
 * gives every node its x and its height inside its band, so linked nodes stand above one
 * another and a band keeps its clusters; only the type decides the band. The bands fill
 * the picture's aspect ratio (cm_layout_opts.width_px : height_px), each using 70% of its
 * height so there is clear space between them. */
#include <math.h>
#include "layout/layout_int.h"
#include "util/util.h"

#define BAND_FILL 0.7

static cm_type type_of(const cm_graph *g, size_t i)
{
    return g->nodes[i].type;
}

/* The height range of each type's nodes and the width of the whole layout. */
static void extents(double lo[CM_N_TYPES], double hi[CM_N_TYPES], double *width, const double *xy,
                    const cm_graph *g)
{
    double xlo = INFINITY, xhi = -INFINITY;

    for (int t = 0; t < CM_N_TYPES; t++) {
        lo[t] = INFINITY;
        hi[t] = -INFINITY;
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        cm_type t = type_of(g, i);
        lo[t] = fmin(lo[t], xy[2 * i + 1]);
        hi[t] = fmax(hi[t], xy[2 * i + 1]);
        xlo = fmin(xlo, xy[2 * i]);
        xhi = fmax(xhi, xy[2 * i]);
    }
    /* one column still needs bands of some height */
    *width = xhi > xlo ? xhi - xlo : sqrt((double)g->n_nodes);
}

cm_status cm_typed(double *xy, int *iterations, const cm_graph *g, const cm_layout_opts *o,
                   cm_error *err)
{
    double lo[CM_N_TYPES], hi[CM_N_TYPES], width, pitch;
    int band[CM_N_TYPES], nb = 0;
    cm_layout_opts plain = *o;
    cm_status rc;

    plain.radius_px = NULL; /* overlaps are removed after the bands are set */
    rc = cm_fa2(xy, iterations, g, &plain, err);
    if (rc != CM_OK) {
        return rc;
    }
    extents(lo, hi, &width, xy, g);
    for (int t = 0; t < CM_N_TYPES; t++) {
        band[t] = lo[t] <= hi[t] ? nb++ : -1; /* top to bottom, types with nodes only */
    }
    pitch = width * (o->height_px / o->width_px) / nb;
    for (size_t i = 0; i < g->n_nodes; i++) {
        cm_type t = type_of(g, i);
        double within = hi[t] > lo[t] ? (xy[2 * i + 1] - lo[t]) / (hi[t] - lo[t]) - 0.5 : 0;
        xy[2 * i + 1] = pitch * ((nb - 1 - band[t]) + 0.5 + BAND_FILL * within);
    }
    return CM_OK;
}
