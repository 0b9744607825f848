/* comention: small components and isolates brought near the main component. LinLog's
 * weak gravity lets every node without edges settle where the repulsion of the whole graph
 * balances its pull, often twice as far out as the main component's rim: fitted into the
 * picture, the main component shrinks to a fraction of it. Each other component is moved
 * rigidly along the ray from the main component's centre, so that the farthest lands at
 * BAND times the main component's radius and the others keep their order of distance in
 * between (their directions, and so the neighbourhoods the forces gave them, are kept). */
#include <math.h>
#include <stdlib.h>
#include "layout/layout_int.h"
#include "util/util.h"

/* Outer edge of the band the other components are moved into, in main-component radii. */
#define BAND 1.35

/* The final packing on the canvas's shape: the main component's radius is the distance
 * holding PACK_SHARE of its nodes (a lone chain of leaves does not push the others out),
 * and the other components go into PACK_BAND times it. */
#define PACK_SHARE 0.9
#define PACK_BAND 1.15

static uint32_t find(uint32_t *parent, uint32_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]]; /* path halving */
        i = parent[i];
    }
    return i;
}

/* Label every node with its component's root, the smallest node index in it. */
static void components(uint32_t *root, size_t n, const cm_edges *e)
{
    for (size_t i = 0; i < n; i++) {
        root[i] = (uint32_t)i;
    }
    for (size_t k = 0; k < e->n; k++) {
        uint32_t a = find(root, e->a[k]), b = find(root, e->b[k]);
        if (a < b) {
            root[b] = a;
        } else if (b < a) {
            root[a] = b;
        }
    }
    for (size_t i = 0; i < n; i++) {
        root[i] = find(root, (uint32_t)i);
    }
}

/* Centroids (sum[2r], sum[2r + 1]) / count[r] of the components, by root. */
static void centroids(double *sum, double *count, const uint32_t *root, const double *xy, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sum[2 * root[i]] += xy[2 * i];
        sum[2 * root[i] + 1] += xy[2 * i + 1];
        count[root[i]] += 1;
    }
}

/* Radius of the main component around its centroid c, and the farthest other centroid. */
static void extents(double *radius, double *farthest, const double c[2], uint32_t main,
                    const uint32_t *root, const double *sum, const double *count, const double *xy,
                    size_t n)
{
    *radius = 0;
    *farthest = 0;
    for (size_t i = 0; i < n; i++) {
        if (root[i] == main) {
            *radius = fmax(*radius, hypot(xy[2 * i] - c[0], xy[2 * i + 1] - c[1]));
        } else if (root[i] == i) {
            double d = hypot(sum[2 * i] / count[i] - c[0], sum[2 * i + 1] / count[i] - c[1]);
            *farthest = fmax(*farthest, d);
        }
    }
}

static void move_in(double *xy, const uint32_t *root, const double *sum, const double *count,
                    const double c[2], const double rf[3], uint32_t main, size_t n)
{
    double radius = rf[0], farthest = rf[1], band = rf[2];

    for (size_t i = 0; i < n; i++) {
        size_t r = root[i];
        double dx = sum[2 * r] / count[r] - c[0], dy = sum[2 * r + 1] / count[r] - c[1];
        double d = hypot(dx, dy), to;
        if (r == main || d <= radius) {
            continue;
        }
        to = radius + (d - radius) * (band - 1) * radius / (farthest - radius);
        xy[2 * i] += dx * (to / d - 1);
        xy[2 * i + 1] += dy * (to / d - 1);
    }
}

/* Distance from c within which the share q of the main component's nodes lie. */
static double quantile_radius(double *scratch, double q, const double c[2], uint32_t main,
                              const uint32_t *root, const double *xy, size_t n)
{
    size_t m = 0;

    for (size_t i = 0; i < n; i++) {
        if (root[i] == main) {
            scratch[m++] = hypot(xy[2 * i] - c[0], xy[2 * i + 1] - c[1]);
        }
    }
    qsort(scratch, m, sizeof(*scratch), cm_cmp_double);
    return m > 0 ? scratch[(size_t)(q * (double)(m - 1))] : 0.0;
}

/* Pull with the main component's radius taken as the distance holding the share q of
 * its nodes (1: all), the others moved into band times that radius. */
static cm_status pull(double *xy, size_t n, const cm_edges *e, double q, double band, cm_error *err)
{
    uint32_t *root = cm_malloc((n + 1) * sizeof(*root)), main = 0;
    double *sum = cm_calloc(2 * n + 1, sizeof(*sum)), *count = cm_calloc(n + 1, sizeof(*count));
    double *dist = cm_malloc((n + 1) * sizeof(*dist)), c[2], rf[3] = {0, 0, band};
    cm_status rc = CM_OK;

    if (!root || !sum || !count || !dist) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        goto cleanup;
    }
    components(root, n, e);
    centroids(sum, count, root, xy, n);
    for (size_t i = 0; i < n; i++) {
        main = count[i] > count[main] ? (uint32_t)i : main; /* ties: the smallest root */
    }
    c[0] = sum[2 * main] / count[main];
    c[1] = sum[2 * main + 1] / count[main];
    extents(&rf[0], &rf[1], c, main, root, sum, count, xy, n);
    if (q < 1) {
        rf[0] = quantile_radius(dist, q, c, main, root, xy, n);
    }
    /* A main component of one node (no edges at all) gives no scale to go by. */
    if (count[main] > 1 && rf[0] > 0 && rf[1] > band * rf[0]) {
        move_in(xy, root, sum, count, c, rf, main, n);
    }
cleanup:
    cm_free(root);
    cm_free(sum);
    cm_free(count);
    cm_free(dist);
    return rc;
}

cm_status cm_pull_components(double *xy, size_t n, const cm_edges *e, cm_error *err)
{
    return pull(xy, n, e, 1.0, BAND, err);
}

cm_status cm_pack_components(double *xy, size_t n, const cm_edges *e, double width, double height,
                             cm_error *err)
{
    double a = width / height;
    cm_status rc;

    /* Distances measured on the canvas's shape: a main component that fills a landscape
     * canvas is a circle here, and the band around it follows the canvas. */
    for (size_t i = 0; i < n; i++) {
        xy[2 * i + 1] *= a;
    }
    rc = pull(xy, n, e, PACK_SHARE, PACK_BAND, err);
    for (size_t i = 0; i < n; i++) {
        xy[2 * i + 1] /= a;
    }
    return rc;
}
