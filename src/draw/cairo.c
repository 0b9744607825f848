/* comention: PNG and PDF through cairo, text through Pango, from the same scene the SVG
 * writer uses (so a label sits where its box was measured). Output goes to a temporary
 * file first; a PDF gets a fixed creation date so two runs give the same bytes. */
#include <errno.h>
#include <string.h>
#include <cairo-pdf.h>
#include "comention/draw.h"
#include "draw/draw_int.h"
#include "font/font.h"
#include "util/util.h"

static void set_rgb(cairo_t *cr, cm_rgb c, double alpha)
{
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, alpha);
}

/* SVG's opacity attribute fades an element as a whole (fill and outline together): a
 * group painted with that alpha does the same. */
static void begin_faded(cairo_t *cr, double alpha)
{
    if (alpha < 1) {
        cairo_push_group(cr);
    }
}

static void end_faded(cairo_t *cr, double alpha)
{
    if (alpha < 1) {
        cairo_pop_group_to_source(cr);
        cairo_paint_with_alpha(cr, alpha);
    }
}

/* The rounded box of a label's plate, as the SVG's <rect rx>. */
static void plate(cairo_t *cr, const cm_scene_node *n)
{
    double r = CM_PLATE_RADIUS, x = n->lx, y = n->ly, w = n->lw, h = n->lh;
    double pi = 3.14159265358979323846;

    cairo_new_path(cr);
    cairo_arc(cr, x + w - r, y + r, r, -pi / 2, 0);
    cairo_arc(cr, x + w - r, y + h - r, r, 0, pi / 2);
    cairo_arc(cr, x + r, y + h - r, r, pi / 2, pi);
    cairo_arc(cr, x + r, y + r, r, pi, 3 * pi / 2);
    cairo_close_path(cr);
}

/* A label with a halo in the background colour, as the SVG draws it (paint-order stroke):
 * the halo is the text's outline stroked, the label itself is real text, so a PDF reader
 * can search and copy it. */
static void show_label(cairo_t *cr, PangoContext *ctx, const cm_scene *s, const cm_scene_node *n)
{
    PangoLayout *pl = cm_font_layout(ctx, s->font, n->font_px, n->label, 0);

    begin_faded(cr, n->alpha);
    if (n->plate) {
        plate(cr, n);
        set_rgb(cr, s->background, CM_PLATE_ALPHA);
        cairo_fill(cr);
    }
    cairo_new_path(cr);
    cairo_move_to(cr, n->tx, n->ty);
    pango_cairo_layout_path(cr, pl);
    set_rgb(cr, s->background, 1.0);
    cairo_set_line_width(cr, 2 * s->halo_px);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    set_rgb(cr, s->label_color, 1.0);
    cairo_move_to(cr, n->tx, n->ty);
    pango_cairo_show_layout(cr, pl);
    end_faded(cr, n->alpha);
    g_object_unref(pl);
}

static void show_text(cairo_t *cr, PangoContext *ctx, const cm_scene *s, const cm_scene_text *t)
{
    PangoLayout *pl = cm_font_layout(ctx, s->font, t->px, t->text, t->bold);
    set_rgb(cr, s->label_color, 1.0);
    cairo_move_to(cr, t->tx, t->ty);
    pango_cairo_show_layout(cr, pl);
    g_object_unref(pl);
}

static void show_mark(cairo_t *cr, const cm_scene *s, const cm_scene_mark *m)
{
    cairo_pattern_t *pat;

    cairo_new_path(cr);
    switch (m->kind) {
    case CM_MARK_CIRCLE:
        cairo_arc(cr, m->x, m->y, m->r, 0, 2 * 3.14159265358979323846);
        set_rgb(cr, m->fill, 1.0);
        cairo_fill_preserve(cr);
        if (m->width > 0) {
            set_rgb(cr, m->stroke, 1.0);
            cairo_set_line_width(cr, m->width);
            cairo_stroke(cr);
        }
        cairo_new_path(cr);
        break;
    case CM_MARK_LINE:
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_line_width(cr, m->width);
        set_rgb(cr, m->fill, m->alpha);
        cairo_move_to(cr, m->x, m->y);
        cairo_line_to(cr, m->x2, m->y2);
        cairo_stroke(cr);
        break;
    case CM_MARK_RAMP:
        pat = cairo_pattern_create_linear(m->x, 0, m->x2, 0);
        for (int k = 0; k < CM_RAMP_STOPS; k++) {
            cm_rgb c = s->ramp[k];
            cairo_pattern_add_color_stop_rgb(pat, (double)k / (CM_RAMP_STOPS - 1), c.r / 255.0,
                                             c.g / 255.0, c.b / 255.0);
        }
        cairo_rectangle(cr, m->x, m->y, m->x2 - m->x, m->y2 - m->y);
        cairo_set_source(cr, pat);
        cairo_fill(cr);
        cairo_pattern_destroy(pat);
        break;
    }
}

/* Edges, then nodes. On a PNG (`img`, k pixels per px) the edges are rasterized by
 * edges.c; in a PDF they stay vector strokes. */
static void paint_network(cairo_t *cr, const cm_scene *s, cairo_surface_t *img, double k,
                          size_t threads)
{
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    if (img) {
        cm_draw_edges_raster(img, s, k, threads);
    }
    for (size_t i = 0; !img && i < s->n_edges; i++) {
        const cm_scene_edge *e = &s->edges[i];
        if (!s->nodes[e->source].drawn || !s->nodes[e->target].drawn) {
            continue;
        }
        set_rgb(cr, s->edge_color, e->alpha);
        cairo_set_line_width(cr, e->width_px);
        cairo_move_to(cr, s->nodes[e->source].px, s->nodes[e->source].py);
        cairo_line_to(cr, s->nodes[e->target].px, s->nodes[e->target].py);
        cairo_stroke(cr);
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        if (!n->drawn) {
            continue;
        }
        begin_faded(cr, n->alpha);
        cairo_new_path(cr);
        cairo_arc(cr, n->px, n->py, n->pr, 0, 2 * 3.14159265358979323846);
        set_rgb(cr, n->color, 1.0);
        cairo_fill_preserve(cr);
        set_rgb(cr, n->stroke, 1.0);
        cairo_set_line_width(cr, n->stroke_px);
        cairo_stroke(cr);
        end_faded(cr, n->alpha);
    }
}

static void paint_leaders(cairo_t *cr, const cm_scene *s)
{
    cairo_set_line_width(cr, CM_LEADER_PX);
    for (size_t i = 0; i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        if (n->label_shown && n->leader) {
            set_rgb(cr, s->label_color, CM_LEADER_ALPHA * n->alpha);
            cairo_move_to(cr, n->leader_x0, n->leader_y0);
            cairo_line_to(cr, n->leader_x1, n->leader_y1);
            cairo_stroke(cr);
        }
    }
}

static void paint(cairo_t *cr, const cm_scene *s, cairo_surface_t *img, double k, size_t threads)
{
    PangoContext *ctx = pango_cairo_create_context(cr);

    cm_font_setup(ctx);
    set_rgb(cr, s->background, 1.0);
    cairo_paint(cr);
    paint_network(cr, s, img, k, threads);
    paint_leaders(cr, s);
    for (size_t i = 0; i < s->n_nodes; i++) {
        if (s->nodes[i].label_shown) {
            show_label(cr, ctx, s, &s->nodes[i]);
        }
    }
    for (size_t i = 0; i < s->n_marks; i++) {
        show_mark(cr, s, &s->marks[i]);
    }
    for (size_t i = 0; i < s->n_texts; i++) {
        show_text(cr, ctx, s, &s->texts[i]);
    }
    g_object_unref(ctx);
}

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int length)
{
    FILE *fp = closure;
    return fwrite(data, 1, length, fp) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

cm_status cm_draw_png(const char *path, const cm_scene *s, double dpi, size_t threads,
                      cm_error *err)
{
    double k = dpi / 96.0;
    double w = s->width * k + 0.5, h = s->height * k + 0.5;
    cairo_surface_t *surf;
    cairo_t *cr;
    cm_afile af;
    cm_status rc;

    if (w < 1 || h < 1 || w > 32767 || h > 32767) {
        return cm_error_set(err, CM_EUSAGE, path, 0,
                            "a PNG of %.0f x %.0f pixels is outside 1..32767 a side", w, h);
    }
    surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)w, (int)h);
    cr = cairo_create(surf);
    cairo_scale(cr, k, k);
    paint(cr, s, surf, k, threads);
    cairo_destroy(cr);
    rc = cm_afile_open(&af, path, err);
    if (rc == CM_OK) {
        rc = cm_draw_png_encode(af.fp, surf, path, err);
        if (rc != CM_OK) {
            cm_afile_abort(&af);
        } else {
            rc = cm_afile_commit(&af, err);
        }
    }
    cairo_surface_destroy(surf);
    return rc;
}

cm_status cm_draw_pdf(const char *path, const cm_scene *s, cm_error *err)
{
    cairo_surface_t *surf;
    cairo_t *cr;
    cairo_status_t st;
    cm_afile af;
    cm_status rc = cm_afile_open(&af, path, err);

    if (rc != CM_OK) {
        return rc;
    }
    /* PDF units are points: 1 CSS px = 0.75 pt, so the page has the printed size the
     * canvas was given in (--width 17cm: a page 17 cm wide). */
    surf = cairo_pdf_surface_create_for_stream(to_file, af.fp, s->width * 0.75, s->height * 0.75);
    /* Fixed dates: cairo would write the time of the run. */
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, "2000-01-01T00:00:00Z");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "comention");
    if (s->title) {
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, s->title);
    }
    cr = cairo_create(surf);
    cairo_scale(cr, 0.75, 0.75);
    paint(cr, s, NULL, 0, 1);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (st != CAIRO_STATUS_SUCCESS) {
        cm_afile_abort(&af);
        return cm_error_set(err, CM_EIO, path, 0, "cannot write: %s", cairo_status_to_string(st));
    }
    return cm_afile_commit(&af, err);
}
