/* comention: what every reader of XML (or HTML) from outside does before and while it parses
 * with libxml2, so that a file from the internet can neither reach the network or local
 * files nor exhaust memory:
 *
 *   - cm_xml_check() reads the bytes once with a SAX parser that builds nothing: a document
 *     type declaration (where entities, external subsets and expansion bombs live) is refused
 *     before the parser sees it, and so are nesting deeper than CM_XML_MAX_DEPTH, more than
 *     CM_XML_MAX_ATTRS attributes on an element, an attribute value over CM_XML_MAX_ATTR
 *     bytes and a run of text over CM_XML_MAX_TEXT bytes; each refusal is one error naming
 *     the file and line. libxml2's own limits (XML_PARSE_HUGE never set) stay behind these.
 *   - the real parse then uses CM_XML_OPTIONS (no network; never NOENT, DTDLOAD or HUGE)
 *     between cm_xml_guard_begin() and cm_xml_guard_end(), which install an external-entity
 *     loader that refuses everything and restore libxml2's process-wide one afterwards.
 *
 * An HTML reader (htmlReadMemory) calls cm_xml_check(..., CM_XML_HTML, ...) and parses with
 * CM_HTML_OPTIONS. HTML has no entities of its own to declare and its parser loads no DTD
 * nor any external entity, so its <!DOCTYPE html> is allowed, the check installs no guard
 * (HTML pages are read from the worker threads) and an attribute or a text costs only its
 * own bytes. A document type with an internal subset ("<!DOCTYPE x [<!ENTITY ...") is
 * refused: it is an attack on XML parsers, never a page, and the HTML parser would make
 * its declarations article text. The limits are those of real news pages, and the tree is
 * built with XML_PARSE_HUGE once the check passed: without it libxml2 stops at a text of
 * 10,000,000 bytes (an inline script bundle) or 256 levels and drops the rest of the page
 * without saying so; with it, its bounds (2048 levels) lie beyond the check's. */
#ifndef CM_UTIL_XML_H
#define CM_UTIL_XML_H

#include <stddef.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include "comention/error.h"

#define CM_XML_MAX_DEPTH 64
#define CM_XML_MAX_ATTRS 256
#define CM_XML_MAX_ATTR ((size_t)1 << 16)
#define CM_XML_MAX_TEXT ((size_t)1 << 22)

/* Pages nest 20 to 100 deep, hundreds where tags are left open (a <span> per paragraph
 * never closed nests the whole article). Inline images (data: URIs), state in data-
 * attributes and script bundles run to megabytes. */
#define CM_HTML_MAX_DEPTH 1024
#define CM_HTML_MAX_ATTRS 1024
#define CM_HTML_MAX_ATTR ((size_t)1 << 26)
#define CM_HTML_MAX_TEXT ((size_t)1 << 26)

#define CM_XML_OPTIONS                                                                             \
    (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES)
#define CM_HTML_OPTIONS                                                                            \
    (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT)
/* The tree of a page cm_xml_check() passed (see above). */
#define CM_HTML_TREE_OPTIONS (CM_HTML_OPTIONS | HTML_PARSE_RECOVER | XML_PARSE_HUGE)

/* What cm_xml_check() reads the bytes as. */
typedef enum cm_xml_kind { CM_XML_XML, CM_XML_HTML } cm_xml_kind;

/* Refuse what no reader of ours accepts (see above), or bytes that are not well-formed XML
 * ("not well-formed XML: libxml2's first message"); CM_EINPUT naming `path` and the line,
 * CM_ENOMEM. Files over INT32_MAX bytes, libxml2's limit, are refused too. */
cm_status cm_xml_check(const char *data, size_t len, const char *path, cm_xml_kind kind,
                       cm_error *err);

/* libxml2's loader of external entities, kept while a guard is on. */
typedef struct cm_xml_guard {
    xmlExternalEntityLoader old;
} cm_xml_guard;

/* Refuse every external entity until cm_xml_guard_end(). Not thread-safe: libxml2 keeps the
 * loader process-wide, so readers run from one thread (as the CLI's do). */
void cm_xml_guard_begin(cm_xml_guard *g);
void cm_xml_guard_end(cm_xml_guard *g);

/* The first error libxml2 reports, for xmlSetStructuredErrorFunc() and its relatives: the
 * first explains the file, later ones are often consequences ("premature end of data"). */
typedef struct cm_xml_first_error {
    long line;
    char msg[256]; /* "" until an error came; no trailing newline */
} cm_xml_first_error;

void cm_xml_keep_first_error(void *ctx, xmlErrorPtr e);

#endif
