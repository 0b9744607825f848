/* comention: shared Pango setup (see font.h). */
#include <math.h>
#include "font/font.h"

void cm_font_setup(PangoContext *ctx)
{
    cairo_font_options_t *fo = cairo_font_options_create();

    /* Unhinted metrics make widths independent of the output scale (PNG dpi, PDF, SVG). */
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ctx, fo);
    pango_cairo_context_set_resolution(ctx, 96.0);
    cairo_font_options_destroy(fo);
}

PangoLayout *cm_font_layout(PangoContext *ctx, const char *family, double px, const char *text,
                            int bold)
{
    PangoLayout *layout = pango_layout_new(ctx);
    PangoFontDescription *fd = pango_font_description_new();

    pango_font_description_set_family(fd, family);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
    pango_layout_set_font_description(layout, fd);
    pango_layout_set_text(layout, text, -1);
    pango_font_description_free(fd);
    return layout;
}

void cm_font_measure(PangoLayout *layout, double *w, double *h, double *baseline)
{
    PangoRectangle logical;

    pango_layout_get_extents(layout, NULL, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
    *baseline = (double)pango_layout_get_baseline(layout) / PANGO_SCALE;
}

void cm_font_footprint(PangoLayout *layout, cm_font_box *box, double *baseline)
{
    PangoRectangle ink, logical;
    double x0, y0, x1, y1;

    pango_layout_get_extents(layout, &ink, &logical);
    x0 = logical.x;
    y0 = logical.y;
    x1 = (double)logical.x + logical.width;
    y1 = (double)logical.y + logical.height;
    if (ink.width > 0 && ink.height > 0) {
        x0 = fmin(x0, ink.x);
        y0 = fmin(y0, ink.y);
        x1 = fmax(x1, (double)ink.x + ink.width);
        y1 = fmax(y1, (double)ink.y + ink.height);
    }
    box->x = x0 / PANGO_SCALE;
    box->y = y0 / PANGO_SCALE;
    box->w = (x1 - x0) / PANGO_SCALE;
    box->h = (y1 - y0) / PANGO_SCALE;
    *baseline = (double)pango_layout_get_baseline(layout) / PANGO_SCALE;
}
