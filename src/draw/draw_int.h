/* comention: the draw stage's private parts. cairo.c draws PNG and PDF through cairo and
 * Pango; edges.c rasterizes the edges of a PNG itself (why: see there). */
#ifndef CM_DRAW_INT_H
#define CM_DRAW_INT_H

#include <stdio.h>
#include <cairo.h>
#include "comention/scene.h"

/* Opacity of the plate under a label that stands over minor nodes. */
#define CM_PLATE_ALPHA 0.92
/* Corner radius of the plate, px. */
#define CM_PLATE_RADIUS 3.0

/* Stroke every edge of the scene onto an ARGB32 image surface, k image pixels per CSS
 * px: round caps, the scene's width, colour and opacity, one edge after the other over
 * what is there, as the SVG draws them. Bands of rows are shared out over `threads`
 * threads (0: one); every pixel gets its edges in scene order whichever thread draws it.
 * The surface is flushed before and marked dirty after, so cairo can go on drawing on it. */
void cm_draw_edges_raster(cairo_surface_t *img, const cm_scene *s, double k, size_t threads);

/* Write an ARGB32 image surface as PNG to fp (png.c): 8-bit RGB when every pixel is
 * opaque, else RGBA, unpremultiplied as cairo's own writer does. path names the file in
 * the error. Returns CM_OK, CM_ENOMEM or CM_EIO. */
cm_status cm_draw_png_encode(FILE *fp, cairo_surface_t *img, const char *path, cm_error *err);

#endif
