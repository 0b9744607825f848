/* comention: the canvas frame, computed in one place for the layout, the overlap removal
 * and the style stage: the range of node disc radii a canvas affords, and the fit of layout
 * coordinates (y up) into a box of the canvas (px, y down). */
#ifndef COMENTION_FRAME_H
#define COMENTION_FRAME_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Space the overlap removal keeps between the rims of two node discs, CSS px. */
#define CM_FRAME_GAP_PX 1.0

/** Share of the canvas that node discs, with the gap the overlap removal keeps around each
 * (CM_FRAME_GAP_PX), may cover together, at any node count. */
#define CM_FRAME_DISC_SHARE 0.08

/** Smallest disc radius, px: in big graphs minor nodes are dots of this size. */
#define CM_FRAME_MIN_RADIUS 1.0

/** A box of the canvas, px, y down: node centres are fitted into it. */
typedef struct cm_frame {
    double x0, y0; /**< top-left */
    double x1, y1; /**< bottom-right */
} cm_frame;

/** How layout coordinates map onto the canvas: px = ox + k·(x − cx), py = oy − k·(y − cy). */
typedef struct cm_fit {
    double k;      /**< px per layout unit, > 0 */
    double cx, cy; /**< the layout point drawn at the middle of the box */
    double ox, oy; /**< the middle of the box, px */
} cm_fit;

/**
 * The fit of positions into a frame: one uniform scale k (the aspect ratio is kept) that
 * makes the bounding box of the nodes, each taken as a disc of radius r[i] layout units,
 * as large as the frame allows, centred in it. A side of zero length sets no limit; when
 * both are zero (one node, or every node on one spot) k is 1.
 *
 * @param out  the fit
 * @param f    the frame
 * @param xy   n positions (x, y), layout units, y up
 * @param r    n radii in layout units, or NULL for points
 * @param n    number of nodes
 *
 * Cost: O(n).
 */
void cm_frame_fit(cm_fit *out, const cm_frame *f, const double *xy, const double *r, size_t n);

/**
 * Where a layout point is drawn.
 * @param fit  a fit from cm_frame_fit()
 * @param x    layout x
 * @param y    layout y (up)
 * @param px   canvas x, px
 * @param py   canvas y, px (down)
 */
void cm_fit_apply(const cm_fit *fit, double x, double y, double *px, double *py);

/**
 * The radius range of node discs on a canvas, so that the discs cover at most
 * CM_FRAME_DISC_SHARE of it whatever the node count. A node's radius is
 * rmin + (rmax − rmin)·t[i], t[i] in [0, 1] its place on the size scale. Up to a few
 * hundred nodes the range is the canvas's own (rmin 4 px, rmax a thirtieth of the shorter
 * side within 10 and 40 px); beyond, it shrinks until the share holds: rmin down to
 * CM_FRAME_MIN_RADIUS, rmax more slowly (by the square root of rmin's factor), so hubs
 * stay visibly bigger than the dots around them. The result depends only on the inputs.
 *
 * @param rmin    smallest radius, px
 * @param rmax    largest radius, px (≥ rmin)
 * @param width   canvas width, px
 * @param height  canvas height, px
 * @param t       n places on the size scale, 0..1; borrowed
 * @param n       number of nodes
 *
 * Cost: O(n) per step of a bisection of 50 steps.
 */
void cm_frame_radius_range(double *rmin, double *rmax, double width, double height, const double *t,
                           size_t n);

#ifdef __cplusplus
}
#endif

#endif
