/* comention: the edges of a PNG, rasterized here instead of by cairo. Cairo strokes a
 * translucent line by compositing one span per row through pixman: the 20,000 edges of a
 * 2,000-node graph took 0.7 s, more than all the rest of `render` together.
 *
 * An edge is a capsule: its segment widened by half the stroke width all round, which is
 * the SVG's stroke with stroke-linecap round. A pixel's coverage is the share of its area
 * within the stroke's cross-section [−w/2, w/2] across the line, its centre at distance d:
 * the unit square seen along the line is a trapezoid of width |nx| + |ny| (n the line's
 * normal; a box for horizontal and vertical lines, a triangle at 45°), integrated over the
 * cross-section. That is exact for the straight part of a stroke, and near the round ends
 * it uses the distance to the end. The edge colour, at the edge's opacity times the coverage, is
 * composited over the pixel, premultiplied as cairo stores it. Edges go one after the other in
 * scene order, each over the last, as the SVG draws them, so crossings and bundles darken there and
 * here alike. Only pixels within reach of the segment are visited: a row at a time, the capsule's
 * extent on that row. */
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include "draw/draw_int.h"
#include "util/util.h"

typedef struct capsule {
    double ax, ay, dx, dy; /* the segment: a, and b − a, image px */
    double len2;           /* |b − a|² */
    double half;           /* half the stroke width */
    double big, small;     /* the larger and smaller of |nx| and |ny|, n the unit normal */
    double reach;          /* half + (big + small) / 2: the farthest pixel centre with any
                              coverage */
} capsule;

/* Distance of (x, y) to the nearer end of the segment (t < 0: a, else b). */
static inline double to_end(const capsule *c, double x, double y, double t)
{
    double px = c->ax + (t < 0 ? 0 : c->dx) - x, py = c->ay + (t < 0 ? 0 : c->dy) - y;
    return sqrt(px * px + py * py);
}

/* The share of a pixel's area on the near side of a line at signed distance u from its
 * centre, the pixel seen along the line: a trapezoid, flat (height 1 / big) over
 * |u| ≤ (big − small) / 2, falling linearly to 0 at |u| = (big + small) / 2. */
static inline double area_below(const capsule *c, double u)
{
    double a = u < 0 ? -u : u, flat = (c->big - c->small) / 2, g;

    if (a <= flat) {
        g = a / c->big;
    } else if (a < flat + c->small) {
        double s = a - flat;
        g = (flat + s - s * s / (2 * c->small)) / c->big;
    } else {
        g = 0.5;
    }
    return u < 0 ? 0.5 - g : 0.5 + g;
}

static inline double coverage(const capsule *c, double d)
{
    double cov = area_below(c, c->half - d) - area_below(c, -c->half - d);
    return cov < 1 ? cov : 1;
}

/* Narrow [*lo, *hi] to the x with a·(x − x0) in [b0, b1]. */
static void narrow(double a, double x0, double b0, double b1, double *lo, double *hi)
{
    if (a == 0) {
        if (b0 > 0 || b1 < 0) {
            *lo = INFINITY; /* never */
        }
        return;
    }
    double u = x0 + (a > 0 ? b0 : b1) / a, v = x0 + (a > 0 ? b1 : b0) / a;
    *lo = fmax(*lo, u);
    *hi = fmin(*hi, v);
}

/* The capsule (grown to its reach) on the row y: [*x0, *x1]; 0 when it misses the row.
 * The capsule is convex: its row is the union of the rows of its two end discs and of
 * the band between them. */
static int row_extent(const capsule *c, double y, double *x0, double *x1)
{
    double r = c->reach, lo = INFINITY, hi = -INFINITY;

    for (int e = 0; e < 2; e++) {
        double cx = c->ax + e * c->dx, dy = y - (c->ay + e * c->dy);
        if (fabs(dy) <= r) {
            double w = sqrt(r * r - dy * dy);
            lo = fmin(lo, cx - w);
            hi = fmax(hi, cx + w);
        }
    }
    if (c->len2 > 0) {
        double blo = -INFINITY, bhi = INFINITY, along = (y - c->ay) * c->dy;
        double across = (y - c->ay) * c->dx, rl = r * sqrt(c->len2);
        narrow(c->dx, c->ax, -along, c->len2 - along, &blo, &bhi);  /* between the ends */
        narrow(c->dy, c->ax, across - rl, across + rl, &blo, &bhi); /* near the line */
        if (blo <= bhi) {
            lo = fmin(lo, blo);
            hi = fmax(hi, bhi);
        }
    }
    *x0 = lo;
    *x1 = hi;
    return lo <= hi;
}

/* Source over a premultiplied ARGB32 pixel, a256 the source's opacity there in 256ths;
 * src the source pixel, opaque. Each channel is (s·a + d·(256 − a) + 128) / 256, two
 * channels at a time in 16-bit lanes (a lane's sum stays below 2^16). */
static inline void blend(uint32_t *p, uint32_t src, uint32_t a256)
{
    uint32_t d = *p, keep = 256 - a256;
    uint32_t rb = ((src & 0xFF00FFu) * a256 + (d & 0xFF00FFu) * keep + 0x800080u) >> 8;
    uint32_t ag = (src >> 8 & 0xFF00FFu) * a256 + (d >> 8 & 0xFF00FFu) * keep + 0x800080u;

    *p = (rb & 0xFF00FFu) | (ag & 0xFF00FF00u);
}

/* One row of a stroke, pixels px0..px1 at height y. Along a row, the position t along
 * the segment and the signed distance to its line change by constant steps: between the
 * ends the distance is that to the line, beyond them that to the nearer end. */
static void stroke_row(uint32_t *row, int px0, int px1, double y, const capsule *c, uint32_t src,
                       double alpha)
{
    double il = c->len2 > 0 ? 1 / sqrt(c->len2) : 0, x = px0 + 0.5;
    double t = c->len2 > 0 ? ((x - c->ax) * c->dx + (y - c->ay) * c->dy) / c->len2 : -1;
    double sd = ((x - c->ax) * c->dy - (y - c->ay) * c->dx) * il;
    double t_step = c->len2 > 0 ? c->dx / c->len2 : 0, sd_step = c->dy * il;

    for (int px = px0; px <= px1; px++, x += 1, t += t_step, sd += sd_step) {
        double d = t >= 0 && t <= 1 ? fabs(sd) : to_end(c, x, y, t);
        if (d < c->reach) {
            uint32_t a256 = (uint32_t)(alpha * coverage(c, d) * 256 + 0.5);
            if (a256 > 0) {
                blend(&row[px], src, a256);
            }
        }
    }
}

/* The rows an edge can touch, clipped to the image: [*py0, *py1]. */
static void rows_of(const capsule *c, int h, int *py0, int *py1)
{
    double ylo = fmin(c->ay, c->ay + c->dy) - c->reach, yhi = fmax(c->ay, c->ay + c->dy) + c->reach;

    *py0 = (int)fmax(0, floor(ylo - 0.5));
    *py1 = (int)fmin(h - 1, ceil(yhi));
}

/* Rows py0..py1 of a stroke. */
static void stroke(unsigned char *data, int w, int stride, int py0, int py1, const capsule *c,
                   uint32_t src, double alpha)
{
    for (int py = py0; py <= py1; py++) {
        double y = py + 0.5, x0, x1;
        if (!row_extent(c, y, &x0, &x1)) {
            continue;
        }
        int px0 = (int)fmax(0, ceil(x0 - 0.5)), px1 = (int)fmin(w - 1, floor(x1 - 0.5));
        stroke_row((uint32_t *)(void *)(data + (size_t)py * (size_t)stride), px0, px1, y, c, src,
                   alpha);
    }
}

/* An edge as a capsule in image pixels, k per CSS px. */
static capsule capsule_of(const cm_scene *s, const cm_scene_edge *e, double k)
{
    const cm_scene_node *a = &s->nodes[e->source], *b = &s->nodes[e->target];
    capsule c;
    double nx = 1, ny = 0;

    c.ax = a->px * k;
    c.ay = a->py * k;
    c.dx = (b->px - a->px) * k;
    c.dy = (b->py - a->py) * k;
    c.len2 = c.dx * c.dx + c.dy * c.dy;
    if (c.len2 > 0) {
        nx = fabs(c.dy) / sqrt(c.len2);
        ny = fabs(c.dx) / sqrt(c.len2);
    }
    c.big = nx > ny ? nx : ny;
    c.small = nx > ny ? ny : nx;
    c.half = e->width_px * k / 2;
    c.reach = c.half + (c.big + c.small) / 2;
    return c;
}

/* Rows per band. Drawn one edge after the other over the whole image, most of the time went
 * into waiting for pixel rows from memory (each row of an edge a new cache line, the image
 * 7.7 MB at 1600 x 1200): band by band, the band's rows (200 KB) stay in cache from one
 * edge to the next. Each pixel still gets the edges in scene order, so the image is the
 * same. */
#define BAND_ROWS 32

typedef struct raster {
    unsigned char *data;
    int w, h, stride;
    uint32_t src;
    const cm_scene *s;
    double k;
    int32_t *rows;        /* edge i's first and last row, 2i and 2i + 1; -1, -2 when not drawn */
    size_t parts;         /* threads drawing bands */
    atomic_int next_band; /* the next band not taken */
} raster;

static void draw_band(const raster *r, int lo, int hi)
{
    const cm_scene *s = r->s;

    for (size_t i = 0; i < s->n_edges; i++) {
        int py0 = r->rows[2 * i], py1 = r->rows[2 * i + 1];
        if (py1 < lo || py0 > hi) {
            continue;
        }
        capsule c = capsule_of(s, &s->edges[i], r->k);
        stroke(r->data, r->w, r->stride, py0 > lo ? py0 : lo, py1 < hi ? py1 : hi, &c, r->src,
               s->edges[i].alpha);
    }
}

static int drawn(const cm_scene *s, const cm_scene_edge *e)
{
    return s->nodes[e->source].drawn && s->nodes[e->target].drawn;
}

/* Each edge's rows, or -1, -2 for an edge not drawn. */
static void find_rows(const raster *r)
{
    const cm_scene *s = r->s;

    for (size_t i = 0; i < s->n_edges; i++) {
        r->rows[2 * i] = -1;
        r->rows[2 * i + 1] = -2;
        if (drawn(s, &s->edges[i])) {
            capsule c = capsule_of(s, &s->edges[i], r->k);
            rows_of(&c, r->h, &r->rows[2 * i], &r->rows[2 * i + 1]);
        }
    }
}

/* Without the memory for the bands: the whole image at once, the same pixels slower. */
static void draw_unbanded(const raster *r)
{
    const cm_scene *s = r->s;

    for (size_t i = 0; i < s->n_edges; i++) {
        if (drawn(s, &s->edges[i])) {
            capsule c = capsule_of(s, &s->edges[i], r->k);
            int py0, py1;
            rows_of(&c, r->h, &py0, &py1);
            stroke(r->data, r->w, r->stride, py0, py1, &c, r->src, s->edges[i].alpha);
        }
    }
}

/* Share k of r->parts: the next band not taken, until none is left. Taken one at a
 * time, so a thread that the writers beside it (or other programs) slow down holds no
 * one up at the end: the bands where edges crowd cost many times the others. */
static void band_share(void *ctx, size_t k)
{
    raster *r = ctx;
    int lo;

    (void)k;
    while ((lo = atomic_fetch_add(&r->next_band, 1) * BAND_ROWS) < r->h) {
        draw_band(r, lo, lo + BAND_ROWS - 1 < r->h - 1 ? lo + BAND_ROWS - 1 : r->h - 1);
    }
}

void cm_draw_edges_raster(cairo_surface_t *img, const cm_scene *s, double k, size_t threads)
{
    raster r = {NULL,
                cairo_image_surface_get_width(img),
                cairo_image_surface_get_height(img),
                cairo_image_surface_get_stride(img),
                0xFF000000u | (uint32_t)s->edge_color.r << 16 | (uint32_t)s->edge_color.g << 8 |
                    s->edge_color.b,
                s,
                k,
                cm_malloc((2 * s->n_edges + 1) * sizeof(int32_t)),
                threads > 1 ? threads : 1,
                0};
    size_t bands = (size_t)(r.h + BAND_ROWS - 1) / BAND_ROWS;

    cairo_surface_flush(img);
    r.data = cairo_image_surface_get_data(img);
    r.parts = r.parts < bands ? r.parts : bands > 0 ? bands : 1;
    atomic_init(&r.next_band, 0);
    if (r.data && r.rows) {
        find_rows(&r);
        if (r.parts > 1) {
            cm_run_shares(r.parts, band_share, &r);
        } else {
            band_share(&r, 0);
        }
    } else if (r.data) {
        draw_unbanded(&r);
    }
    cairo_surface_mark_dirty(img);
    cm_free(r.rows);
}
