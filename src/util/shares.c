/* comention: work cut into shares run at once, one thread each. The callers give each share
 * a fixed part of the work, so what a share computes does not depend on the threads. */
#include <pthread.h>
#include <stdlib.h>
#if defined(__GLIBC__) /* known once a libc header is in */
#include <malloc.h>
#endif
#include "util/util.h"

typedef struct share {
    void (*fn)(void *ctx, size_t k);
    void *ctx;
    size_t k;
} share;

static void *run_share(void *arg)
{
    share *s = arg;
    s->fn(s->ctx, s->k);
    return NULL;
}

void cm_run_shares(size_t n, void (*fn)(void *ctx, size_t k), void *ctx)
{
    pthread_t *t = calloc(n, sizeof(*t));
    share *s = calloc(n, sizeof(*s));
    int *started = calloc(n, sizeof(*started));

    for (size_t k = 1; k < n && t && s && started; k++) {
        s[k] = (share){fn, ctx, k};
        started[k] = pthread_create(&t[k], NULL, run_share, &s[k]) == 0;
    }
    fn(ctx, 0);
    for (size_t k = 1; k < n; k++) {
        if (started && started[k]) {
            pthread_join(t[k], NULL);
        } else {
            fn(ctx, k); /* no thread: its share runs here */
        }
    }
    free(t);
    free(s);
    free(started);
    if (n > 1) {
        cm_release_thread_memory();
    }
}

void cm_release_thread_memory(void)
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
