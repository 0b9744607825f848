/* Unit tests of matching, table-driven: text in, "entity=surface" mentions out (surface
 * sliced from the original bytes with the reported offsets). */
#include <stdio.h>
#include "helpers.h"

typedef struct match_case {
    const char *name;
    const char *text;
    const char *want[8]; /* "entity=surface", NULL-terminated */
} match_case;

static const match_case cases[] = {
    {"acronym is case-sensitive",
     "US officials told us that the US would act.",
     {"united-states=US", "united-states=US"}},
    {"IS is not is", "IS fighters said it is over.", {"islamic-state=IS"}},
    {"possessive outside the span",
     "Putin\xE2\x80\x99s aide and Russia's envoy met.",
     {"vladimir-putin=Putin", "russia=Russia"}},
    {"U.S. possessive and compound",
     "The U.S.'s plan, a U.S.-backed force.",
     {"united-states=U.S.", "united-states=U.S."}},
    {"hyphen compounds",
     "The US-Russia talks and Russia-NATO tensions.",
     {"united-states=US", "russia=Russia", "russia=Russia", "nato=NATO"}},
    {"leftmost-longest",
     "The Russian Federal Security Service said.",
     {"fsb=Russian Federal Security Service"}},
    {"demonym and capital",
     "Ukrainian and Russian officials met in Kyiv.",
     {"ukraine=Ukrainian", "russia=Russian", "ukraine=Kyiv"}},
    {"title case rule",
     "Patriot batteries; a true patriot; PATRIOT.",
     {"patriot=Patriot", "patriot=PATRIOT"}},
    {"all-caps headline", "PUTIN WARNS NATO", {"vladimir-putin=PUTIN", "nato=NATO"}},
    {"weapon plural", "More F-16s and Patriots arrived.", {"f-16=F-16s", "patriot=Patriots"}},
    {"no match inside a word", "Russianness and Turkeys and USA.", {NULL}},
    {"stop phrase hides a country", "Ships in the South China Sea near China.", {"china=China"}},
    {"diacritics fold",
     "Erdoğan met Erdogan.",
     {"recep-tayyip-erdogan=Erdoğan", "recep-tayyip-erdogan=Erdogan"}},
    {"name across a line break of hard-wrapped text",
     "The talks went on for hours in the capital and then the president Vladimir\n"
     "Putin said that the meeting had been useful for both of the sides there\n"
     "and everyone went home after a long day of negotiations in the city hall\n"
     "later.",
     {"vladimir-putin=Vladimir Putin"}},
    {"curly quotes and dashes",
     "\xE2\x80\x9CRussia\xE2\x80\x94Ukraine\xE2\x80\x9D",
     {"russia=Russia", "ukraine=Ukraine"}},
};

/* Collapse whitespace like the mentions TSV does, so a wrapped name compares on one line. */
static void surface(char *out, size_t size, const char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < size; i++) {
        int sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t';
        if (sp && o > 0 && out[o - 1] == ' ') {
            continue;
        }
        out[o++] = sp ? ' ' : s[i];
    }
    out[o] = '\0';
}

static void run_case(const cm_lexicon *lex, const match_case *c)
{
    cm_doc *doc = NULL;
    cm_segments *seg = NULL;
    cm_mentions *m = NULL;
    cm_extract_opts eo;
    cm_error err;
    size_t n = 0;

    /* The lexicon's matching alone: discovery has its own suite (test_discover.c). */
    cm_extract_opts_init(&eo);
    eo.discover = CM_DISCOVER_NONE;
    while (c->want[n]) {
        n++;
    }
    assert_int_equal(cm_doc_new(&doc, "t", c->text, strlen(c->text), &err), CM_OK);
    assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
    assert_int_equal(cm_extract(&m, seg, lex, &eo, &err), CM_OK);
    if (m->n != n) {
        fail_msg("%s: %zu mentions, want %zu", c->name, m->n, n);
    }
    for (size_t i = 0; i < n; i++) {
        char got[256], sur[128];
        surface(sur, sizeof(sur), doc->text + m->items[i].start,
                m->items[i].end - m->items[i].start);
        snprintf(got, sizeof(got), "%s=%s", cm_lexicon_entity(lex, m->items[i].entity)->id, sur);
        if (strcmp(got, c->want[i]) != 0) {
            fail_msg("%s: mention %zu is '%s', want '%s'", c->name, i, got, c->want[i]);
        }
    }
    cm_mentions_free(m);
    cm_segments_free(seg);
    cm_doc_free(doc);
}

static void extract__matching_table(void **state)
{
    cm_lexicon *lex = test_lexicon();
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        run_case(lex, &cases[i]);
    }
    cm_lexicon_free(lex);
}

static void extract__sentence_index(void **state)
{
    const char *t = "Putin spoke. Then Erdogan spoke.\nRussia listened.";
    cm_lexicon *lex = test_lexicon();
    cm_doc *doc = NULL;
    cm_segments *seg = NULL;
    cm_mentions *m = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(cm_doc_new(&doc, "t", t, strlen(t), &err), CM_OK);
    assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
    assert_int_equal(cm_extract(&m, seg, lex, NULL, &err), CM_OK);
    assert_int_equal(m->n, 3);
    assert_int_equal(m->items[0].sentence, 0);
    assert_int_equal(m->items[1].sentence, 1);
    assert_int_equal(m->items[2].sentence, 2);
    assert_int_equal(m->items[2].start, 33);
    assert_int_equal(m->items[2].end, 39);
    cm_mentions_free(m);
    cm_segments_free(seg);
    cm_doc_free(doc);
    cm_lexicon_free(lex);
}

static void extract__uncompiled_lexicon_matches_nothing(void **state)
{
    cm_lexicon *lex = NULL;
    cm_error err;
    cm_match mt;
    cm_nchar *nc = NULL;
    size_t n = 0;
    (void)state;
    assert_int_equal(cm_lexicon_new(&lex, &err), CM_OK);
    assert_int_equal(cm_normalize(&nc, &n, "Russia", 6, &err), CM_OK);
    cm_lexicon_match(&mt, lex, nc, n, 0);
    assert_int_equal(mt.len, 0);
    cm_nchars_free(nc);
    cm_lexicon_free(lex);
}

static const char people_xml[] =
    "<lexicon version=\"1\">"
    "<entity id=\"rajnath-singh\" type=\"actor\" subtype=\"person\" name=\"Rajnath Singh\"/>"
    "<entity id=\"ap-singh\" type=\"actor\" subtype=\"person\" name=\"A. P. Singh\"/>"
    "<entity id=\"lloyd-austin\" type=\"actor\" subtype=\"person\" name=\"Lloyd J. Austin III\">"
    "<alias>Lloyd Austin</alias></entity>"
    "<entity id=\"ursula-von-der-leyen\" type=\"actor\" subtype=\"person\" "
    "name=\"Ursula von der Leyen\"/>"
    "<entity id=\"india\" type=\"country\" name=\"India\"/>"
    "</lexicon>";

/* Surnames are derived from the persons' names and shared: they count only where the
 * document names exactly one person with that surname otherwise. */
static const match_case shared_cases[] = {
    {"surname resolves to the person named",
     "Rajnath Singh spoke. Later Singh left India.",
     {"rajnath-singh=Rajnath Singh", "rajnath-singh=Singh", "india=India"}},
    {"surname alone is left out", "Singh spoke in India.", {"india=India"}},
    {"two Singhs named: ambiguous",
     "Rajnath Singh and A. P. Singh met. Singh spoke.",
     {"rajnath-singh=Rajnath Singh", "ap-singh=A. P. Singh"}},
    {"suffix and initial skipped",
     "Lloyd Austin arrived. AUSTIN said no.",
     {"lloyd-austin=Lloyd Austin", "lloyd-austin=AUSTIN"}},
    {"the place is not the person", "He flew to Austin, Texas.", {NULL}},
    {"particles stay with the surname",
     "Ursula von der Leyen spoke; von der Leyen left.",
     {"ursula-von-der-leyen=Ursula von der Leyen", "ursula-von-der-leyen=von der Leyen"}},
};

static cm_lexicon *lexicon_of(const char *xml)
{
    cm_lexicon *lex = NULL;
    cm_error err;
    assert_int_equal(cm_lexicon_new(&lex, &err), CM_OK);
    assert_int_equal(cm_lexicon_add_memory(lex, "t.xml", xml, strlen(xml), &err), CM_OK);
    assert_int_equal(cm_lexicon_compile(lex, NULL, NULL, &err), CM_OK);
    return lex;
}

/* Every case of a table against a lexicon given as XML. */
static void run_table(const char *xml, const match_case *table, size_t n)
{
    cm_lexicon *lex = lexicon_of(xml);
    for (size_t i = 0; i < n; i++) {
        run_case(lex, &table[i]);
    }
    cm_lexicon_free(lex);
}

static void extract__shared_surnames(void **state)
{
    (void)state;
    run_table(people_xml, shared_cases, sizeof(shared_cases) / sizeof(*shared_cases));
}

/* Context rules (guideline rules 39-43): the longer name decides. */
static const char context_xml[] =
    "<?xml version=\"1.0\"?>\n<lexicon version=\"1\">\n"
    "<entity id=\"united-states\" type=\"country\" name=\"United States\">"
    "<alias kind=\"abbreviation\">US</alias><alias kind=\"demonym\">American</alias></entity>"
    "<entity id=\"india\" type=\"country\" name=\"India\">"
    "<alias kind=\"demonym\">Indian</alias></entity>"
    "<entity id=\"turkey\" type=\"country\" name=\"Turkey\">"
    "<alias kind=\"demonym\">Turkish</alias></entity>"
    "<entity id=\"egypt\" type=\"country\" name=\"Egypt\">"
    "<alias kind=\"capital\">Cairo</alias></entity>"
    "<entity id=\"iraq\" type=\"country\" name=\"Iraq\">"
    "<alias kind=\"demonym\">Iraqi</alias></entity>"
    "<entity id=\"bayraktar-tb2\" type=\"weapon\" subtype=\"drone\" name=\"Bayraktar TB2\""
    " country=\"turkey\"><alias>Bayraktar</alias></entity>"
    "<entity id=\"haluk\" type=\"actor\" subtype=\"person\" name=\"Haluk Bayraktar\"/>"
    "<entity id=\"wagner\" type=\"actor\" subtype=\"armed_group\" name=\"Wagner Group\""
    " country=\"russia\"><alias>Wagner</alias></entity>"
    "<entity id=\"airbus\" type=\"actor\" subtype=\"company\" name=\"Airbus\"/>"
    "<entity id=\"centcom\" type=\"actor\" subtype=\"military\" name=\"US Central Command\""
    " country=\"united-states\"><alias kind=\"abbreviation\">CENTCOM</alias>"
    "<alias>Central Command</alias></entity>"
    "<entity id=\"indian-army\" type=\"actor\" subtype=\"military\" name=\"Indian Army\""
    " country=\"india\"/>"
    "<entity id=\"hassan-egypt\" type=\"actor\" subtype=\"person\" name=\"Ali Hassan Masri\""
    " country=\"egypt\"><alias shared=\"true\">Ali Hassan</alias></entity>"
    "<entity id=\"hassan-iraq\" type=\"actor\" subtype=\"person\" name=\"Ali Hassan Iraqi\""
    " country=\"iraq\"><alias shared=\"true\">Ali Hassan</alias></entity>"
    "</lexicon>\n";

static const match_case context_cases[] = {
    {"a given name makes a surname",
     "Turkish engineer Selçuk Bayraktar spoke.",
     {"turkey=Turkish"}},
    {"the surname alone, later, is that person",
     "The engineer Selçuk Bayraktar spoke. Bayraktar said more.",
     {NULL}},
    {"a known person's surname alone is that person",
     "Haluk Bayraktar spoke. Later Bayraktar said more about the Bayraktar TB2.",
     {"haluk=Haluk Bayraktar", "haluk=Bayraktar", "bayraktar-tb2=Bayraktar TB2"}},
    {"the drone stays a drone",
     "Turkey flies the Bayraktar drones.",
     {"turkey=Turkey", "bayraktar-tb2=Bayraktar"}},
    {"a demonym compound before it",
     "Turkish-made Bayraktar units flew.",
     {"turkey=Turkish", "bayraktar-tb2=Bayraktar"}},
    {"a title-case headline says nothing",
     "Turkey Orders Bayraktar Drones Again",
     {"turkey=Turkey", "bayraktar-tb2=Bayraktar"}},
    {"a composer is no armed group", "The composer Richard Wagner wrote operas.", {NULL}},
    {"a capital at the sentence start says nothing",
     "Former Wagner fighters returned.",
     {"wagner=Wagner"}},
    {"the maker is not the drone", "The Bayraktar company grew.", {NULL}},
    {"currency codes", "A US$5 million deal, a A$3 million loan.", {NULL}},
    {"the country before a sum stays", "The US paid $5 million.", {"united-states=US"}},
    {"another army's regional command",
     "The Indian Army's Central Command moved.",
     {"indian-army=Indian Army"}},
    {"a country's possessive", "India's Central Command moved.", {"india=India"}},
    {"a bare command where the document names no US", "The army's Central Command moved.", {NULL}},
    {"a bare command where the document names the US",
     "The US said Central Command would act.",
     {"united-states=US", "centcom=Central Command"}},
    {"the acronym needs no context", "CENTCOM moved.", {"centcom=CENTCOM"}},
    {"a company named after a country",
     "Airbus India signed. India Aerospace Systems Ltd won the radar contract.",
     {"airbus=Airbus"}},
    {"the country alone stays", "India bought jets from Airbus.", {"india=India", "airbus=Airbus"}},
    {"a demonym before a title stays", "Indian Defence Minister spoke.", {"india=Indian"}},
    {"homonym by the country of the sentence",
     "Iraqi officials said Ali Hassan would attend.",
     {"iraq=Iraqi", "hassan-iraq=Ali Hassan"}},
    {"homonym by the country of the document",
     "Ali Hassan spoke. He flew home to Cairo.",
     {"hassan-egypt=Ali Hassan", "egypt=Cairo"}},
    {"homonym without context is nobody", "Ali Hassan spoke.", {NULL}},
    {"homonym with two countries is nobody",
     "Ali Hassan spoke. Cairo and the Iraqi side replied.",
     {"egypt=Cairo", "iraq=Iraqi"}},
};

static void extract__context_rules(void **state)
{
    (void)state;
    run_table(context_xml, context_cases, sizeof(context_cases) / sizeof(*context_cases));
}

static void extract__context_reasons(void **state)
{
    const char *t = "A US$5 loan. The engineer Selçuk Bayraktar spoke. India's Central Command.";
    static const cm_reject_reason want[] = {CM_REJECT_CURRENCY, CM_REJECT_NAME, CM_REJECT_CONTEXT};
    cm_lexicon *lex = lexicon_of(context_xml);
    cm_doc *doc = NULL;
    cm_segments *seg = NULL;
    cm_mentions *m = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(cm_doc_new(&doc, "t", t, strlen(t), &err), CM_OK);
    assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
    assert_int_equal(cm_extract(&m, seg, lex, NULL, &err), CM_OK);
    assert_int_equal(m->n, 1); /* India */
    assert_int_equal(m->n_rejected, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(m->rejected[i].reason, want[i]);
    }
    assert_string_equal(cm_reject_reason_name(CM_REJECT_CURRENCY), "currency");
    assert_string_equal(cm_reject_reason_name(CM_REJECT_NAME), "name");
    assert_string_equal(cm_reject_reason_name(CM_REJECT_CONTEXT), "context");
    cm_mentions_free(m);
    cm_segments_free(seg);
    cm_doc_free(doc);
    cm_lexicon_free(lex);
}

static void extract__rejections_say_why(void **state)
{
    const char *t = "US officials told us. A patriot sailed the South China Sea. Singh spoke.";
    cm_lexicon *lex = test_lexicon();
    cm_doc *doc = NULL;
    cm_segments *seg = NULL;
    cm_mentions *m = NULL;
    cm_error err;
    cm_alias_info a;
    (void)state;
    assert_int_equal(cm_doc_new(&doc, "t", t, strlen(t), &err), CM_OK);
    assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
    assert_int_equal(cm_extract(&m, seg, lex, NULL, &err), CM_OK);
    assert_int_equal(m->n, 1); /* US */
    assert_int_equal(m->n_rejected, 3);
    assert_int_equal(m->rejected[0].reason, CM_REJECT_CASE); /* us */
    assert_int_equal(m->rejected[0].start, 18);
    assert_int_equal(m->rejected[1].reason, CM_REJECT_CASE); /* patriot */
    cm_lexicon_alias(&a, lex, m->rejected[1].alias);
    assert_string_equal(a.text, "Patriot");
    assert_int_equal(m->rejected[2].reason, CM_REJECT_STOP);
    assert_string_equal(cm_reject_reason_name(CM_REJECT_UNRESOLVED), "unresolved");
    cm_mentions_free(m);
    cm_segments_free(seg);
    cm_doc_free(doc);
    cm_lexicon_free(lex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(extract__matching_table),
        cmocka_unit_test(extract__sentence_index),
        cmocka_unit_test(extract__uncompiled_lexicon_matches_nothing),
        cmocka_unit_test(extract__shared_surnames),
        cmocka_unit_test(extract__rejections_say_why),
        cmocka_unit_test(extract__context_rules),
        cmocka_unit_test(extract__context_reasons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
