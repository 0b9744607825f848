/* comention: reading lexicon files (docs/lexicon-format.md) with libxml2.
 *
 * Safety: XML_PARSE_NONET, never XML_PARSE_NOENT/DTDLOAD/HUGE; a document type
 * declaration is refused outright, and an external-entity loader that refuses everything
 * is installed for the parse (libxml2's loader is process-wide, so the previous one is
 * restored afterwards; likewise the error handler that keeps the first error). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <utf8proc.h>
#include "comention/lexicon.h"
#include "lexicon/builtin.h"
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

static const char *const kind_names[] = {"name", "demonym", "capital", "abbreviation",
                                         "designation"};
static const char *const rule_names[] = {"exact", "title", "fold"};

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

cm_status cm_lexicon_new(cm_lexicon **out, cm_error *err)
{
    cm_lexicon *lex = cm_calloc(1, sizeof(*lex));

    *out = lex;
    if (!lex) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    cm_strmap_init(&lex->by_id);
    cm_map64_init(&lex->edges);
    return CM_OK;
}

static void free_entity_strings(cm_entity *e)
{
    cm_free((char *)e->id);
    cm_free((char *)e->subtype);
    cm_free((char *)e->name);
    cm_free((char *)e->country);
}

void cm_lexicon_free(cm_lexicon *lex)
{
    if (!lex) {
        return;
    }
    for (size_t i = 0; i < lex->n_entities; i++) {
        free_entity_strings(&lex->entities[i]);
    }
    for (size_t i = 0; i < lex->n_aliases; i++) {
        cm_free(lex->aliases[i].text);
        cm_free(lex->aliases[i].cps);
    }
    cm_free(lex->entities);
    cm_free(lex->aliases);
    cm_free(lex->nodes);
    cm_free(lex->terms);
    cm_strmap_destroy(&lex->by_id);
    cm_map64_destroy(&lex->edges);
    cm_free(lex);
}

size_t cm_lexicon_count(const cm_lexicon *lex)
{
    return lex->n_entities;
}

const cm_entity *cm_lexicon_entity(const cm_lexicon *lex, size_t i)
{
    return &lex->entities[i];
}

size_t cm_lexicon_n_aliases(const cm_lexicon *lex)
{
    return lex->n_aliases;
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
                               int rule, const char *path, long line, cm_error *err)
{
    cm_nchar *nc = NULL;
    size_t n = 0;
    alias_rec *a;
    cm_status rc = cm_normalize(&nc, &n, text, strlen(text), err);

    if (rc != CM_OK) {
        return rc;
    }
    /* Leading and trailing spaces are not part of a name. */
    size_t s = 0;
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
    if (rule < 0) {
        rule = (int)cm_default_case_rule(text);
    }
    rc = cm_grow(&lex->aliases, &lex->cap_aliases, lex->n_aliases + 1, sizeof(*lex->aliases), err);
    if (rc != CM_OK) {
        cm_free(nc);
        return rc;
    }
    a = &lex->aliases[lex->n_aliases];
    a->entity = entity;
    a->kind = kind;
    a->rule = (cm_case_rule)rule;
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
    return CM_OK;
}

/* ---- XML ---- */

typedef struct xml_ctx {
    cm_lexicon *lex;
    const char *path;
    cm_error *err;
} xml_ctx;

static cm_status bad(xml_ctx *x, const xmlNode *node, const char *what, const char *detail)
{
    return cm_error_set(x->err, CM_EINPUT, x->path, node ? xmlGetLineNo(node) : 0, "%s%s%s", what,
                        detail ? ": " : "", detail ? detail : "");
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

static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n && list[i]; i++) {
        if (strcmp(s, list[i]) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static cm_status check_attrs(xml_ctx *x, const xmlNode *node, const char *const *allowed)
{
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        if (in_list((const char *)a->name, allowed, 16) < 0) {
            return bad(x, node, "unknown attribute", (const char *)a->name);
        }
    }
    return CM_OK;
}

static char *attr(const xmlNode *node, const char *name)
{
    return (char *)xmlGetProp(node, (const xmlChar *)name);
}

/* The case attribute: -1 when absent (the default rule applies). */
static cm_status parse_rule(xml_ctx *x, const xmlNode *node, int *rule)
{
    char *c = attr(node, "case");
    cm_status rc = CM_OK;

    *rule = -1;
    if (c) {
        *rule = in_list(c, rule_names, 3);
        if (*rule < 0) {
            rc = bad(x, node, "unknown case rule", c);
        }
    }
    xmlFree(c);
    return rc;
}

static cm_status add_alias_node(xml_ctx *x, const xmlNode *node, size_t entity)
{
    static const char *const allowed[] = {"kind", "case", NULL};
    char *kind = NULL, *text = NULL;
    int rule, k = 0;
    cm_status rc = check_attrs(x, node, allowed);

    if (rc == CM_OK) {
        rc = parse_rule(x, node, &rule);
    }
    if (rc == CM_OK && (kind = attr(node, "kind")) != NULL &&
        (k = in_list(kind, kind_names, 5)) < 0) {
        rc = bad(x, node, "unknown alias kind", kind);
    }
    if (rc == CM_OK) {
        text = (char *)xmlNodeGetContent(node);
        rc = cm_lexicon_add_alias(x->lex, entity, text ? text : "", (cm_alias_kind)k, rule, x->path,
                                  xmlGetLineNo(node), x->err);
    }
    xmlFree(kind);
    xmlFree(text);
    return rc;
}

/* Validate the attributes of an <entity> and store them at index `*idx` (new or merged). */
static cm_status put_entity(xml_ctx *x, const xmlNode *node, size_t *idx)
{
    static const char *const allowed[] = {"id", "type", "subtype", "name", "country", NULL};
    char *id = attr(node, "id"), *type = attr(node, "type"), *sub = attr(node, "subtype");
    char *name = attr(node, "name"), *country = attr(node, "country");
    cm_lexicon *lex = x->lex;
    cm_type t = CM_TYPE_ACTOR;
    const char *subtype = NULL;
    cm_status rc = check_attrs(x, node, allowed);

    if (rc != CM_OK) {
        goto cleanup;
    }
    if (!id || !is_slug(id)) {
        rc = bad(x, node, id ? "bad entity id (want a lower-case slug)" : "entity without id", id);
        goto cleanup;
    }
    if (!type) {
        rc = bad(x, node, "entity without type", id);
        goto cleanup;
    }
    if (strcmp(type, "person") == 0 || strcmp(type, "organization") == 0) {
        subtype = sub ? sub : type; /* the gold files' types */
    } else if (cm_type_parse(&t, type) != 0) {
        rc = bad(x, node, "unknown type", type);
        goto cleanup;
    } else {
        subtype = sub ? sub : default_subtype[t];
    }
    if (in_list(subtype, subtypes[t], 32) < 0) {
        rc = bad(x, node, "unknown subtype", subtype);
        goto cleanup;
    }
    if (!name || !*name) {
        rc = bad(x, node, "entity without name", id);
        goto cleanup;
    }
    if (country && !is_slug(country)) {
        rc = bad(x, node, "bad country id", country);
        goto cleanup;
    }
    *idx = cm_strmap_get(&lex->by_id, id);
    if (*idx == SIZE_MAX) {
        rc = cm_grow(&lex->entities, &lex->cap_entities, lex->n_entities + 1,
                     sizeof(*lex->entities), x->err);
        if (rc != CM_OK) {
            goto cleanup;
        }
        *idx = lex->n_entities;
        memset(&lex->entities[*idx], 0, sizeof(cm_entity));
        lex->entities[*idx].id = cm_strdup(id);
        if (!lex->entities[*idx].id) {
            rc = cm_error_set(x->err, CM_ENOMEM, NULL, 0, "out of memory");
            goto cleanup;
        }
        lex->n_entities++;
        rc = cm_strmap_put(&lex->by_id, lex->entities[*idx].id, *idx, x->err);
        if (rc != CM_OK) {
            goto cleanup;
        }
    }
    cm_entity *e = &lex->entities[*idx];
    cm_free((char *)e->subtype);
    cm_free((char *)e->name);
    cm_free((char *)e->country);
    e->type = t;
    e->subtype = cm_strdup(subtype);
    e->name = cm_strdup(name);
    e->country = country ? cm_strdup(country) : NULL;
    if (!e->subtype || !e->name || (country && !e->country)) {
        rc = cm_error_set(x->err, CM_ENOMEM, NULL, 0, "out of memory");
    }
cleanup:
    xmlFree(id);
    xmlFree(type);
    xmlFree(sub);
    xmlFree(name);
    xmlFree(country);
    return rc;
}

static cm_status add_entity_node(xml_ctx *x, const xmlNode *node)
{
    size_t idx = 0;
    cm_status rc = put_entity(x, node, &idx);

    if (rc == CM_OK) {
        /* The display name is always an alias. */
        rc = cm_lexicon_add_alias(x->lex, idx, x->lex->entities[idx].name, CM_ALIAS_NAME, -1,
                                  x->path, xmlGetLineNo(node), x->err);
    }
    for (const xmlNode *c = node->children; c && rc == CM_OK; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "alias") == 0) {
            rc = add_alias_node(x, c, idx);
        } else if (c->type == XML_ELEMENT_NODE) {
            rc = bad(x, c, "unknown element in <entity>", (const char *)c->name);
        } else if (c->type == XML_TEXT_NODE && !xmlIsBlankNode(c)) {
            rc = bad(x, c, "text outside <alias>", NULL);
        }
    }
    return rc;
}

static cm_status add_stop_node(xml_ctx *x, const xmlNode *node)
{
    static const char *const allowed[] = {"case", NULL};
    char *text = NULL;
    int rule;
    cm_status rc = check_attrs(x, node, allowed);

    if (rc == CM_OK) {
        rc = parse_rule(x, node, &rule);
    }
    if (rc == CM_OK) {
        text = (char *)xmlNodeGetContent(node);
        rc = cm_lexicon_add_alias(x->lex, CM_STOP, text ? text : "", CM_ALIAS_NAME, rule, x->path,
                                  xmlGetLineNo(node), x->err);
    }
    xmlFree(text);
    return rc;
}

static cm_status add_root(xml_ctx *x, const xmlNode *root)
{
    char *version;
    cm_status rc = CM_OK;

    if (!root || strcmp((const char *)root->name, "lexicon") != 0) {
        return bad(x, root, "root element is not <lexicon>", NULL);
    }
    version = attr(root, "version");
    if (!version || strcmp(version, "1") != 0) {
        rc = bad(x, root, "unsupported lexicon version (want version=\"1\")", version);
    }
    xmlFree(version);
    for (const xmlNode *c = root->children; c && rc == CM_OK; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "entity") == 0) {
            rc = add_entity_node(x, c);
        } else if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "stop") == 0) {
            rc = add_stop_node(x, c);
        } else if (c->type == XML_ELEMENT_NODE) {
            rc = bad(x, c, "unknown element", (const char *)c->name);
        } else if (c->type == XML_TEXT_NODE && !xmlIsBlankNode(c)) {
            rc = bad(x, c, "text outside <entity>", NULL);
        }
    }
    return rc;
}

static xmlParserInputPtr refuse_entities(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

/* The first parse error is the one that explains the file; libxml2's "last error" is
 * often a consequence ("premature end of data"). */
typedef struct first_error {
    long line;
    char msg[256];
} first_error;

static void keep_first_error(void *ctx, xmlErrorPtr e)
{
    first_error *f = ctx;
    if (f->msg[0] || !e || e->level < XML_ERR_ERROR) {
        return;
    }
    f->line = e->line;
    snprintf(f->msg, sizeof(f->msg), "%s", e->message ? e->message : "unknown reason");
}

/* libxml2 keeps no line for a DTD node: find it in the bytes. */
static long line_of(const char *data, size_t len, const char *what)
{
    size_t n = strlen(what);
    long line = 1;
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(data + i, what, n) == 0) {
            return line;
        }
        line += data[i] == '\n';
    }
    return 0;
}

cm_status cm_lexicon_add_memory(cm_lexicon *lex, const char *name, const char *data, size_t len,
                                cm_error *err)
{
    xml_ctx x = {lex, name, err};
    xmlExternalEntityLoader old = xmlGetExternalEntityLoader();
    xmlDoc *doc;
    cm_status rc;

    if (len > (size_t)INT32_MAX) {
        return cm_error_set(err, CM_EINPUT, name, 0, "lexicon file too large");
    }
    first_error first = {0, ""};
    xmlStructuredErrorFunc old_handler = xmlStructuredError;
    void *old_handler_ctx = xmlStructuredErrorContext;

    xmlSetExternalEntityLoader(refuse_entities);
    xmlSetStructuredErrorFunc(&first, keep_first_error);
    doc = xmlReadMemory(data, (int)len, name, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(old_handler_ctx, old_handler);
    xmlSetExternalEntityLoader(old);
    if (!doc) {
        return cm_error_set(err, CM_EINPUT, name, first.line, "not well-formed XML: %s",
                            first.msg[0] ? first.msg : "unknown reason");
    }
    if (doc->intSubset || doc->extSubset) {
        rc = cm_error_set(err, CM_EINPUT, name, line_of(data, len, "<!DOCTYPE"),
                          "document type declarations are not allowed");
    } else {
        rc = add_root(&x, xmlDocGetRootElement(doc));
    }
    xmlFreeDoc(doc);
    return rc;
}

cm_status cm_lexicon_add_file(cm_lexicon *lex, const char *path, cm_error *err)
{
    FILE *fp = fopen(path, "rb");
    cm_buf b;
    char chunk[65536];
    size_t k;
    cm_status rc;

    if (!fp) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "cannot open '%s': %s", path, strerror(errno));
    }
    cm_buf_init(&b);
    while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
        cm_buf_put(&b, chunk, k);
    }
    if (ferror(fp)) {
        rc = cm_error_set(err, CM_EINPUT, path, 0, "cannot read: %s", strerror(errno));
    } else if (b.failed) {
        rc = cm_error_set(err, CM_ENOMEM, path, 0, "out of memory");
    } else {
        rc = cm_lexicon_add_memory(lex, path, b.data ? b.data : "", b.len, err);
    }
    fclose(fp);
    cm_buf_destroy(&b);
    return rc;
}

cm_status cm_lexicon_add_builtin(cm_lexicon *lex, cm_error *err)
{
    cm_status rc = CM_OK;
    for (size_t i = 0; i < cm_builtin_lexicon_n_files && rc == CM_OK; i++) {
        const cm_builtin_file *f = &cm_builtin_lexicon_files[i];
        char name[256];
        snprintf(name, sizeof(name), "<builtin>/%s", f->name);
        rc = cm_lexicon_add_memory(lex, name, (const char *)f->data, f->size, err);
    }
    return rc;
}

/* ---- digest ---- */

static int alias_text_cmp(const void *a, const void *b)
{
    const alias_rec *x = *(const alias_rec *const *)a, *y = *(const alias_rec *const *)b;
    int c = strcmp(x->text, y->text);
    return c ? c : (int)x->kind - (int)y->kind;
}

static int entity_id_cmp(const void *a, const void *b)
{
    return strcmp((*(const cm_entity *const *)a)->id, (*(const cm_entity *const *)b)->id);
}

void cm_lexicon_digest(char hex[65], const cm_lexicon *lex)
{
    /* Canonical form: entities by id, each followed by its aliases sorted; then stops. */
    const cm_entity **ents = cm_malloc(lex->n_entities * sizeof(*ents));
    const alias_rec **als = cm_malloc(lex->n_aliases * sizeof(*als));
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    cm_buf b;

    cm_buf_init(&b);
    if (!ents || !als) {
        b.failed = true;
    }
    for (size_t i = 0; !b.failed && i < lex->n_entities; i++) {
        ents[i] = &lex->entities[i];
    }
    for (size_t i = 0; !b.failed && i < lex->n_aliases; i++) {
        als[i] = &lex->aliases[i];
    }
    if (!b.failed) {
        qsort(ents, lex->n_entities, sizeof(*ents), entity_id_cmp);
        qsort(als, lex->n_aliases, sizeof(*als), alias_text_cmp);
    }
    for (size_t i = 0; !b.failed && i <= lex->n_entities; i++) {
        const cm_entity *e = i < lex->n_entities ? ents[i] : NULL;
        size_t idx = e ? (size_t)(e - lex->entities) : CM_STOP;
        if (e) {
            cm_buf_printf(&b, "E\t%s\t%s\t%s\t%s\t%s\n", e->id, type_names[e->type], e->subtype,
                          e->name, e->country ? e->country : "");
        }
        for (size_t j = 0; j < lex->n_aliases; j++) {
            if (als[j]->entity == idx) {
                cm_buf_printf(&b, "A\t%s\t%s\t%s\n", als[j]->text, kind_names[als[j]->kind],
                              rule_names[als[j]->rule]);
            }
        }
    }
    if (b.failed) {
        strcpy(hex, "0000000000000000000000000000000000000000000000000000000000000000");
    } else {
        g_checksum_update(sum, (const guchar *)b.data, (gssize)b.len);
        snprintf(hex, 65, "%s", g_checksum_get_string(sum));
    }
    g_checksum_free(sum);
    cm_buf_destroy(&b);
    cm_free(ents);
    cm_free(als);
}
