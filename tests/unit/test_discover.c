/* Unit tests of discovery and coreference inside a document, table-driven: each rule
 * finds its case, each guard rejects its trap. Text in, "entity=surface" mentions out; a
 * discovered entity is written "id*". The sentences are our own. */
#include <stdio.h>
#include "helpers.h"
#include "extract/extract_int.h"

/* Beside the shared test lexicon: a news agency for the credit rules, a lexicon body
 * without its acronym, and a defence minister for the role references. */
static const char extra_xml[] =
    "<lexicon version=\"1\">"
    "<entity id=\"reuters\" type=\"actor\" subtype=\"media\" name=\"Reuters\"/>"
    "<entity id=\"northern-defence-force\" type=\"actor\" subtype=\"armed_group\" "
    "name=\"Northern Defence Force\"/>"
    "<entity id=\"india\" type=\"country\" name=\"India\">"
    "<alias kind=\"demonym\">Indian</alias></entity>"
    "<entity id=\"rajnath-singh\" type=\"actor\" subtype=\"person\" name=\"Rajnath Singh\"/>"
    "</lexicon>";

typedef struct disc_case {
    const char *name;
    cm_discover mode;
    const char *text;
    const char *want[10]; /* "entity=surface", "id*=surface" when discovered; NULL-ended */
} disc_case;

static const disc_case finds[] = {
    {"title",
     CM_DISCOVER_ALL,
     "The service was led by Archpriest Tomas Varga in the old town.",
     {"tomas-varga*=Tomas Varga"}},
    {"title of several words, its country kept apart",
     CM_DISCOVER_ALL,
     "Russian Deputy Foreign Minister Pavel Orlov said the talks would resume.",
     {"russia=Russian", "pavel-orlov*=Pavel Orlov"}},
    {"military rank with abbreviations",
     CM_DISCOVER_ALL,
     "The drill was run by Lt. Gen. Anton K. Brenner and two aides.",
     {"anton-k-brenner*=Anton K. Brenner"}},
    {"apposition",
     CM_DISCOVER_ALL,
     "Russia's deputy foreign minister, Pavel Orlov, said little.",
     {"russia=Russia", "pavel-orlov*=Pavel Orlov"}},
    {"a name, then its role",
     CM_DISCOVER_ALL,
     "Talks stalled, said Ilse Varnholt, a senior Russian affairs analyst. Varnholt left.",
     {"ilse-varnholt*=Ilse Varnholt", "russia=Russian", "ilse-varnholt*=Varnholt"}},
    {"lower-case role before a name",
     CM_DISCOVER_ALL,
     "The plan is risky, said analyst Mara Kestel of a think tank in Kyiv.",
     {"mara-kestel*=Mara Kestel", "ukraine=Kyiv"}},
    {"byline on its own line",
     CM_DISCOVER_ALL,
     "Talks stall again\nBy Jonah Reed\nThe talks in Moscow stalled.",
     {"jonah-reed*=Jonah Reed", "russia=Moscow"}},
    {"credit before a news agency",
     CM_DISCOVER_ALL,
     "Jonah Reed / Reuters\nThe talks stalled.",
     {"jonah-reed*=Jonah Reed", "reuters=Reuters"}},
    {"photo credit after a news agency",
     CM_DISCOVER_ALL,
     "Soldiers load a truck. (Reuters/Lena Fisk)",
     {"reuters=Reuters", "lena-fisk*=Lena Fisk"}},
    {"acronym defined, then alone",
     CM_DISCOVER_ALL,
     "The Southern Shield Front (SSF) attacked a convoy. Later the SSF denied it.",
     {"southern-shield-front*=Southern Shield Front", "southern-shield-front*=SSF",
      "southern-shield-front*=SSF"}},
    {"acronym makes a generic name a name",
     CM_DISCOVER_ALL,
     "The Rapid Reaction Forces (RRF) attacked.",
     {"rapid-reaction-forces*=Rapid Reaction Forces", "rapid-reaction-forces*=RRF"}},
    {"acronym of a lexicon name",
     CM_DISCOVER_ALL,
     "The Northern Defence Force (NDF) moved north. The NDF then stopped.",
     {"northern-defence-force=Northern Defence Force", "northern-defence-force=NDF",
      "northern-defence-force=NDF"}},
    {"organization head word, the city inside it counts as the name only",
     CM_DISCOVER_ALL,
     "Crews of the 4th Moscow Signal Brigade trained at night.",
     {"4th-moscow-signal-brigade*=4th Moscow Signal Brigade"}},
    {"government body",
     CM_DISCOVER_ALL,
     "The Karvan Defence Council met on the matter.",
     {"karvan-defence-council*=Karvan Defence Council"}},
    {"weapon designation before a class word",
     CM_DISCOVER_ALL,
     "Two XK-12 cruise missiles hit the depot.",
     {"xk-12*=XK-12"}},
    {"a variant belongs to its base system",
     CM_DISCOVER_ALL,
     "Pilots flew F-16AM jets and the F-16.",
     {"f-16=F-16AM", "f-16=F-16"}},
    {"the <Name> drone",
     CM_DISCOVER_ALL,
     "Russian troops flew the Grelka drone over the river.",
     {"russia=Russian", "grelka*=Grelka"}},
    {"surname and title with surname",
     CM_DISCOVER_ALL,
     "Archpriest Tomas Varga spoke first. Varga said the church would reopen. "
     "Father Varga left.",
     {"tomas-varga*=Tomas Varga", "tomas-varga*=Varga", "tomas-varga*=Varga"}},
    {"full name again without its title",
     CM_DISCOVER_ALL,
     "Col. Nadia Brun arrived. Nadia Brun spoke.",
     {"nadia-brun*=Nadia Brun", "nadia-brun*=Nadia Brun"}},
    {"capitalized role reference to a lexicon person",
     CM_DISCOVER_ALL,
     "Indian Defence Minister Rajnath Singh visited the base. Then the Defence Minister left.",
     {"india=Indian", "rajnath-singh=Rajnath Singh", "rajnath-singh=Defence Minister"}},
    {"persons only: no organization or weapon",
     CM_DISCOVER_PERSONS,
     "Gen. Ivo Mrak of the Karvan Defence Council saw XK-12 missiles.",
     {"ivo-mrak*=Ivo Mrak"}},
    {"none: the lexicon alone", CM_DISCOVER_NONE, "Archpriest Tomas Varga spoke.", {NULL}},
};

static const disc_case traps[] = {
    {"a month is no name", CM_DISCOVER_ALL, "By March the front had moved.", {NULL}},
    {"a weekday is no name", CM_DISCOVER_ALL, "Spokesman Monday Evening said nothing.", {NULL}},
    {"a capital already in the lexicon is no person",
     CM_DISCOVER_ALL,
     "President Kyiv Moscow talks ended.",
     {"ukraine=Kyiv", "russia=Moscow"}},
    {"a person the lexicon knows is not discovered again",
     CM_DISCOVER_ALL,
     "Russian President Vladimir Putin spoke.",
     {"russia=Russian", "vladimir-putin=Vladimir Putin"}},
    {"sentence-initial common words",
     CM_DISCOVER_ALL,
     "Security Forces arrived. Many Brigades left. Government Forces fired.",
     {NULL}},
    {"headline in title case",
     CM_DISCOVER_ALL,
     "Archpriest Tomas Varga Killed In Blast Near Old Church",
     {NULL}},
    {"a lower-case role is no reference (an unnamed office holder)",
     CM_DISCOVER_ALL,
     "Defence Minister Rajnath Singh spoke. Later the defence minister left.",
     {"rajnath-singh=Rajnath Singh"}},
    {"two candidates for one role: nothing guessed",
     CM_DISCOVER_ALL,
     "Deputy Minister Ivo Mrak and Deputy Minister Lena Fisk met. The Deputy Minister left.",
     {"ivo-mrak*=Ivo Mrak", "lena-fisk*=Lena Fisk"}},
    {"two people of one surname: the surname alone is nobody",
     CM_DISCOVER_ALL,
     "Col. Harun Okafor met Maj. Ada Okafor. Okafor said no.",
     {"harun-okafor*=Harun Okafor", "ada-okafor*=Ada Okafor"}},
    {"a name, then no role",
     CM_DISCOVER_ALL,
     "Analysts met at Chatham Hall, a think tank, on the matter.",
     {NULL}},
    {"a generic body is no name",
     CM_DISCOVER_ALL,
     "The Joint Armed Forces Command and the Security Council met.",
     {NULL}},
    {"a demonym before a class word is no weapon",
     CM_DISCOVER_ALL,
     "They saw the Burmese drone and the Kurdish missile.",
     {NULL}},
    {"a place before an attack is no weapon",
     CM_DISCOVER_ALL,
     "After the Velka drone attack, the port closed.",
     {NULL}},
    {"an acronym whose initials do not fit",
     CM_DISCOVER_ALL,
     "The Rapid Reaction Forces (XYZ) attacked.",
     {NULL}},
    {"a class of weapons is no weapon",
     CM_DISCOVER_ALL,
     "A Close-In Weapon System (CIWS) fired.",
     {NULL}},
};

static cm_lexicon *lexicon(void)
{
    return test_lexicon_with(extra_xml);
}

static cm_mentions *extract(cm_doc **doc, cm_segments **seg, const cm_lexicon *lex,
                            const char *text, cm_discover mode)
{
    cm_extract_opts eo;
    cm_mentions *m = NULL;
    cm_error err;

    cm_extract_opts_init(&eo);
    eo.discover = mode;
    assert_int_equal(cm_doc_new(doc, "t", text, strlen(text), &err), CM_OK);
    assert_int_equal(cm_segment(seg, *doc, &err), CM_OK);
    assert_int_equal(cm_extract(&m, *seg, lex, &eo, &err), CM_OK);
    return m;
}

static void run_case(const cm_lexicon *lex, const disc_case *c)
{
    cm_doc *doc = NULL;
    cm_segments *seg = NULL;
    cm_mentions *m = extract(&doc, &seg, lex, c->text, c->mode);
    size_t n = 0;

    while (c->want[n]) {
        n++;
    }
    for (size_t i = 0; i < m->n || i < n; i++) {
        char got[256] = "(none)";
        if (i < m->n) {
            const cm_mention *mn = &m->items[i];
            snprintf(got, sizeof(got), "%s%s=%.*s", cm_mention_entity(m, mn, lex)->id,
                     mn->discovered ? "*" : "", (int)(mn->end - mn->start), doc->text + mn->start);
        }
        if (i >= n || strcmp(got, c->want[i]) != 0) {
            fail_msg("%s: mention %zu is '%s', want '%s' (%zu mentions, want %zu)", c->name, i, got,
                     i < n ? c->want[i] : "(none)", m->n, n);
        }
    }
    cm_mentions_free(m);
    cm_segments_free(seg);
    cm_doc_free(doc);
}

static void discover__rules_find_their_cases(void **state)
{
    cm_lexicon *lex = lexicon();
    (void)state;
    for (size_t i = 0; i < sizeof(finds) / sizeof(*finds); i++) {
        run_case(lex, &finds[i]);
    }
    cm_lexicon_free(lex);
}

static void discover__guards_reject_their_traps(void **state)
{
    cm_lexicon *lex = lexicon();
    (void)state;
    for (size_t i = 0; i < sizeof(traps) / sizeof(*traps); i++) {
        run_case(lex, &traps[i]);
    }
    cm_lexicon_free(lex);
}

/* The entity table: type, subtype, affiliation and the rule, and ids from the folded name. */
static void discover__entities_described(void **state)
{
    const char *t = "Russia's deputy foreign minister, Pavel Orlov, spoke. Gen. Selçuk Arın "
                    "and the 4th Moscow Signal Brigade (FMSB) came. Two XK-12 missiles flew.";
    cm_lexicon *lex = lexicon();
    cm_doc *doc = NULL;
    cm_segments *seg = NULL;
    cm_mentions *m = extract(&doc, &seg, lex, t, CM_DISCOVER_ALL);
    (void)state;

    assert_int_equal(m->n_discovered, 4);
    assert_string_equal(m->discovered[0].e.id, "pavel-orlov");
    assert_string_equal(m->discovered[0].e.subtype, "person");
    assert_string_equal(m->discovered[0].e.country, "russia");
    assert_int_equal(m->discovered[0].rule, CM_RULE_APPOSITION);
    assert_string_equal(m->discovered[1].e.id, "selcuk-arin");
    assert_string_equal(m->discovered[1].e.name, "Selçuk Arın");
    assert_null(m->discovered[1].e.country);
    assert_string_equal(m->discovered[2].e.subtype, "military");
    assert_string_equal(m->discovered[2].e.country, "russia");
    assert_int_equal(m->discovered[3].e.type, CM_TYPE_WEAPON);
    assert_string_equal(m->discovered[3].e.subtype, "missile");
    for (size_t i = 0; i < m->n; i++) {
        assert_true(m->items[i].discovered ? m->items[i].alias == SIZE_MAX
                                           : m->items[i].rule == CM_RULE_ALIAS);
    }
    cm_mentions_free(m);
    cm_segments_free(seg);
    cm_doc_free(doc);
    cm_lexicon_free(lex);
}

/* Titles a lexicon adds (docs/lexicon-format.md, <title>): none of these words is built in. */
static const char titles_xml[] = "<lexicon version=\"1\">"
                                 "<title>Archimandrite</title>"
                                 "<title kind=\"honorific\">Hieromonk</title>"
                                 "<title>Chief of Naval Logistics</title>"
                                 "</lexicon>";

/* Each text as the built-in lists read it, then with the lexicon's titles. */
static const disc_case title_before[] = {
    {"unknown head",
     CM_DISCOVER_ALL,
     "Archimandrite Luka Petrovan spoke. Later the Archimandrite left.",
     {NULL}},
    {"unknown honorific",
     CM_DISCOVER_ALL,
     "Hieromonk Dorin Vasek sang. Then the Hieromonk left.",
     {NULL}},
    {"unknown title",
     CM_DISCOVER_ALL,
     "The bells were blessed by Archimandrite Luka Petrovan.",
     {NULL}},
    {"unknown honorific", CM_DISCOVER_ALL, "Hieromonk Dorin Vasek led the service.", {NULL}},
    {"unknown head after a built-in modifier",
     CM_DISCOVER_ALL,
     "The harbour was inspected by Chief of Naval Logistics Ivo Maretic on Friday.",
     {"logistics-ivo-maretic*=Logistics Ivo Maretic"}},
    {"a title alone", CM_DISCOVER_ALL, "The Archimandrite said the bells rang at Easter.", {NULL}},
};

static const disc_case title_after[] = {
    {"a lexicon head names a role",
     CM_DISCOVER_ALL,
     "Archimandrite Luka Petrovan spoke. Later the Archimandrite left.",
     {"luka-petrovan*=Luka Petrovan", "luka-petrovan*=Archimandrite"}},
    {"a lexicon honorific names none",
     CM_DISCOVER_ALL,
     "Hieromonk Dorin Vasek sang. Then the Hieromonk left.",
     {"dorin-vasek*=Dorin Vasek"}},
    {"lexicon title",
     CM_DISCOVER_ALL,
     "The bells were blessed by Archimandrite Luka Petrovan.",
     {"luka-petrovan*=Luka Petrovan"}},
    {"lexicon honorific",
     CM_DISCOVER_ALL,
     "Hieromonk Dorin Vasek led the service.",
     {"dorin-vasek*=Dorin Vasek"}},
    {"lexicon title of several words",
     CM_DISCOVER_ALL,
     "The harbour was inspected by Chief of Naval Logistics Ivo Maretic on Friday.",
     {"ivo-maretic*=Ivo Maretic"}},
    {"a title alone still names nobody",
     CM_DISCOVER_ALL,
     "The Archimandrite said the bells rang at Easter.",
     {NULL}},
};

/* A word the built-in lists lack finds no person; once a lexicon adds it as a title, the
 * name after it is found, by the same rule and guards. */
static void discover__lexicon_titles(void **state)
{
    cm_lexicon *lex = lexicon();
    cm_error err;
    cm_nchar *c = NULL;
    size_t n = 0;
    (void)state;

    assert_int_equal(cm_lexicon_n_titles(lex), 0);
    for (size_t i = 0; i < sizeof(title_before) / sizeof(*title_before); i++) {
        run_case(lex, &title_before[i]);
    }
    assert_int_equal(
        cm_lexicon_add_memory(lex, "titles.xml", titles_xml, sizeof(titles_xml) - 1, &err), CM_OK);
    assert_int_equal(cm_lexicon_compile(lex, NULL, NULL, &err), CM_OK);
    assert_int_equal(cm_lexicon_n_titles(lex), 3);
    for (size_t i = 0; i < sizeof(title_after) / sizeof(*title_after); i++) {
        run_case(lex, &title_after[i]);
    }
    /* The words' kinds: the last word has the title's, the ones before are modifiers. */
    assert_int_equal(cm_normalize(&c, &n, "Logistics Naval Hieromonk", 25, &err), CM_OK);
    assert_true(cm_lexicon_title_word(lex, CM_TITLE_HEAD, c, 0, 9));
    assert_false(cm_lexicon_title_word(lex, CM_TITLE_MODIFIER, c, 0, 9));
    assert_true(cm_lexicon_title_word(lex, CM_TITLE_MODIFIER, c, 10, 15));
    assert_false(cm_lexicon_title_word(lex, CM_TITLE_HEAD, c, 10, 15));
    assert_true(cm_lexicon_title_word(lex, CM_TITLE_HONORIFIC, c, 16, 25));
    assert_true(cm_lexicon_title_word(lex, CM_TITLE_HEAD, c, 16, 25));
    assert_false(cm_lexicon_title_word(lex, CM_TITLE_HEAD, c, 16, 24));
    cm_nchars_free(c);
    cm_lexicon_free(lex);
}

/* Every word of every list is found by the bisection, so each list is sorted. */
static void discover__lists_sorted(void **state)
{
    (void)state;
    for (int l = 0; l < DL_N; l++) {
        assert_true(cm_dlist_size((dlist)l) > 0);
        for (size_t i = 0; i < cm_dlist_size((dlist)l); i++) {
            const char *word = cm_dlist_word((dlist)l, i);
            cm_nchar *c = NULL;
            size_t n = 0;
            cm_error err;
            assert_int_equal(cm_normalize(&c, &n, word, strlen(word), &err), CM_OK);
            if (!cm_dlist_has((dlist)l, c, 0, n)) {
                fail_msg("list %d: '%s' not found (out of order)", l, word);
            }
            cm_nchars_free(c);
        }
    }
}

static void discover__mode_names(void **state)
{
    cm_discover d;
    (void)state;
    assert_int_equal(cm_discover_parse(&d, "persons"), 0);
    assert_int_equal(d, CM_DISCOVER_PERSONS);
    assert_string_equal(cm_discover_name(d), "persons");
    assert_int_equal(cm_discover_parse(&d, "everything"), -1);
    assert_string_equal(cm_rule_name(CM_RULE_ROLE), "role");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(discover__rules_find_their_cases),
        cmocka_unit_test(discover__guards_reject_their_traps),
        cmocka_unit_test(discover__entities_described),
        cmocka_unit_test(discover__lists_sorted),
        cmocka_unit_test(discover__lexicon_titles),
        cmocka_unit_test(discover__mode_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
