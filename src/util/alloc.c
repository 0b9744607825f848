/* comention: the one place our allocations go through. Alone in its file, so that a test
 * program can link its own four functions in its place (tests/unit/test_faults.c fails
 * the n-th allocation) without touching the library. */
#include <stdlib.h>
#include <string.h>
#include "util/util.h"

void *cm_malloc(size_t n)
{
    return malloc(n ? n : 1);
}

void *cm_calloc(size_t count, size_t size)
{
    return calloc(count ? count : 1, size ? size : 1);
}

void *cm_realloc(void *p, size_t n)
{
    return realloc(p, n ? n : 1);
}

void cm_free(void *p)
{
    free(p);
}
