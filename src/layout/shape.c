/* comention: the layout turned and stretched to the canvas. Force layouts come out round
 * and at any angle; drawn on a landscape canvas, a round network leaves the sides empty
 * and its labels crowd. The principal axis is turned onto the canvas's long side, the
 * other components are packed close around the main one, and the short side is stretched, at most
 * STRETCH times, towards the canvas's aspect ratio. */
#include <math.h>
#include "layout/layout_int.h"

/* Largest stretch of one axis: beyond it, distances along the two axes stop being
 * comparable and clusters read as bands. */
#define STRETCH 1.6

static void mean(double m[2], const double *xy, size_t n)
{
    m[0] = m[1] = 0;
    for (size_t i = 0; i < n; i++) {
        m[0] += xy[2 * i] / (double)n;
        m[1] += xy[2 * i + 1] / (double)n;
    }
}

/* Turn about the mean so that the axis of largest variance lies along x (long_x) or y. */
static void turn(double *xy, size_t n, int long_x)
{
    double m[2], sxx = 0, syy = 0, sxy = 0, a, c, s;

    mean(m, xy, n);
    for (size_t i = 0; i < n; i++) {
        double dx = xy[2 * i] - m[0], dy = xy[2 * i + 1] - m[1];
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    a = 0.5 * atan2(2 * sxy, sxx - syy) - (long_x ? 0 : 1.57079632679489661923);
    c = cos(a);
    s = sin(a);
    for (size_t i = 0; i < n; i++) {
        double dx = xy[2 * i] - m[0], dy = xy[2 * i + 1] - m[1];
        xy[2 * i] = c * dx + s * dy;
        xy[2 * i + 1] = -s * dx + c * dy;
    }
}

/* The angle fixes each axis only up to its sign: mirror so that the heavier tail (third
 * moment) points right and up, whatever way the forces happened to turn the layout. */
static void orient(double *xy, size_t n)
{
    for (int c = 0; c < 2; c++) {
        double m3 = 0;
        for (size_t i = 0; i < n; i++) {
            m3 += xy[2 * i + c] * xy[2 * i + c] * xy[2 * i + c];
        }
        for (size_t i = 0; m3 < 0 && i < n; i++) {
            xy[2 * i + c] = -xy[2 * i + c];
        }
    }
}

static void stretch(double *xy, size_t n, double width, double height)
{
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY}, k;
    int c;

    for (size_t i = 0; i < n; i++) {
        for (c = 0; c < 2; c++) {
            lo[c] = fmin(lo[c], xy[2 * i + c]);
            hi[c] = fmax(hi[c], xy[2 * i + c]);
        }
    }
    if (!(hi[0] > lo[0]) || !(hi[1] > lo[1])) {
        return; /* on a line: nothing to stretch towards */
    }
    k = (width / height) / ((hi[0] - lo[0]) / (hi[1] - lo[1]));
    c = k >= 1 ? 0 : 1;
    k = fmin(k >= 1 ? k : 1 / k, STRETCH);
    for (size_t i = 0; i < n; i++) {
        xy[2 * i + c] *= k;
    }
}

cm_status cm_shape_to_canvas(double *xy, size_t n, const cm_edges *e, double width, double height,
                             cm_error *err)
{
    cm_status rc;

    if (n < 3 || !(width > 0) || !(height > 0)) {
        return CM_OK;
    }
    turn(xy, n, width >= height);
    orient(xy, n);
    rc = cm_pack_components(xy, n, e, width, height, err);
    if (rc == CM_OK) {
        stretch(xy, n, width, height);
    }
    return rc;
}
