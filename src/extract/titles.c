/* comention: the word lists of the discovery rules (docs/discovery.md), lower case,
 * sorted for bisection; keep each sorted (the unit
 * test discover__lists_sorted checks). */
#include <stddef.h>
#include "extract/extract_int.h"

static const char *const title_heads[] = {
    "adm",
    "admiral",
    "adviser",
    "advisor",
    "ambassador",
    "analyst",
    "archbishop",
    "archpriest",
    "attorney",
    "bishop",
    "brig",
    "brigadier",
    "capt",
    "captain",
    "chairman",
    "chairperson",
    "chairwoman",
    "chancellor",
    "chief",
    "cleric",
    "cmdr",
    "col",
    "colonel",
    "columnist",
    "commander",
    "commentator",
    "commissioner",
    "congressman",
    "congresswoman",
    "coordinator",
    "correspondent",
    "director",
    "dr",
    "economist",
    "editor",
    "emir",
    "envoy",
    "father",
    "gen",
    "general",
    "gov",
    "governor",
    "historian",
    "imam",
    "journalist",
    "judge",
    "king",
    "lawmaker",
    "lieutenant",
    "lt",
    "maj",
    "major",
    "marshal",
    "mayor",
    "metropolitan",
    "minister",
    "mp",
    "mr",
    "mrs",
    "ms",
    "pastor",
    "patriarch",
    "photographer",
    "premier",
    "president",
    "prince",
    "princess",
    "prof",
    "professor",
    "prosecutor",
    "queen",
    "rabbi",
    "rep",
    "reporter",
    "representative",
    "researcher",
    "rev",
    "reverend",
    "secretary",
    "secretary-general",
    "sen",
    "senator",
    "sergeant",
    "sgt",
    "sheikh",
    "speaker",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "sultan",
    "undersecretary",
    "vice-president",
};

static const char *const title_mods[] = {
    "acting",     "affairs",   "agriculture",  "air",          "armed",          "army",
    "assistant",  "brig",      "brigadier",    "chief",        "communications", "culture",
    "defence",    "defense",   "deputy",       "development",  "district",       "economic",
    "economy",    "education", "energy",       "environment",  "executive",      "external",
    "federal",    "field",     "finance",      "first",        "force",          "forces",
    "foreign",    "former",    "general",      "grand",        "ground",         "health",
    "high",       "home",      "information",  "intelligence", "interior",       "internal",
    "joint",      "justice",   "labor",        "labour",       "lieutenant",     "lt",
    "major",      "managing",  "military",     "national",     "naval",          "navy",
    "opposition", "party",     "presidential", "press",        "prime",          "provincial",
    "rear",       "regional",  "royal",        "security",     "senior",         "special",
    "staff",      "state",     "supreme",      "top",          "trade",          "transport",
    "under",      "vice",
};

static const char *const honorifics[] = {
    "archbishop", "archpriest",   "bishop", "cleric",   "dame",   "dr",     "father",    "imam",
    "lord",       "metropolitan", "mr",     "mrs",      "ms",     "pastor", "patriarch", "prof",
    "professor",  "rabbi",        "rev",    "reverend", "sheikh", "sir",
};

static const char *const roles[] = {
    "activist",     "adviser",    "advisor",     "ambassador",    "analyst",     "archpriest",
    "attorney",     "author",     "blogger",     "captain",       "ceo",         "chairman",
    "chairwoman",   "chancellor", "chief",       "cleric",        "co-founder",  "colonel",
    "columnist",    "commander",  "commentator", "correspondent", "diplomat",    "director",
    "economist",    "editor",     "envoy",       "expert",        "founder",     "general",
    "governor",     "historian",  "journalist",  "judge",         "lawmaker",    "leader",
    "lieutenant",   "mayor",      "mediator",    "minister",      "negotiator",  "official",
    "photographer", "premier",    "presenter",   "president",     "priest",      "professor",
    "prosecutor",   "reporter",   "researcher",  "scholar",       "scientist",   "secretary",
    "senator",      "sergeant",   "spokesman",   "spokesperson",  "spokeswoman", "strategist",
    "writer",
};

static const char *const stop[] = {
    "a",        "according",  "after",    "airport",   "all",      "allah",     "also",
    "although", "an",         "analysis", "and",       "another",  "army",      "as",
    "at",       "avenue",     "base",     "before",    "border",   "both",      "breaking",
    "bridge",   "but",        "by",       "cathedral", "central",  "christ",    "christmas",
    "church",   "city",       "click",    "college",   "comment",  "copyright", "day",
    "dear",     "despite",    "district", "during",    "each",     "east",      "easter",
    "eastern",  "editorial",  "eid",      "even",      "every",    "exclusive", "federal",
    "follow",   "for",        "former",   "from",      "front",    "frontline", "global",
    "god",      "government", "he",       "her",       "here",     "his",       "hospital",
    "hotel",    "how",        "however",  "i",         "if",       "in",        "international",
    "island",   "islands",    "it",       "its",       "jesus",    "just",      "kingdom",
    "late",     "let",        "live",     "madam",     "many",     "meanwhile", "media",
    "military", "minister",   "mister",   "month",     "more",     "mosque",    "most",
    "mountain", "mountains",  "museum",   "my",        "national", "navy",      "new",
    "news",     "no",         "north",    "northern",  "not",      "now",       "ocean",
    "of",       "old",        "on",       "only",      "opinion",  "or",        "other",
    "our",      "palace",     "people",   "photo",     "photos",   "please",    "police",
    "port",     "president",  "press",    "prime",     "province", "ramadan",   "read",
    "region",   "report",     "reports",  "republic",  "reserved", "rights",    "river",
    "road",     "school",     "sea",      "security",  "see",      "senior",    "several",
    "share",    "she",        "since",    "sir",       "so",       "some",      "source",
    "sources",  "south",      "southern", "square",    "stadium",  "states",    "still",
    "street",   "subscribe",  "such",     "thank",     "thanks",   "that",      "the",
    "their",    "then",       "there",    "these",     "they",     "this",      "those",
    "though",   "to",         "today",    "tomorrow",  "tonight",  "top",       "union",
    "united",   "university", "until",    "update",    "updated",  "valley",    "video",
    "videos",   "watch",      "we",       "week",      "west",     "western",   "what",
    "when",     "where",      "which",    "while",     "who",      "whom",      "why",
    "with",     "world",      "year",     "years",     "yes",      "yesterday", "yet",
    "you",      "your",
};

static const char *const months[] = {
    "apr", "april",   "aug",      "august", "dec",     "december", "feb",  "february",
    "jan", "january", "jul",      "july",   "jun",     "june",     "mar",  "march",
    "may", "nov",     "november", "oct",    "october", "sep",      "sept", "september",
};

static const char *const weekdays[] = {
    "fri",  "friday", "mon",      "monday", "sat",  "saturday", "sun", "sunday",    "thu",
    "thur", "thurs",  "thursday", "tue",    "tues", "tuesday",  "wed", "wednesday",
};

static const char *const org_heads[] = {
    "aerospace", "agency",   "army",       "battalion",    "battalions", "brigade",  "brigades",
    "bureau",    "command",  "commission", "committee",    "company",    "corp",     "corporation",
    "corps",     "council",  "department", "directorate",  "division",   "dynamics", "electronics",
    "fleet",     "force",    "forces",     "front",        "group",      "guard",    "guards",
    "holding",   "holdings", "inc",        "industries",   "llc",        "ltd",      "militia",
    "ministry",  "movement", "navy",       "plc",          "regiment",   "service",  "shipyard",
    "shipyards", "squadron", "systems",    "technologies",
};

static const char *const generic[] = {
    "advanced",      "aerospace",     "air",           "airborne", "aircraft",   "allied",
    "armed",         "artillery",     "assault",       "border",   "central",    "coast",
    "combined",      "cyber",         "defence",       "defense",  "democratic", "east",
    "eastern",       "economy",       "electronics",   "elite",    "emergency",  "energy",
    "engineering",   "expeditionary", "federal",       "fifth",    "finance",    "first",
    "foreign",       "fourth",        "general",       "global",   "government", "ground",
    "health",        "heavy",         "high",          "home",     "industries", "infantry",
    "intelligence",  "interior",      "international", "islamic",  "joint",      "justice",
    "land",          "liberation",    "manufacturing", "marine",   "marines",    "mechanised",
    "mechanized",    "military",      "missile",       "missiles", "motorised",  "motorized",
    "mountain",      "national",      "naval",         "new",      "north",      "northern",
    "nuclear",       "operational",   "operations",    "people's", "peoples",    "police",
    "popular",       "presidential",  "rapid",         "reaction", "rebel",      "rebels",
    "regional",      "republican",    "reserve",       "reserves", "resistance", "response",
    "revolutionary", "rocket",        "royal",         "second",   "security",   "shipbuilding",
    "south",         "southern",      "space",         "special",  "staff",      "state",
    "strategic",     "support",       "supreme",       "systems",  "tactical",   "tank",
    "task",          "technologies",  "territorial",   "third",    "trade",      "unified",
    "united",        "west",          "western",       "world",
};

static const char *const particles[] = {
    "al", "ben", "bin", "bint", "da",  "das", "de", "del", "della", "den", "der",
    "do", "dos", "du",  "el",   "ibn", "la",  "le", "ul",  "van",   "von",
};

static const char *const weapon_classes[] = {
    "bomber",      "bombers",      "corvette",   "corvettes",   "destroyer", "destroyers",
    "drone",       "drones",       "fighter",    "fighters",    "frigate",   "frigates",
    "gunship",     "gunships",     "helicopter", "helicopters", "howitzer",  "howitzers",
    "interceptor", "interceptors", "launcher",   "launchers",   "missile",   "missiles",
    "mortar",      "mortars",      "rifle",      "rifles",      "rocket",    "rockets",
    "submarine",   "submarines",   "system",     "systems",     "tank",      "tanks",
    "torpedo",     "torpedoes",    "uav",        "uavs",        "ucav",      "ucavs",
    "warship",     "warships",
};

static const char *const not_after_class[] = {
    "alert",     "alerts",     "attack",    "attacks",   "barrage",   "barrages",   "base",
    "bases",     "companies",  "company",   "contract",  "contracts", "crew",       "crews",
    "crisis",    "deal",       "deals",     "debris",    "defence",   "defense",    "deliveries",
    "delivery",  "export",     "exports",   "factories", "factory",   "force",      "forces",
    "fragments", "incident",   "incidents", "industry",  "launch",    "launches",   "maker",
    "makers",    "operator",   "operators", "plant",     "plants",    "production", "program",
    "programme", "programmes", "programs",  "raid",      "raids",     "sale",       "sales",
    "shortage",  "shortages",  "site",      "sites",     "stockpile", "stockpiles", "strike",
    "strikes",   "supplies",   "supply",    "team",      "teams",     "test",       "tests",
    "threat",    "threats",    "unit",      "units",     "war",       "warning",    "warnings",
};

static const char *const function[] = {
    "a",   "an",    "and", "are",   "as",   "at",    "be",   "been", "being",  "but",   "by",
    "can", "could", "for", "from",  "had",  "has",   "have", "her",  "his",    "in",    "into",
    "is",  "its",   "may", "might", "not",  "of",    "on",   "or",   "should", "than",  "that",
    "the", "their", "to",  "was",   "were", "which", "who",  "will", "with",   "would",
};
typedef struct list_def {
    const char *const *words;
    size_t n;
} list_def;

#define LIST(a)                                                                                    \
    {                                                                                              \
        a, sizeof(a) / sizeof(*a)                                                                  \
    }

static const list_def lists[DL_N] = {
    LIST(title_heads),    LIST(title_mods),      LIST(honorifics), LIST(roles),   LIST(stop),
    LIST(months),         LIST(weekdays),        LIST(org_heads),  LIST(generic), LIST(particles),
    LIST(weapon_classes), LIST(not_after_class), LIST(function),
};

/* strcmp() of the folded chars [s, e) against an ASCII word; a char outside ASCII sorts
 * after every word (no list word has one). */
static int compare(const cm_nchar *c, size_t s, size_t e, const char *word)
{
    size_t i = 0;
    for (; s + i < e && word[i]; i++) {
        uint32_t f = c[s + i].fold;
        unsigned char x = (unsigned char)word[i];
        if (f != x) {
            return f < x ? -1 : 1;
        }
    }
    if (s + i < e) {
        return 1;
    }
    return word[i] ? -1 : 0;
}

int cm_dlist_has(dlist l, const cm_nchar *c, size_t s, size_t e)
{
    size_t lo = 0, hi = lists[l].n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = compare(c, s, e, lists[l].words[mid]);
        if (r == 0) {
            return 1;
        }
        if (r < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return 0;
}

int cm_dword_eq(const cm_nchar *c, size_t s, size_t e, const char *word)
{
    return compare(c, s, e, word) == 0;
}

size_t cm_dlist_size(dlist l)
{
    return lists[l].n;
}

const char *cm_dlist_word(dlist l, size_t i)
{
    return lists[l].words[i];
}
