/* comention: the checks every XML and HTML reader makes (util/xml.h). The check is a SAX
 * pass that builds nothing, so it costs a parse but no memory; it stops at the first thing
 * it refuses, so a bomb or a deep nest is never expanded. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include "util/xml.h"

typedef struct check {
    const char *path;
    cm_error *err;
    cm_status rc;
    cm_xml_kind kind;
    int depth;
    size_t text; /* bytes of the current run of text */
    cm_xml_first_error first;
} check;

static check *check_of(void *ctx)
{
    return ((xmlParserCtxtPtr)ctx)->_private;
}

static void refuse(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void refuse(void *ctx, const char *fmt, ...)
{
    check *c = check_of(ctx);

    if (c->rc == CM_OK) {
        char msg[200];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        c->rc = cm_error_set(c->err, CM_EINPUT, c->path, xmlSAX2GetLineNumber(ctx), "%s", msg);
    }
    xmlStopParser(ctx);
}

static void enter(void *ctx, size_t n_attrs)
{
    check *c = check_of(ctx);

    c->text = 0;
    if (++c->depth > CM_XML_MAX_DEPTH) {
        refuse(ctx, "elements nested deeper than %d", CM_XML_MAX_DEPTH);
    } else if (n_attrs > CM_XML_MAX_ATTRS) {
        refuse(ctx, "an element with %zu attributes, more than %d", n_attrs, CM_XML_MAX_ATTRS);
    }
}

static void attr_value(void *ctx, size_t len)
{
    if (len > CM_XML_MAX_ATTR) {
        refuse(ctx, "an attribute value of %zu bytes, more than %zu", len, CM_XML_MAX_ATTR);
    }
}

static void start_ns(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
                     int n_ns, const xmlChar **ns, int n_attrs, int n_defaulted,
                     const xmlChar **attrs)
{
    (void)name, (void)prefix, (void)uri, (void)n_ns, (void)ns, (void)n_defaulted;
    enter(ctx, (size_t)n_attrs);
    /* five pointers per attribute: name, prefix, URI, value, end of value */
    for (int i = 0; i < n_attrs && check_of(ctx)->rc == CM_OK; i++) {
        attr_value(ctx, (size_t)(attrs[5 * i + 4] - attrs[5 * i + 3]));
    }
}

static void start_html(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
    size_t n = 0;

    (void)name;
    while (attrs && attrs[2 * n]) {
        n++;
    }
    enter(ctx, n);
    for (size_t i = 0; i < n && check_of(ctx)->rc == CM_OK; i++) {
        attr_value(ctx, attrs[2 * i + 1] ? strlen((const char *)attrs[2 * i + 1]) : 0);
    }
}

static void leave(void *ctx)
{
    check *c = check_of(ctx);
    c->text = 0;
    c->depth--;
}

static void end_ns(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
    (void)name, (void)prefix, (void)uri;
    leave(ctx);
}

static void end_html(void *ctx, const xmlChar *name)
{
    (void)name;
    leave(ctx);
}

/* Text comes in pieces: what counts is the run a reader would get as one text node. */
static void text(void *ctx, const xmlChar *s, int len)
{
    check *c = check_of(ctx);

    (void)s;
    c->text += (size_t)len;
    if (c->text > CM_XML_MAX_TEXT) {
        refuse(ctx, "a text of more than %zu bytes", CM_XML_MAX_TEXT);
    }
}

static void doctype(void *ctx, const xmlChar *name, const xmlChar *public_id,
                    const xmlChar *system_id)
{
    (void)name, (void)public_id, (void)system_id;
    if (check_of(ctx)->kind == CM_XML_XML) {
        refuse(ctx, "document type declarations are not allowed");
    }
}

static void parse_error(void *ctx, xmlErrorPtr e)
{
    cm_xml_keep_first_error(&check_of(ctx)->first, e);
}

static xmlParserCtxtPtr new_parser(const char *data, int len, cm_xml_kind kind)
{
    xmlParserCtxtPtr p = kind == CM_XML_HTML ? htmlCreateMemoryParserCtxt(data, len)
                                             : xmlCreateMemoryParserCtxt(data, len);
    xmlSAXHandler *sax = p ? p->sax : NULL;

    if (!sax) {
        xmlFreeParserCtxt(p);
        return NULL;
    }
    /* Only what is checked: no tree, no entity lookup, no external subset. */
    memset(sax, 0, sizeof(*sax));
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElementNs = start_ns;
    sax->endElementNs = end_ns;
    sax->startElement = start_html;
    sax->endElement = end_html;
    sax->characters = text;
    sax->cdataBlock = text;
    sax->internalSubset = doctype;
    sax->serror = parse_error;
    if (kind == CM_XML_HTML) {
        htmlCtxtUseOptions(p, CM_HTML_OPTIONS);
    } else {
        xmlCtxtUseOptions(p, CM_XML_OPTIONS);
    }
    return p;
}

cm_status cm_xml_check(const char *data, size_t len, const char *path, cm_xml_kind kind,
                       cm_error *err)
{
    check c = {path, err, CM_OK, kind, 0, 0, {0, ""}};
    xmlParserCtxtPtr p;
    cm_xml_guard g;

    if (len > (size_t)INT32_MAX) {
        return cm_error_set(err, CM_EINPUT, path, 0, "larger than %d bytes, the XML limit",
                            INT32_MAX);
    }
    p = new_parser(data ? data : "", (int)len, kind);
    if (!p) {
        return cm_error_set(err, CM_ENOMEM, path, 0, "out of memory");
    }
    p->_private = &c;
    cm_xml_guard_begin(&g);
    if (kind == CM_XML_HTML) {
        htmlParseDocument(p);
    } else {
        xmlParseDocument(p);
    }
    cm_xml_guard_end(&g);
    if (c.rc == CM_OK && kind == CM_XML_XML && !p->wellFormed) {
        c.rc = cm_error_set(err, CM_EINPUT, path, c.first.line, "not well-formed XML: %s",
                            c.first.msg[0] ? c.first.msg : "unknown reason");
    }
    /* A declaration libxml2 meets after a fatal error still builds a document of its own
     * (SAX compatibility mode) that the context does not free. */
    if (p->myDoc) {
        xmlFreeDoc(p->myDoc);
        p->myDoc = NULL;
    }
    if (kind == CM_XML_HTML) {
        htmlFreeParserCtxt(p);
    } else {
        xmlFreeParserCtxt(p);
    }
    return c.rc;
}

static xmlParserInputPtr refuse_entities(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url, (void)id, (void)ctxt;
    return NULL;
}

void cm_xml_guard_begin(cm_xml_guard *g)
{
    g->old = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(refuse_entities);
}

void cm_xml_guard_end(cm_xml_guard *g)
{
    xmlSetExternalEntityLoader(g->old);
}

void cm_xml_keep_first_error(void *ctx, xmlErrorPtr e)
{
    cm_xml_first_error *f = ctx;
    size_t n;

    if (f->msg[0] || !e || e->level < XML_ERR_ERROR) {
        return;
    }
    f->line = e->line;
    snprintf(f->msg, sizeof(f->msg), "%s", e->message ? e->message : "unknown reason");
    n = strlen(f->msg);
    while (n > 0 && (f->msg[n - 1] == '\n' || f->msg[n - 1] == ' ')) {
        f->msg[--n] = '\0';
    }
}
