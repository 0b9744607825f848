/* comention: context rules of the extract stage (guideline rules 39-43). Each rule reads
 * a few chars on either side of a match that the lexicon found; none looks further than
 * its sentence, except the country a bare national body needs, which the whole document
 * gives (resolved with the shared aliases, once the document has been read).
 *
 * The rules, in the order they are tried:
 *  - currency: a country code glued to a currency sign ("US$", "$US") names no country;
 *  - person name: a single-word organization or weapon alias in title case, right after a
 *    capitalised word that is no lexicon match, no function word and not the sentence's
 *    first, is a surname ("Selcuk Bayraktar"), and so is that alias alone elsewhere in the
 *    document ("Bayraktar said"); not in a title-case headline, where every word is
 *    capitalised;
 *  - company name: a country followed by capitalised words ending in a company word
 *    ("<Country> Aerospace Industries Ltd"), or a country name right after a company
 *    ("<Company> India"), names the company; a weapon followed by "company" or "firm"
 *    names its maker;
 *  - foreign owner: a national body right after another country's name or an actor of
 *    another country ("the Indian Army's Central Command") is that country's own body;
 *  - bare military body: a name of a command or branch made of generic words only ("Central
 *    Command", "Marine Corps") counts where the document names its country, as many armies
 *    have one. */
#include <string.h>
#include <utf8proc.h>
#include "extract/context.h"
#include "extract/extract_int.h"

static int upper_cp(uint32_t cp)
{
    if (cp < 0x80) {
        return cp >= 'A' && cp <= 'Z';
    }
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int lower_cp(uint32_t cp)
{
    if (cp < 0x80) {
        return cp >= 'a' && cp <= 'z';
    }
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

/* A word in title case: a capital, then lower-case letters (at least one). */
static int title_word(const cm_nchar *c, size_t s, size_t e)
{
    if (e - s < 2 || !upper_cp(c[s].cp)) {
        return 0;
    }
    for (size_t i = s + 1; i < e; i++) {
        if (!lower_cp(c[i].cp)) {
            return 0;
        }
    }
    return 1;
}

/* Is c[s, e) a word of a whole list array (its NULL end left out), exact case? */
#define word_in(c, s, e, list) cm_word_in(c, s, e, list, sizeof(list) / sizeof(*(list)) - 1, 0)

/* Capitalised words that stand before a name without being a given name: function words
 * and sentence openers, numbers, months and weekdays, directions, and the religious and
 * ethnic adjectives the lexicon has no country for ("Shiite Hezbollah"). Titles are not
 * here: "Chairman Bayraktar" is a person too. */
static const char *const not_name_words[] = {
    "A",        "About",    "According", "After",     "Against",   "Alawite",   "All",
    "Also",     "Although", "An",        "And",       "Another",   "Any",       "April",
    "Arab",     "As",       "At",        "August",    "Because",   "Before",    "Both",
    "But",      "By",       "Catholic",  "Central",   "Christian", "December",  "Despite",
    "Dozens",   "Druze",    "During",    "Each",      "Earlier",   "East",      "Eastern",
    "Eight",    "Either",   "Even",      "Every",     "February",  "Few",       "Five",
    "For",      "Four",     "Friday",    "From",      "Greater",   "Her",       "Here",
    "His",      "How",      "Hundreds",  "If",        "In",        "Indeed",    "Instead",
    "Into",     "Islamic",  "Islamist",  "Its",       "January",   "Jewish",    "July",
    "June",     "Just",     "Kurdish",   "Last",      "Later",     "Like",      "Lower",
    "Many",     "March",    "May",       "Meanwhile", "Monday",    "More",      "Most",
    "Muslim",   "My",       "Neither",   "New",       "Next",      "Nine",      "No",
    "Nor",      "North",    "Northern",  "Not",       "November",  "Now",       "October",
    "Of",       "On",       "Once",      "One",       "Only",      "Or",        "Orthodox",
    "Other",    "Our",      "Over",      "Perhaps",   "Saturday",  "September", "Seven",
    "Several",  "Shia",     "Shiite",    "Since",     "Six",       "So",        "Some",
    "South",    "Southern", "Still",     "Such",      "Sunday",    "Sunni",     "Ten",
    "That",     "The",      "Their",     "Then",      "There",     "These",     "This",
    "Those",    "Though",   "Three",     "Thursday",  "Thus",      "To",        "Today",
    "Tomorrow", "Tuesday",  "Two",       "Under",     "Unlike",    "Upper",     "Wednesday",
    "West",     "Western",  "What",      "When",      "Where",     "Whether",   "Which",
    "While",    "Who",      "Why",       "With",      "Without",   "Yesterday", "Yet",
    "Your",     NULL};

/* A verb or adverb form ("Deploying", "Armed", "Reportedly"): no given name. */
static int verb_form(const cm_nchar *c, size_t s, size_t e)
{
    static const char *const endings[] = {"ing", "ed", "ly", NULL};
    for (size_t k = 0; endings[k]; k++) {
        size_t len = strlen(endings[k]);
        if (e - s > len + 2 && cm_word_cmp(c, e - len, e, endings[k], /* folded = */ 0) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Words that end a company's name. */
static const char *const company_words[] = {
    "AG",           "Aeronautics", "Airlines",  "Airways",     "Co",           "Company",
    "Corp",         "Corporation", "Dynamics",  "Electronics", "Enterprises",  "GmbH",
    "Group",        "Holding",     "Holdings",  "Inc",         "Incorporated", "Industries",
    "LLC",          "Limited",     "Ltd",       "PLC",         "Plc",          "SA",
    "Shipbuilding", "Shipyard",    "Shipyards", "Systems",     "Technologies", NULL};

/* Lower-case words after a weapon's name that make it its maker's name. */
static const char *const maker_words[] = {"company", "firm", NULL};

/* Most words of the sentence capitalised, as in a title-case headline: then capitals say
 * nothing about names. */
static int headline_case(const cm_nchar *c, size_t n)
{
    size_t words = 0, caps = 0;
    for (size_t i = 0; i < n;) {
        size_t s = i;
        while (i < n && cm_is_word_char(c[i].cp)) {
            i++;
        }
        if (i - s >= 4) {
            words++;
            caps += upper_cp(c[s].cp) != 0;
        }
        i += i == s;
    }
    return words >= 3 && caps * 4 >= words * 3;
}

static int in_headline(ctx_match *m)
{
    if (m->headline_case < 0) {
        m->headline_case = headline_case(m->c, m->n);
    }
    return m->headline_case;
}

/* Rule 39: "US$155 million", "$US". */
static int currency_sign(const ctx_match *m)
{
    size_t end = m->pos + m->mt->len;
    return m->mt->type == CM_TYPE_COUNTRY &&
           ((end < m->n && m->c[end].cp == '$') || (m->pos > 0 && m->c[m->pos - 1].cp == '$'));
}

static int is_person(const cm_entity *e)
{
    return e->type == CM_TYPE_ACTOR && strcmp(e->subtype, "person") == 0;
}

/* Rule 40: a single-word alias in title case after a capitalised word that can be a given
 * name (or a title): the alias is a surname. */
static int surname_of_person(const cm_lexicon *lex, ctx_match *m)
{
    const cm_nchar *c = m->c;
    size_t pos = m->pos, end = pos + m->mt->len, s, e;

    if (m->mt->type == CM_TYPE_COUNTRY || pos < 3 || c[pos - 1].cp != ' ' ||
        !title_word(c, pos, end)) {
        return 0; /* acronyms, designations, several words */
    }
    e = pos - 1;
    s = e;
    while (s > 0 && cm_is_word_char(c[s - 1].cp)) {
        s--;
    }
    if (s < m->matched_until || !title_word(c, s, e) || word_in(c, s, e, not_name_words) ||
        verb_form(c, s, e) || is_person(cm_lexicon_entity(lex, (size_t)m->mt->entity))) {
        return 0;
    }
    /* The first word of a sentence, or of a headline's part after a colon, may be any
     * capitalised word ("Former Wagner fighters"). */
    for (size_t i = s; i-- > 0;) {
        if (cm_is_word_char(c[i].cp)) {
            return !in_headline(m);
        }
        if (c[i].cp == ':') {
            return 0;
        }
    }
    return 0;
}

/* Rule 40: "<Country> … Industries Ltd": up to six capitalised words (with "and", "of",
 * "&" between) after the country, one of them a company word. */
static int company_after(const ctx_match *m)
{
    const cm_nchar *c = m->c;
    size_t i = m->pos + m->mt->len;
    static const char *const joins[] = {"&", "and", "of", NULL};

    for (int words = 0; words < 6 && i + 1 < m->n && c[i].cp == ' '; words++) {
        size_t s = ++i;
        while (i < m->n && (cm_is_word_char(c[i].cp) || c[i].cp == '&')) {
            i++;
        }
        if (s == i) {
            return 0;
        }
        if (upper_cp(c[s].cp)) {
            if (word_in(c, s, i, company_words)) {
                return 1;
            }
        } else if (words == 0 || !word_in(c, s, i, joins)) {
            return 0; /* "and" only inside the name */
        }
        if (i < m->n && c[i].cp == '.') {
            i++; /* "Co." */
        }
    }
    return 0;
}

/* "the Bayraktar company": the next word makes the weapon's name its maker's. */
static int followed_by_maker(const ctx_match *m)
{
    size_t i = m->pos + m->mt->len, s;
    if (i + 1 >= m->n || m->c[i].cp != ' ') {
        return 0;
    }
    s = ++i;
    while (i < m->n && cm_is_word_char(m->c[i].cp)) {
        i++;
    }
    return word_in(m->c, s, i, maker_words);
}

/* The previous match ends right before this one: "X Y" or "X's Y". `possessive` allows
 * the second. */
static int adjacent(const ctx_match *m, int possessive)
{
    const cm_nchar *c = m->c;
    size_t p = m->prev_end;
    if (m->prev_entity < 0) {
        return 0;
    }
    if (p + 1 == m->pos && c[p].cp == ' ') {
        return 1;
    }
    return possessive && p + 3 == m->pos && c[p].cp == '\'' && c[p + 1].fold == 's' &&
           c[p + 2].cp == ' ';
}

/* The country an entity is or belongs to, or NULL. */
static const char *country_of(const cm_entity *e)
{
    return e->type == CM_TYPE_COUNTRY ? e->id : e->country;
}

static int national_body(const cm_entity *e)
{
    return e->type == CM_TYPE_ACTOR && e->country &&
           (strcmp(e->subtype, "government") == 0 || strcmp(e->subtype, "military") == 0 ||
            strcmp(e->subtype, "intelligence") == 0);
}

/* "<Company> India": a country's name right after a company. */
static int after_company(const cm_lexicon *lex, const ctx_match *m)
{
    cm_alias_info a;
    const cm_entity *prev;

    if (m->mt->type != CM_TYPE_COUNTRY || !adjacent(m, 0)) {
        return 0;
    }
    cm_lexicon_alias(&a, lex, m->mt->alias);
    prev = cm_lexicon_entity(lex, (size_t)m->prev_entity);
    return (a.kind == CM_ALIAS_NAME || a.kind == CM_ALIAS_ABBREVIATION) &&
           prev->type == CM_TYPE_ACTOR && strcmp(prev->subtype, "company") == 0;
}

/* Rule 43: "India's Central Command" is not the US one. */
static int foreign_owner(const cm_lexicon *lex, const ctx_match *m)
{
    const cm_entity *ent = cm_lexicon_entity(lex, (size_t)m->mt->entity);
    const char *owner;

    if (!adjacent(m, 1) || !national_body(ent)) {
        return 0;
    }
    owner = country_of(cm_lexicon_entity(lex, (size_t)m->prev_entity));
    return owner && strcmp(owner, ent->country) != 0;
}

/* The last words of the names of commands and branches that many armies have. */
static const char *const branch_words[] = {"Army",     "Brigade", "Command",  "Corps",
                                           "Division", "Fleet",   "Force",    "Forces",
                                           "Guard",    "Navy",    "Regiment", NULL};

/* The words such names are made of: directions, kinds of force, common qualifiers. A
 * name with any other word ("Royal Navy", "Quds Force", "US Central Command", "IDF
 * Northern Command") names one body only. */
static const char *const generic_words[] = {
    "Air",     "Army",    "Brigade",   "Central",  "Coast",      "Command",  "Corps",   "Cyber",
    "Defence", "Defense", "Division",  "East",     "Eastern",    "Fleet",    "Force",   "Forces",
    "Front",   "Ground",  "Guard",     "Home",     "Joint",      "Marine",   "Marines", "National",
    "Naval",   "Navy",    "North",     "Northern", "Operations", "Regiment", "South",   "Southern",
    "Space",   "Special", "Strategic", "Theater",  "Theatre",    "West",     "Western", NULL};

/* A military body's name made of generic words only, of a kind many armies have
 * ("Central Command", "Marine Corps"). Unique names ("White House", "Royal Navy") count
 * wherever they occur (guideline rule 19). */
static int bare_body(const cm_lexicon *lex, const ctx_match *m)
{
    const cm_entity *ent = cm_lexicon_entity(lex, (size_t)m->mt->entity);
    const cm_nchar *c = m->c;
    size_t end = m->pos + m->mt->len, words = 0, s = m->pos;
    cm_alias_info a;

    if (!national_body(ent) || strcmp(ent->subtype, "military") != 0) {
        return 0; /* most actors: decided without reading the text */
    }
    for (size_t i = m->pos; i <= end; i++) {
        if (i < end && c[i].cp != ' ') {
            continue;
        }
        if (!word_in(c, s, i, generic_words)) {
            return 0;
        }
        words++;
        if (i == end && !word_in(c, s, i, branch_words)) {
            return 0;
        }
        s = i + 1;
    }
    if (words < 2) {
        return 0;
    }
    cm_lexicon_alias(&a, lex, m->mt->alias);
    return a.kind == CM_ALIAS_NAME;
}

ctx_verdict ctx_judge(cm_reject_reason *why, const cm_lexicon *lex, ctx_match *m)
{
    if (currency_sign(m)) {
        *why = CM_REJECT_CURRENCY;
        return CTX_REFUSE;
    }
    if (surname_of_person(lex, m)) {
        *why = CM_REJECT_NAME;
        return CTX_SURNAME;
    }
    if ((m->mt->type == CM_TYPE_COUNTRY && company_after(m) && !in_headline(m)) ||
        (m->mt->type == CM_TYPE_WEAPON && followed_by_maker(m)) || after_company(lex, m)) {
        *why = CM_REJECT_NAME;
        return CTX_REFUSE;
    }
    if (m->mt->type != CM_TYPE_ACTOR) {
        return CTX_KEEP;
    }
    if (foreign_owner(lex, m)) {
        *why = CM_REJECT_CONTEXT;
        return CTX_REFUSE;
    }
    return bare_body(lex, m) ? CTX_NEEDS_COUNTRY : CTX_KEEP;
}

/* Does a mention of m[0..n) (of `sentence` only, unless SIZE_MAX) name `country`? */
static int names_country(const cm_lexicon *lex, const char *country, const cm_mention *m, size_t n,
                         size_t sentence)
{
    for (size_t i = 0; i < n; i++) {
        const char *c = country_of(cm_lexicon_entity(lex, m[i].entity));
        if ((sentence == SIZE_MAX || m[i].sentence == sentence) && c && strcmp(c, country) == 0) {
            return 1;
        }
    }
    return 0;
}

int ctx_country_named(const cm_lexicon *lex, size_t entity, const cm_mention *m, size_t n)
{
    const char *country = cm_lexicon_entity(lex, entity)->country;
    return country && names_country(lex, country, m, n, SIZE_MAX);
}

long ctx_pick_by_country(const cm_lexicon *lex, const size_t *cand, size_t n_cand,
                         const cm_mention *m, size_t n, size_t sentence)
{
    long in_sentence = -1, in_doc = -1;
    size_t n_sentence = 0, n_doc = 0;

    for (size_t k = 0; k < n_cand; k++) {
        const char *country = cm_lexicon_entity(lex, cand[k])->country;
        if (!country) {
            continue;
        }
        if (names_country(lex, country, m, n, sentence)) {
            n_sentence++;
            in_sentence = (long)cand[k];
        }
        if (names_country(lex, country, m, n, SIZE_MAX)) {
            n_doc++;
            in_doc = (long)cand[k];
        }
    }
    if (n_sentence > 0) {
        return n_sentence == 1 ? in_sentence : -1;
    }
    return n_doc == 1 ? in_doc : -1;
}
