/* comention: a uniform grid over the canvas (a spatial hash without hashing: the canvas
 * is bounded). An item is filed under every cell its bounding box touches, in a linked
 * list per cell; a query walks the cells a box touches and reports each item once, marked
 * with the query's stamp. Items outside the canvas are clamped to its border cells. */
#include <math.h>
#include <stdint.h>
#include "style/style_int.h"
#include "util/util.h"

typedef struct entry {
    size_t id;
    size_t next; /* next entry of the same cell, or SIZE_MAX */
} entry;

struct cm_grid {
    double cell;
    size_t cols, rows;
    size_t *head; /* first entry of each cell, or SIZE_MAX */
    entry *entries;
    size_t n_entries, cap_entries;
    uint32_t *seen; /* per item: the stamp of the last query that reported it */
    size_t n_items;
    uint32_t stamp;
};

cm_status cm_grid_new(cm_grid **out, double width, double height, double cell, size_t n_items,
                      cm_error *err)
{
    cm_grid *g = cm_calloc(1, sizeof(*g));

    *out = NULL;
    if (g) {
        g->cell = cell;
        g->cols = (size_t)fmax(1.0, ceil(width / cell));
        g->rows = (size_t)fmax(1.0, ceil(height / cell));
        g->head = cm_malloc(g->cols * g->rows * sizeof(*g->head));
        g->seen = cm_calloc(n_items + 1, sizeof(*g->seen));
        g->n_items = n_items;
    }
    if (!g || !g->head || !g->seen) {
        cm_grid_free(g);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < g->cols * g->rows; i++) {
        g->head[i] = SIZE_MAX;
    }
    *out = g;
    return CM_OK;
}

void cm_grid_free(cm_grid *g)
{
    if (!g) {
        return;
    }
    cm_free(g->head);
    cm_free(g->entries);
    cm_free(g->seen);
    cm_free(g);
}

static size_t clamp_cell(double v, double cell, size_t n)
{
    double c = floor(v / cell);
    if (!(c > 0)) {
        return 0;
    }
    return c >= (double)n ? n - 1 : (size_t)c;
}

cm_status cm_grid_insert(cm_grid *g, size_t id, double x, double y, double w, double h,
                         cm_error *err)
{
    size_t c0 = clamp_cell(x, g->cell, g->cols), c1 = clamp_cell(x + w, g->cell, g->cols);
    size_t r0 = clamp_cell(y, g->cell, g->rows), r1 = clamp_cell(y + h, g->cell, g->rows);
    size_t need = g->n_entries + (c1 - c0 + 1) * (r1 - r0 + 1);
    cm_status rc = cm_grow(&g->entries, &g->cap_entries, need, sizeof(*g->entries), err);

    if (rc != CM_OK) {
        return rc;
    }
    for (size_t r = r0; r <= r1; r++) {
        for (size_t c = c0; c <= c1; c++) {
            size_t cell = r * g->cols + c;
            g->entries[g->n_entries] = (entry){id, g->head[cell]};
            g->head[cell] = g->n_entries++;
        }
    }
    return CM_OK;
}

int cm_grid_query(cm_grid *g, double x, double y, double w, double h,
                  int (*fn)(void *ctx, size_t id), void *ctx)
{
    size_t c0 = clamp_cell(x, g->cell, g->cols), c1 = clamp_cell(x + w, g->cell, g->cols);
    size_t r0 = clamp_cell(y, g->cell, g->rows), r1 = clamp_cell(y + h, g->cell, g->rows);

    if (++g->stamp == 0) { /* wrapped: forget every old stamp */
        for (size_t i = 0; i <= g->n_items; i++) {
            g->seen[i] = 0;
        }
        g->stamp = 1;
    }
    for (size_t r = r0; r <= r1; r++) {
        for (size_t c = c0; c <= c1; c++) {
            for (size_t e = g->head[r * g->cols + c]; e != SIZE_MAX; e = g->entries[e].next) {
                size_t id = g->entries[e].id;
                int stop;
                if (g->seen[id] == g->stamp) {
                    continue;
                }
                g->seen[id] = g->stamp;
                stop = fn(ctx, id);
                if (stop) {
                    return stop;
                }
            }
        }
    }
    return 0;
}
