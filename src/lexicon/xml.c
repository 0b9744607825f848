/* comention: the XML form of the lexicon, read with libxml2.
 *
 * Safety (util/xml.h): a file from outside is first checked by cm_xml_check() (no document
 * type declaration, limits on depth, attributes and text), then parsed with
 * CM_XML_OPTIONS under a guard that refuses external entities; libxml2 keeps its error
 * handler process-wide, so it is restored afterwards. The built-in lexicon, ours, skips
 * the check. The element walk gives precise messages; a file it accepts is then validated
 * against lexicon.xsd, which is the definition. */
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include "lexicon/builtin.h"
#include "lexicon/lexicon_int.h"
#include "util/xml.h"

static long line_no(const xmlNode *node)
{
    long l = node ? xmlGetLineNo(node) : 0;
    /* libxml2 2.9 with XML_PARSE_BIG_LINES reports one line too many from line 65535 on
     * (it keeps such lines beside the node, counted after the line break). */
    if (l > 65535) {
        l--;
    }
    return l > 0 ? l : 0;
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

static char *attr(const xmlNode *node, const char *name)
{
    return (char *)xmlGetProp(node, (const xmlChar *)name);
}

static cm_status check_attrs(lex_reader *r, const xmlNode *node, const char *const *allowed)
{
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        if (in_list((const char *)a->name, allowed, 16) < 0) {
            return cm_lex_fail(r, line_no(node), "unknown attribute: %s", (const char *)a->name);
        }
    }
    return CM_OK;
}

/* case="…" (-1 when absent: the default rule) and shared="…". */
static cm_status parse_flags(lex_reader *r, const xmlNode *node, int *rule, int *shared)
{
    char *c = attr(node, "case"), *s = attr(node, "shared");
    cm_status rc = CM_OK;

    *rule = -1;
    *shared = 0;
    if (c && (*rule = in_list(c, cm_rule_names, 3)) < 0) {
        rc = cm_lex_fail(r, line_no(node), "unknown case rule: %s", c);
    } else if (s && strcmp(s, "true") != 0 && strcmp(s, "1") != 0 && strcmp(s, "false") != 0 &&
               strcmp(s, "0") != 0) {
        rc = cm_lex_fail(r, line_no(node), "shared is true or false, not %s", s);
    } else {
        *shared = s && (strcmp(s, "true") == 0 || strcmp(s, "1") == 0);
    }
    xmlFree(c);
    xmlFree(s);
    return rc;
}

static cm_status add_alias_node(lex_reader *r, const xmlNode *node, size_t entity)
{
    static const char *const allowed[] = {"kind", "case", "shared", NULL};
    char *kind = NULL, *text = NULL;
    int rule, shared, k = 0;
    cm_status rc = check_attrs(r, node, allowed);

    if (rc == CM_OK) {
        rc = parse_flags(r, node, &rule, &shared);
    }
    if (rc == CM_OK && (kind = attr(node, "kind")) != NULL &&
        (k = in_list(kind, cm_kind_names, 5)) < 0) {
        rc = cm_lex_fail(r, line_no(node), "unknown alias kind: %s", kind);
    }
    if (rc == CM_OK) {
        text = (char *)xmlNodeGetContent(node);
        rc = cm_lexicon_add_alias(r->lex, entity, text ? text : "", (cm_alias_kind)k, rule, shared,
                                  r->path, line_no(node), r->err);
        if (rc == CM_EINPUT) {
            rc = cm_lex_fail(r, line_no(node), "%s", r->err->msg);
        }
    }
    xmlFree(kind);
    xmlFree(text);
    return rc;
}

static cm_status add_entity_node(lex_reader *r, const xmlNode *node)
{
    static const char *const allowed[] = {"id", "type", "subtype", "name", "country", NULL};
    char *id = attr(node, "id"), *type = attr(node, "type"), *sub = attr(node, "subtype");
    char *name = attr(node, "name"), *country = attr(node, "country");
    size_t idx = 0;
    cm_status rc = check_attrs(r, node, allowed);

    if (rc == CM_OK) {
        rc = cm_lex_put_entity(r, line_no(node), id, type, sub, name, country, &idx);
    }
    if (rc == CM_OK) {
        /* The display name is always an alias. */
        rc = cm_lexicon_add_alias(r->lex, idx, r->lex->entities[idx].name, CM_ALIAS_NAME, -1, 0,
                                  r->path, line_no(node), r->err);
        if (rc == CM_EINPUT) {
            rc = cm_lex_fail(r, line_no(node), "entity with an empty name: %s", id);
        }
    }
    for (const xmlNode *c = node->children; c && rc != CM_ENOMEM; c = c->next) {
        cm_status one = CM_OK;
        if (rc != CM_OK && !r->report) {
            break;
        }
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "alias") == 0) {
            one = rc == CM_OK ? add_alias_node(r, c, idx) : CM_OK;
        } else if (c->type == XML_ELEMENT_NODE) {
            one = cm_lex_fail(r, line_no(c), "unknown element in <entity>: %s",
                              (const char *)c->name);
        } else if (c->type == XML_TEXT_NODE && !xmlIsBlankNode(c)) {
            one = cm_lex_fail(r, line_no(c), "text outside <alias>");
        }
        rc = rc == CM_OK ? one : rc;
    }
    xmlFree(id);
    xmlFree(type);
    xmlFree(sub);
    xmlFree(name);
    xmlFree(country);
    return rc;
}

static cm_status add_stop_node(lex_reader *r, const xmlNode *node)
{
    static const char *const allowed[] = {"case", NULL};
    char *text = NULL;
    int rule, shared;
    cm_status rc = check_attrs(r, node, allowed);

    if (rc == CM_OK) {
        rc = parse_flags(r, node, &rule, &shared);
    }
    if (rc == CM_OK) {
        text = (char *)xmlNodeGetContent(node);
        rc = cm_lexicon_add_alias(r->lex, CM_STOP, text ? text : "", CM_ALIAS_NAME, rule, 0,
                                  r->path, line_no(node), r->err);
        if (rc == CM_EINPUT) {
            rc = cm_lex_fail(r, line_no(node), "empty stop phrase");
        }
    }
    xmlFree(text);
    return rc;
}

static cm_status add_title_node(lex_reader *r, const xmlNode *node)
{
    static const char *const allowed[] = {"kind", NULL};
    char *kind = attr(node, "kind"), *text = NULL;
    cm_status rc = check_attrs(r, node, allowed);

    if (rc == CM_OK) {
        text = (char *)xmlNodeGetContent(node);
        rc = cm_lex_add_title(r, line_no(node), text ? text : "", kind);
    }
    xmlFree(kind);
    xmlFree(text);
    return rc;
}

static cm_status walk_root(lex_reader *r, const xmlNode *root)
{
    char *version;
    cm_status rc = CM_OK;

    if (!root || strcmp((const char *)root->name, "lexicon") != 0) {
        return cm_lex_fail(r, line_no(root), "root element is not <lexicon>");
    }
    version = attr(root, "version");
    if (!version || strcmp(version, "1") != 0) {
        rc = cm_lex_fail(r, line_no(root), "unsupported lexicon version (want version=\"1\"): %s",
                         version ? version : "none");
    }
    xmlFree(version);
    /* In check mode an element's error is reported and the walk goes on. */
    for (const xmlNode *c = root->children; c && rc != CM_ENOMEM; c = c->next) {
        cm_status one = CM_OK;
        if (rc != CM_OK && !r->report) {
            break;
        }
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "entity") == 0) {
            one = add_entity_node(r, c);
        } else if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "stop") == 0) {
            one = add_stop_node(r, c);
        } else if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "title") == 0) {
            one = add_title_node(r, c);
        } else if (c->type == XML_ELEMENT_NODE) {
            one = cm_lex_fail(r, line_no(c), "unknown element: %s", (const char *)c->name);
        } else if (c->type == XML_TEXT_NODE && !xmlIsBlankNode(c)) {
            one = cm_lex_fail(r, line_no(c), "text outside <entity>");
        }
        rc = rc == CM_OK ? one : rc;
    }
    return rc;
}

typedef struct schema_errors {
    lex_reader *r;
    int failed;
} schema_errors;

static void schema_error(void *ctx, xmlErrorPtr e)
{
    schema_errors *s = ctx;
    if (!e || e->level < XML_ERR_ERROR || (s->failed && !s->r->report)) {
        return;
    }
    s->failed = 1;
    char msg[400];
    snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "schema violation");
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '.')) {
        msg[--n] = '\0';
    }
    cm_lex_fail(s->r, e->line, "not a valid lexicon: %s", msg);
}

static cm_status validate(lex_reader *r, xmlDoc *doc)
{
    const cm_builtin_file *xsd = &cm_lexicon_schema_files[0];
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt((const char *)xsd->data, (int)xsd->size);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    schema_errors se = {r, 0};
    cm_status rc = CM_OK;

    if (!vc) {
        rc = cm_error_set(r->err, CM_EINTERNAL, NULL, 0, "the lexicon schema does not load");
    } else {
        xmlSchemaSetValidStructuredErrors(vc, schema_error, &se);
        if (xmlSchemaValidateDoc(vc, doc) != 0) {
            rc = CM_EINPUT;
            if (!se.failed) {
                cm_lex_fail(r, 0, "not a valid lexicon");
            }
        }
    }
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return rc;
}

cm_status cm_lex_read_xml(lex_reader *r, const char *data, size_t len)
{
    xmlStructuredErrorFunc old_handler = xmlStructuredError;
    void *old_handler_ctx = xmlStructuredErrorContext;
    cm_xml_first_error first = {0, ""};
    cm_xml_guard guard;
    cm_error said;
    xmlDoc *doc;
    cm_status rc;

    if (!r->trusted && (rc = cm_xml_check(data, len, r->path, CM_XML_XML, &said)) != CM_OK) {
        return rc == CM_ENOMEM ? cm_error_set(r->err, rc, NULL, 0, "out of memory")
                               : cm_lex_fail(r, said.line, "%s", said.msg);
    }
    cm_xml_guard_begin(&guard);
    xmlSetStructuredErrorFunc(&first, cm_xml_keep_first_error);
    doc = xmlReadMemory(data, (int)len, r->path, NULL, CM_XML_OPTIONS);
    xmlSetStructuredErrorFunc(old_handler_ctx, old_handler);
    cm_xml_guard_end(&guard);
    if (!doc) {
        return cm_lex_fail(r, first.line, "not well-formed XML: %s",
                           first.msg[0] ? first.msg : "unknown reason");
    }
    size_t before = r->n_errors;
    rc = walk_root(r, xmlDocGetRootElement(doc));
    if (rc == CM_OK && r->n_errors == before && !r->trusted) {
        rc = validate(r, doc);
    }
    xmlFreeDoc(doc);
    return rc;
}
