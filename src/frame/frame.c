/* comention: the canvas frame (comention/frame.h), a part of its own that includes no
 * stage: the layout's prevent-overlap phase, the overlap removal and the style stage all
 * map positions into the picture with cm_frame_fit(), so what is de-overlapped is exactly
 * what is drawn. The radius range
 * keeps the share of the canvas under discs bounded: with a fixed range, 2,000 nodes
 * covered a third of a 1600 × 1200 canvas and removing their overlaps packed them into a
 * rectangle, erasing the layout's clusters. */
#include <math.h>
#include "comention/frame.h"

#define PI 3.14159265358979323846

void cm_frame_fit(cm_fit *out, const cm_frame *f, const double *xy, const double *r, size_t n)
{
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY}, k = INFINITY;
    double side[2] = {f->x1 - f->x0, f->y1 - f->y0};

    for (size_t i = 0; i < n; i++) {
        double ri = r ? r[i] : 0.0;
        for (int c = 0; c < 2; c++) {
            lo[c] = fmin(lo[c], xy[2 * i + c] - ri);
            hi[c] = fmax(hi[c], xy[2 * i + c] + ri);
        }
    }
    for (int c = 0; c < 2; c++) {
        if (n > 0 && hi[c] > lo[c]) {
            k = fmin(k, side[c] / (hi[c] - lo[c]));
        }
    }
    out->k = isfinite(k) && k > 0 ? k : 1.0;
    out->cx = n > 0 ? (lo[0] + hi[0]) / 2 : 0.0;
    out->cy = n > 0 ? (lo[1] + hi[1]) / 2 : 0.0;
    out->ox = (f->x0 + f->x1) / 2;
    out->oy = (f->y0 + f->y1) / 2;
}

void cm_fit_apply(const cm_fit *fit, double x, double y, double *px, double *py)
{
    *px = fit->ox + fit->k * (x - fit->cx);
    *py = fit->oy - fit->k * (y - fit->cy);
}

/* Area the nodes keep for themselves, discs and the gap the overlap removal leaves around
 * them, for a range shrunk by factor s (1: the canvas's own range). */
static double covered(double s, double rmin, double rmax, const double *t, size_t n)
{
    double lo = fmax(CM_FRAME_MIN_RADIUS, rmin * s), hi = fmax(lo, rmax * sqrt(s)), area = 0;

    for (size_t i = 0; i < n; i++) {
        double r = lo + (hi - lo) * t[i] + CM_FRAME_GAP_PX / 2;
        area += PI * r * r;
    }
    return area;
}

void cm_frame_radius_range(double *rmin, double *rmax, double width, double height, const double *t,
                           size_t n)
{
    double r0 = 4.0, r1 = fmin(40.0, fmax(10.0, fmin(width, height) / 30.0));
    double budget = CM_FRAME_DISC_SHARE * width * height, lo = 0, hi = 1;

    if (covered(1.0, r0, r1, t, n) > budget) {
        /* Coverage grows with s: bisect for the largest s within the budget (or the
         * smallest range there is, when even the dots take more). */
        for (int step = 0; step < 50; step++) {
            double mid = (lo + hi) / 2;
            if (covered(mid, r0, r1, t, n) > budget) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        r0 = fmax(CM_FRAME_MIN_RADIUS, r0 * lo);
        r1 = fmax(r0, r1 * sqrt(lo));
    }
    *rmin = r0;
    *rmax = r1;
}
