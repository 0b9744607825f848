/* comention: SVG 1.1 written directly (DESIGN.md §1): real <text> for labels so the file
 * can be searched, edited and restyled, a <title> per node and edge for hover text, and
 * no ids from a process-wide counter (cairo's SVG surface writes glyph outlines and
 * numbers its ids globally, so two runs could differ). */
#include <string.h>
#include "comention/draw.h"
#include "util/util.h"

static void color(cm_buf *b, cm_rgb c)
{
    cm_buf_printf(b, "#%02x%02x%02x", c.r, c.g, c.b);
}

static void num(cm_buf *b, double v)
{
    /* Two decimals are far below a pixel and keep files small. */
    char tmp[32];
    double r = (double)(long long)(v * 100.0 + (v < 0 ? -0.5 : 0.5)) / 100.0;
    cm_format_double(tmp, r);
    cm_buf_puts(b, tmp);
}

static void text(cm_buf *b, const char *s)
{
    cm_buf_put_text(b, s, strlen(s), true);
}

/* ` name="v"` with v in px. */
static void attr(cm_buf *b, const char *name, double v)
{
    cm_buf_printf(b, " %s=\"", name);
    num(b, v);
    cm_buf_putc(b, '"');
}

static void attr_color(cm_buf *b, const char *name, cm_rgb c)
{
    cm_buf_printf(b, " %s=\"", name);
    color(b, c);
    cm_buf_putc(b, '"');
}

static void header(cm_buf *b, const cm_scene *s)
{
    cm_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    cm_buf_puts(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
    attr(b, "width", s->width);
    attr(b, "height", s->height);
    cm_buf_puts(b, " viewBox=\"0 0 ");
    num(b, s->width);
    cm_buf_putc(b, ' ');
    num(b, s->height);
    cm_buf_puts(b, "\" font-family=\"");
    text(b, s->font);
    cm_buf_puts(b, ", sans-serif\">\n<title>");
    text(b, s->title ? s->title : "comention co-mention network");
    cm_buf_puts(b, "</title>\n<rect width=\"100%\" height=\"100%\"");
    attr_color(b, "fill", s->background);
    cm_buf_puts(b, "/>\n");
}

static void edges(cm_buf *b, const cm_scene *s)
{
    cm_buf_puts(b, "<g id=\"edges\"");
    attr_color(b, "stroke", s->edge_color);
    attr(b, "stroke-opacity", s->edge_alpha);
    cm_buf_puts(b, " stroke-linecap=\"round\">\n");
    for (size_t i = 0; i < s->n_edges; i++) {
        const cm_scene_edge *e = &s->edges[i];
        const cm_scene_node *a = &s->nodes[e->source], *c = &s->nodes[e->target];
        cm_buf_puts(b, "<line");
        attr(b, "x1", a->px);
        attr(b, "y1", a->py);
        attr(b, "x2", c->px);
        attr(b, "y2", c->py);
        attr(b, "stroke-width", e->width_px);
        cm_buf_puts(b, "><title>");
        text(b, a->entity->label);
        cm_buf_puts(b, " \xE2\x80\x93 ");
        text(b, c->entity->label);
        cm_buf_puts(b, ": ");
        cm_buf_put_double(b, e->weight);
        cm_buf_puts(b, "</title></line>\n");
    }
    cm_buf_puts(b, "</g>\n");
}

static void nodes(cm_buf *b, const cm_scene *s)
{
    cm_buf_puts(b, "<g id=\"nodes\"");
    attr_color(b, "stroke", s->node_stroke);
    cm_buf_puts(b, " stroke-width=\"1.5\">\n");
    for (size_t i = 0; i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        cm_buf_printf(b, "<circle class=\"%s\"", cm_type_name(n->entity->type));
        attr(b, "cx", n->px);
        attr(b, "cy", n->py);
        attr(b, "r", n->pr);
        attr_color(b, "fill", n->color);
        cm_buf_puts(b, "><title>");
        text(b, n->entity->label);
        cm_buf_printf(b, " (%s, %llu mentions)</title></circle>\n", cm_type_name(n->entity->type),
                      (unsigned long long)n->entity->mentions);
    }
    cm_buf_puts(b, "</g>\n");
}

static void labels(cm_buf *b, const cm_scene *s)
{
    /* A halo in the background colour keeps a label readable over edges and nodes. */
    cm_buf_puts(b, "<g id=\"labels\"");
    attr_color(b, "fill", s->label_color);
    attr_color(b, "stroke", s->background);
    cm_buf_puts(b, " stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">\n");
    for (size_t i = 0; i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        if (!n->label_shown) {
            continue;
        }
        cm_buf_puts(b, "<text");
        attr(b, "x", n->lx);
        attr(b, "y", n->ly + n->baseline);
        attr(b, "font-size", n->font_px);
        cm_buf_putc(b, '>');
        text(b, n->entity->label);
        cm_buf_puts(b, "</text>\n");
    }
    cm_buf_puts(b, "</g>\n");
}

static void legend(cm_buf *b, const cm_scene *s)
{
    cm_buf_puts(b, "<g id=\"legend\"");
    attr(b, "font-size", s->legend_px);
    attr_color(b, "fill", s->label_color);
    cm_buf_puts(b, ">\n");
    for (size_t i = 0; i < s->n_legend; i++) {
        const cm_legend_item *it = &s->legend[i];
        cm_buf_puts(b, "<circle");
        attr(b, "cx", it->x);
        attr(b, "cy", it->y);
        attr(b, "r", s->legend_r);
        attr_color(b, "fill", it->color);
        cm_buf_puts(b, "/><text");
        attr(b, "x", it->x + 2 * s->legend_r);
        attr(b, "y", it->y + s->legend_px / 3);
        cm_buf_putc(b, '>');
        text(b, it->text);
        cm_buf_puts(b, "</text>\n");
    }
    cm_buf_puts(b, "<text");
    attr(b, "x", s->note_x);
    attr(b, "y", s->note_y);
    cm_buf_putc(b, '>');
    text(b, s->legend_note);
    cm_buf_puts(b, "</text>\n</g>\n");
}

cm_status cm_draw_svg(const char *path, const cm_scene *s, cm_error *err)
{
    cm_buf b;
    cm_status rc;

    cm_buf_init(&b);
    header(&b, s);
    if (s->title) {
        cm_buf_puts(&b, "<text x=\"24\" y=\"34\" font-weight=\"bold\"");
        attr(&b, "font-size", s->title_px);
        attr_color(&b, "fill", s->label_color);
        cm_buf_putc(&b, '>');
        text(&b, s->title);
        cm_buf_puts(&b, "</text>\n");
    }
    edges(&b, s);
    nodes(&b, s);
    labels(&b, s);
    legend(&b, s);
    cm_buf_puts(&b, "</svg>\n");
    rc = cm_write_file(path, &b, err);
    cm_buf_destroy(&b);
    return rc;
}
