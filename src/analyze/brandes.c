/* comention: weighted betweenness by Brandes' algorithm (J. Math. Sociol. 2001), written
 * to reproduce networkx 2.8.8's betweenness_centrality exactly (DESIGN.md §6): distances
 * are summed in floating point along each path, and two paths count as equally short only
 * when their sums are bit-for-bit equal, as networkx's Dijkstra compares them. igraph
 * compares with a tolerance, which gives other values wherever float sums of equal real
 * lengths differ in the last bit (1/2 = 1/6 + 1/3 is not exact in binary). */
#include <string.h>
#include "analyze/brandes.h"
#include "util/util.h"

typedef struct item {
    double d;
    uint64_t seq; /* push order: networkx's heap ties are broken by a counter */
    size_t pred, v;
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

typedef struct state {
    const cm_adjacency *g;
    double *sigma, *dist, *seen, *delta;
    char *done, *has_seen;
    size_t *order, n_order;  /* nodes in the order they were settled (networkx's S) */
    size_t *preds, *n_preds; /* node v's predecessors at preds[g->off[v] ...] */
    heap q;
} state;

/* networkx's _single_source_dijkstra_path_basic, step for step. */
static cm_status dijkstra(state *st, size_t s, cm_error *err)
{
    const cm_adjacency *g = st->g;
    uint64_t seq = 0;
    cm_status rc;

    memset(st->sigma, 0, g->n * sizeof(double));
    memset(st->done, 0, g->n);
    memset(st->has_seen, 0, g->n);
    memset(st->n_preds, 0, g->n * sizeof(size_t));
    st->n_order = 0;
    st->q.n = 0;
    st->sigma[s] = 1.0;
    st->seen[s] = 0;
    st->has_seen[s] = 1;
    rc = push(&st->q, (item){0, seq++, s, s}, err);
    while (rc == CM_OK && st->q.n > 0) {
        item it = pop(&st->q);
        size_t v = it.v;
        if (st->done[v]) {
            continue;
        }
        st->sigma[v] += st->sigma[it.pred];
        st->order[st->n_order++] = v;
        st->dist[v] = it.d;
        st->done[v] = 1;
        for (size_t k = g->off[v]; k < g->off[v + 1] && rc == CM_OK; k++) {
            size_t w = g->adj[k];
            double d = it.d + g->len[k];
            if (!st->done[w] && (!st->has_seen[w] || d < st->seen[w])) {
                st->seen[w] = d;
                st->has_seen[w] = 1;
                rc = push(&st->q, (item){d, seq++, v, w}, err);
                st->sigma[w] = 0.0;
                st->preds[g->off[w]] = v;
                st->n_preds[w] = 1;
            } else if (st->has_seen[w] && d == st->seen[w]) {
                st->sigma[w] += st->sigma[v];
                st->preds[g->off[w] + st->n_preds[w]++] = v;
            }
        }
    }
    return rc;
}

/* networkx's _accumulate_basic. */
static void accumulate(state *st, double *out, size_t s)
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
        if (w != s) {
            out[w] += st->delta[w];
        }
    }
}

cm_status cm_brandes(double *out, const cm_adjacency *g, const size_t *sources, size_t n_sources,
                     cm_error *err)
{
    size_t n = g->n;
    state st;
    cm_status rc = CM_OK;

    memset(&st, 0, sizeof(st));
    st.g = g;
    st.sigma = cm_malloc((n + 1) * sizeof(double));
    st.dist = cm_malloc((n + 1) * sizeof(double));
    st.seen = cm_malloc((n + 1) * sizeof(double));
    st.delta = cm_malloc((n + 1) * sizeof(double));
    st.done = cm_malloc(n + 1);
    st.has_seen = cm_malloc(n + 1);
    st.order = cm_malloc((n + 1) * sizeof(size_t));
    st.n_preds = cm_malloc((n + 1) * sizeof(size_t));
    st.preds = cm_malloc((g->off[n] + 1) * sizeof(size_t));
    if (!st.sigma || !st.dist || !st.seen || !st.delta || !st.done || !st.has_seen || !st.order ||
        !st.n_preds || !st.preds) {
        rc = cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    memset(out, 0, n * sizeof(double));
    for (size_t i = 0; i < n_sources && rc == CM_OK; i++) {
        rc = dijkstra(&st, sources[i], err);
        if (rc == CM_OK) {
            accumulate(&st, out, sources[i]);
        }
    }
    cm_free(st.sigma);
    cm_free(st.dist);
    cm_free(st.seen);
    cm_free(st.delta);
    cm_free(st.done);
    cm_free(st.has_seen);
    cm_free(st.order);
    cm_free(st.n_preds);
    cm_free(st.preds);
    cm_free(st.q.a);
    return rc;
}
