/* Unit tests of normalization and segmentation, table-driven: text in, the sentences
 * (as the exact original substrings) out. */
#include <stdio.h>
#include <string.h>
#include "helpers.h"

typedef struct seg_case {
    const char *name;
    const char *text;
    const char *sentences[8]; /* NULL-terminated */
} seg_case;

static const seg_case cases[] = {
    {"two sentences", "Putin spoke. Erdogan listened.", {"Putin spoke.", "Erdogan listened."}},
    {"abbreviation Gen.", "Gen. Smith arrived. He left.", {"Gen. Smith arrived.", "He left."}},
    /* The first and last of the abbreviation list, and some between (it is searched). */
    {"abbreviations across the list",
     "Adm. Ray, Messrs. Lee and Kim, Sept. 9 vs. Oct. 2. Done.",
     {"Adm. Ray, Messrs. Lee and Kim, Sept. 9 vs. Oct. 2.", "Done."}},
    {"month abbreviation",
     "On Jan. 5 talks began. They failed.",
     {"On Jan. 5 talks began.", "They failed."}},
    {"U.S. does not end a sentence",
     "The U.S. Army moved. Then it stopped.",
     {"The U.S. Army moved.", "Then it stopped."}},
    {"initials",
     "Colin H. Kahl spoke. J.D. Vance too.",
     {"Colin H. Kahl spoke.", "J.D. Vance too."}},
    {"No. before a number",
     "It was No. 2 on the list. Next.",
     {"It was No. 2 on the list.", "Next."}},
    {"quote ends a sentence",
     "\"We will win,\" he said. The West agreed.",
     {"\"We will win,\" he said.", "The West agreed."}},
    {"closing curly quote",
     "He said \xE2\x80\x9cno.\xE2\x80\x9d Then he left.",
     {"He said \xE2\x80\x9cno.\xE2\x80\x9d", "Then he left."}},
    {"question and exclamation", "Why now? Because! yes.", {"Why now?", "Because! yes."}},
    {"decimal", "It costs 3.5 billion. Next.", {"It costs 3.5 billion.", "Next."}},
    {"glued sentences",
     "They launched drones.An attack followed.",
     {"They launched drones.", "An attack followed."}},
    {"every line is a unit",
     "HEADLINE WITHOUT STOP\nBody text here.\n\nSecond para.",
     {"HEADLINE WITHOUT STOP", "Body text here.", "Second para."}},
    {"bullet trimmed", "\xE2\x80\xA2 First item\n- Second item", {"First item", "Second item"}},
    {"lower-case line continues",
     "The minister said\nthat talks go on.",
     {"The minister said\nthat talks go on."}},
    {"sentence torn into fragments (guideline rule 35)",
     "Speaking for the German Defence Minister\n\nBoris Pistorius\n\n, Berlin said yes.\n\nNext.",
     {"Speaking for the German Defence Minister\n\nBoris Pistorius\n\n, Berlin said yes.",
      "Next."}},
    {"glued after an acronym",
     "They fired two HIMARS.US officials agreed.",
     {"They fired two HIMARS.", "US officials agreed."}},
    {"glued after a year",
     "It ran in 2023-2025.The Kremlin denied it.",
     {"It ran in 2023-2025.", "The Kremlin denied it."}},
    {"glued colon",
     "He spoke on Monday:Relations are poor.",
     {"He spoke on Monday:", "Relations are poor."}},
    {"an e-mail address ends a sentence",
     "Write to press@ministry.example. Moscow replied.",
     {"Write to press@ministry.example.", "Moscow replied."}},
    {"no split inside an address",
     "Mail Anja.Keller@bmvg.example today. Done.",
     {"Mail Anja.Keller@bmvg.example today.", "Done."}},
    {"no split inside a URL",
     "See www.Reuters.com/World now. Done.",
     {"See www.Reuters.com/World now.", "Done."}},
    {"numbered item keeps its marker",
     "1. Four batteries arrive\n2) Two more follow",
     {"1. Four batteries arrive", "2) Two more follow"}},
    {"lieutenant colonel and a.m.",
     "Lt. Col. Ray met him at 9 a.m. Monday. Then Gen. Lee left.",
     {"Lt. Col. Ray met him at 9 a.m. Monday.", "Then Gen. Lee left."}},
    {"initials A. P.",
     "Air Chief Marshal A. P. Singh spoke. Others left.",
     {"Air Chief Marshal A. P. Singh spoke.", "Others left."}},
    {"credit after a full stop is its own unit",
     "Troops moved on Tuesday. (Reuters)",
     {"Troops moved on Tuesday.", "(Reuters)"}},
    {"hard-wrapped list items and byline",
     "THE HEADLINE OF THIS PIECE ABOUT THINGS THAT HAPPENED LAST WEEK IN TOWN\n"
     "By Ann Writer\n\n"
     "The inspectors listed the items that they found at the crash site near\n"
     "the border crossing and the officers then read them out aloud to us:\n"
     "\xE2\x80\xA2 a motor with markings\n"
     "\xE2\x80\xA2 two unexploded shells\n",
     {"THE HEADLINE OF THIS PIECE ABOUT THINGS THAT HAPPENED LAST WEEK IN TOWN", "By Ann Writer",
      "The inspectors listed the items that they found at the crash site near\n"
      "the border crossing and the officers then read them out aloud to us:",
      "a motor with markings", "two unexploded shells"}},
    {"hard-wrapped text",
     "The quick brown fox jumps over the lazy dog near the river bank and\n"
     "keeps running until the sun goes down behind the distant Volodymyr\n"
     "Zelensky said nothing about the matter at all during the long meeting\n"
     "and then he left.\n\nNew paragraph.",
     {"The quick brown fox jumps over the lazy dog near the river bank and\n"
      "keeps running until the sun goes down behind the distant Volodymyr\n"
      "Zelensky said nothing about the matter at all during the long meeting\n"
      "and then he left.",
      "New paragraph."}},
};

static void run_case(const seg_case *c)
{
    cm_doc *doc = NULL;
    cm_segments *seg = NULL;
    cm_error err;
    size_t n = 0;

    assert_int_equal(cm_doc_new(&doc, "t", c->text, strlen(c->text), &err), CM_OK);
    assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
    while (c->sentences[n]) {
        n++;
    }
    if (seg->n_sentences != n) {
        fail_msg("%s: %zu sentences, want %zu", c->name, seg->n_sentences, n);
    }
    for (size_t i = 0; i < n; i++) {
        const cm_sentence *s = &seg->sentences[i];
        size_t len = s->end - s->start;
        if (len != strlen(c->sentences[i]) || memcmp(doc->text + s->start, c->sentences[i], len)) {
            fail_msg("%s: sentence %zu is '%.*s', want '%s'", c->name, i, (int)len,
                     doc->text + s->start, c->sentences[i]);
        }
    }
    cm_segments_free(seg);
    cm_doc_free(doc);
}

static void text__segmentation_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        run_case(&cases[i]);
    }
}

static void text__hard_wrap_detected(void **state)
{
    const char *t = cases[sizeof(cases) / sizeof(*cases) - 1].text;
    cm_doc *doc = NULL;
    cm_segments *seg = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(cm_doc_new(&doc, "t", t, strlen(t), &err), CM_OK);
    assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
    assert_int_equal(seg->hard_wrapped, 1);
    assert_int_equal(seg->n_paragraphs, 2);
    cm_segments_free(seg);
    cm_doc_free(doc);
}

static void text__normalize_typography(void **state)
{
    /* curly apostrophe, en dash, NBSP, soft hyphen, ligature, diacritic, line break */
    const char *s = "a\xE2\x80\x99"
                    "b\xE2\x80\x93"
                    "c\xC2\xA0"
                    "d\xC2\xAD"
                    "e\xEF\xAC\x81"
                    "\xC4\x9F\n\n x";
    const char *want = "a'b-c de"
                       "fig x";
    cm_nchar *nc = NULL;
    size_t n = 0;
    cm_error err;
    (void)state;
    assert_int_equal(cm_normalize(&nc, &n, s, strlen(s), &err), CM_OK);
    assert_int_equal(n, strlen(want));
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(nc[i].cp, (unsigned char)want[i]);
    }
    /* the space before x stands for "\n\n " and remembers two line breaks */
    assert_int_equal(nc[n - 2].nl, 2);
    /* the ligature's two letters both point at its three bytes */
    assert_int_equal(nc[8].end - nc[8].start, 3);
    assert_int_equal(nc[8].start, nc[9].start);
    cm_nchars_free(nc);
}

typedef struct norm_case {
    const char *name;
    const char *in;
    const char *want; /* the normalized characters, as UTF-8 */
} norm_case;

static const norm_case norm_cases[] = {
    {"curly single quotes", "\xE2\x80\x98x\xE2\x80\x99s", "'x's"},
    {"curly double quotes and guillemets", "\xE2\x80\x9Cx\xE2\x80\x9D \xC2\xABy\xC2\xBB",
     "\"x\" \"y\""},
    {"modifier apostrophe", "Ukraine\xCA\xBCs", "Ukraine's"},
    {"hyphen, en, em dash and minus",
     "a\xE2\x80\x90"
     "b\xE2\x80\x93"
     "c\xE2\x80\x94"
     "d\xE2\x88\x92"
     "e",
     "a-b-c-d-e"},
    {"no-break, thin and ideographic spaces",
     "a\xC2\xA0"
     "b\xE2\x80\x89"
     "c\xE3\x80\x80"
     "d",
     "a b c d"},
    {"whitespace run is one space", "a \t\r\n  b", "a b"},
    {"soft hyphen and zero-width characters vanish",
     "Pa\xC2\xADtri\xE2\x80\x8Bot\xE2\x80\x8D\xEF\xBB\xBF", "Patriot"},
    {"ligatures split",
     "\xEF\xAC\x81"
     "ghter o\xEF\xAC\x80"
     "ensive",
     "fighter offensive"},
    {"precomposed diacritics fold",
     "Erdo\xC4\x9F"
     "an T\xC3\xBCrkiye",
     "Erdogan Turkiye"},
    {"decomposed diacritics fold the same",
     "Erdog\xCC\x86"
     "an",
     "Erdogan"},
    {"full-width letters", "\xEF\xBC\xB5\xEF\xBC\xB3", "US"},
};

static void text__normalization_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(norm_cases) / sizeof(*norm_cases); i++) {
        const norm_case *c = &norm_cases[i];
        cm_nchar *nc = NULL;
        size_t n = 0;
        char got[128];
        size_t o = 0;
        cm_error err;
        assert_int_equal(cm_normalize(&nc, &n, c->in, strlen(c->in), &err), CM_OK);
        for (size_t k = 0; k < n && o + 4 < sizeof(got); k++) {
            uint32_t cp = nc[k].cp;
            if (cp < 0x80) {
                got[o++] = (char)cp;
            } else {
                o += (size_t)snprintf(got + o, sizeof(got) - o, "<%X>", cp);
            }
        }
        got[o] = '\0';
        if (strcmp(got, c->want) != 0) {
            fail_msg("%s: '%s', want '%s'", c->name, got, c->want);
        }
        /* every normalized char points inside the input */
        for (size_t k = 0; k < n; k++) {
            assert_true(nc[k].start < nc[k].end && nc[k].end <= strlen(c->in));
        }
        cm_nchars_free(nc);
    }
}

static void text__invalid_utf8_is_replaced(void **state)
{
    const char s[] = "ab\xFF"
                     "c";
    cm_nchar *nc = NULL;
    size_t n = 0;
    cm_error err;
    (void)state;
    assert_int_equal(cm_normalize(&nc, &n, s, 4, &err), CM_OK);
    assert_int_equal(n, 4);
    assert_int_equal(nc[2].cp, 0xFFFD);
    assert_int_equal(nc[3].start, 3);
    cm_nchars_free(nc);
}

static void text__empty_document(void **state)
{
    cm_doc *doc = NULL;
    cm_segments *seg = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(cm_doc_new(&doc, "t", "", 0, &err), CM_OK);
    assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
    assert_int_equal(seg->n_sentences, 0);
    assert_int_equal(seg->n_paragraphs, 0);
    cm_segments_free(seg);
    cm_doc_free(doc);
}

/* A byte-by-byte reference of normalization for ASCII text: the chars, and which of them
 * segmentation must look at (line-break spaces and . ! ? :). */
static size_t reference(cm_nchar *out, const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned ch = (unsigned char)s[i];
        if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
            unsigned nl = ch == '\n' || (ch == '\r' && !(i + 1 < len && s[i + 1] == '\n'));
            if (n > 0 && out[n - 1].cp == ' ' && out[n - 1].end == i) {
                out[n - 1].end = (uint32_t)(i + 1);
                out[n - 1].nl += nl;
            } else {
                out[n++] = (cm_nchar){' ', nl, ' ', (uint32_t)i, (uint32_t)(i + 1)};
            }
        } else {
            unsigned fold = ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
            out[n++] = (cm_nchar){ch, 0, fold, (uint32_t)i, (uint32_t)(i + 1)};
        }
    }
    return n;
}

static int is_marked(const cm_nchar *c)
{
    return (c->cp == ' ' && c->nl > 0) || c->cp == '.' || c->cp == '!' || c->cp == '?' ||
           c->cp == ':';
}

/* Normalization takes printable ASCII sixteen bytes at a time where it can: random texts
 * put spaces, runs of whitespace, line breaks, marks and wider characters at every offset
 * of those blocks. ASCII texts must match the reference char for char; every text must
 * mark exactly the chars segmentation needs. */
/* Bit i of the word bits is cm_is_word_char() of char i, and no bit is set past the text
 * in its last 64-bit word. */
static void check_word_bits(const cm_segments *seg)
{
    for (size_t i = 0; i < (seg->n_chars + 63) / 64 * 64; i++) {
        int bit = (int)((seg->words[i / 64] >> (i % 64)) & 1);
        int want = i < seg->n_chars && cm_is_word_char(seg->chars[i].cp);
        if (bit != want) {
            fail_msg("char %zu of %zu: word bit %d, want %d", i, seg->n_chars, bit, want);
        }
    }
}

static void text__fast_paths_match_the_reference(void **state)
{
    static const char *const pieces[] = {"a",
                                         "B",
                                         "z",
                                         "7",
                                         " ",
                                         " ",
                                         " ",
                                         "  ",
                                         "\n",
                                         "\n\n",
                                         "\t",
                                         "\r\n",
                                         ".",
                                         "!",
                                         "?",
                                         ":",
                                         ",",
                                         "-",
                                         "'",
                                         "\xC3\xA9",
                                         "\xE2\x80\x99",
                                         "\xE2\x80\xA6",
                                         "\xEF\xBC\x81",
                                         "\xC2\xA0"};
    const size_t n_ascii = 19; /* pieces before this one are ASCII */
    uint64_t seed = 12345;
    (void)state;
    for (int round = 0; round < 400; round++) {
        char text[400];
        size_t len = 0, limit = 1 + (size_t)round % 300;
        int ascii = round % 2 == 0;
        while (len < limit) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t k = (size_t)(seed >> 33) % (ascii ? n_ascii : sizeof(pieces) / sizeof(*pieces));
            /* mostly letters, so that whole blocks of plain text occur */
            const char *p = (seed >> 20) % 3 ? pieces[(seed >> 40) % 4] : pieces[k];
            size_t pl = strlen(p);
            if (len + pl >= sizeof(text)) {
                break;
            }
            memcpy(text + len, p, pl);
            len += pl;
        }
        cm_doc *doc = NULL;
        cm_segments *seg = NULL;
        cm_error err;
        assert_int_equal(cm_doc_new(&doc, "t", text, len, &err), CM_OK);
        assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
        if (ascii) {
            cm_nchar want[400];
            size_t n = reference(want, text, len);
            assert_int_equal(seg->n_chars, n);
            for (size_t i = 0; i < n; i++) {
                const cm_nchar *g = &seg->chars[i], *w = &want[i];
                if (g->cp != w->cp || g->nl != w->nl || g->fold != w->fold ||
                    g->start != w->start || g->end != w->end) {
                    fail_msg("round %d, char %zu: cp %u nl %u [%u, %u), want cp %u nl %u [%u, %u)",
                             round, i, (unsigned)g->cp, (unsigned)g->nl, g->start, g->end,
                             (unsigned)w->cp, (unsigned)w->nl, w->start, w->end);
                }
            }
        }
        size_t m = 0;
        for (size_t i = 0; i < seg->n_chars; i++) {
            if (is_marked(&seg->chars[i])) {
                assert_true(m < seg->n_marks);
                assert_int_equal(seg->marks[m], i);
                m++;
            }
        }
        assert_int_equal(m, seg->n_marks);
        check_word_bits(seg);
        cm_segments_free(seg);
        cm_doc_free(doc);
    }
}

/* Segments reused for a shorter text keep no word bit of the longer one. */
static void text__word_bits_of_a_reused_segmentation(void **state)
{
    const char *texts[] = {"Long words everywhere, 123 and more words; \xC3\xA9t\xC3\xA9 ok.",
                           "a b", "", "x\xE2\x80\xA6y"};
    cm_segments *seg = NULL;
    cm_doc *doc = NULL;
    cm_error err;
    (void)state;
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(cm_doc_new(&doc, "t", texts[k], strlen(texts[k]), &err), CM_OK);
        if (!seg) {
            assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
        } else {
            assert_int_equal(cm_segment_into(seg, doc, &err), CM_OK);
        }
        check_word_bits(seg);
        cm_doc_free(doc);
    }
    cm_segments_free(seg);
}

/* Sentence kinds (--units body): one letter per sentence, B body, H headline, Y byline,
 * P caption, C credit. */
typedef struct kind_case {
    const char *name;
    const char *text;
    const char *kinds;
} kind_case;

static const kind_case kind_cases[] = {
    {"headline, byline, body",
     "Talks on the grain corridor stall again\n\nBy Anna Petrenko and Li Wei\n\n"
     "Negotiators left Istanbul on Tuesday. No date was set.",
     "HYBB"},
    {"agency byline at the top",
     "Drones hit the port\nMaria Lopez, Reuters\nThe port burned for a day.", "HYB"},
    {"a question is not a headline", "Will the talks resume?\nNobody knows yet.", "BB"},
    {"a short body line is not a headline after the body",
     "The port burned.\nSub heading\n"
     "More text came later.",
     "BBB"},
    {"a single line is body", "Drones hit the port", "B"},
    {"caption ending in a credit",
     "Soldiers load a howitzer near the front (Photo: Agency/Jan Novak)\nThe war goes on.", "PB"},
    {"credit line with a copyright sign",
     "Shelling went on all night.\n\xC2\xA9 Reuters/Nicky Loh\nMore came later.", "BCB"},
    {"bracketed credit line", "The ship sank.\n[AP Photo]\nMore came later.", "BCB"},
    {"photo credit after a full stop makes a caption",
     "Leaders meet in Rome on May 2, 2023. (Photo: Agency/Name)\nText.", "PCB"},
    {"an agency after a full stop is a credit, the rest body",
     "The ministry said it would reply. (Reuters)\nText.", "BCB"},
    {"Pictured: opens a caption", "Pictured: the minister at the ceremony in the capital\nText.",
     "PB"},
    {"colon credit", "The ship sank.\nPhoto: Agency/Name\nMore came later.", "BCB"},
    {"body line starting with By is no byline", "By Friday the army had left the town.", "B"},
    {"body line with a name and a comma",
     "It began at dawn.\nJohn Smith, a farmer, said the shells fell at dawn.", "BB"},
};

static void text__sentence_kinds(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(kind_cases) / sizeof(*kind_cases); i++) {
        const kind_case *k = &kind_cases[i];
        cm_doc *doc = NULL;
        cm_segments *seg = NULL;
        cm_error err;
        char got[16];
        assert_int_equal(cm_doc_new(&doc, "t", k->text, strlen(k->text), &err), CM_OK);
        assert_int_equal(cm_segment(&seg, doc, &err), CM_OK);
        assert_true(seg->n_sentences < sizeof(got));
        for (size_t s = 0; s < seg->n_sentences; s++) {
            got[s] = "BHYPC"[seg->sentences[s].kind];
        }
        got[seg->n_sentences] = '\0';
        if (strcmp(got, k->kinds) != 0) {
            fail_msg("%s: kinds %s, want %s", k->name, got, k->kinds);
        }
        cm_segments_free(seg);
        cm_doc_free(doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text__segmentation_table),
        cmocka_unit_test(text__hard_wrap_detected),
        cmocka_unit_test(text__normalize_typography),
        cmocka_unit_test(text__invalid_utf8_is_replaced),
        cmocka_unit_test(text__normalization_table),
        cmocka_unit_test(text__empty_document),
        cmocka_unit_test(text__fast_paths_match_the_reference),
        cmocka_unit_test(text__word_bits_of_a_reused_segmentation),
        cmocka_unit_test(text__sentence_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
