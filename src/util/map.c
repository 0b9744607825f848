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
    cm_free(m->slots);
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

/* The slot holding key, or the free slot where it would go (cap > n: there is one). */
static cm_map64_slot *find(cm_map64_slot *slots, size_t cap, uint64_t key)
{
    for (size_t i = slot_of(key, cap);; i = (i + 1) & (cap - 1)) {
        if (slots[i].key == key || slots[i].key == CM_MAP_EMPTY) {
            return &slots[i];
        }
    }
}

size_t cm_map64_get(const cm_map64 *m, uint64_t key)
{
    const cm_map64_slot *s;

    if (m->cap == 0) {
        return SIZE_MAX;
    }
    s = find(m->slots, m->cap, key);
    return s->key == key ? s->val : SIZE_MAX;
}

void cm_map64_prefetch(const cm_map64 *m, uint64_t key)
{
    if (m->cap > 0) {
        __builtin_prefetch(&m->slots[slot_of(key, m->cap)]);
    }
}

static cm_status rehash(cm_map64 *m, size_t ncap, cm_error *err)
{
    cm_map64_slot *slots = cm_malloc(ncap * sizeof(*slots));

    if (!slots) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < ncap; i++) {
        slots[i].key = CM_MAP_EMPTY;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key != CM_MAP_EMPTY) {
            *find(slots, ncap, m->slots[i].key) = m->slots[i];
        }
    }
    cm_free(m->slots);
    m->slots = slots;
    m->cap = ncap;
    return CM_OK;
}

cm_status cm_map64_put(cm_map64 *m, uint64_t key, size_t val, cm_error *err)
{
    cm_map64_slot *s;

    if ((m->n + 1) * 4 > m->cap * 3) {
        cm_status rc = rehash(m, m->cap ? m->cap * 2 : 64, err);
        if (rc != CM_OK) {
            return rc;
        }
    }
    s = find(m->slots, m->cap, key);
    if (s->key == CM_MAP_EMPTY) {
        s->key = key;
        m->n++;
    }
    s->val = val;
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
