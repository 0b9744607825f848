/* comention: SVG 1.1 written directly (docs/design.md §1): real <text> for labels so the file
 * can be searched, edited and restyled; a CSS block for what nodes, edges and labels share,
 * so a class can be restyled in one place; per node an id and classes naming its type and
 * community; a <title> with the metrics of every node and edge for hover text; a viewBox
 * so it scales. Cairo's SVG surface is not used: it writes glyph outlines and numbers its
 * ids from a process-wide counter. Everything is drawn where the scene says, so the SVG,
 * the PNG and the PDF agree. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "comention/draw.h"
#include "draw/draw_int.h"
#include "util/util.h"

/* v rounded to `decimals` (at most 6) places, without trailing zeros or "-0": written
 * by hand, since a drawing holds hundreds of thousands of numbers and printf's are slow. */
static void fixed(cm_buf *b, double v, int decimals)
{
    static const double scale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    char tmp[48], *p = tmp + sizeof(tmp);
    double r = round(fabs(v) * scale[decimals]);
    int neg = v < 0 && r > 0;

    if (!isfinite(v) || r >= 9e15) {
        cm_buf_printf(b, "%.*f", decimals, isfinite(v) ? v : 0.0);
        return;
    }
    unsigned long long n = (unsigned long long)r;
    int d = decimals;
    while (d > 0 && n % 10 == 0) { /* trailing zeros go */
        n /= 10;
        d--;
    }
    *--p = '\0';
    for (int k = 0; k < d; k++) {
        *--p = (char)('0' + n % 10);
        n /= 10;
    }
    if (d > 0) {
        *--p = '.';
    }
    do {
        *--p = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    if (neg) {
        *--p = '-';
    }
    cm_buf_puts(b, p);
}

static void num(cm_buf *b, double v)
{
    /* Two decimals are far below a pixel and keep files small. */
    fixed(b, v, 2);
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
    cm_buf_printf(b, " %s=\"#%02x%02x%02x\"", name, c.r, c.g, c.b);
}

/* A value for a tooltip: four significant digits are plenty to read. */
static void val(cm_buf *b, double v)
{
    double a = fabs(v);
    if (a >= 1e-3 && a < 1e9) {
        int mag = (int)floor(log10(a));
        fixed(b, v, mag >= 3 ? 0 : 3 - mag > 6 ? 6 : 3 - mag);
    } else {
        cm_buf_printf(b, "%.4g", v == 0 ? 0.0 : v);
    }
}

/* An entity id as it appears in the SVG's ids and data-node attributes: letters,
 * digits, '-' and '.' as they are, every other byte as _XX, so two entities never share
 * one and every id is a valid XML name after its prefix. */
static void entity_ref(cm_buf *b, const char *id)
{
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.') {
            cm_buf_putc(b, (char)*p);
        } else {
            cm_buf_printf(b, "_%02X", *p);
        }
    }
}

/* ` attr="PREFIXentity"`: a node's disc is n-ID, its label l-ID, its leader's data-node
 * ID (README, "The SVG"). */
static void entity_attr(cm_buf *b, const char *attr, const char *prefix, const char *id)
{
    cm_buf_printf(b, " %s=\"%s", attr, prefix);
    entity_ref(b, id);
    cm_buf_putc(b, '"');
}

/* ` name="v"` with v in px, stated in `unit` (the printed size; the viewBox stays in
 * px, so everything inside is drawn in px). */
static void attr_length(cm_buf *b, const char *name, double px, cm_length_unit unit)
{
    cm_buf_printf(b, " %s=\"", name);
    fixed(b, px / cm_length_unit_px(unit), unit == CM_LENGTH_PX ? 2 : 4);
    cm_buf_printf(b, "%s\"", unit == CM_LENGTH_PX ? "" : cm_length_unit_name(unit));
}

static void header(cm_buf *b, const cm_scene *s)
{
    const char *desc = NULL;

    for (size_t i = 0; i < s->n_texts; i++) {
        if (s->texts[i].role == CM_TEXT_SUBTITLE) {
            desc = s->texts[i].text;
        }
    }
    cm_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    cm_buf_puts(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
    attr_length(b, "width", s->width, s->width_unit);
    attr_length(b, "height", s->height, s->height_unit);
    cm_buf_puts(b, " viewBox=\"0 0 ");
    num(b, s->width);
    cm_buf_putc(b, ' ');
    num(b, s->height);
    cm_buf_puts(b, "\" font-family=\"");
    text(b, s->font);
    cm_buf_puts(b, ", sans-serif\">\n<title>");
    text(b, s->title ? s->title : "comention co-mention network");
    cm_buf_puts(b, "</title>\n");
    if (desc) {
        cm_buf_puts(b, "<desc>");
        text(b, desc);
        cm_buf_puts(b, "</desc>\n");
    }
}

/* What every node, edge and label shares; fills stay on the nodes, as in the exports. */
static void css(cm_buf *b, const cm_scene *s)
{
    const cm_rgb l = s->label_color, g = s->background, e = s->edge_color;

    cm_buf_puts(b, "<style type=\"text/css\"><![CDATA[\n");
    cm_buf_printf(b, ".edge { stroke: #%02x%02x%02x; stroke-linecap: round; fill: none }\n", e.r,
                  e.g, e.b);
    cm_buf_puts(b, ".node { stroke-linejoin: round }\n");
    cm_buf_printf(b, ".leader { stroke: #%02x%02x%02x; stroke-width: %g; stroke-opacity: %g }\n",
                  l.r, l.g, l.b, CM_LEADER_PX, CM_LEADER_ALPHA);
    cm_buf_printf(b,
                  ".label { fill: #%02x%02x%02x; stroke: #%02x%02x%02x; stroke-linejoin: round;"
                  " paint-order: stroke }\n",
                  l.r, l.g, l.b, g.r, g.g, g.b);
    cm_buf_printf(b, ".plate { fill: #%02x%02x%02x; fill-opacity: %g; stroke: none }\n", g.r, g.g,
                  g.b, CM_PLATE_ALPHA);
    cm_buf_printf(b, ".title { font-weight: bold; fill: #%02x%02x%02x }\n", l.r, l.g, l.b);
    cm_buf_printf(b, ".subtitle, .legend { fill: #%02x%02x%02x }\n", l.r, l.g, l.b);
    cm_buf_puts(b, "]]></style>\n");
}

static void ramp_gradient(cm_buf *b, const cm_scene *s)
{
    for (size_t i = 0; i < s->n_marks; i++) {
        if (s->marks[i].kind != CM_MARK_RAMP) {
            continue;
        }
        cm_buf_puts(b, "<defs><linearGradient id=\"ramp\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"0\">\n");
        for (int k = 0; k < CM_RAMP_STOPS; k++) {
            cm_buf_puts(b, "<stop");
            attr(b, "offset", (double)k / (CM_RAMP_STOPS - 1));
            attr_color(b, "stop-color", s->ramp[k]);
            cm_buf_puts(b, "/>\n");
        }
        cm_buf_puts(b, "</linearGradient></defs>\n");
        return;
    }
}

static void edge_title(cm_buf *b, const cm_scene *s, const cm_scene_edge *e)
{
    /* A file's own weight: only count and documents are known; the rest say nothing. */
    size_t shown = s->weight_given && s->n_edge_columns > 2 ? 2 : s->n_edge_columns;

    cm_buf_puts(b, "<title>");
    text(b, s->nodes[e->source].entity->label);
    cm_buf_puts(b, " \xE2\x80\x93 ");
    text(b, s->nodes[e->target].entity->label);
    cm_buf_puts(b, "\nweight: ");
    val(b, e->weight);
    for (size_t m = 0; m < shown; m++) {
        cm_buf_printf(b, "%s%s: ", m % 2 ? " \xC2\xB7 " : "\n", s->edge_columns[m].name);
        val(b, e->measures[m]);
    }
    cm_buf_puts(b, "</title>");
}

static void edges(cm_buf *b, const cm_scene *s)
{
    cm_buf_puts(b, "<g id=\"edges\">\n");
    for (size_t i = 0; i < s->n_edges; i++) {
        const cm_scene_edge *e = &s->edges[i];
        const cm_scene_node *a = &s->nodes[e->source], *c = &s->nodes[e->target];
        if (!a->drawn || !c->drawn) {
            continue;
        }
        cm_buf_puts(b, "<line class=\"edge\"");
        attr(b, "x1", a->px);
        attr(b, "y1", a->py);
        attr(b, "x2", c->px);
        attr(b, "y2", c->py);
        attr(b, "stroke-width", e->width_px);
        cm_buf_puts(b, " stroke-opacity=\"");
        fixed(b, e->alpha, 3);
        cm_buf_puts(b, "\">");
        edge_title(b, s, e);
        cm_buf_puts(b, "</line>\n");
    }
    cm_buf_puts(b, "</g>\n");
}

static void node_title(cm_buf *b, const cm_scene *s, const cm_scene_node *n)
{
    cm_buf_puts(b, "<title>");
    text(b, n->entity->label);
    cm_buf_printf(b, "\n%s", n->entity->type_name);
    if (n->entity->subtype[0]) {
        cm_buf_puts(b, " (");
        text(b, n->entity->subtype);
        cm_buf_putc(b, ')');
    }
    /* A metric or the communities the analysis left out (render skips the costly ones
     * unless asked) are not shown rather than shown as 0. */
    if (s->communities) {
        cm_buf_printf(b, ", community %ld", n->community);
    }
    cm_buf_printf(b, "%s\nmentions: %llu \xC2\xB7 documents: %llu",
                  n->entity->discovered ? ", discovered" : "",
                  (unsigned long long)n->entity->mentions,
                  (unsigned long long)n->entity->documents);
    /* Three to a line. */
    for (size_t m = 0, shown = 0; m < s->n_node_columns; m++) {
        if (!s->node_columns[m].computed) {
            continue;
        }
        cm_buf_printf(b, "%s%s: ", shown++ % 3 ? " \xC2\xB7 " : "\n", s->node_columns[m].name);
        val(b, n->metrics[m]);
    }
    cm_buf_puts(b, "</title>");
}

static void nodes(cm_buf *b, const cm_scene *s)
{
    cm_buf_puts(b, "<g id=\"nodes\">\n");
    for (size_t i = 0; i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        if (!n->drawn) {
            continue;
        }
        cm_buf_puts(b, "<circle");
        entity_attr(b, "id", "n-", n->entity->id);
        cm_buf_printf(b, " class=\"node %s", n->entity->type_name);
        if (s->communities) {
            cm_buf_printf(b, " community-%ld", n->community);
        }
        cm_buf_printf(b, "%s%s\"", n->entity->discovered ? " discovered" : "",
                      n->highlighted ? " highlighted" : (n->alpha < 1 ? " faded" : ""));
        attr(b, "cx", n->px);
        attr(b, "cy", n->py);
        attr(b, "r", n->pr);
        attr_color(b, "fill", n->color);
        attr_color(b, "stroke", n->stroke);
        attr(b, "stroke-width", n->stroke_px);
        if (n->alpha < 1) {
            attr(b, "opacity", n->alpha);
        }
        cm_buf_putc(b, '>');
        node_title(b, s, n);
        cm_buf_puts(b, "</circle>\n");
    }
    cm_buf_puts(b, "</g>\n");
}

/* Thin lines from a node to a label set farther out. */
static void leaders(cm_buf *b, const cm_scene *s)
{
    cm_buf_puts(b, "<g id=\"leaders\">\n");
    for (size_t i = 0; i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        if (!n->label_shown || !n->leader) {
            continue;
        }
        cm_buf_puts(b, "<line class=\"leader\"");
        entity_attr(b, "data-node", "", n->entity->id);
        attr(b, "x1", n->leader_x0);
        attr(b, "y1", n->leader_y0);
        attr(b, "x2", n->leader_x1);
        attr(b, "y2", n->leader_y1);
        if (n->alpha < 1) {
            attr(b, "opacity", n->alpha);
        }
        cm_buf_puts(b, "/>\n");
    }
    cm_buf_puts(b, "</g>\n");
}

static void labels(cm_buf *b, const cm_scene *s)
{
    cm_buf_puts(b, "<g id=\"labels\"");
    attr(b, "stroke-width", 2 * s->halo_px);
    cm_buf_puts(b, ">\n");
    for (size_t i = 0; i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        if (!n->label_shown) {
            continue;
        }
        if (n->plate) {
            cm_buf_puts(b, "<rect class=\"plate\"");
            entity_attr(b, "data-node", "", n->entity->id);
            attr(b, "x", n->lx);
            attr(b, "y", n->ly);
            attr(b, "width", n->lw);
            attr(b, "height", n->lh);
            attr(b, "rx", CM_PLATE_RADIUS);
            if (n->alpha < 1) {
                attr(b, "opacity", n->alpha);
            }
            cm_buf_puts(b, "/>\n");
        }
        cm_buf_puts(b, "<text");
        entity_attr(b, "id", "l-", n->entity->id);
        cm_buf_puts(b, n->on_disc ? " class=\"label on-disc\"" : " class=\"label\"");
        attr(b, "x", n->tx);
        attr(b, "y", n->ty + n->baseline);
        attr(b, "font-size", n->font_px);
        if (n->alpha < 1) {
            attr(b, "opacity", n->alpha);
        }
        cm_buf_putc(b, '>');
        text(b, n->label);
        cm_buf_puts(b, "</text>\n");
    }
    cm_buf_puts(b, "</g>\n");
}

static void scene_text(cm_buf *b, const cm_scene_text *t)
{
    static const char *const cls[] = {"title", "subtitle", "legend"};

    cm_buf_printf(b, "<text class=\"%s\"", cls[t->role]);
    attr(b, "x", t->tx);
    attr(b, "y", t->ty + t->baseline);
    attr(b, "font-size", t->px);
    cm_buf_putc(b, '>');
    text(b, t->text);
    cm_buf_puts(b, "</text>\n");
}

static void mark(cm_buf *b, const cm_scene_mark *m)
{
    switch (m->kind) {
    case CM_MARK_CIRCLE:
        cm_buf_puts(b, "<circle");
        attr(b, "cx", m->x);
        attr(b, "cy", m->y);
        attr(b, "r", m->r);
        attr_color(b, "fill", m->fill);
        if (m->width > 0) {
            attr_color(b, "stroke", m->stroke);
            attr(b, "stroke-width", m->width);
        }
        cm_buf_puts(b, "/>\n");
        break;
    case CM_MARK_LINE:
        cm_buf_puts(b, "<line");
        attr(b, "x1", m->x);
        attr(b, "y1", m->y);
        attr(b, "x2", m->x2);
        attr(b, "y2", m->y2);
        attr_color(b, "stroke", m->fill);
        attr(b, "stroke-width", m->width);
        cm_buf_printf(b, " stroke-opacity=\"%.3g\"/>\n", m->alpha);
        break;
    case CM_MARK_RAMP:
        cm_buf_puts(b, "<rect");
        attr(b, "x", m->x);
        attr(b, "y", m->y);
        attr(b, "width", m->x2 - m->x);
        attr(b, "height", m->y2 - m->y);
        cm_buf_puts(b, " fill=\"url(#ramp)\"/>\n");
        break;
    }
}

static void chrome(cm_buf *b, const cm_scene *s)
{
    cm_buf_puts(b, "<g id=\"header\">\n");
    for (size_t i = 0; i < s->n_texts; i++) {
        if (s->texts[i].role != CM_TEXT_LEGEND) {
            scene_text(b, &s->texts[i]);
        }
    }
    cm_buf_puts(b, "</g>\n<g id=\"legend\">\n");
    for (size_t i = 0; i < s->n_marks; i++) {
        mark(b, &s->marks[i]);
    }
    for (size_t i = 0; i < s->n_texts; i++) {
        if (s->texts[i].role == CM_TEXT_LEGEND) {
            scene_text(b, &s->texts[i]);
        }
    }
    cm_buf_puts(b, "</g>\n");
}

cm_status cm_draw_svg(const char *path, const cm_scene *s, cm_error *err)
{
    cm_sink k; /* streamed to the file: the SVG of a big graph is as large as its GraphML */
    cm_buf *b = &k.buf;
    cm_status rc = cm_sink_open(&k, path, err);

    if (rc != CM_OK) {
        return rc;
    }
    header(b, s);
    css(b, s);
    ramp_gradient(b, s);
    cm_buf_puts(b, "<rect width=\"100%\" height=\"100%\"");
    attr_color(b, "fill", s->background);
    cm_buf_puts(b, "/>\n");
    edges(b, s);
    nodes(b, s);
    leaders(b, s);
    labels(b, s);
    chrome(b, s);
    cm_buf_puts(b, "</svg>\n");
    return cm_sink_commit(&k, err);
}
