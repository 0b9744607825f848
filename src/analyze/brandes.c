/* comention: weighted betweenness by Brandes' algorithm (J. Math. Sociol. 2001), written
 * to reproduce networkx 2.8.8's betweenness_centrality exactly (docs/design.md §6): distances
 * are summed in floating point along each path, and two paths count as equally short only
 * when their sums are bit-for-bit equal, as networkx's Dijkstra compares them. igraph
 * compares with a tolerance, which gives other values wherever float sums of equal real
 * lengths differ in the last bit (1/2 = 1/6 + 1/3 is not exact in binary). */
#include <pthread.h>
#include <string.h>
#include "analyze/brandes.h"
#include "util/util.h"

/* Nodes, edge slots and pushes are counted in 32 bits (cm_all_paths() checks the graph
 * fits): the heap's items and the scratch below are smaller, and two threads running
 * sources side by side share the caches better. */
typedef struct item {
    double d;
    uint32_t seq; /* push order: networkx's heap ties are broken by a counter */
    uint32_t pred, v;
} item;

typedef struct heap {
    item *a;
    size_t n, cap;
} heap;

static int before(const item *x, const item *y)
{
    return x->d < y->d || (x->d == y->d && x->seq < y->seq);
}

static cm_status push(heap *h, item it, cm_error *err)
{
    cm_status rc = cm_grow(&h->a, &h->cap, h->n + 1, sizeof(*h->a), err);
    size_t i;
    if (rc != CM_OK) {
        return rc;
    }
    i = h->n++;
    while (i > 0 && before(&it, &h->a[(i - 1) / 2])) {
        h->a[i] = h->a[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->a[i] = it;
    return CM_OK;
}

static item pop(heap *h)
{
    item top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n) {
            break;
        }
        if (c + 1 < h->n && before(&h->a[c + 1], &h->a[c])) {
            c++;
        }
        if (!before(&h->a[c], &last)) {
            break;
        }
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n > 0) {
        h->a[i] = last;
    }
    return top;
}

/* A node's state in one Dijkstra run. */
enum { UNSEEN = 0, SEEN = 1, DONE = 2 };

typedef struct state {
    const cm_adjacency *g;
    double *sigma, *seen, *delta; /* seen: the tentative distance, final once DONE */
    unsigned char *mark;          /* UNSEEN, SEEN, DONE */
    uint32_t *order, n_order;     /* nodes in the order they were settled (networkx's S) */
    uint32_t *preds, *n_preds;    /* node v's predecessors at preds[g->off[v] ...] */
    heap q;
} state;

/* networkx's _single_source_dijkstra_path_basic, step for step. A node's first pop has
 * the least distance pushed for it, which is its last `seen`: so `seen` is its distance. */
static cm_status dijkstra(state *st, size_t s, cm_error *err)
{
    const cm_adjacency *g = st->g;
    uint32_t seq = 0;
    cm_status rc;

    memset(st->sigma, 0, g->n * sizeof(double));
    memset(st->mark, UNSEEN, g->n);
    memset(st->n_preds, 0, g->n * sizeof(uint32_t));
    st->n_order = 0;
    st->q.n = 0;
    st->sigma[s] = 1.0;
    st->seen[s] = 0;
    st->mark[s] = SEEN;
    rc = push(&st->q, (item){0, seq++, (uint32_t)s, (uint32_t)s}, err);
    while (rc == CM_OK && st->q.n > 0) {
        item it = pop(&st->q);
        size_t v = it.v;
        if (st->mark[v] == DONE) {
            continue;
        }
        st->sigma[v] += st->sigma[it.pred];
        st->order[st->n_order++] = (uint32_t)v;
        st->mark[v] = DONE;
        for (size_t k = g->off[v]; k < g->off[v + 1] && rc == CM_OK; k++) {
            size_t w = g->adj[k];
            double d = it.d + g->len[k];
            if (st->mark[w] == UNSEEN || (st->mark[w] == SEEN && d < st->seen[w])) {
                st->seen[w] = d;
                st->mark[w] = SEEN;
                rc = push(&st->q, (item){d, seq++, (uint32_t)v, (uint32_t)w}, err);
                st->sigma[w] = 0.0;
                st->preds[g->off[w]] = (uint32_t)v;
                st->n_preds[w] = 1;
            } else if (st->mark[w] != UNSEEN && d == st->seen[w]) {
                st->sigma[w] += st->sigma[v];
                st->preds[g->off[w] + st->n_preds[w]++] = (uint32_t)v;
            }
        }
    }
    return rc;
}

/* networkx's _accumulate_basic, δ left in st->delta (keep_terms() takes it from there). */
static void accumulate(state *st)
{
    for (size_t i = 0; i < st->n_order; i++) {
        st->delta[st->order[i]] = 0;
    }
    for (size_t i = st->n_order; i-- > 0;) {
        size_t w = st->order[i];
        double coeff = (1 + st->delta[w]) / st->sigma[w];
        for (size_t k = 0; k < st->n_preds[w]; k++) {
            size_t v = st->preds[st->g->off[w] + k];
            st->delta[v] += st->sigma[v] * coeff;
        }
    }
}

static void state_free(state *st)
{
    cm_free(st->sigma);
    cm_free(st->seen);
    cm_free(st->delta);
    cm_free(st->mark);
    cm_free(st->order);
    cm_free(st->n_preds);
    cm_free(st->preds);
    cm_free(st->q.a);
}

static cm_status state_init(state *st, const cm_adjacency *g, cm_error *err)
{
    size_t n = g->n;

    memset(st, 0, sizeof(*st));
    st->g = g;
    st->sigma = cm_malloc((n + 1) * sizeof(double));
    st->seen = cm_malloc((n + 1) * sizeof(double));
    st->delta = cm_malloc((n + 1) * sizeof(double));
    st->mark = cm_malloc(n + 1);
    st->order = cm_malloc((n + 1) * sizeof(uint32_t));
    st->n_preds = cm_malloc((n + 1) * sizeof(uint32_t));
    st->preds = cm_malloc((g->off[n] + 1) * sizeof(uint32_t));
    if (!st->sigma || !st->seen || !st->delta || !st->mark || !st->order || !st->n_preds ||
        !st->preds) {
        state_free(st);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return CM_OK;
}

/* Closeness and harmonic centrality of the source, from its distances: networkx sums the
 * distances in the order Dijkstra settles the nodes, and so do we. */
static void closeness_of(const state *st, cm_paths *out, size_t s)
{
    double total = 0.0, harmonic = 0.0, n = (double)st->g->n;
    for (size_t i = 0; i < st->n_order; i++) {
        double d = st->seen[st->order[i]];
        total += d;
        if (d > 0) {
            harmonic += 1.0 / d;
        }
    }
    double r1 = (double)st->n_order - 1;
    out->closeness[s] = total > 0 && n > 1 ? r1 / total * (r1 / (n - 1)) : 0.0;
    out->harmonic[s] = harmonic;
}

/* Sources are taken this many at a time: small enough that the threads finish within a
 * chunk's time of each other, large enough that taking one costs nothing. */
#define CHUNK 8
/* A thread takes no chunk this many chunks per thread or more beyond the oldest one not
 * yet added (it waits): what a descheduled thread can make the others hold, each chunk's
 * terms about 8 × the nodes reached × 16 bytes (1.8 MB on the rare-entity corpus). */
#define AHEAD 2

/* One chunk's betweenness terms: each source's nonzero δ(w), source after source. */
typedef struct term {
    double delta;
    uint32_t w;
} term;

typedef struct terms {
    term *a;
    size_t n, cap;
    struct terms *next; /* in the free list */
} terms;

static void terms_free(terms *t)
{
    while (t) {
        terms *next = t->next;
        cm_free(t->a);
        cm_free(t);
        t = next;
    }
}

/* networkx adds each source's δ to the betweenness as soon as it has it, source after
 * source. So do we, whatever thread computed which source: chunks are added in source
 * order as they become ready, by whichever thread finds the next one ready, so every
 * node's sum is networkx's, the same for any number of threads. */
typedef struct pass {
    const cm_adjacency *g;
    const unsigned char *is_source;
    cm_paths *out;
    pthread_mutex_t lock; /* everything below */
    pthread_cond_t moved; /* `added` moved on */
    size_t n_chunks, next_chunk, added, ahead;
    terms **ready; /* n_chunks: a chunk's terms until they are added */
    terms *spare;  /* free list */
    int adding;    /* a thread is adding chunks */
    cm_status rc;
    cm_error err;
} pass;

/* Record the terms of source s (st after its Dijkstra and accumulation) in t. */
static cm_status keep_terms(terms *t, const state *st, size_t s, cm_error *err)
{
    for (size_t i = 0; i < st->n_order; i++) {
        size_t w = st->order[i];
        if (w == s || st->delta[w] == 0) {
            continue; /* adding 0 changes no sum */
        }
        cm_status rc = cm_grow(&t->a, &t->cap, t->n + 1, sizeof(*t->a), err);
        if (rc != CM_OK) {
            return rc;
        }
        t->a[t->n++] = (term){st->delta[w], (uint32_t)w};
    }
    return CM_OK;
}

/* Dijkstra, closeness and the betweenness terms of chunk c's sources. */
static cm_status run_chunk(pass *p, state *st, size_t c, terms *t, cm_error *err)
{
    size_t n = p->g->n, lo = c * CHUNK, hi = lo + CHUNK < n ? lo + CHUNK : n;
    cm_status rc = CM_OK;

    t->n = 0;
    for (size_t s = lo; s < hi && rc == CM_OK; s++) {
        rc = dijkstra(st, s, err);
        if (rc == CM_OK) {
            closeness_of(st, p->out, s);
            if (!p->is_source || p->is_source[s]) {
                accumulate(st);
                rc = keep_terms(t, st, s, err);
            }
        }
    }
    return rc;
}

/* Chunk c's terms are ready: add them and every ready chunk after them, in order, unless
 * another thread is at it (it will find them). Called and returns with the lock held. */
static void hand_in(pass *p, size_t c, terms *t)
{
    p->ready[c] = t;
    if (p->adding) {
        return;
    }
    p->adding = 1;
    while (p->added < p->n_chunks && p->ready[p->added]) {
        terms *r = p->ready[p->added];
        p->ready[p->added] = NULL;
        pthread_mutex_unlock(&p->lock);
        for (size_t i = 0; i < r->n; i++) {
            p->out->betweenness[r->a[i].w] += r->a[i].delta;
        }
        pthread_mutex_lock(&p->lock);
        r->next = p->spare;
        p->spare = r;
        p->added++;
        pthread_cond_broadcast(&p->moved);
    }
    p->adding = 0;
}

static void *run_pass(void *arg)
{
    pass *p = arg;
    state st;
    cm_error err;
    cm_status rc = state_init(&st, p->g, &err);
    int ready = rc == CM_OK;

    pthread_mutex_lock(&p->lock);
    for (;;) {
        if (rc != CM_OK && p->rc == CM_OK) {
            p->rc = rc;
            p->err = err;
            pthread_cond_broadcast(&p->moved);
        }
        while (p->rc == CM_OK && p->next_chunk < p->n_chunks &&
               p->next_chunk >= p->added + p->ahead) {
            pthread_cond_wait(&p->moved, &p->lock);
        }
        if (p->rc != CM_OK || p->next_chunk >= p->n_chunks) {
            break;
        }
        size_t c = p->next_chunk++;
        terms *t = p->spare;
        if (t) {
            p->spare = t->next;
        }
        pthread_mutex_unlock(&p->lock);
        if (!t && !(t = cm_calloc(1, sizeof(*t)))) {
            rc = cm_error_set(&err, CM_ENOMEM, NULL, 0, "out of memory");
        }
        if (rc == CM_OK) {
            rc = run_chunk(p, &st, c, t, &err);
        }
        pthread_mutex_lock(&p->lock);
        if (rc == CM_OK) {
            hand_in(p, c, t);
        } else if (t) {
            t->next = p->spare;
            p->spare = t;
        }
    }
    pthread_mutex_unlock(&p->lock);
    if (ready) {
        state_free(&st);
    }
    return NULL;
}

cm_status cm_all_paths(cm_paths *out, const cm_adjacency *g, const unsigned char *is_source,
                       size_t threads, void (*side)(void *), void *side_ctx, cm_error *err)
{
    size_t n = g->n;
    pass p;
    pthread_t tid[64];
    size_t started = 0;

    if (n >= UINT32_MAX || g->off[n] >= UINT32_MAX) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "too large a graph for the shortest paths");
    }
    memset(&p, 0, sizeof(p));
    p.g = g;
    p.is_source = is_source;
    p.out = out;
    p.rc = CM_OK;
    p.n_chunks = (n + CHUNK - 1) / CHUNK;
    p.ahead = AHEAD * (threads > 64 ? 64 : threads ? threads : 1) + 2;
    p.ready = cm_calloc(p.n_chunks + 1, sizeof(*p.ready));
    if (!p.ready) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    memset(out->betweenness, 0, n * sizeof(double));
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.moved, NULL);
    if (threads > 64) {
        threads = 64;
    }
    for (size_t t = 1; t < threads; t++) {
        if (pthread_create(&tid[started], NULL, run_pass, &p) == 0) {
            started++;
        }
    }
    if (side) {
        side(side_ctx);
    }
    run_pass(&p); /* this thread works too; with no thread started it does everything */
    for (size_t t = 0; t < started; t++) {
        pthread_join(tid[t], NULL);
    }
    pthread_cond_destroy(&p.moved);
    pthread_mutex_destroy(&p.lock);
    if (p.rc != CM_OK && err) {
        *err = p.err;
    }
    for (size_t c = 0; c < p.n_chunks; c++) {
        terms_free(p.ready[c]);
    }
    terms_free(p.spare);
    cm_free(p.ready);
    if (started > 0) {
        cm_release_thread_memory(); /* the threads' scratch, in arenas of their own */
    }
    return p.rc;
}
