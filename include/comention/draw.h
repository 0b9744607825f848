/* comention: the draw stage, a scene in, SVG, PNG or PDF out. */
#ifndef COMENTION_DRAW_H
#define COMENTION_DRAW_H

#include "comention/error.h"
#include "comention/scene.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Width of a leader line, CSS px. */
#define CM_LEADER_PX 0.8
/** Opacity of a leader line. */
#define CM_LEADER_ALPHA 0.6

/**
 * Write the scene as SVG 1.1: real <text> labels and a <title> per node and edge, so the
 * file can be searched and edited. Written to a temporary file and renamed into place.
 *
 * @param path  file to write
 * @param s     the scene
 * @param err   names the file on failure
 * @return CM_OK, CM_EIO or CM_ENOMEM
 */
cm_status cm_draw_svg(const char *path, const cm_scene *s, cm_error *err);

/**
 * Draw the scene to a PNG with cairo and Pango.
 *
 * @param path  file to write (temporary name, then renamed)
 * @param s     the scene
 * @param dpi   resolution: pixels = CSS px × dpi / 96 (a side is at most 32767 pixels)
 * @param threads  threads rasterizing the edges (0 or 1: this one); the image does not
 *                 depend on it
 * @param err   names the file on failure
 * @return CM_OK, CM_EUSAGE (too large), CM_EIO or CM_EINTERNAL
 */
cm_status cm_draw_png(const char *path, const cm_scene *s, double dpi, size_t threads,
                      cm_error *err);

/**
 * Draw the scene to a one-page PDF (vector, fonts embedded, fixed creation date so two
 * runs give the same bytes).
 *
 * @param path  file to write (temporary name, then renamed)
 * @param s     the scene
 * @param err   names the file on failure
 * @return CM_OK, CM_EIO or CM_EINTERNAL
 */
cm_status cm_draw_pdf(const char *path, const cm_scene *s, cm_error *err);

#ifdef __cplusplus
}
#endif

#endif
