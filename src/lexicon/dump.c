/* comention: the lexicon written back out: `lexicon dump` (the canonical XML form, which
 * reads back to the same lexicon), its SHA-256 for report.json, and `lexicon stats`. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include "lexicon/lexicon_int.h"

static int entity_order(const void *x, const void *y, void *ctx)
{
    const cm_lexicon *lex = ctx;
    return strcmp(lex->entities[*(const size_t *)x].id, lex->entities[*(const size_t *)y].id);
}

typedef struct alias_sort {
    const cm_lexicon *lex;
    const size_t *rank; /* entity index → position in the dump; stops rank last */
} alias_sort;

static size_t rank_of(const alias_sort *s, size_t entity)
{
    return entity == CM_STOP ? s->lex->n_entities : s->rank[entity];
}

/* Canonical alias order: entity (stops last), text, kind, rule, shared. */
static int alias_order(const void *x, const void *y, void *ctx)
{
    const alias_sort *s = ctx;
    const alias_rec *a = &s->lex->aliases[*(const size_t *)x];
    const alias_rec *b = &s->lex->aliases[*(const size_t *)y];
    size_t ra = rank_of(s, a->entity), rb = rank_of(s, b->entity);
    if (ra != rb) {
        return ra < rb ? -1 : 1;
    }
    int c = strcmp(a->text, b->text);
    if (c) {
        return c;
    }
    if (a->kind != b->kind) {
        return (int)a->kind - (int)b->kind;
    }
    if (a->rule != b->rule) {
        return (int)a->rule - (int)b->rule;
    }
    return a->shared - b->shared;
}

static int same_alias(const alias_rec *a, const alias_rec *b)
{
    return strcmp(a->text, b->text) == 0 && a->kind == b->kind && a->rule == b->rule &&
           a->shared == b->shared;
}

static void put_attr(cm_buf *b, const char *name, const char *v)
{
    cm_buf_putc(b, ' ');
    cm_buf_puts(b, name); /* not printf: the digest dumps every attribute at each run */
    cm_buf_puts(b, "=\"");
    cm_buf_put_text(b, v, strlen(v), true);
    cm_buf_putc(b, '"');
}

static void put_alias(cm_buf *b, const alias_rec *a)
{
    cm_buf_puts(b, a->entity == CM_STOP ? "  <stop" : "    <alias");
    if (a->kind != CM_ALIAS_NAME) {
        put_attr(b, "kind", cm_kind_names[a->kind]);
    }
    if (a->rule != cm_default_case_rule(a->text)) {
        put_attr(b, "case", cm_rule_names[a->rule]);
    }
    if (a->shared) {
        put_attr(b, "shared", "true");
    }
    cm_buf_putc(b, '>');
    cm_buf_put_text(b, a->text, strlen(a->text), true);
    cm_buf_puts(b, a->entity == CM_STOP ? "</stop>\n" : "</alias>\n");
}

/* Aliases of one entity (or the stops), without repeats or the display name: the run of
 * the sorted aliases that starts at *at (aliases are grouped by entity, in dump order). */
static void put_aliases(cm_buf *b, const cm_lexicon *lex, const size_t *als, size_t *at,
                        size_t entity)
{
    const alias_rec *prev = NULL;
    for (; *at < lex->n_aliases && lex->aliases[als[*at]].entity == entity; (*at)++) {
        const alias_rec *a = &lex->aliases[als[*at]];
        if (a->derived || (prev && same_alias(prev, a))) {
            continue;
        }
        prev = a;
        if (entity != CM_STOP && a->kind == CM_ALIAS_NAME && !a->shared &&
            a->rule == cm_default_case_rule(a->text) &&
            strcmp(a->text, lex->entities[entity].name) == 0) {
            continue; /* the display name is an alias anyway */
        }
        put_alias(b, a);
    }
}

/* Canonical title order: text, then kind. */
static int title_order(const void *x, const void *y, void *ctx)
{
    const cm_lexicon *lex = ctx;
    const title_rec *a = &lex->titles[*(const size_t *)x];
    const title_rec *b = &lex->titles[*(const size_t *)y];
    int c = strcmp(a->text, b->text);
    return c ? c : (int)a->kind - (int)b->kind;
}

static void put_titles(cm_buf *b, const cm_lexicon *lex, size_t *tits)
{
    for (size_t i = 0; i < lex->n_titles; i++) {
        tits[i] = i;
    }
    cm_sort(tits, lex->n_titles, sizeof(*tits), title_order, (void *)lex);
    for (size_t i = 0; i < lex->n_titles; i++) {
        const title_rec *t = &lex->titles[tits[i]];
        cm_buf_puts(b, "  <title");
        if (t->kind != CM_TITLE_HEAD) {
            put_attr(b, "kind", cm_title_kind_names[t->kind]);
        }
        cm_buf_putc(b, '>');
        cm_buf_put_text(b, t->text, strlen(t->text), true);
        cm_buf_puts(b, "</title>\n");
    }
}

static void write_xml(cm_buf *b, const cm_lexicon *lex, size_t *ents, size_t *rank, size_t *als,
                      size_t *tits)
{
    alias_sort sort = {lex, rank};
    size_t at = 0;

    for (size_t i = 0; i < lex->n_entities; i++) {
        ents[i] = i;
    }
    for (size_t i = 0; i < lex->n_aliases; i++) {
        als[i] = i;
    }
    cm_sort(ents, lex->n_entities, sizeof(*ents), entity_order, (void *)lex);
    for (size_t i = 0; i < lex->n_entities; i++) {
        rank[ents[i]] = i;
    }
    cm_sort(als, lex->n_aliases, sizeof(*als), alias_order, &sort);
    cm_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lexicon version=\"1\">\n");
    for (size_t i = 0; i < lex->n_entities; i++) {
        const cm_entity *e = &lex->entities[ents[i]];
        cm_buf_puts(b, "  <entity");
        put_attr(b, "id", e->id);
        put_attr(b, "type", cm_type_name(e->type));
        put_attr(b, "subtype", e->subtype);
        put_attr(b, "name", e->name);
        if (e->country) {
            put_attr(b, "country", e->country);
        }
        cm_buf_puts(b, ">\n");
        put_aliases(b, lex, als, &at, ents[i]);
        cm_buf_puts(b, "  </entity>\n");
    }
    put_aliases(b, lex, als, &at, CM_STOP);
    put_titles(b, lex, tits);
    cm_buf_puts(b, "</lexicon>\n");
}

/* The canonical XML in a buffer; the caller destroys it. */
static cm_status canonical(cm_buf *b, const cm_lexicon *lex, cm_error *err)
{
    size_t *ents = cm_malloc((lex->n_entities + 1) * sizeof(*ents));
    size_t *rank = cm_malloc((lex->n_entities + 1) * sizeof(*rank));
    size_t *als = cm_malloc((lex->n_aliases + 1) * sizeof(*als));
    size_t *tits = cm_malloc((lex->n_titles + 1) * sizeof(*tits));

    cm_buf_init(b);
    if (ents && rank && als && tits) {
        write_xml(b, lex, ents, rank, als, tits);
    }
    cm_free(ents);
    cm_free(rank);
    cm_free(als);
    cm_free(tits);
    if (!ents || !rank || !als || !tits || b->failed) {
        cm_buf_destroy(b);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    return CM_OK;
}

cm_status cm_lexicon_dump(FILE *fp, const cm_lexicon *lex, cm_error *err)
{
    cm_buf b;
    cm_status rc = canonical(&b, lex, err);

    if (rc == CM_OK && fwrite(b.data, 1, b.len, fp) != b.len) {
        rc = cm_error_set(err, CM_EIO, NULL, 0, "cannot write: %s", strerror(errno));
    }
    cm_buf_destroy(&b);
    return rc;
}

cm_status cm_lexicon_digest(char hex[65], const cm_lexicon *lex, cm_error *err)
{
    cm_buf b;
    cm_status rc;

    if (lex->digest[0]) {
        memcpy(hex, lex->digest, 65);
        return CM_OK;
    }
    rc = canonical(&b, lex, err);
    hex[0] = '\0';
    if (rc != CM_OK) {
        return rc;
    }
    gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)b.data, b.len);
    snprintf(hex, 65, "%s", sum);
    g_free(sum);
    cm_buf_destroy(&b);
    return CM_OK;
}

typedef struct tally {
    char name[48];
    size_t n;
} tally;

static void count(tally *t, size_t *n, size_t max, const char *name)
{
    for (size_t i = 0; i < *n; i++) {
        if (strcmp(t[i].name, name) == 0) {
            t[i].n++;
            return;
        }
    }
    if (*n < max) {
        snprintf(t[*n].name, sizeof(t[*n].name), "%s", name);
        t[(*n)++].n = 1;
    }
}

static int tally_order(const void *x, const void *y)
{
    return strcmp(((const tally *)x)->name, ((const tally *)y)->name);
}

typedef struct country_key {
    char k[160]; /* "country\tID" or "country-subtype\tID/TYPE/SUBTYPE" */
} country_key;

static int key_order(const void *x, const void *y, void *ctx)
{
    (void)ctx;
    return strcmp(((const country_key *)x)->k, ((const country_key *)y)->k);
}

/* Rows `country ID N` (entities that belong to the country) and `country-subtype
 * ID/TYPE/SUBTYPE N`: what the lexicon knows of each state, by class. A country is an
 * open set of ids, so the keys are sorted and counted in runs rather than tallied. */
static cm_status put_countries(FILE *fp, const cm_lexicon *lex, cm_error *err)
{
    country_key *keys = cm_malloc((2 * lex->n_entities + 1) * sizeof(*keys));
    size_t n = 0;

    if (!keys) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < lex->n_entities; i++) {
        const cm_entity *e = &lex->entities[i];
        if (e->country) {
            snprintf(keys[n++].k, sizeof(keys->k), "country\t%s", e->country);
            snprintf(keys[n++].k, sizeof(keys->k), "country-subtype\t%s/%s/%s", e->country,
                     cm_type_name(e->type), e->subtype);
        }
    }
    cm_sort(keys, n, sizeof(*keys), key_order, NULL);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && strcmp(keys[i].k, keys[j].k) == 0) {
            j++;
        }
        fprintf(fp, "%s\t%zu\n", keys[i].k, j - i);
        i = j;
    }
    cm_free(keys);
    return CM_OK;
}

cm_status cm_lexicon_stats(FILE *fp, const cm_lexicon *lex, cm_error *err)
{
    tally t[64];
    size_t n = 0, stops = 0, shared = 0, derived = 0, kinds[5] = {0, 0, 0, 0, 0};
    char key[48];

    for (size_t i = 0; i < lex->n_entities; i++) {
        const cm_entity *e = &lex->entities[i];
        count(t, &n, 64, cm_type_name(e->type));
        snprintf(key, sizeof(key), "%s/%s", cm_type_name(e->type), e->subtype);
        count(t, &n, 64, key);
    }
    qsort(t, n, sizeof(*t), tally_order);
    for (size_t i = 0; i < lex->n_aliases; i++) {
        const alias_rec *a = &lex->aliases[i];
        stops += a->entity == CM_STOP;
        derived += a->derived;
        shared += a->shared && !a->derived;
        kinds[a->kind] += a->entity != CM_STOP && !a->derived;
    }
    fprintf(fp, "what\tname\tcount\nentities\tall\t%zu\n", lex->n_entities);
    for (size_t i = 0; i < n; i++) {
        fprintf(fp, "%s\t%s\t%zu\n", strchr(t[i].name, '/') ? "subtype" : "type", t[i].name,
                t[i].n);
    }
    for (int k = 0; k < 5; k++) {
        fprintf(fp, "aliases\t%s\t%zu\n", cm_kind_names[k], kinds[k]);
    }
    fprintf(fp, "aliases\tshared\t%zu\naliases\tderived surnames\t%zu\nstops\tall\t%zu\n", shared,
            derived, stops);
    fprintf(fp, "titles\tall\t%zu\n", lex->n_titles);
    cm_status rc = put_countries(fp, lex, err);
    if (rc != CM_OK) {
        return rc;
    }
    if (ferror(fp)) {
        return cm_error_set(err, CM_EIO, NULL, 0, "cannot write: %s", strerror(errno));
    }
    return CM_OK;
}
