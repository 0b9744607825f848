/* comention: counts put together from tables rather than counted from text: a graph read
 * back from a file (comention render) or generated for a test. The entries go through the
 * same interning as counting, so cm_counts_finish() orders them the same way. */
#include <string.h>
#include "count/count_int.h"

cm_status cm_counts_put_entity(cm_counts *c, const cm_entity_count *e, cm_error *err)
{
    size_t i;
    cm_status rc;

    if (cm_strmap_get(&c->ent_map, e->id) != SIZE_MAX) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "duplicate entity id '%s'", e->id);
    }
    rc = cm_counts_intern(c, e->id, e->label, e->subtype ? e->subtype : "", e->type, e->discovered,
                          &i, err);
    if (rc == CM_OK) {
        c->ents[i].mentions = e->mentions;
        c->ents[i].units = e->units;
        c->ents[i].documents = e->documents;
    }
    return rc;
}

cm_status cm_counts_put_pair(cm_counts *c, size_t a, size_t b, uint64_t units, uint64_t documents,
                             cm_error *err)
{
    size_t i;
    cm_status rc;

    if (a == b || a >= c->n_ents || b >= c->n_ents) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "a pair needs two different entities");
    }
    rc = cm_counts_intern_pair(c, a, b, &i, err);
    if (rc == CM_OK) {
        c->pairs[i].units += units;
        c->pairs[i].documents += documents;
    }
    return rc;
}

size_t cm_counts_find_entity(const cm_counts *c, const char *id)
{
    return cm_strmap_get(&c->ent_map, id);
}

size_t cm_counts_find_pair(const cm_counts *c, size_t a, size_t b)
{
    uint64_t lo = a < b ? a : b, hi = a < b ? b : a;
    size_t l = 0, h = c->n_pairs;

    if (!c->pairs_sorted) {
        return cm_counts_pair_lookup(c, (lo << 32) | hi);
    }
    while (l < h) {
        size_t mid = l + (h - l) / 2;
        const cm_pair_count *p = &c->pairs[mid];
        if (p->a < lo || (p->a == lo && p->b < hi)) {
            l = mid + 1;
        } else {
            h = mid;
        }
    }
    return l < c->n_pairs && c->pairs[l].a == lo && c->pairs[l].b == hi ? l : SIZE_MAX;
}
