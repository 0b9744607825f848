/* comention: sorting with a context argument. C11 qsort has none, and a file-level
 * "current context" variable would race when two threads sort at once, so the stages sort
 * through this heapsort: in place, no allocation (it cannot fail), O(n log n) worst case,
 * and deterministic for a given input order. Comparators must be total orders where the
 * order of equal elements would show in output, as with qsort. */
#include <string.h>
#include "util/util.h"

static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
    while (size-- > 0) {
        unsigned char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

static void sift_down(unsigned char *base, size_t root, size_t n, size_t size, cm_cmp_fn cmp,
                      void *ctx)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n) {
            return;
        }
        if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size, ctx) < 0) {
            child++;
        }
        if (cmp(base + root * size, base + child * size, ctx) >= 0) {
            return;
        }
        swap_bytes(base + root * size, base + child * size, size);
        root = child;
    }
}

void cm_sort(void *items, size_t n, size_t size, cm_cmp_fn cmp, void *ctx)
{
    unsigned char *base = items;

    if (n < 2) {
        return;
    }
    for (size_t i = n / 2; i-- > 0;) {
        sift_down(base, i, n, size, cmp, ctx);
    }
    for (size_t end = n - 1; end > 0; end--) {
        swap_bytes(base, base + end * size, size);
        sift_down(base, 0, end, size, cmp, ctx);
    }
}
