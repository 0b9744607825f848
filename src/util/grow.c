/* comention: strings and growable arrays on top of the allocator (alloc.c). */
#include <string.h>
#include "util/util.h"

char *cm_strndup(const char *s, size_t n)
{
    char *d = cm_malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *cm_strdup(const char *s)
{
    return cm_strndup(s, strlen(s));
}

cm_status cm_grow(void *items, size_t *cap, size_t need, size_t elem, cm_error *err)
{
    void **p = items;
    size_t ncap = *cap ? *cap : 8;
    void *np;

    if (need <= *cap) {
        return CM_OK;
    }
    if (*cap == 0 && need > ncap) {
        ncap = need; /* a first, known size (a reservation): exactly that */
    }
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elem) {
            return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
        }
        ncap *= 2;
    }
    np = cm_realloc(*p, ncap * elem);
    if (!np) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    *p = np;
    *cap = ncap;
    return CM_OK;
}

char *cm_path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    bool slash = a > 0 && dir[a - 1] != '/';
    char *p = cm_malloc(a + slash + b + 1);

    if (!p) {
        return NULL;
    }
    memcpy(p, dir, a);
    if (slash) {
        p[a] = '/';
    }
    memcpy(p + a + slash, name, b + 1);
    return p;
}
