/* comention: label placement, greedy by priority (as in Imhof's rules and the candidate
 * models of Christensen, Marks & Shieber 1995): highlighted nodes first, then the biggest,
 * ties by id. A label may take one of twelve spots around its node; a spot is free when
 * the label's footprint — the union of Pango's ink and logical boxes, widened by the halo
 * — stays inside the plot area and touches no label placed before and no node disc, its
 * own included, so nothing a label covers is ever a node. Beyond three rings of spots a
 * label may go farther out with a leader line to its node, when the line crosses no
 * label (it may cross nodes, as edges do: a hub in a crowd keeps its name). A label with no free
 * spot is hidden and counted. The node discs, the placed labels and the leaders sit in a uniform
 * grid (grid.c), so a candidate is checked against its neighbourhood only.
 *
 * A very long label is cut to MAX_CHARS characters with "…" (never inside a character or
 * before a combining mark), and control characters are drawn as spaces: a label is one
 * line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "style/style_int.h"
#include "util/util.h"

#define MAX_CHARS 40
#define GAP 1.0        /* between a node's outline and its label's footprint, px */
#define CLEAR 1.0      /* kept free around every node disc, px */
#define PAD 0.5        /* around a footprint beyond the halo: rounding in the files */
#define CELL 32.0      /* grid cell, px: about two label heights */
#define RINGS 3        /* spots at growing distances from the node */
#define LEADER_RINGS 4 /* farther rings, where a leader line joins label and node */
#define NEAR_SPOTS (12 + 8 * (RINGS - 1))
#define SPOTS (NEAR_SPOTS + 8 * LEADER_RINGS)

/* A code point a cut must not come before: it belongs to the character before it. */
static int joins_previous(uint32_t cp)
{
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME ||
           cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
           (cp >= 0xE0100 && cp <= 0xE01EF);
}

static int is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
}

/* Write the label as drawn into dst (3·strlen(src) + 4 bytes are enough: one input byte
 * gives at most the three of U+FFFD). */
static void drawn_label(const char *src, char *dst)
{
    size_t len = strlen(src), i = 0, o = 0, chars = 0, cut = 0;
    uint32_t cp, prev = 0;

    while (i < len) {
        size_t k = cm_utf8_decode(&cp, (const unsigned char *)src + i, len - i);
        if (!joins_previous(cp) && prev != 0x200D) {
            if (chars == MAX_CHARS - 1) {
                cut = o; /* where "…" goes if the label is longer */
            } else if (chars == MAX_CHARS) {
                for (o = cut; o > 0 && dst[o - 1] == ' '; o--) {
                }
                memcpy(dst + o, "\xE2\x80\xA6", 3);
                o += 3;
                break;
            }
            chars++;
        }
        if (is_control(cp)) {
            dst[o++] = ' ';
        } else {
            o += cm_utf8_encode(dst + o, cp);
        }
        prev = cp;
        i += k;
    }
    dst[o] = '\0';
}

/* Labels drawn as they are borrow the entity's label; the others live in one pool owned
 * by the scene. */
static cm_status drawn_labels(cm_scene *s, cm_error *err)
{
    size_t need = 1, used = 0;

    for (size_t i = 0; i < s->n_nodes; i++) {
        need += 3 * strlen(s->nodes[i].entity->label) + 4;
    }
    s->label_pool = cm_malloc(need);
    if (!s->label_pool) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        cm_scene_node *n = &s->nodes[i];
        char *dst = s->label_pool + used;
        drawn_label(n->entity->label, dst);
        if (strcmp(dst, n->entity->label) == 0) {
            n->label = n->entity->label;
        } else {
            n->label = dst;
            used += strlen(dst) + 1;
        }
    }
    return CM_OK;
}

typedef struct placer {
    cm_scene *s;
    cm_grid *grid;
    double x, y, w, h;     /* the candidate footprint */
    size_t self;           /* the node being labelled */
    double x0, y0, x1, y1; /* its candidate leader */
} placer;

/* Does the segment (x0, y0)–(x1, y1) pass through the inside of the box? (Liang–Barsky) */
static int segment_in_box(double x0, double y0, double x1, double y1, double bx, double by,
                          double bw, double bh)
{
    double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
    double p[4] = {-dx, dx, -dy, dy}, q[4] = {x0 - bx, bx + bw - x0, y0 - by, by + bh - y0};

    for (int k = 0; k < 4; k++) {
        if (p[k] == 0) {
            if (q[k] <= 0) {
                return 0;
            }
            continue;
        }
        double t = q[k] / p[k];
        if (p[k] < 0) {
            t0 = fmax(t0, t);
        } else {
            t1 = fmin(t1, t);
        }
    }
    return t1 - t0 > 1e-9;
}

static int box_hits_disc(double x, double y, double w, double h, const cm_scene_node *n)
{
    double r = n->pr + n->stroke_px / 2 + CLEAR;
    double nx = fmax(x, fmin(n->px, x + w)), ny = fmax(y, fmin(n->py, y + h));
    return (nx - n->px) * (nx - n->px) + (ny - n->py) * (ny - n->py) < r * r;
}

/* Does item `id` of the grid (a node disc below n_nodes, a label below 2·n_nodes, else a
 * leader) touch the candidate footprint? */
static int hits(void *ctx, size_t id)
{
    const placer *p = ctx;
    const cm_scene *s = p->s;

    if (id < s->n_nodes) {
        return box_hits_disc(p->x, p->y, p->w, p->h, &s->nodes[id]);
    }
    if (id >= 2 * s->n_nodes) {
        const cm_scene_node *o = &s->nodes[id - 2 * s->n_nodes];
        return segment_in_box(o->leader_x0, o->leader_y0, o->leader_x1, o->leader_y1, p->x, p->y,
                              p->w, p->h);
    }
    const cm_scene_node *o = &s->nodes[id - s->n_nodes];
    return p->x < o->lx + o->lw && o->lx < p->x + p->w && p->y < o->ly + o->lh &&
           o->ly < p->y + p->h;
}

/* Does item `id` stand in the way of the candidate leader? A label does; a node does not
 * (a leader crosses nodes as edges do). */
static int leader_hits(void *ctx, size_t id)
{
    const placer *p = ctx;
    const cm_scene *s = p->s;

    if (id >= s->n_nodes && id < 2 * s->n_nodes) {
        const cm_scene_node *o = &s->nodes[id - s->n_nodes];
        return segment_in_box(p->x0, p->y0, p->x1, p->y1, o->lx, o->ly, o->lw, o->lh);
    }
    return 0;
}

/* A leader from the node's outline to the nearest point of the candidate footprint;
 * 1 when nothing is in its way. */
static int leader_free(placer *p, const cm_scene_node *n)
{
    double qx = fmax(p->x, fmin(n->px, p->x + p->w)), qy = fmax(p->y, fmin(n->py, p->y + p->h));
    double dx = qx - n->px, dy = qy - n->py, len = sqrt(dx * dx + dy * dy);
    double r = n->pr + n->stroke_px / 2 + 1;

    if (len <= r) {
        return 0;
    }
    p->x0 = n->px + dx / len * r;
    p->y0 = n->py + dy / len * r;
    p->x1 = qx;
    p->y1 = qy;
    return !cm_grid_query(p->grid, fmin(p->x0, p->x1), fmin(p->y0, p->y1), fabs(p->x1 - p->x0),
                          fabs(p->y1 - p->y0), leader_hits, p);
}

static int inside(const cm_scene *s, double x, double y, double w, double h)
{
    return x >= s->plot_x0 && y >= s->plot_y0 && x + w <= s->plot_x1 && y + h <= s->plot_y1;
}

/* The spots around a node, best first: the sides, above and below, the four diagonals,
 * the sides raised and lowered by half a line; then the first eight again, farther out
 * by most of a line each time (a hub in a crowd keeps its label near it). */
static void spots(const cm_scene_node *n, double w, double h, double xy[SPOTS][2])
{
    double cx = n->px, cy = n->py;
    int k = 0;

    for (int ring = 0; ring < RINGS + LEADER_RINGS; ring++) {
        double r = n->pr + n->stroke_px / 2 + CLEAR + GAP + ring * 0.75 * h;
        double d = r * 0.70710678118654752;
        double v[12][2] = {
            {cx + r, cy - h / 2},     {cx - r - w, cy - h / 2},
            {cx - w / 2, cy - r - h}, {cx - w / 2, cy + r},
            {cx + d, cy - d - h},     {cx + d, cy + d},
            {cx - d - w, cy - d - h}, {cx - d - w, cy + d},
            {cx + r, cy - h},         {cx + r, cy},
            {cx - r - w, cy - h},     {cx - r - w, cy},
        };
        int m = ring == 0 ? 12 : 8;
        memcpy(xy[k], v, (size_t)m * sizeof(v[0]));
        k += m;
    }
}

static cm_status place_one(placer *p, size_t i, const cm_font_box *fp, cm_error *err)
{
    cm_scene *s = p->s;
    cm_scene_node *n = &s->nodes[i];
    double xy[SPOTS][2];

    spots(n, fp->w, fp->h, xy);
    for (int k = 0; k < SPOTS && n->label[0]; k++) {
        p->x = xy[k][0];
        p->y = xy[k][1];
        p->w = fp->w;
        p->h = fp->h;
        if (!inside(s, p->x, p->y, p->w, p->h) ||
            cm_grid_query(p->grid, p->x, p->y, p->w, p->h, hits, p) ||
            (k >= NEAR_SPOTS && !leader_free(p, n))) {
            continue;
        }
        if (k >= NEAR_SPOTS) {
            cm_status rc;
            n->leader = 1;
            n->leader_x0 = p->x0;
            n->leader_y0 = p->y0;
            n->leader_x1 = p->x1;
            n->leader_y1 = p->y1;
            rc = cm_grid_insert(p->grid, 2 * s->n_nodes + i, fmin(p->x0, p->x1), fmin(p->y0, p->y1),
                                fabs(p->x1 - p->x0), fabs(p->y1 - p->y0), err);
            if (rc != CM_OK) {
                return rc;
            }
        }
        n->lx = p->x;
        n->ly = p->y;
        n->lw = fp->w;
        n->lh = fp->h;
        n->tx = p->x - fp->x;
        n->ty = p->y - fp->y;
        n->label_shown = 1;
        return cm_grid_insert(p->grid, s->n_nodes + i, p->x, p->y, p->w, p->h, err);
    }
    s->labels_hidden++;
    return CM_OK;
}

static const cm_scene *sort_scene; /* qsort has no context argument */

static int placed_before(const void *x, const void *y)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    const cm_scene_node *a = &sort_scene->nodes[i], *b = &sort_scene->nodes[j];
    if (a->highlighted != b->highlighted) {
        return a->highlighted ? -1 : 1;
    }
    if (a->pr != b->pr) {
        return a->pr > b->pr ? -1 : 1;
    }
    return i < j ? -1 : i > j; /* nodes are in id order */
}

/* Footprints relative to each label's origin: Pango's boxes, the halo and PAD around. */
static void measure(const cm_scene *s, PangoContext *ctx, cm_font_box *fp)
{
    double grow = s->halo_px + PAD;
    for (size_t i = 0; i < s->n_nodes; i++) {
        cm_scene_node *n = &s->nodes[i];
        PangoLayout *pl = cm_font_layout(ctx, s->font, n->font_px, n->label, 0);
        cm_font_footprint(pl, &fp[i], &n->baseline);
        g_object_unref(pl);
        fp[i].x -= grow;
        fp[i].y -= grow;
        fp[i].w += 2 * grow;
        fp[i].h += 2 * grow;
    }
}

cm_status cm_style_labels(cm_scene *s, PangoContext *ctx, cm_error *err)
{
    size_t *order = cm_malloc((s->n_nodes + 1) * sizeof(*order));
    cm_font_box *fp = cm_malloc((s->n_nodes + 1) * sizeof(*fp));
    placer p = {s, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    cm_status rc = CM_OK;

    if (!order || !fp) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        goto cleanup;
    }
    rc = drawn_labels(s, err);
    if (rc == CM_OK) {
        rc = cm_grid_new(&p.grid, s->width, s->height, CELL, 3 * s->n_nodes, err);
    }
    for (size_t i = 0; rc == CM_OK && i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        double r = n->pr + n->stroke_px / 2 + CLEAR;
        order[i] = i;
        rc = cm_grid_insert(p.grid, i, n->px - r, n->py - r, 2 * r, 2 * r, err);
    }
    if (rc != CM_OK) {
        goto cleanup;
    }
    measure(s, ctx, fp);
    sort_scene = s;
    qsort(order, s->n_nodes, sizeof(*order), placed_before);
    sort_scene = NULL;
    for (size_t k = 0; rc == CM_OK && k < s->n_nodes; k++) {
        rc = place_one(&p, order[k], &fp[order[k]], err);
    }
cleanup:
    cm_grid_free(p.grid);
    cm_free(order);
    cm_free(fp);
    return rc;
}
