/* comention: one text setup for measuring (style) and drawing (draw), so the label boxes
 * the scene computes are exactly the ones cairo draws: no hinting of metrics, 96 dpi,
 * sizes in CSS px. Its own part, not util: it knows Pango and serves exactly these two
 * stages (docs/architecture.md). */
#ifndef CM_FONT_FONT_H
#define CM_FONT_FONT_H

#include <pango/pangocairo.h>

/* Apply the shared font options and resolution to a Pango context. */
void cm_font_setup(PangoContext *ctx);
/* A layout of `text` in `family` at `px` CSS pixels; free with g_object_unref. */
PangoLayout *cm_font_layout(PangoContext *ctx, const char *family, double px, const char *text,
                            int bold);
/* Logical size and baseline of a layout, in px. */
void cm_font_measure(PangoLayout *layout, double *w, double *h, double *baseline);

/* A box relative to a layout's origin, px. */
typedef struct cm_font_box {
    double x, y, w, h;
} cm_font_box;

/* The union of a layout's ink and logical boxes (glyphs may reach beyond their advance),
 * relative to its origin, and its baseline, px. */
void cm_font_footprint(PangoLayout *layout, cm_font_box *box, double *baseline);

#endif
