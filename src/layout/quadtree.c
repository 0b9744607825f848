/* comention: the Barnes–Hut quadtree (Barnes & Hut 1986) ForceAtlas2 uses for repulsion,
 * as in Gephi's Region.java and graphology's iterate.js, but split at the middle of each
 * square cell rather than at its centre of mass, so the depth is bounded by the ratio of
 * the layout's size to the closest pair. Points are partitioned in place, stably, so the
 * tree and every sum over it come out the same for the same positions. */
#include <string.h>
#include "layout/layout_int.h"
#include "util/util.h"

/* A cell with this many points or fewer is a leaf: its points repel one by one, which is
 * as cheap as testing four children and exact. */
#define BH_LEAF 4
/* Below this depth a cell is a leaf whatever its size: only (nearly) coincident points
 * get there, and 2^-40 of the layout is far below anything a picture shows. */
#define BH_DEPTH 40

cm_status cm_bh_init(cm_bh_tree *t, size_t n, cm_error *err)
{
    memset(t, 0, sizeof(*t));
    t->n = n;
    t->order = cm_malloc((n + 1) * sizeof(*t->order));
    t->tmp = cm_malloc((n + 1) * sizeof(*t->tmp));
    if (!t->order || !t->tmp) {
        cm_bh_destroy(t);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return cm_grow(&t->cells, &t->cap, 2 * n + 1, sizeof(*t->cells), err);
}

void cm_bh_destroy(cm_bh_tree *t)
{
    cm_free(t->cells);
    cm_free(t->order);
    cm_free(t->tmp);
    memset(t, 0, sizeof(*t));
}

static unsigned quadrant(const double *p, double cx, double cy)
{
    return (unsigned)(p[0] >= cx) | (unsigned)(p[1] >= cy) << 1;
}

/* Reorder order[first .. first + n) by quadrant, keeping the order inside each. */
static void partition(cm_bh_tree *t, const double *xy, uint32_t first, uint32_t n, double cx,
                      double cy, uint32_t count[4])
{
    uint32_t start[4];

    memset(count, 0, 4 * sizeof(*count));
    for (uint32_t i = first; i < first + n; i++) {
        count[quadrant(&xy[2 * (size_t)t->order[i]], cx, cy)]++;
    }
    start[0] = first;
    for (int q = 1; q < 4; q++) {
        start[q] = start[q - 1] + count[q - 1];
    }
    for (uint32_t i = first; i < first + n; i++) {
        uint32_t p = t->order[i];
        t->tmp[start[quadrant(&xy[2 * (size_t)p], cx, cy)]++] = p;
    }
    memcpy(&t->order[first], &t->tmp[first], n * sizeof(*t->order));
}

static cm_status build(cm_bh_tree *t, const double *xy, const double *mass, uint32_t first,
                       uint32_t n, const double corner[2], double w, int depth, cm_error *err)
{
    size_t c = t->n_cells;
    double m = 0, sx = 0, sy = 0;
    uint32_t count[4];
    cm_status rc;

    rc = cm_grow(&t->cells, &t->cap, c + 1, sizeof(*t->cells), err);
    if (rc != CM_OK) {
        return rc;
    }
    t->n_cells++;
    for (uint32_t i = first; i < first + n; i++) {
        size_t p = t->order[i];
        m += mass[p];
        sx += xy[2 * p] * mass[p];
        sy += xy[2 * p + 1] * mass[p];
    }
    t->cells[c] = (cm_bh_cell){sx / m, sy / m, m, corner[0], corner[1], w, 0, first, n, 1};
    if (n > BH_LEAF && depth < BH_DEPTH) {
        t->cells[c].leaf = 0;
        partition(t, xy, first, n, corner[0] + w / 2, corner[1] + w / 2, count);
        for (unsigned q = 0; q < 4 && rc == CM_OK; q++) {
            double sub[2] = {corner[0] + (q & 1) * w / 2, corner[1] + (q >> 1) * w / 2};
            if (count[q] > 0) {
                rc = build(t, xy, mass, first, count[q], sub, w / 2, depth + 1, err);
            }
            first += count[q];
        }
    }
    t->cells[c].skip = (uint32_t)t->n_cells; /* cells may have moved: index, not pointer */
    return rc;
}

cm_status cm_bh_build(cm_bh_tree *t, const double *xy, const double *mass, cm_error *err)
{
    double lo[2] = {xy[0], xy[1]}, hi[2] = {xy[0], xy[1]}, w;

    for (size_t i = 0; i < t->n; i++) {
        t->order[i] = (uint32_t)i;
        for (int k = 0; k < 2; k++) {
            lo[k] = xy[2 * i + k] < lo[k] ? xy[2 * i + k] : lo[k];
            hi[k] = xy[2 * i + k] > hi[k] ? xy[2 * i + k] : hi[k];
        }
    }
    w = hi[0] - lo[0] > hi[1] - lo[1] ? hi[0] - lo[0] : hi[1] - lo[1];
    w = w > 0 ? w * (1 + 1e-9) : 1.0; /* a square, so every cell stays square */
    t->n_cells = 0;
    return t->n ? build(t, xy, mass, 0, (uint32_t)t->n, lo, w, 0, err) : CM_OK;
}
