/* comention: an HTML page's article text, title and date. A scraped page is mostly not
 * the article: menus, scripts, cookie banners and footers name organizations and countries
 * the article never mentions, so those elements are dropped; blocks (paragraphs, headings,
 * list items, captions) become paragraphs, separated by a blank line as the text stage
 * expects (src/text/segment.c).
 *
 * Safety (util/xml.h): cm_xml_check() first, with the limits of real pages (depth,
 * attributes, texts) and no internal subset; then libxml2's HTML parser with
 * HTML_PARSE_NONET, never entity loading; it loads no DTD. Its diagnostics are silenced
 * (a scraped page has hundreds). */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <json-c/json.h>
#include <libxml/HTMLparser.h>
#include "read/read_int.h"
#include "util/xml.h"

/* A stack guard of the walks: cm_xml_check() refused deeper pages (the parser adds the
 * elements a page leaves out, html and body, to what the check counted). */
#define WALK_DEPTH (CM_HTML_MAX_DEPTH + 64)

/* What the page says about itself, best source first. */
enum { DATE_OG, DATE_JSONLD, DATE_ITEMPROP, DATE_META, DATE_TIME, N_DATES };

typedef struct meta {
    char *og_title, *title, *h1; /* owned (xmlChar from libxml2, freed with xmlFree) */
    int32_t day[N_DATES];
} meta;

typedef struct walker {
    cm_buf *out;
    int brk;    /* break owed before the next text: 0, 1 line, 2 paragraph */
    int space;  /* a space owed before the next text */
    int saw_h1; /* the article text has its headline */
} walker;

static int is_name(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, (const xmlChar *)name) == 0;
}

static int is_one_of(const xmlNode *n, const char *const *names)
{
    for (; *names; names++) {
        if (is_name(n, *names)) {
            return 1;
        }
    }
    return 0;
}

/* Never article text. header and footer only outside an <article> (whose own header holds
 * the headline and the date). */
static int dropped(const xmlNode *n, int in_article)
{
    static const char *const never[] = {"script", "style",    "noscript", "nav",    "aside",
                                        "form",   "template", "iframe",   "svg",    "button",
                                        "select", "head",     "object",   "canvas", NULL};
    return is_one_of(n, never) || (!in_article && (is_name(n, "header") || is_name(n, "footer")));
}

static int is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "p",     "div",     "h1",      "h2",      "h3",         "h4",      "h5",
        "h6",    "li",      "ul",      "ol",      "blockquote", "figure",  "figcaption",
        "table", "tr",      "td",      "th",      "caption",    "dl",      "dt",
        "dd",    "section", "article", "main",    "pre",        "address", "hr",
        "body",  "header",  "footer",  "details", "summary",    "center",  NULL};
    return is_one_of(n, blocks);
}

static int html_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Text with runs of white space as one space; owed breaks and spaces go out before it. */
static void emit(walker *w, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (html_space(*p)) {
            w->space = w->out->len > 0 && !w->brk;
            continue;
        }
        if (w->brk && w->out->len > 0) {
            cm_buf_puts(w->out, w->brk > 1 ? "\n\n" : "\n");
        } else if (w->space) {
            cm_buf_putc(w->out, ' ');
        }
        w->brk = w->space = 0;
        cm_buf_putc(w->out, (char)*p);
    }
}

static void owe_break(walker *w, int kind)
{
    w->brk = w->brk > kind ? w->brk : kind;
    w->space = 0;
}

static void walk_text(walker *w, const xmlNode *n, int in_article, int depth)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            emit(w, (const char *)n->content);
        } else if (n->type != XML_ELEMENT_NODE || dropped(n, in_article)) {
            continue; /* comments, processing instructions, boilerplate */
        } else if (is_name(n, "br")) {
            owe_break(w, 1);
        } else {
            int block = is_block(n);
            if (block) {
                owe_break(w, 2);
            }
            w->saw_h1 |= is_name(n, "h1");
            if (depth < WALK_DEPTH) {
                walk_text(w, n->children, in_article || is_name(n, "article"), depth + 1);
            }
            if (block) {
                owe_break(w, 2);
            }
        }
    }
}

static xmlChar *attr(const xmlNode *n, const char *name)
{
    return xmlGetProp(n, (const xmlChar *)name);
}

static void set_day(int32_t *day, const char *s)
{
    int32_t d;
    if (*day == CM_DAY_NONE && s && cm_date_parse(&d, s, strlen(s)) == 0) {
        *day = d;
    }
}

/* datePublished anywhere in a JSON-LD value (objects, arrays, @graph), depth-bounded. */
static const char *ld_date(json_object *v, int depth)
{
    json_object *f;
    if (depth > 8 || !v) {
        return NULL;
    }
    if (json_object_is_type(v, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(v); i++) {
            const char *d = ld_date(json_object_array_get_idx(v, i), depth + 1);
            if (d) {
                return d;
            }
        }
        return NULL;
    }
    if (!json_object_is_type(v, json_type_object)) {
        return NULL;
    }
    if (json_object_object_get_ex(v, "datePublished", &f) &&
        json_object_is_type(f, json_type_string)) {
        return json_object_get_string(f);
    }
    json_object_object_foreach(v, key, child)
    {
        const char *d =
            key[0] != '@' || strcmp(key, "@graph") == 0 ? ld_date(child, depth + 1) : NULL;
        if (d) {
            return d;
        }
    }
    return NULL;
}

static void read_jsonld(meta *m, const xmlNode *n)
{
    xmlChar *type = attr(n, "type");
    if (type && xmlStrcasecmp(type, (const xmlChar *)"application/ld+json") == 0) {
        xmlChar *body = xmlNodeGetContent(n);
        json_object *v = body ? json_tokener_parse((const char *)body) : NULL;
        set_day(&m->day[DATE_JSONLD], ld_date(v, 0));
        json_object_put(v);
        xmlFree(body);
    }
    xmlFree(type);
}

static int key_is(const xmlChar *k, const char *const *names)
{
    for (; k && *names; names++) {
        if (xmlStrcasecmp(k, (const xmlChar *)*names) == 0) {
            return 1;
        }
    }
    return 0;
}

static void read_meta(meta *m, const xmlNode *n)
{
    static const char *const published[] = {"article:published_time", "og:published_time", NULL};
    static const char *const dated[] = {"date",          "pubdate",          "publishdate",
                                        "dc.date",       "dc.date.issued",   "dcterms.date",
                                        "sailthru.date", "parsely-pub-date", NULL};
    static const char *const og_title[] = {"og:title", NULL};
    xmlChar *prop = attr(n, "property"), *name = attr(n, "name"), *item = attr(n, "itemprop");
    xmlChar *content = attr(n, "content");
    const char *c = (const char *)content;

    if (key_is(prop, published) || key_is(name, published)) {
        set_day(&m->day[DATE_OG], c);
    }
    if (key_is(item, (const char *const[]){"datePublished", NULL})) {
        set_day(&m->day[DATE_ITEMPROP], c);
    }
    if (key_is(name, dated)) {
        set_day(&m->day[DATE_META], c);
    }
    if ((key_is(prop, og_title) || key_is(name, og_title)) && !m->og_title && content) {
        m->og_title = (char *)content;
        content = NULL;
    }
    xmlFree(prop);
    xmlFree(name);
    xmlFree(item);
    xmlFree(content);
}

/* Keep the first non-empty text of an element. */
static void first_text(char **slot, const xmlNode *n)
{
    if (!*slot) {
        xmlChar *t = xmlNodeGetContent(n);
        if (t && *t) {
            *slot = (char *)t;
        } else {
            xmlFree(t);
        }
    }
}

static void walk_meta(meta *m, const xmlNode *n, int depth)
{
    for (; n && depth < WALK_DEPTH; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (is_name(n, "meta")) {
            read_meta(m, n);
        } else if (is_name(n, "script")) {
            read_jsonld(m, n);
        } else if (is_name(n, "title")) {
            first_text(&m->title, n);
        } else if (is_name(n, "h1")) {
            first_text(&m->h1, n);
        } else if (is_name(n, "time") && m->day[DATE_TIME] == CM_DAY_NONE) {
            xmlChar *dt = attr(n, "datetime");
            set_day(&m->day[DATE_TIME], (const char *)dt);
            xmlFree(dt);
        }
        walk_meta(m, n->children, depth + 1);
    }
}

/* A title with its white space collapsed, copied. */
static char *clean_title(const char *t)
{
    cm_buf b;
    walker w = {&b, 0, 0, 0};
    cm_buf_init(&b);
    emit(&w, t);
    if (b.failed || !b.data) {
        cm_buf_destroy(&b);
        return b.failed ? NULL : cm_strdup("");
    }
    return b.data;
}

static void silence(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

static xmlDoc *parse(const char *html, size_t len)
{
    xmlStructuredErrorFunc old = xmlStructuredError;
    void *old_ctx = xmlStructuredErrorContext;
    xmlDoc *doc;

    xmlSetStructuredErrorFunc(NULL, silence);
    doc = htmlReadMemory(html, (int)len, NULL, NULL, CM_HTML_TREE_OPTIONS);
    xmlSetStructuredErrorFunc(old_ctx, old);
    return doc;
}

/* The headline of a page whose article text has no h1: og:title (the <title> carries the
 * site's name, which would be counted as an actor). */
static void put_headline(cm_html_page *page, const meta *m, const walker *w)
{
    cm_buf with;
    if (w->saw_h1 || !m->og_title || !page->title || !page->title[0]) {
        return;
    }
    cm_buf_init(&with);
    cm_buf_puts(&with, page->title);
    if (page->text.len > 0) {
        cm_buf_puts(&with, "\n\n");
        cm_buf_put(&with, page->text.data, page->text.len);
    }
    cm_buf_destroy(&page->text);
    page->text = with;
}

static void meta_destroy(meta *m)
{
    xmlFree(m->og_title);
    xmlFree(m->title);
    xmlFree(m->h1);
}

cm_status cm_html_read(cm_html_page *page, const char *html, size_t len, cm_error *err)
{
    meta m = {NULL, NULL, NULL, {CM_DAY_NONE, CM_DAY_NONE, CM_DAY_NONE, CM_DAY_NONE, CM_DAY_NONE}};
    walker w = {&page->text, 0, 0, 0};
    xmlDoc *doc;
    cm_status rc;
    cm_error why;

    cm_buf_init(&page->text);
    page->title = NULL;
    page->day = CM_DAY_NONE;
    if (len > (size_t)INT32_MAX) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "HTML page over 2 GiB");
    }
    xmlInitParser();
    if ((rc = cm_xml_check(html, len, NULL, CM_XML_HTML, &why)) != CM_OK) {
        /* the caller names the file; the line goes with the reason into report.json */
        return rc == CM_EINPUT ? cm_error_set(err, rc, NULL, 0, "line %ld: %s", why.line, why.msg)
                               : cm_error_set(err, rc, NULL, 0, "%s", why.msg);
    }
    if (!(doc = parse(html, len))) {
        return cm_error_set(err, CM_EINPUT, NULL, 0, "not an HTML page");
    }
    walk_meta(&m, doc->children, 0);
    walk_text(&w, doc->children, 0, 0);
    xmlFreeDoc(doc);
    for (int k = 0; k < N_DATES && page->day == CM_DAY_NONE; k++) {
        page->day = m.day[k];
    }
    const char *t = m.og_title ? m.og_title : m.h1 ? m.h1 : m.title;
    page->title = t ? clean_title(t) : NULL;
    put_headline(page, &m, &w);
    meta_destroy(&m);
    if (page->text.failed || (t && !page->title) || !cm_buf_reserve(&page->text, 0)) {
        return cm_error_set(err, CM_ENOMEM, NULL, 0, "out of memory");
    }
    page->text.data[page->text.len] = '\0';
    return CM_OK;
}

void cm_html_page_destroy(cm_html_page *page)
{
    cm_buf_destroy(&page->text);
    cm_free(page->title);
    page->title = NULL;
}

int cm_looks_like_html(const char *s, size_t n)
{
    size_t i = n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

    for (;;) {
        while (i < n && html_space((unsigned char)s[i])) {
            i++;
        }
        /* a comment or an XML declaration may come before the document type */
        if (n - i < 5 || (strncmp(s + i, "<!--", 4) != 0 && strncmp(s + i, "<?xml", 5) != 0)) {
            break;
        }
        const char *e = memchr(s + i, '>', n - i);
        if (!e) {
            return 0;
        }
        i = (size_t)(e - s) + 1;
    }
    return (n - i >= 14 && strncasecmp(s + i, "<!doctype html", 14) == 0) ||
           (n - i >= 5 && strncasecmp(s + i, "<html", 5) == 0 &&
            (n - i == 5 || !isalnum((unsigned char)s[i + 5])));
}
