/* comention tests: shared set-up for the cmocka suites. */
#ifndef CM_TEST_HELPERS_H
#define CM_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "comention/comention.h"

/* A small lexicon used by the extraction and counting suites. */
static const char test_lexicon_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<lexicon version=\"1\">\n"
    "  <entity id=\"united-states\" type=\"country\" name=\"United States\">\n"
    "    <alias kind=\"abbreviation\">US</alias><alias kind=\"abbreviation\">U.S.</alias>\n"
    "    <alias kind=\"demonym\">American</alias><alias kind=\"capital\">Washington</alias>\n"
    "  </entity>\n"
    "  <entity id=\"russia\" type=\"country\" name=\"Russia\">\n"
    "    <alias kind=\"demonym\">Russian</alias><alias kind=\"capital\">Moscow</alias>\n"
    "  </entity>\n"
    "  <entity id=\"ukraine\" type=\"country\" name=\"Ukraine\">\n"
    "    <alias kind=\"demonym\">Ukrainian</alias><alias kind=\"capital\">Kyiv</alias>\n"
    "  </entity>\n"
    "  <entity id=\"china\" type=\"country\" name=\"China\"/>\n"
    "  <entity id=\"turkey\" type=\"country\" name=\"Turkey\"/>\n"
    "  <entity id=\"vladimir-putin\" type=\"actor\" subtype=\"person\" name=\"Vladimir Putin\">\n"
    "    <alias>Putin</alias>\n"
    "  </entity>\n"
    "  <entity id=\"recep-tayyip-erdogan\" type=\"person\" name=\"Recep Tayyip Erdoğan\">\n"
    "    <alias>Erdogan</alias>\n"
    "  </entity>\n"
    "  <entity id=\"fsb\" type=\"actor\" subtype=\"intelligence\" name=\"FSB\">\n"
    "    <alias>Russian Federal Security Service</alias>\n"
    "  </entity>\n"
    "  <entity id=\"islamic-state\" type=\"actor\" subtype=\"armed_group\" name=\"Islamic "
    "State\">\n"
    "    <alias case=\"exact\">IS</alias>\n"
    "  </entity>\n"
    "  <entity id=\"patriot\" type=\"weapon\" subtype=\"air_defence\" name=\"Patriot\"/>\n"
    "  <entity id=\"f-16\" type=\"weapon\" subtype=\"aircraft\" name=\"F-16\"/>\n"
    "  <entity id=\"nato\" type=\"actor\" subtype=\"igo\" name=\"NATO\">\n"
    "    <alias>Nato</alias>\n"
    "  </entity>\n"
    "  <stop>South China Sea</stop>\n"
    "</lexicon>\n";

/* The test lexicon, then `extra` (NUL-terminated XML, named extra.xml) when not NULL. */
static inline cm_lexicon *test_lexicon_with(const char *extra)
{
    cm_lexicon *lex = NULL;
    cm_error err;
    assert_int_equal(cm_lexicon_new(&lex, &err), CM_OK);
    assert_int_equal(cm_lexicon_add_memory(lex, "test.xml", test_lexicon_xml,
                                           sizeof(test_lexicon_xml) - 1, &err),
                     CM_OK);
    if (extra) {
        assert_int_equal(cm_lexicon_add_memory(lex, "extra.xml", extra, strlen(extra), &err),
                         CM_OK);
    }
    assert_int_equal(cm_lexicon_compile(lex, NULL, NULL, &err), CM_OK);
    return lex;
}

static inline cm_lexicon *test_lexicon(void)
{
    return test_lexicon_with(NULL);
}

#endif
