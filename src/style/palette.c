/* comention: the colours. Categories use the Okabe–Ito palette (Okabe & Ito 2008, "Color
 * Universal Design"), which stays distinguishable with every common colour-vision
 * deficiency; metrics use viridis (van der Walt & Smith 2015), perceptually uniform,
 * readable in grey and by colour-blind readers. */
#include <math.h>
#include <string.h>
#include "style/style_int.h"

static const cm_rgb type_colors[CM_N_TYPES] = {
    {0x00, 0x72, 0xB2}, /* actor: blue */
    {0x00, 0x9E, 0x73}, /* country: bluish green */
    {0xD5, 0x5E, 0x00}, /* weapon: vermillion */
};

/* Okabe–Ito without black (it is the text colour), yellow last (faint on white). */
static const cm_rgb community_colors[CM_PALETTE_COMMUNITIES] = {
    {0x00, 0x72, 0xB2}, {0xE6, 0x9F, 0x00}, {0x00, 0x9E, 0x73}, {0xCC, 0x79, 0xA7},
    {0x56, 0xB4, 0xE9}, {0xD5, 0x5E, 0x00}, {0xF0, 0xE4, 0x42},
};
static const cm_rgb community_rest = {0x99, 0x99, 0x99};

/* viridis at 0, 1/8, …, 1 (matplotlib's table). */
static const cm_rgb viridis[CM_RAMP_STOPS] = {
    {0x44, 0x01, 0x54}, {0x47, 0x2d, 0x7b}, {0x3b, 0x52, 0x8b},
    {0x2c, 0x72, 0x8e}, {0x21, 0x91, 0x8c}, {0x28, 0xae, 0x80},
    {0x5e, 0xc9, 0x62}, {0xad, 0xdc, 0x30}, {0xfd, 0xe7, 0x25},
};

static const char *const theme_names[] = {"light", "dark", "print"};

void cm_theme_colors_get(cm_theme_colors *out, cm_theme t)
{
    switch (t) {
    case CM_THEME_DARK:
        *out = (cm_theme_colors){{0x1b, 0x1c, 0x20},
                                 {0xa8, 0xa8, 0xb0},
                                 {0xe8, 0xe8, 0xea},
                                 {0x1b, 0x1c, 0x20},
                                 1.5,
                                 0.10,
                                 0.55};
        break;
    case CM_THEME_PRINT:
        /* On paper there is no hover and no zoom: outlines and stronger edges. */
        *out = (cm_theme_colors){{0xFF, 0xFF, 0xFF},
                                 {0x55, 0x55, 0x55},
                                 {0x00, 0x00, 0x00},
                                 {0x00, 0x00, 0x00},
                                 0.8,
                                 0.25,
                                 0.85};
        break;
    default:
        *out = (cm_theme_colors){{0xFF, 0xFF, 0xFF},
                                 {0x88, 0x88, 0x88},
                                 {0x22, 0x22, 0x22},
                                 {0xFF, 0xFF, 0xFF},
                                 1.5,
                                 0.15,
                                 0.60};
        break;
    }
}

cm_rgb cm_palette_type(cm_type t)
{
    return type_colors[t];
}

cm_rgb cm_palette_community(long c)
{
    return c >= 0 && c < CM_PALETTE_COMMUNITIES ? community_colors[c] : community_rest;
}

cm_rgb cm_palette_ramp(double t)
{
    double f = (t > 0 ? (t < 1 ? t : 1) : 0) * (CM_RAMP_STOPS - 1);
    int i = (int)f;
    if (i >= CM_RAMP_STOPS - 1) {
        return viridis[CM_RAMP_STOPS - 1];
    }
    double u = f - i;
    const cm_rgb *a = &viridis[i], *b = &viridis[i + 1];
    return (cm_rgb){(uint8_t)lround(a->r + (b->r - a->r) * u),
                    (uint8_t)lround(a->g + (b->g - a->g) * u),
                    (uint8_t)lround(a->b + (b->b - a->b) * u)};
}

void cm_palette_ramp_stops(cm_rgb out[CM_RAMP_STOPS])
{
    memcpy(out, viridis, sizeof(viridis));
}

int cm_color_by_parse(cm_color_by *out, cm_metric *metric, const char *name)
{
    if (strcmp(name, "type") == 0) {
        *out = CM_COLOR_TYPE;
        return 0;
    }
    if (strcmp(name, "community") == 0) {
        *out = CM_COLOR_COMMUNITY;
        return 0;
    }
    if (cm_metric_parse(metric, name) == 0) {
        *out = CM_COLOR_METRIC;
        return 0;
    }
    return -1;
}

int cm_theme_parse(cm_theme *out, const char *name)
{
    for (int i = 0; i < 3; i++) {
        if (strcmp(name, theme_names[i]) == 0) {
            *out = (cm_theme)i;
            return 0;
        }
    }
    return -1;
}

const char *cm_theme_name(cm_theme t)
{
    return theme_names[t];
}
