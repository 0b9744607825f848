/* comention: the lexicon's store, what every reader (xml.c, tsv.c), the checker and the
 * compiler (match.c) add to a lexicon through: entities with their checked fields,
 * aliases, the type and subtype names, and the reporting of a reader's error. It calls no
 * other file of the stage, so lexicon.c, which calls the readers, and the readers, which
 * call this, form no loop. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>
#include "comention/lexicon.h"
#include "lexicon/lexicon_int.h"

static const char *const type_names[CM_N_TYPES] = {"actor", "country", "weapon"};

static const char *const subtypes_actor[] = {
    "person",      "organization", "government", "military", "intelligence",
    "armed_group", "igo",          "company",    "media",    NULL};
static const char *const subtypes_country[] = {"state", "disputed", NULL};
static const char *const subtypes_weapon[] = {
    "missile",    "rocket_artillery", "artillery", "aircraft",  "helicopter",
    "drone",      "air_defence",      "ship",      "submarine", "armoured_vehicle",
    "small_arms", "nuclear",          "other",     NULL};
static const char *const *const subtypes[CM_N_TYPES] = {subtypes_actor, subtypes_country,
                                                        subtypes_weapon};
static const char *const default_subtype[CM_N_TYPES] = {"organization", "state", "other"};

const char *const cm_kind_names[5] = {"name", "demonym", "capital", "abbreviation", "designation"};
const char *const cm_rule_names[3] = {"exact", "title", "fold"};

const char *cm_type_name(cm_type t)
{
    return type_names[t];
}

int cm_type_parse(cm_type *out, const char *name)
{
    for (int t = 0; t < CM_N_TYPES; t++) {
        if (strcmp(name, type_names[t]) == 0) {
            *out = (cm_type)t;
            return 0;
        }
    }
    return -1;
}

int cm_subtype_valid(cm_type t, const char *subtype)
{
    for (const char *const *s = subtypes[t]; *s; s++) {
        if (strcmp(*s, subtype) == 0) {
            return 1;
        }
    }
    return 0;
}

int cm_subtype_index(const char *name)
{
    int i = 0;
    for (int t = 0; t < CM_N_TYPES; t++) {
        for (const char *const *s = subtypes[t]; *s; s++, i++) {
            if (strcmp(*s, name) == 0) {
                return i;
            }
        }
    }
    return -1;
}

const char *cm_subtype_name(int index)
{
    int i = 0;
    for (int t = 0; t < CM_N_TYPES; t++) {
        for (const char *const *s = subtypes[t]; *s; s++, i++) {
            if (i == index) {
                return *s;
            }
        }
    }
    return NULL;
}

cm_case_rule cm_default_case_rule(const char *text)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t n = strlen(text), i = 0, caps = 0;

    while (i < n) {
        uint32_t cp;
        i += cm_utf8_decode(&cp, u + i, n - i);
        utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
        if (c == UTF8PROC_CATEGORY_LL) {
            return CM_CASE_TITLE;
        }
        caps += c == UTF8PROC_CATEGORY_LU;
    }
    return caps >= 2 ? CM_CASE_EXACT : CM_CASE_TITLE;
}

cm_status cm_lexicon_add_alias(cm_lexicon *lex, size_t entity, const char *text, cm_alias_kind kind,
                               int rule, int shared, const char *path, long line, cm_error *err)
{
    cm_nchar *nc = NULL;
    size_t n = 0, s = 0;
    alias_rec *a;
    cm_status rc = cm_normalize(&nc, &n, text, strlen(text), err);

    if (rc != CM_OK) {
        return rc;
    }
    /* Leading and trailing spaces are not part of a name. */
    while (s < n && nc[s].cp == ' ') {
        s++;
    }
    while (n > s && nc[n - 1].cp == ' ') {
        n--;
    }
    if (n == s) {
        cm_free(nc);
        return cm_error_set(err, CM_EINPUT, path, line, "empty alias");
    }
    rc = cm_grow(&lex->aliases, &lex->cap_aliases, lex->n_aliases + 1, sizeof(*lex->aliases), err);
    if (rc != CM_OK) {
        cm_free(nc);
        return rc;
    }
    a = &lex->aliases[lex->n_aliases];
    memset(a, 0, sizeof(*a));
    a->entity = entity;
    a->kind = kind;
    a->rule = rule < 0 ? cm_default_case_rule(text) : (cm_case_rule)rule;
    a->shared = shared;
    a->line = line;
    a->n = n - s;
    a->order = lex->n_aliases;
    a->text = cm_strdup(text);
    a->cps = cm_malloc(a->n * sizeof(*a->cps));
    if (!a->text || !a->cps) {
        cm_free(a->text);
        cm_free(a->cps);
        cm_free(nc);
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < a->n; i++) {
        a->cps[i] = nc[s + i].cp;
    }
    cm_free(nc);
    lex->n_aliases++;
    lex->compiled = 0;
    lex->digest[0] = '\0';
    return CM_OK;
}

cm_status cm_lex_fail(lex_reader *r, long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    cm_error_set(r->err, CM_EINPUT, r->path, line, "%s", msg);
    r->n_errors++;
    if (r->report) {
        r->report(r->report_ctx, r->err);
    }
    return CM_EINPUT;
}

static int is_slug(const char *s)
{
    int prev_dash = 1;
    if (!*s) {
        return 0;
    }
    for (; *s; s++) {
        if (*s == '-') {
            if (prev_dash) {
                return 0;
            }
            prev_dash = 1;
        } else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
            prev_dash = 0;
        } else {
            return 0;
        }
    }
    return !prev_dash;
}

static cm_status check_fields(lex_reader *r, long line, const char *id, const char *type,
                              const char *subtype, const char *name, const char *country,
                              cm_type *t, const char **sub)
{
    if (!id || !is_slug(id)) {
        return id ? cm_lex_fail(r, line, "bad entity id (want a lower-case slug): %s", id)
                  : cm_lex_fail(r, line, "entity without id");
    }
    if (!type || !*type) {
        return cm_lex_fail(r, line, "entity without type: %s", id);
    }
    if (strcmp(type, "person") == 0 || strcmp(type, "organization") == 0) {
        *t = CM_TYPE_ACTOR; /* the gold files' types */
        *sub = subtype && *subtype ? subtype : type;
    } else if (cm_type_parse(t, type) != 0) {
        return cm_lex_fail(r, line, "unknown type: %s", type);
    } else {
        *sub = subtype && *subtype ? subtype : default_subtype[*t];
    }
    if (!cm_subtype_valid(*t, *sub)) {
        return cm_lex_fail(r, line, "unknown subtype for %s: %s", type_names[*t], *sub);
    }
    if (!name || !*name) {
        return cm_lex_fail(r, line, "entity without name: %s", id);
    }
    if (country && *country && !is_slug(country)) {
        return cm_lex_fail(r, line, "bad country id: %s", country);
    }
    return CM_OK;
}

/* In check mode, an id defined twice in one file is a mistake (across files it is how a
 * later lexicon extends an earlier one). */
static cm_status note_id(lex_reader *r, long line, size_t idx)
{
    const char *id = r->lex->entities[idx].id;
    size_t first = cm_strmap_get(&r->ids, id);
    cm_status rc;

    if (first != SIZE_MAX) {
        return cm_lex_fail(r, line, "duplicate entity id '%s' (first defined at line %ld)", id,
                           r->id_lines[first]);
    }
    rc = cm_grow(&r->id_lines, &r->cap_id_lines, idx + 1, sizeof(*r->id_lines), r->err);
    if (rc == CM_OK) {
        r->id_lines[idx] = line;
        rc = cm_strmap_put(&r->ids, id, idx, r->err);
    }
    return rc;
}

cm_status cm_lex_put_entity(lex_reader *r, long line, const char *id, const char *type,
                            const char *subtype, const char *name, const char *country, size_t *idx)
{
    cm_lexicon *lex = r->lex;
    cm_type t = CM_TYPE_ACTOR;
    const char *sub = NULL;
    cm_status rc = check_fields(r, line, id, type, subtype, name, country, &t, &sub);

    if (rc != CM_OK) {
        return rc;
    }
    *idx = cm_strmap_get(&lex->by_id, id);
    if (*idx == SIZE_MAX) {
        rc = cm_grow(&lex->entities, &lex->cap_entities, lex->n_entities + 1,
                     sizeof(*lex->entities), r->err);
        if (rc != CM_OK) {
            return rc;
        }
        *idx = lex->n_entities;
        memset(&lex->entities[*idx], 0, sizeof(cm_entity));
        lex->entities[*idx].id = cm_strdup(id);
        if (!lex->entities[*idx].id) {
            return cm_error_set(r->err, CM_ENOMEM, NULL, 0, "out of memory");
        }
        lex->n_entities++;
        rc = cm_strmap_put(&lex->by_id, lex->entities[*idx].id, *idx, r->err);
    }
    if (rc == CM_OK && r->report && !r->repeat_ids) {
        rc = note_id(r, line, *idx);
    }
    if (rc != CM_OK) {
        return rc;
    }
    /* A later definition replaces the fields it gives; one it leaves out (a TSV line
     * without subtype, a file without country) keeps the earlier value. The type and
     * name feed the matcher (term types, derived surnames): compile again. */
    cm_entity *e = &lex->entities[*idx];
    lex->compiled = 0;
    lex->digest[0] = '\0';
    int keep_sub = (!subtype || !*subtype) && e->subtype && e->type == t;
    int keep_country = (!country || !*country) && e->country;
    char *new_sub = keep_sub ? NULL : cm_strdup(sub), *new_name = cm_strdup(name);
    char *new_country = keep_country || !country || !*country ? NULL : cm_strdup(country);
    if ((!keep_sub && !new_sub) || !new_name ||
        (!keep_country && country && *country && !new_country)) {
        cm_free(new_sub);
        cm_free(new_name);
        cm_free(new_country);
        return cm_error_set(r->err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    e->type = t;
    if (!keep_sub) {
        cm_free((char *)e->subtype);
        e->subtype = new_sub;
    }
    cm_free((char *)e->name);
    e->name = new_name;
    if (!keep_country) {
        cm_free((char *)e->country);
        e->country = new_country;
    }
    return CM_OK;
}
