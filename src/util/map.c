/* comention: an open-addressing hash map from 64-bit keys to size_t, linear probing. */
#include <stdlib.h>
#include <string.h>
#include "util/util.h"

void cm_map64_init(cm_map64 *m)
{
    memset(m, 0, sizeof(*m));
}

void cm_map64_destroy(cm_map64 *m)
{
    cm_free(m->keys);
    cm_free(m->vals);
    cm_map64_init(m);
}

static size_t slot_of(uint64_t key, size_t cap)
{
    /* MurmurHash3's finaliser: every key bit reaches the low bits the mask keeps. Keys are
     * structured (trie edges node << 21 | code point, pairs a << 32 | b), so the low bits
     * alone would collide. */
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ull;
    key ^= key >> 33;
    return (size_t)key & (cap - 1);
}

size_t cm_map64_get(const cm_map64 *m, uint64_t key)
{
    if (m->cap == 0) {
        return SIZE_MAX;
    }
    for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == key) {
            return m->vals[i];
        }
        if (m->keys[i] == CM_MAP_EMPTY) {
            return SIZE_MAX;
        }
    }
}

static void insert(uint64_t *keys, size_t *vals, size_t cap, uint64_t key, size_t val)
{
    size_t i = slot_of(key, cap);
    while (keys[i] != CM_MAP_EMPTY && keys[i] != key) {
        i = (i + 1) & (cap - 1);
    }
    keys[i] = key;
    vals[i] = val;
}

static cm_status rehash(cm_map64 *m, size_t ncap, cm_error *err)
{
    uint64_t *keys = cm_malloc(ncap * sizeof(*keys));
    size_t *vals = cm_malloc(ncap * sizeof(*vals));

    if (!keys || !vals) {
        cm_free(keys);
        cm_free(vals);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    memset(keys, 0xFF, ncap * sizeof(*keys));
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] != CM_MAP_EMPTY) {
            insert(keys, vals, ncap, m->keys[i], m->vals[i]);
        }
    }
    cm_free(m->keys);
    cm_free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = ncap;
    return CM_OK;
}

cm_status cm_map64_put(cm_map64 *m, uint64_t key, size_t val, cm_error *err)
{
    if ((m->n + 1) * 4 > m->cap * 3) {
        cm_status rc = rehash(m, m->cap ? m->cap * 2 : 64, err);
        if (rc != CM_OK) {
            return rc;
        }
    }
    if (cm_map64_get(m, key) == SIZE_MAX) {
        m->n++;
    }
    insert(m->keys, m->vals, m->cap, key, val);
    return CM_OK;
}

uint64_t cm_hash_bytes(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ull;

    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ull;
    }
    return h == CM_MAP_EMPTY ? h - 1 : h;
}
