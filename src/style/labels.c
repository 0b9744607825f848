/* comention: label placement, greedy by importance (as in Imhof's rules and the candidate
 * models of Christensen, Marks & Shieber 1995): highlighted nodes first, then by the value
 * that sizes them, ties by id (cm_scene_node.rank). A label's footprint — the union of
 * Pango's ink and logical boxes, widened by the halo — stays inside the plot area and never
 * touches another label or a leader line. It takes the first free spot of, in turn:
 *  - three rings of spots beside its node, touching no disc and nearer its own disc than
 *    any other by a margin, so a reader never gives it to the wrong node;
 *  - for the K most important nodes (cm_scene.labels_top), its own disc, centred, when
 *    that touches no other disc (the halo keeps it readable over the fill);
 *  - four farther rings, touching no disc, joined to the node by a leader line that
 *    crosses no label (it may cross nodes, as edges do);
 *  - for the K most important, rings out to COVER_RINGS with a leader, over the discs of
 *    minor nodes (never of the K), whose own labels then stay hidden: in a big graph no
 *    spot near a hub is free of dots, and the hubs must be named. Such a label is drawn
 *    on a plate of the background colour that hides the dots below it, so no reader
 *    takes it for theirs.
 * A label with no free spot is hidden and counted. The node discs, the placed labels and
 * the leaders sit in a uniform grid (grid.c), so a candidate is checked against its
 * neighbourhood only.
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
#define GAP 1.0            /* between a node's outline and its label's footprint, px */
#define CLEAR 1.0          /* kept free around every node disc, px */
#define PAD 0.5            /* around a footprint beyond the halo: rounding in the files */
#define CELL 32.0          /* grid cell, px: about two label heights */
#define RINGS 3            /* spots at growing distances from the node */
#define LEADER_RINGS 4     /* farther rings, where a leader line joins label and node */
#define COVER_RINGS 10     /* the rings a label of the K most important nodes may go out to */
#define COVER_ANGLES 24    /* spots per ring for them */
#define NEAREST_MARGIN 3.0 /* beside its node: other discs keep this much farther, px */

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

/* What a candidate footprint may touch. */
typedef enum spot_kind {
    SPOT_BESIDE = 0, /* beside the node, no leader: nearer its own disc than any other */
    SPOT_ON_DISC,    /* centred on its own disc: a hub with no free spot beside it */
    SPOT_LEADER,     /* farther out, joined by a leader line; touches no disc */
    SPOT_COVER,      /* farther out with a leader, over discs of unlabelled minor nodes */
} spot_kind;

typedef struct placer {
    cm_scene *s;
    cm_grid *grid;
    unsigned char *covered; /* per node: under a label of a more important one */
    double x, y, w, h;      /* the candidate footprint */
    size_t self;            /* the node being labelled */
    spot_kind kind;
    PangoContext *ctx;     /* measures a label again in a smaller size */
    double min_px;         /* the smallest label size of the scene */
    double near;           /* SPOT_BESIDE: distance other discs must keep, px */
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

/* Distance from the box to the node's disc as drawn (outline included); 0 when they meet. */
static double box_to_disc(double x, double y, double w, double h, const cm_scene_node *n)
{
    double nx = fmax(x, fmin(n->px, x + w)), ny = fmax(y, fmin(n->py, y + h));
    return fmax(0.0, hypot(nx - n->px, ny - n->py) - (n->pr + n->stroke_px / 2));
}

static int box_hits_disc(double x, double y, double w, double h, const cm_scene_node *n)
{
    double r = n->pr + n->stroke_px / 2 + CLEAR;
    double nx = fmax(x, fmin(n->px, x + w)), ny = fmax(y, fmin(n->py, y + h));
    return (nx - n->px) * (nx - n->px) + (ny - n->py) * (ny - n->py) < r * r;
}

/* May the candidate touch node `id`'s disc? Only its own, when it sits on it; and discs
 * of minor nodes (outside the K always labelled, their label not shown) under a label that
 * a leader joins to its hub. */
static int disc_allowed(const placer *p, size_t id)
{
    const cm_scene_node *o = &p->s->nodes[id];
    if (p->kind == SPOT_ON_DISC) {
        return id == p->self;
    }
    return p->kind == SPOT_COVER && id != p->self && o->rank >= p->s->labels_top && !o->label_shown;
}

/* Does item `id` of the grid (a node disc below n_nodes, a label below 2·n_nodes, else a
 * leader) rule the candidate out? */
static int hits(void *ctx, size_t id)
{
    const placer *p = ctx;
    const cm_scene *s = p->s;

    if (id < s->n_nodes) {
        const cm_scene_node *o = &s->nodes[id];
        if (p->kind == SPOT_BESIDE && id != p->self &&
            box_to_disc(p->x, p->y, p->w, p->h, o) < p->near) {
            return 1; /* the reader would take the label for this node's */
        }
        return !disc_allowed(p, id) && box_hits_disc(p->x, p->y, p->w, p->h, o);
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

/* The spots of one ring around a node, best first: the sides, above and below, the four
 * diagonals; on the first ring also the sides raised and lowered by half a line. Each
 * ring is most of a line farther out than the last. Returns how many. */
static int ring_spots(const cm_scene_node *n, double w, double h, int ring, double xy[12][2])
{
    double cx = n->px, cy = n->py;
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
    memcpy(xy, v, (size_t)m * sizeof(v[0]));
    return m;
}

/* COVER_ANGLES spots on one ring, the box sliding round it: at angle a its side or corner
 * facing the node touches the ring (the last resort of a hub, so finer than ring_spots). */
static int ring_angles(const cm_scene_node *n, double w, double h, int ring, double xy[][2])
{
    double r = n->pr + n->stroke_px / 2 + CLEAR + GAP + ring * 0.75 * h;

    for (int k = 0; k < COVER_ANGLES; k++) {
        double a = 2 * 3.14159265358979323846 * k / COVER_ANGLES, c = cos(a), sn = sin(a);
        xy[k][0] = n->px + r * c - w * (1 - c) / 2;
        xy[k][1] = n->py + r * sn - h * (1 - sn) / 2;
    }
    return COVER_ANGLES;
}

/* Is the candidate at (x, y) free for a label of this kind? Sets the leader when one is
 * needed. */
static int spot_free(placer *p, const cm_scene_node *n, const cm_font_box *fp, double x, double y)
{
    p->x = x;
    p->y = y;
    p->w = fp->w;
    p->h = fp->h;
    /* Beside its node, a label keeps other discs farther than its own, with a margin. */
    p->near = 1.5 * box_to_disc(x, y, fp->w, fp->h, n) + NEAREST_MARGIN;
    if (!inside(p->s, x, y, fp->w, fp->h)) {
        return 0;
    }
    double grow = p->kind == SPOT_BESIDE ? p->near : 0;
    if (cm_grid_query(p->grid, x - grow, y - grow, fp->w + 2 * grow, fp->h + 2 * grow, hits, p)) {
        return 0;
    }
    return p->kind < SPOT_LEADER || leader_free(p, n);
}

/* File the covered discs of minor nodes: their labels will not be shown. */
static int cover(void *ctx, size_t id)
{
    placer *p = ctx;
    if (id < p->s->n_nodes && id != p->self &&
        box_hits_disc(p->x, p->y, p->w, p->h, &p->s->nodes[id])) {
        p->covered[id] = 1;
    }
    return 0;
}

static cm_status take_spot(placer *p, cm_scene_node *n, const cm_font_box *fp, cm_error *err)
{
    cm_scene *s = p->s;
    cm_status rc = CM_OK;

    n->leader = p->kind >= SPOT_LEADER;
    n->plate = p->kind == SPOT_COVER;
    n->on_disc = p->kind == SPOT_ON_DISC;
    if (n->leader) {
        n->leader_x0 = p->x0;
        n->leader_y0 = p->y0;
        n->leader_x1 = p->x1;
        n->leader_y1 = p->y1;
        rc = cm_grid_insert(p->grid, 2 * s->n_nodes + p->self, fmin(p->x0, p->x1),
                            fmin(p->y0, p->y1), fabs(p->x1 - p->x0), fabs(p->y1 - p->y0), err);
    }
    if (p->kind == SPOT_COVER) {
        cm_grid_query(p->grid, p->x, p->y, p->w, p->h, cover, p);
    }
    n->lx = p->x;
    n->ly = p->y;
    n->lw = fp->w;
    n->lh = fp->h;
    n->tx = p->x - fp->x;
    n->ty = p->y - fp->y;
    n->label_shown = 1;
    return rc == CM_OK ? cm_grid_insert(p->grid, s->n_nodes + p->self, p->x, p->y, p->w, p->h, err)
                       : rc;
}

/* Try rings [r0, r1) for a label of this kind; 1 when one was free. */
static int try_rings(placer *p, const cm_scene_node *n, const cm_font_box *fp, spot_kind kind,
                     int r0, int r1)
{
    double xy[COVER_ANGLES][2];

    p->kind = kind;
    if (kind == SPOT_ON_DISC) {
        return spot_free(p, n, fp, n->px - fp->w / 2, n->py - fp->h / 2);
    }
    for (int ring = r0; ring < r1; ring++) {
        int m = kind == SPOT_COVER ? ring_angles(n, fp->w, fp->h, ring, xy)
                                   : ring_spots(n, fp->w, fp->h, ring, xy);
        for (int k = 0; k < m; k++) {
            if (spot_free(p, n, fp, xy[k][0], xy[k][1])) {
                return 1;
            }
        }
    }
    return 0;
}

/* A footprint relative to the label's origin: Pango's boxes, the halo and PAD around. */
static void footprint(const cm_scene *s, PangoContext *ctx, cm_scene_node *n, cm_font_box *fp)
{
    double grow = s->halo_px + PAD;
    PangoLayout *pl = cm_font_layout(ctx, s->font, n->font_px, n->label, 0);

    cm_font_footprint(pl, fp, &n->baseline);
    g_object_unref(pl);
    fp->x -= grow;
    fp->y -= grow;
    fp->w += 2 * grow;
    fp->h += 2 * grow;
}

/* The K most important nodes try harder: on their own disc, then farther out over minor
 * nodes. The others take a free spot or none. */
static cm_status place_one(placer *p, size_t i, const cm_font_box *fp, cm_error *err)
{
    cm_scene *s = p->s;
    cm_scene_node *n = &s->nodes[i];
    int must = n->rank < s->labels_top, found = 0;

    p->self = i;
    if (n->label[0] && !p->covered[i]) {
        found = try_rings(p, n, fp, SPOT_BESIDE, 0, RINGS) ||
                (must && try_rings(p, n, fp, SPOT_ON_DISC, 0, 0)) ||
                try_rings(p, n, fp, SPOT_LEADER, RINGS, RINGS + LEADER_RINGS) ||
                (must && try_rings(p, n, fp, SPOT_COVER, 0, COVER_RINGS));
    }
    if (found) {
        return take_spot(p, n, fp, err);
    }
    if (must && n->font_px > p->min_px) {
        /* One of the K in a tight spot: its label in the smallest size, then anywhere. */
        cm_font_box small;
        n->font_px = p->min_px;
        footprint(s, p->ctx, n, &small);
        return place_one(p, i, &small, err);
    }
    s->labels_hidden++;
    return CM_OK;
}

static int placed_before(const void *x, const void *y, void *ctx)
{
    const cm_scene *s = ctx;
    size_t a = s->nodes[*(const size_t *)x].rank, b = s->nodes[*(const size_t *)y].rank;
    return a < b ? -1 : a > b;
}

static void measure(placer *p, cm_font_box *fp)
{
    p->min_px = INFINITY;
    for (size_t i = 0; i < p->s->n_nodes; i++) {
        cm_scene_node *n = &p->s->nodes[i];
        if (n->drawn) {
            footprint(p->s, p->ctx, n, &fp[i]);
            p->min_px = fmin(p->min_px, n->font_px);
        }
    }
}

/* The drawn nodes' discs in the grid; `order` gets them, by importance. */
static cm_status file_discs(placer *p, size_t *order, size_t *n_order, cm_error *err)
{
    cm_scene *s = p->s;
    cm_status rc = CM_OK;

    *n_order = 0;
    for (size_t i = 0; rc == CM_OK && i < s->n_nodes; i++) {
        const cm_scene_node *n = &s->nodes[i];
        double r = n->pr + n->stroke_px / 2 + CLEAR;
        if (n->drawn) {
            order[(*n_order)++] = i;
            rc = cm_grid_insert(p->grid, i, n->px - r, n->py - r, 2 * r, 2 * r, err);
        }
    }
    cm_sort(order, *n_order, sizeof(*order), placed_before, s);
    return rc;
}

cm_status cm_style_labels(cm_scene *s, PangoContext *ctx, cm_error *err)
{
    size_t *order = cm_malloc((s->n_nodes + 1) * sizeof(*order)), n_order = 0;
    cm_font_box *fp = cm_calloc(s->n_nodes + 1, sizeof(*fp));
    placer p = {s, NULL, cm_calloc(s->n_nodes + 1, 1), 0, 0, 0, 0, 0, SPOT_BESIDE, NULL, 0, 0, 0, 0,
                0, 0};
    cm_status rc = CM_OK;

    if (!order || !fp || !p.covered) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        goto cleanup;
    }
    rc = drawn_labels(s, err);
    if (rc == CM_OK) {
        rc = cm_grid_new(&p.grid, s->width, s->height, CELL, 3 * s->n_nodes, err);
    }
    if (rc == CM_OK) {
        rc = file_discs(&p, order, &n_order, err);
    }
    if (rc != CM_OK) {
        goto cleanup;
    }
    p.ctx = ctx;
    measure(&p, fp);
    for (size_t k = 0; rc == CM_OK && k < n_order; k++) {
        rc = place_one(&p, order[k], &fp[order[k]], err);
    }
cleanup:
    cm_grid_free(p.grid);
    cm_free(p.covered);
    cm_free(order);
    cm_free(fp);
    return rc;
}
