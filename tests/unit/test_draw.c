/* Unit tests of the draw stage's own edge rasterizer (src/draw/edges.c): exact coverage of
 * a horizontal stroke and its round caps, edges composited one over the other, and a
 * diagonal stroke within a few levels of cairo's own along its length (a little more at
 * its round ends); and the PNG encoder against cairo's. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include <unistd.h>
#include "draw/draw_int.h"

/* A scene of two nodes and one black edge between them on a white 40 × 40 canvas. */
typedef struct tiny {
    cm_scene s;
    cm_scene_node nodes[2];
    cm_scene_edge edge[2];
} tiny;

static void tiny_init(tiny *t, double x0, double y0, double x1, double y1, double width,
                      double alpha)
{
    memset(t, 0, sizeof(*t));
    t->nodes[0].px = x0;
    t->nodes[0].py = y0;
    t->nodes[1].px = x1;
    t->nodes[1].py = y1;
    t->nodes[0].drawn = t->nodes[1].drawn = 1;
    t->edge[0] = (cm_scene_edge){0, 1, NULL, NULL, 1, width, alpha};
    t->s.nodes = t->nodes;
    t->s.n_nodes = 2;
    t->s.edges = t->edge;
    t->s.n_edges = 1;
    t->s.edge_color = (cm_rgb){0, 0, 0};
}

static cairo_surface_t *white(void)
{
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 40, 40);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_destroy(cr);
    return img;
}

/* The blue channel of pixel (x, y). */
static int blue(cairo_surface_t *img, int x, int y)
{
    const unsigned char *d = cairo_image_surface_get_data(img);
    uint32_t p;
    memcpy(&p, d + y * cairo_image_surface_get_stride(img) + 4 * x, 4);
    return (int)(p & 0xFF);
}

static void draw__horizontal_stroke_and_caps(void **state)
{
    tiny t;
    cairo_surface_t *img = white();
    (void)state;
    /* width 2 along the centres of row 20: rows 19 and 21 are half covered */
    tiny_init(&t, 10, 20.5, 30, 20.5, 2, 1);
    cm_draw_edges_raster(img, &t.s, 1, 1);
    assert_int_equal(blue(img, 20, 20), 0);
    assert_int_equal(blue(img, 20, 19), 128);
    assert_int_equal(blue(img, 20, 21), 128);
    assert_int_equal(blue(img, 20, 18), 255);
    assert_int_equal(blue(img, 20, 22), 255);
    /* round caps: a pixel one past the end is covered, two past is not */
    assert_int_equal(blue(img, 9, 20), 0);
    assert_int_equal(blue(img, 8, 20), 255);
    assert_int_equal(blue(img, 31, 20), 255);
    /* an edge over it at opacity 0.5 halves what is left */
    tiny_init(&t, 20.5, 5, 20.5, 35, 1, 0.5);
    cm_draw_edges_raster(img, &t.s, 1, 1);
    assert_int_equal(blue(img, 20, 19), 64);
    assert_int_equal(blue(img, 20, 20), 0);
    assert_int_equal(blue(img, 20, 30), 128);
    /* an edge to a node --draw-top left out is not drawn */
    tiny_init(&t, 5.5, 5, 5.5, 35, 1, 1);
    t.nodes[1].drawn = 0;
    cm_draw_edges_raster(img, &t.s, 1, 1);
    assert_int_equal(blue(img, 5, 20), 255);
    cairo_surface_destroy(img);
}

static void draw__diagonal_close_to_cairo(void **state)
{
    static const double widths[] = {0.6, 1.3, 3.0, 5.0};
    (void)state;
    for (size_t w = 0; w < sizeof(widths) / sizeof(*widths); w++) {
        tiny t;
        cairo_surface_t *ours = white(), *theirs = white();
        cairo_t *cr = cairo_create(theirs);
        int worst = 0, worst_end = 0;
        long sum = 0;
        tiny_init(&t, 4.3, 7.9, 33.2, 29.4, widths[w], 0.8);
        cm_draw_edges_raster(ours, &t.s, 1, 1);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_line_width(cr, widths[w]);
        cairo_set_source_rgba(cr, 0, 0, 0, 0.8);
        cairo_move_to(cr, 4.3, 7.9);
        cairo_line_to(cr, 33.2, 29.4);
        cairo_stroke(cr);
        cairo_destroy(cr);
        cairo_surface_flush(theirs);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                int d = abs(blue(ours, x, y) - blue(theirs, x, y));
                int near_end = hypot(x + 0.5 - 4.3, y + 0.5 - 7.9) < 2.5 ||
                               hypot(x + 0.5 - 33.2, y + 0.5 - 29.4) < 2.5;
                if (near_end) {
                    worst_end = d > worst_end ? d : worst_end;
                } else {
                    worst = d > worst ? d : worst;
                }
                sum += d;
            }
        }
        print_message("width %g: worst %d (at the ends %d), sum %ld\n", widths[w], worst, worst_end,
                      sum);
        /* Cairo samples coverage on a grid, we integrate it; the round ends use the distance
         * to the end, a little generous on strokes thinner than a pixel. */
        assert_true(worst <= 16);
        assert_true(worst_end <= 48);
        assert_true(sum <= 400);
        cairo_surface_destroy(ours);
        cairo_surface_destroy(theirs);
    }
}

/* Many crossing edges, widths and opacities seeded, on a canvas of several bands of rows:
 * the pixels do not depend on the threads the bands are shared out over. */
static void draw__same_pixels_for_any_threads(void **state)
{
    enum { N = 64, E = 400, W = 230, H = 170 };
    static const size_t threads[] = {2, 3, 7};
    cm_scene_node nodes[N];
    cm_scene_edge edges[E];
    cm_scene s;
    uint32_t x = 12345;
    cairo_surface_t *one = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
    (void)state;
    memset(&s, 0, sizeof(s));
    memset(nodes, 0, sizeof(nodes));
    for (size_t i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        nodes[i].px = (double)(x >> 8 & 0xFFFF) / 65536.0 * (W + 20) - 10;
        x = x * 1103515245u + 12345u;
        nodes[i].py = (double)(x >> 8 & 0xFFFF) / 65536.0 * (H + 20) - 10;
        nodes[i].drawn = i % 13 != 5;
    }
    for (size_t e = 0; e < E; e++) {
        x = x * 1103515245u + 12345u;
        edges[e] = (cm_scene_edge){(x >> 4) % N,
                                   (x >> 12) % N,
                                   NULL,
                                   NULL,
                                   1,
                                   0.3 + (double)(x >> 20 & 0xFF) / 40.0,
                                   0.05 + (double)(x >> 16 & 0x7F) / 160.0};
    }
    s.nodes = nodes;
    s.n_nodes = N;
    s.edges = edges;
    s.n_edges = E;
    s.edge_color = (cm_rgb){20, 40, 60};
    cm_draw_edges_raster(one, &s, 1.25, 1);
    cairo_surface_flush(one);
    for (size_t t = 0; t < sizeof(threads) / sizeof(*threads); t++) {
        cairo_surface_t *more = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
        cm_draw_edges_raster(more, &s, 1.25, threads[t]);
        cairo_surface_flush(more);
        assert_memory_equal(cairo_image_surface_get_data(one), cairo_image_surface_get_data(more),
                            (size_t)cairo_image_surface_get_stride(one) * H);
        cairo_surface_destroy(more);
    }
    /* and something was drawn */
    const uint32_t *p = (const uint32_t *)(const void *)cairo_image_surface_get_data(one);
    size_t touched = 0;
    for (size_t i = 0; i < (size_t)W * H; i++) {
        touched += p[i] != 0;
    }
    assert_true(touched > (size_t)W * H / 4);
    cairo_surface_destroy(one);
}

/* Fill an ARGB32 surface with seeded premultiplied pixels: opaque ones, or a mix with
 * transparent and half-transparent ones. */
static cairo_surface_t *random_surface(int w, int h, int opaque, unsigned seed)
{
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    uint32_t x = seed;

    for (int y = 0; y < h; y++) {
        uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * (size_t)stride);
        for (int i = 0; i < w; i++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            uint32_t a = opaque ? 255 : (x >> 24) % 3 == 0 ? 0 : (x >> 24);
            uint32_t r = (x & 0xff) * a / 255, g = ((x >> 8) & 0xff) * a / 255;
            uint32_t b = ((x >> 16) & 0xff) * a / 255;
            row[i] = a << 24 | r << 16 | g << 8 | b;
        }
    }
    cairo_surface_mark_dirty(img);
    return img;
}

/* Our PNG encoder and cairo's give the same image once read back, opaque (RGB) or not
 * (RGBA), over more rows than one IDAT chunk holds. */
static void draw__png_reads_back_as_cairo_writes(void **state)
{
    (void)state;
    for (int opaque = 0; opaque <= 1; opaque++) {
        cairo_surface_t *img = random_surface(173, 211, opaque, 7u + (unsigned)opaque);
        char ours[] = "/tmp/cm-png-oursXXXXXX", theirs[] = "/tmp/cm-png-cairoXXXXXX";
        int fd1 = mkstemp(ours), fd2 = mkstemp(theirs);
        FILE *fp = fdopen(fd1, "wb");
        cm_error err;

        assert_true(fd1 >= 0 && fd2 >= 0 && fp);
        close(fd2);
        assert_int_equal(cm_draw_png_encode(fp, img, ours, &err), CM_OK);
        assert_int_equal(fclose(fp), 0);
        assert_int_equal(cairo_surface_write_to_png(img, theirs), CAIRO_STATUS_SUCCESS);

        cairo_surface_t *a = cairo_image_surface_create_from_png(ours);
        cairo_surface_t *b = cairo_image_surface_create_from_png(theirs);
        assert_int_equal(cairo_surface_status(a), CAIRO_STATUS_SUCCESS);
        assert_int_equal(cairo_image_surface_get_width(a), 173);
        assert_int_equal(cairo_image_surface_get_height(a), 211);
        for (int y = 0; y < 211; y++) {
            size_t off = (size_t)y * (size_t)cairo_image_surface_get_stride(a);
            assert_memory_equal(cairo_image_surface_get_data(a) + off,
                                cairo_image_surface_get_data(b) + off, 173 * 4);
        }
        cairo_surface_destroy(a);
        cairo_surface_destroy(b);
        cairo_surface_destroy(img);
        unlink(ours);
        unlink(theirs);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(draw__horizontal_stroke_and_caps),
        cmocka_unit_test(draw__diagonal_close_to_cairo),
        cmocka_unit_test(draw__same_pixels_for_any_threads),
        cmocka_unit_test(draw__png_reads_back_as_cairo_writes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
