/* comention: a map from strings to size_t (open addressing, linear probing). Keys are
 * borrowed: the caller keeps each key alive and unchanged while it is in the map. */
#include <string.h>
#include "util/util.h"

void cm_strmap_init(cm_strmap *m)
{
    memset(m, 0, sizeof(*m));
}

void cm_strmap_destroy(cm_strmap *m)
{
    cm_free(m->keys);
    cm_free(m->vals);
    cm_strmap_init(m);
}

static size_t slot(const cm_strmap *m, const char *key)
{
    size_t i = (size_t)cm_hash_bytes(key, strlen(key)) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0) {
        i = (i + 1) & (m->cap - 1);
    }
    return i;
}

size_t cm_strmap_get(const cm_strmap *m, const char *key)
{
    if (m->cap == 0) {
        return SIZE_MAX;
    }
    size_t i = slot(m, key);
    return m->keys[i] ? m->vals[i] : SIZE_MAX;
}

static cm_status grow(cm_strmap *m, cm_error *err)
{
    cm_strmap bigger;

    bigger.cap = m->cap ? m->cap * 2 : 64;
    bigger.n = 0;
    bigger.keys = cm_calloc(bigger.cap, sizeof(*bigger.keys));
    bigger.vals = cm_malloc(bigger.cap * sizeof(*bigger.vals));
    if (!bigger.keys || !bigger.vals) {
        cm_free(bigger.keys);
        cm_free(bigger.vals);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i]) {
            size_t j = slot(&bigger, m->keys[i]);
            bigger.keys[j] = m->keys[i];
            bigger.vals[j] = m->vals[i];
            bigger.n++;
        }
    }
    cm_strmap_destroy(m);
    *m = bigger;
    return CM_OK;
}

cm_status cm_strmap_put(cm_strmap *m, const char *key, size_t val, cm_error *err)
{
    if ((m->n + 1) * 4 > m->cap * 3) {
        cm_status rc = grow(m, err);
        if (rc != CM_OK) {
            return rc;
        }
    }
    size_t i = slot(m, key);
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->n++;
    }
    m->vals[i] = val;
    return CM_OK;
}
