/* Unit tests of lexicon loading: good files, every kind of bad file (with its line), the
 * default case rules, merging, and the digest. */
#include "helpers.h"
#include "lexicon/builtin.h"
#include "lexicon/lexicon_int.h"

static cm_status load(const char *xml, cm_error *err, cm_lexicon **out)
{
    cm_lexicon *lex = NULL;
    cm_status rc = cm_lexicon_new(&lex, err);
    if (rc == CM_OK) {
        rc = cm_lexicon_add_memory(lex, "bad.xml", xml, strlen(xml), err);
    }
    if (out && rc == CM_OK) {
        *out = lex;
    } else {
        cm_lexicon_free(lex);
    }
    return rc;
}

typedef struct bad_case {
    const char *xml;
    long line;
    const char *msg; /* a substring of the message */
} bad_case;

static const bad_case bad_cases[] = {
    {"<lexicon version=\"1\">\n<entity id=\"a\" type=\"actor\" name=\"A\">\n</lexicon>\n", 3,
     "not well-formed XML"},
    {"<lexicon version=\"1\">\n\n<entity id=\"a\" type=\"planet\" name=\"A\"/>\n</lexicon>", 3,
     "unknown type"},
    {"<lexicon version=\"1\">\n<entity id=\"Bad Id\" type=\"actor\" name=\"A\"/>\n</lexicon>", 2,
     "bad entity id"},
    {"<lexicon version=\"1\">\n<entity id=\"a\" type=\"actor\" name=\"A\">\n<alias> </alias>\n"
     "</entity>\n</lexicon>",
     3, "empty alias"},
    {"<lexicon version=\"1\">\n<entity id=\"a\" type=\"actor\" name=\"A\">\n"
     "<alias case=\"sometimes\">x</alias></entity>\n</lexicon>",
     3, "unknown case rule"},
    {"<lexicon version=\"1\">\n<entity id=\"a\" type=\"weapon\" subtype=\"person\" name=\"A\"/>"
     "\n</lexicon>",
     2, "unknown subtype"},
    {"<lexicon version=\"2\"/>", 1, "unsupported lexicon version"},
    {"<words version=\"1\"/>", 1, "root element is not <lexicon>"},
    {"<?xml version=\"1.0\"?>\n<!DOCTYPE lexicon [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
     "<lexicon version=\"1\"><entity id=\"a\" type=\"actor\" name=\"&x;\"/></lexicon>",
     2, "document type declarations are not allowed"},
    {"<!DOCTYPE lexicon [<!ELEMENT lexicon ANY>]>\n<lexicon version=\"1\"/>", 1,
     "document type declarations are not allowed"},
    {"<lexicon version=\"1\">\n<entity id=\"a\" type=\"actor\" name=\"A\" colour=\"red\"/>\n"
     "</lexicon>",
     2, "unknown attribute"},
    {"<lexicon version=\"1\">\n<title>Archimandrite</title>\n<title>chief monk</title>\n"
     "</lexicon>",
     3, "bad title"},
    {"<lexicon version=\"1\">\n<title>Chief of Naval Logistics</title>\n<title>Naval 2nd</title>"
     "</lexicon>",
     3, "bad title"},
    {"<lexicon version=\"1\">\n<title>Archimandrite</title>\n\n<title> ARCHIMANDRITE </title>"
     "</lexicon>",
     4, "duplicate title: ARCHIMANDRITE (first at line 2)"},
    {"<lexicon version=\"1\">\n<title kind=\"rank\">Archimandrite</title></lexicon>", 2,
     "unknown title kind"},
};

static void lexicon__bad_files_name_their_line(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(*bad_cases); i++) {
        cm_error err;
        cm_error_clear(&err);
        assert_int_equal(load(bad_cases[i].xml, &err, NULL), CM_EINPUT);
        assert_string_equal(err.path, "bad.xml");
        if (bad_cases[i].line > 0 && err.line != bad_cases[i].line) {
            fail_msg("case %zu: line %ld, want %ld (%s)", i, err.line, bad_cases[i].line, err.msg);
        }
        if (!strstr(err.msg, bad_cases[i].msg)) {
            fail_msg("case %zu: message '%s' lacks '%s'", i, err.msg, bad_cases[i].msg);
        }
    }
}

static void lexicon__loads_entities_and_types(void **state)
{
    cm_lexicon *lex = test_lexicon();
    int seen = 0;
    (void)state;
    assert_int_equal(cm_lexicon_count(lex), 12);
    for (size_t i = 0; i < cm_lexicon_count(lex); i++) {
        const cm_entity *e = cm_lexicon_entity(lex, i);
        if (strcmp(e->id, "recep-tayyip-erdogan") == 0) {
            /* the gold files' type "person" reads as actor/person */
            assert_int_equal(e->type, CM_TYPE_ACTOR);
            assert_string_equal(e->subtype, "person");
            seen++;
        }
        if (strcmp(e->id, "china") == 0) {
            assert_string_equal(e->subtype, "state");
            seen++;
        }
    }
    assert_int_equal(seen, 2);
    cm_lexicon_free(lex);
}

static void lexicon__default_case_rules(void **state)
{
    (void)state;
    assert_int_equal(cm_default_case_rule("US"), CM_CASE_EXACT);
    assert_int_equal(cm_default_case_rule("U.S."), CM_CASE_EXACT);
    assert_int_equal(cm_default_case_rule("HIMARS"), CM_CASE_EXACT);
    assert_int_equal(cm_default_case_rule("F-16"), CM_CASE_TITLE);
    assert_int_equal(cm_default_case_rule("Patriot"), CM_CASE_TITLE);
    assert_int_equal(cm_default_case_rule("Nato"), CM_CASE_TITLE);
}

static void lexicon__later_file_merges_and_replaces(void **state)
{
    const char *more = "<lexicon version=\"1\"><entity id=\"russia\" type=\"country\" "
                       "subtype=\"state\" name=\"Russian Federation\"><alias>RF</alias>"
                       "</entity></lexicon>";
    cm_lexicon *lex = test_lexicon();
    cm_error err;
    size_t before = cm_lexicon_n_aliases(lex);
    char d1[65], d2[65];
    (void)state;
    assert_int_equal(cm_lexicon_digest(d1, lex, NULL), CM_OK);
    assert_int_equal(cm_lexicon_add_memory(lex, "more.xml", more, strlen(more), &err), CM_OK);
    assert_int_equal(cm_lexicon_compile(lex, NULL, NULL, &err), CM_OK);
    assert_int_equal(cm_lexicon_count(lex), 12);
    assert_int_equal(cm_lexicon_n_aliases(lex), before + 2);
    for (size_t i = 0; i < cm_lexicon_count(lex); i++) {
        if (strcmp(cm_lexicon_entity(lex, i)->id, "russia") == 0) {
            assert_string_equal(cm_lexicon_entity(lex, i)->name, "Russian Federation");
        }
    }
    assert_int_equal(cm_lexicon_digest(d2, lex, NULL), CM_OK);
    assert_int_equal(strlen(d1), 64);
    assert_string_not_equal(d1, d2);
    cm_lexicon_free(lex);
}

static void lexicon__digest_is_stable(void **state)
{
    cm_lexicon *a = test_lexicon(), *b = test_lexicon();
    char da[65], db[65];
    (void)state;
    assert_int_equal(cm_lexicon_digest(da, a, NULL), CM_OK);
    assert_int_equal(cm_lexicon_digest(db, b, NULL), CM_OK);
    assert_string_equal(da, db);
    cm_lexicon_free(a);
    cm_lexicon_free(b);
}

/* The dump of a lexicon as a string; the caller frees it. */
static char *dump_string(const cm_lexicon *lex)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    assert_non_null(fp);
    assert_int_equal(cm_lexicon_dump(fp, lex, NULL), CM_OK);
    assert_int_equal(fclose(fp), 0);
    return text;
}

/* Titles are kept, dumped in canonical order, read back identically, and change the
 * digest; a title repeated by a later file is already known. */
static void lexicon__titles_round_trip(void **state)
{
    const char *xml = "<lexicon version=\"1\"><title>Hieromonk</title>"
                      "<title kind=\"honorific\">  Archimandrite </title>"
                      "<title kind=\"modifier\">Naval</title>"
                      "<title>Chief of Naval Logistics</title></lexicon>";
    cm_lexicon *a = NULL, *b = NULL, *plain = NULL;
    cm_title_kind kind;
    cm_error err;
    char da[65], db[65], dp[65];
    (void)state;
    assert_int_equal(load(xml, &err, &a), CM_OK);
    assert_int_equal(cm_lexicon_n_titles(a), 4);
    assert_string_equal(cm_lexicon_title(a, 1, &kind), "Archimandrite");
    assert_int_equal(kind, CM_TITLE_HONORIFIC);
    assert_int_equal(cm_lexicon_add_memory(a, "again.xml", xml, strlen(xml), &err), CM_OK);
    assert_int_equal(cm_lexicon_n_titles(a), 4);

    char *text = dump_string(a);
    assert_non_null(strstr(text, "  <title kind=\"honorific\">Archimandrite</title>\n"
                                 "  <title>Chief of Naval Logistics</title>\n"
                                 "  <title>Hieromonk</title>\n"
                                 "  <title kind=\"modifier\">Naval</title>\n</lexicon>"));
    assert_int_equal(load(text, &err, &b), CM_OK);
    char *again = dump_string(b);
    assert_string_equal(text, again);
    assert_int_equal(load("<lexicon version=\"1\"/>", &err, &plain), CM_OK);
    assert_int_equal(cm_lexicon_digest(da, a, NULL), CM_OK);
    assert_int_equal(cm_lexicon_digest(db, b, NULL), CM_OK);
    assert_int_equal(cm_lexicon_digest(dp, plain, NULL), CM_OK);
    assert_string_equal(da, db);
    assert_string_not_equal(da, dp);
    free(text);
    free(again);
    cm_lexicon_free(a);
    cm_lexicon_free(b);
    cm_lexicon_free(plain);
}

static void lexicon__builtin_loads(void **state)
{
    cm_lexicon *lex = NULL;
    cm_error err;
    size_t types[CM_N_TYPES] = {0, 0, 0};
    (void)state;
    assert_int_equal(cm_lexicon_new(&lex, &err), CM_OK);
    if (cm_lexicon_add_builtin(lex, &err) != CM_OK) {
        fail_msg("%s:%ld: %s", err.path, err.line, err.msg);
    }
    assert_int_equal(cm_lexicon_compile(lex, NULL, NULL, &err), CM_OK);
    for (size_t i = 0; i < cm_lexicon_count(lex); i++) {
        types[cm_lexicon_entity(lex, i)->type]++;
    }
    /* every UN member state (193), at least 150 actors and 150 weapon systems */
    assert_true(types[CM_TYPE_COUNTRY] >= 193);
    assert_true(types[CM_TYPE_ACTOR] >= 150);
    assert_true(types[CM_TYPE_WEAPON] >= 150);
    cm_lexicon_free(lex);
}

/* Two compiled lexicons hold the same entities, aliases, titles and trie. */
static void assert_same_lexicon(const cm_lexicon *a, const cm_lexicon *b)
{
    assert_int_equal(a->n_entities, b->n_entities);
    for (size_t i = 0; i < a->n_entities; i++) {
        const cm_entity *x = &a->entities[i], *y = &b->entities[i];
        assert_string_equal(x->id, y->id);
        assert_int_equal(x->type, y->type);
        assert_string_equal(x->subtype, y->subtype);
        assert_string_equal(x->name, y->name);
        assert_string_equal(x->country ? x->country : "-", y->country ? y->country : "-");
        assert_int_equal(cm_lexicon_find(a, x->id), i);
    }
    assert_int_equal(a->n_aliases, b->n_aliases);
    for (size_t i = 0; i < a->n_aliases; i++) {
        const alias_rec *x = &a->aliases[i], *y = &b->aliases[i];
        assert_int_equal(x->entity, y->entity);
        assert_true(x->kind == y->kind && x->rule == y->rule && x->shared == y->shared);
        assert_true(x->derived == y->derived && x->line == y->line && x->order == y->order);
        assert_string_equal(x->text, y->text);
        assert_int_equal(x->n, y->n);
        assert_memory_equal(x->cps, y->cps, x->n * sizeof(*x->cps));
    }
    assert_int_equal(a->n_titles, b->n_titles);
    for (size_t i = 0; i < a->n_titles; i++) {
        assert_string_equal(a->titles[i].text, b->titles[i].text);
        assert_true(a->titles[i].kind == b->titles[i].kind && a->titles[i].n == b->titles[i].n);
    }
    assert_int_equal(a->n_title_words, b->n_title_words);
    for (size_t i = 0; i < a->n_title_words; i++) {
        assert_int_equal(a->title_words[i].n, b->title_words[i].n);
        assert_int_equal(a->title_words[i].bits, b->title_words[i].bits);
        assert_memory_equal(a->title_words[i].fold, b->title_words[i].fold,
                            a->title_words[i].n * sizeof(uint32_t));
    }
    assert_true(a->compiled && b->compiled);
    assert_int_equal(a->n_nodes, b->n_nodes);
    for (size_t i = 0; i < a->n_nodes; i++) {
        const trie_node *x = &a->nodes[i], *y = &b->nodes[i];
        assert_true(x->first == y->first && x->n == y->n && x->kid_first == y->kid_first);
        assert_true(x->kid_n == y->kid_n && x->lower == y->lower);
    }
    for (size_t i = 0; i + 1 < a->n_nodes; i++) {
        const trie_kid *x = &a->kids[i], *y = &b->kids[i];
        assert_true(x->cp == y->cp && x->node == y->node && x->first == y->first);
        assert_true(x->n == y->n && x->lower == y->lower && x->terms == y->terms);
        assert_true(x->aux == y->aux);
    }
    assert_memory_equal(a->root_ascii, b->root_ascii, sizeof(a->root_ascii));
    assert_memory_equal(a->root2, b->root2, 128 * 128 * sizeof(*a->root2));
    assert_int_equal(a->n_tables, b->n_tables);
    assert_memory_equal(a->tables, b->tables, a->n_tables * 128);
    assert_int_equal(a->n_terms, b->n_terms);
    for (size_t i = 0; i < a->n_terms; i++) {
        const term_info *x = &a->tinfo[i], *y = &b->tinfo[i];
        assert_true(x->upper == y->upper && x->letters == y->letters && x->entity == y->entity);
        assert_true(x->alias == y->alias && x->rule == y->rule && x->shared == y->shared);
        assert_true(x->type == y->type && x->quick == y->quick);
    }
    assert_memory_equal(a->entity_first, b->entity_first, (a->n_entities + 1) * sizeof(size_t));
    assert_memory_equal(a->by_entity, b->by_entity,
                        a->entity_first[a->n_entities] * sizeof(size_t));
}

/* Compile both, which must then be the same lexicon with the same digest (into `digest`). */
static void compile_both_the_same(cm_lexicon *image, cm_lexicon *xml, char digest[65])
{
    char from_xml[65];
    cm_error err;

    assert_int_equal(cm_lexicon_compile(image, NULL, NULL, &err), CM_OK);
    assert_int_equal(cm_lexicon_compile(xml, NULL, NULL, &err), CM_OK);
    assert_same_lexicon(image, xml);
    assert_int_equal(cm_lexicon_digest(digest, image, &err), CM_OK);
    assert_int_equal(cm_lexicon_digest(from_xml, xml, &err), CM_OK);
    assert_string_equal(digest, from_xml);
}

/* The image made at build time reads back as the XML files read and compiled now, with
 * their digest; a lexicon file added after it compiles as after the XML; a cut image is
 * refused. */
static void lexicon__builtin_image_is_the_xml(void **state)
{
    static const char extra[] = "<lexicon version=\"1\">\n"
                                "<entity id=\"x-corp\" type=\"actor\" subtype=\"company\" "
                                "name=\"X Corp\"><alias>XC</alias></entity>\n"
                                "<entity id=\"jane-roe\" type=\"actor\" subtype=\"person\" "
                                "name=\"Jane Roe\"/>\n"
                                "<title>Grand Vizier</title>\n"
                                "</lexicon>\n";
    cm_lexicon *image = NULL, *xml = NULL;
    char digest[65], again[65];
    cm_error err;
    (void)state;

    assert_int_equal(cm_lexicon_new(&image, &err), CM_OK);
    assert_int_equal(cm_lexicon_new(&xml, &err), CM_OK);
    assert_int_equal(cm_lexicon_add_builtin(image, &err), CM_OK);
    assert_int_equal(cm_lex_add_builtin_xml(xml, &err), CM_OK);
    compile_both_the_same(image, xml, digest);
    image->digest[0] = '\0'; /* the image's digest is the one the dump gives */
    assert_int_equal(cm_lexicon_digest(again, image, &err), CM_OK);
    assert_string_equal(again, digest);

    assert_int_equal(cm_lexicon_add_memory(image, "x.xml", extra, strlen(extra), &err), CM_OK);
    assert_int_equal(cm_lexicon_add_memory(xml, "x.xml", extra, strlen(extra), &err), CM_OK);
    compile_both_the_same(image, xml, again);
    assert_string_not_equal(again, digest); /* the file changed the lexicon */
    cm_lexicon_free(image);
    cm_lexicon_free(xml);

    for (size_t cut = 0; cut < cm_builtin_image_size; cut += cm_builtin_image_size / 37 + 1) {
        cm_lexicon *lex = NULL;
        assert_int_equal(cm_lexicon_new(&lex, &err), CM_OK);
        assert_int_equal(cm_lex_image_read(lex, cm_builtin_image, cut, &err), CM_EINPUT);
        cm_lexicon_free(lex);
    }
}

static void lexicon__tsv_form(void **state)
{
    const char *tsv = "# a comment\n"
                      "x-corp\tactor\tX Corp\tXC\tcompany\n"
                      "\n"
                      "x-corp\tactor\tX Corp\tX Corporation\n"
                      "y-1\tweapon\tY-1\ty1\tmissile\tfold\r\n";
    cm_lexicon *lex = NULL;
    cm_error err;
    cm_alias_info a;
    int fold_seen = 0;
    (void)state;
    assert_int_equal(load(tsv, &err, &lex), CM_OK);
    assert_int_equal(cm_lexicon_count(lex), 2);
    assert_string_equal(cm_lexicon_entity(lex, 0)->subtype, "company");
    assert_string_equal(cm_lexicon_entity(lex, 1)->subtype, "missile");
    for (size_t i = 0; i < cm_lexicon_n_aliases(lex); i++) {
        cm_lexicon_alias(&a, lex, i);
        fold_seen |= strcmp(a.text, "y1") == 0 && a.rule == CM_CASE_FOLD && a.line == 5;
    }
    assert_true(fold_seen);
    cm_lexicon_free(lex);

    assert_int_equal(load("x\tactor\tX\n", &err, NULL), CM_EINPUT);
    assert_int_equal(err.line, 1);
    assert_int_equal(load("x\tstar\tX\tX\n", &err, NULL), CM_EINPUT);
    assert_non_null(strstr(err.msg, "unknown type: star"));
}

static void lexicon__schema_rejects_what_the_walk_lets_pass(void **state)
{
    /* The walk does not look at attributes of <alias> beyond its own; the schema does:
     * a shared value that is not a boolean. */
    cm_error err;
    (void)state;
    assert_int_equal(load("<lexicon version=\"1\"><entity id=\"a\" type=\"actor\" name=\"A\">"
                          "<alias shared=\"maybe\">x</alias></entity></lexicon>",
                          &err, NULL),
                     CM_EINPUT);
    assert_non_null(strstr(err.msg, "shared"));
}

static void lexicon__missing_file(void **state)
{
    cm_lexicon *lex = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(cm_lexicon_new(&lex, &err), CM_OK);
    assert_int_equal(cm_lexicon_add_file(lex, "/nonexistent/lex.xml", &err), CM_EINPUT);
    assert_non_null(strstr(err.msg, "cannot open '/nonexistent/lex.xml'"));
    cm_lexicon_free(lex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lexicon__bad_files_name_their_line),
        cmocka_unit_test(lexicon__loads_entities_and_types),
        cmocka_unit_test(lexicon__default_case_rules),
        cmocka_unit_test(lexicon__later_file_merges_and_replaces),
        cmocka_unit_test(lexicon__digest_is_stable),
        cmocka_unit_test(lexicon__titles_round_trip),
        cmocka_unit_test(lexicon__builtin_loads),
        cmocka_unit_test(lexicon__builtin_image_is_the_xml),
        cmocka_unit_test(lexicon__missing_file),
        cmocka_unit_test(lexicon__tsv_form),
        cmocka_unit_test(lexicon__schema_rejects_what_the_walk_lets_pass),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
