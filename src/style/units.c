/* comention: lengths of the canvas with a unit (CSS Values and Units, level 3: 96 px per
 * inch, 72 pt per inch, 2.54 cm per inch). The drawing is made in CSS px; a unit only says
 * how the SVG states its printed size and how a PDF page is measured. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "comention/scene.h"

static const struct {
    const char *name;
    double px; /* CSS px per unit */
} units[] = {
    {"px", 1.0},          {"cm", CM_PX_PER_IN / 2.54}, {"mm", CM_PX_PER_IN / 25.4},
    {"in", CM_PX_PER_IN}, {"pt", CM_PX_PER_IN / 72.0},
};

const char *cm_length_unit_name(cm_length_unit u)
{
    return units[u].name;
}

double cm_length_unit_px(cm_length_unit u)
{
    return units[u].px;
}

int cm_length_parse(double *px, cm_length_unit *unit, const char *text)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(text, &end);
    /* strtod takes leading blanks, signs, hex and "inf": a length is a plain decimal. */
    if (end == text || errno || !isfinite(v) || !(v > 0) ||
        strspn(text, "0123456789.eE+-") < (size_t)(end - text) ||
        !((text[0] >= '0' && text[0] <= '9') || text[0] == '.')) {
        return -1;
    }
    for (size_t k = 0; k < sizeof(units) / sizeof(*units); k++) {
        if (*end == '\0' ? k == 0 : strcmp(end, units[k].name) == 0) {
            *px = v * units[k].px;
            *unit = (cm_length_unit)k;
            return 0;
        }
    }
    return -1;
}
