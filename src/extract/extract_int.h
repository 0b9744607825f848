/* comention: the extract stage's private parts shared by discovery (discover.c), the
 * document's coreferences (coref.c) and the word lists (titles.c).
 *
 * Discovery runs on one document after lexicon matching. The document's sentences are cut
 * into tokens (runs of word chars joined by inner hyphens), each knowing the lexicon
 * mention covering it; the rules look at tokens around their triggers (a title, a role
 * word, a parenthesis, a head word, a designation) and record entities and mentions by
 * token ranges; coref.c then finds the later uses and writes everything into the
 * cm_mentions. */
#ifndef CM_EXTRACT_INT_H
#define CM_EXTRACT_INT_H

#include <stdint.h>
#include "comention/extract.h"

/* The word lists (titles.c). */
typedef enum dlist {
    DL_TITLE_HEADS = 0, /* words a title ends with: President, Minister, Gen, Archpriest */
    DL_TITLE_MODS,      /* words inside a title: Deputy, Foreign, Defence, Chief */
    DL_HONORIFICS,      /* titles that are no role: Mr, Dr, Father */
    DL_ROLES,           /* lower-case roles right before a name: spokesman, analyst */
    DL_STOP,            /* capitalized words that are never part of a name */
    DL_MONTHS,
    DL_WEEKDAYS,
    DL_ORG_HEADS,       /* words an organization's name ends with: Ministry, Brigade */
    DL_GENERIC,         /* words that do not make a name distinctive: Armed, Special */
    DL_PARTICLES,       /* lower-case words inside a person's name: al, bin, van */
    DL_WEAPON_CLASSES,  /* missile, drone, howitzer */
    DL_NOT_AFTER_CLASS, /* "the X missile attack": X is no weapon's name */
    DL_FUNCTION,        /* and, of, the: not inside a weapon phrase */
    DL_INSTITUTIONS,    /* what is named after a person: Institute, Prize, Airport */
    DL_N
} dlist;

/* Number of words in list `l`, and word i (for the tests). */
size_t cm_dlist_size(dlist l);
const char *cm_dlist_word(dlist l, size_t i);

/* strcmp() of the chars [s, e) (their code points, or folded to lower case) against an
 * ASCII word; a char outside ASCII sorts after every word (no list word has one). */
int cm_word_cmp(const cm_nchar *c, size_t s, size_t e, const char *word, int folded);

/* Is c[s, e) one of the n words of `list`, sorted in byte order (cm_word_cmp())? */
int cm_word_in(const cm_nchar *c, size_t s, size_t e, const char *const *list, size_t n,
               int folded);

/* 1 when the folded text of chars [s, e) is a word of list `l`. */
int cm_dlist_has(dlist l, const cm_nchar *c, size_t s, size_t e);

/* 1 when the folded text of chars [s, e) is `word` (lower-case ASCII). */
int cm_dword_eq(const cm_nchar *c, size_t s, size_t e, const char *word);

/* Token shape bits. */
enum {
    TK_CAP = 1,     /* starts with an upper-case letter */
    TK_LOWER = 2,   /* starts with a lower-case letter */
    TK_DIGIT = 4,   /* holds a digit */
    TK_UPPER = 8,   /* two or more letters, all upper case (an acronym's shape) */
    TK_SINGLE = 16, /* one upper-case letter (an initial) */
    /* A capitalized word whose chars were not read for TK_DIGIT yet: most are lexicon
     * names no rule asks that of (discover.c, has_digit()). */
    TK_DIGIT_UNREAD = 32
};

/* dtok.lists: the lists are read once per token, on the first question about it. */
#define DW_LISTS_KNOWN 0x8000u

typedef struct dtok {
    uint32_t s, e;    /* normalized chars [s, e) of the document */
    uint32_t sent;    /* sentence index */
    uint32_t mention; /* 1 + index of the lexicon mention covering it, or 0 */
    uint8_t shape;    /* TK_* bits */
    uint16_t lists;   /* bit l: the word is in built-in list l; DW_LISTS_KNOWN once read */
} dtok;

/* Who a mention or role points at: a lexicon entity, or a discovered one. */
typedef struct dref {
    size_t index; /* lexicon entity or dwork.ents index */
    int discovered;
} dref;

/* A discovered entity while the document is worked on. */
typedef struct dent {
    char *id, *label; /* owned until moved into the cm_mentions */
    cm_type type;
    const char *subtype; /* static */
    const char *country; /* lexicon id of the affiliation, borrowed, or NULL */
    cm_rule rule;
    size_t t0, t1; /* tokens of the name where it was introduced */
    int person;    /* surnames and full names refer back to it */
    size_t lex;    /* its id is a lexicon entity's: that one, else SIZE_MAX */
} dent;

/* A mention found by a rule: tokens [t0, t1) name `to`. */
typedef struct dmention {
    size_t t0, t1;
    dref to;
    cm_rule rule;
} dmention;

/* A role a named person was introduced with ("defence minister"), for "the defence
 * minister" later. */
typedef struct drole {
    size_t t0, t1;    /* the role's tokens */
    size_t qualifier; /* 1 + lexicon mention before the role ("Kremlin"), or 0 */
    dref who;
    size_t at; /* token where it was introduced */
} drole;

/* An acronym the document defined: token `t` means `to`. */
typedef struct dacro {
    size_t t;
    dref to;
} dacro;

/* The word-list hash table: every word of the lists, keyed by the 64-bit FNV-1a hash of its
 * folded chars, built at build time (src/extract/gen/dlist_table.c writes dlist_table.h,
 * which discover.c includes), so no document builds it again. A power of two, over twice
 * the words of all lists; key 0 is an empty slot. */
#define DW_LIST_SLOTS_LOG2 11
#define DW_LIST_SLOTS (1u << DW_LIST_SLOTS_LOG2)
#define DW_HASH_SEED 0xcbf29ce484222325ull

static inline uint64_t cm_dword_hash_step(uint64_t h, uint32_t ch)
{
    return (h ^ ch) * 0x100000001b3ull;
}

/* The slot where a word of hash `key` (never 0) is, or would go, in `keys`. FNV-1a's bits
 * cluster for short words (4.6 probes a lookup on news text): the key is mixed first
 * (Fibonacci hashing, 1.4 probes). */
static inline size_t cm_dword_slot(const uint64_t *keys, uint64_t key)
{
    size_t at = (size_t)((key * 0x9e3779b97f4a7c15ull) >> (64 - DW_LIST_SLOTS_LOG2));
    while (keys[at] && keys[at] != key) {
        at = (at + 1) & (DW_LIST_SLOTS - 1);
    }
    return at;
}

typedef struct dwork {
    const cm_segments *seg;
    const cm_lexicon *lex;
    cm_mentions *m;
    cm_discover mode;
    dtok *t;
    size_t nt, cap_t;
    size_t *sent_tok; /* sentence s has tokens [sent_tok[s], sent_tok[s + 1]) */
    size_t cap_sent_tok;
    uint8_t *headline; /* per sentence: 0 unknown, 1 running text, 2 headline or all caps */
    size_t cap_headline;
    dent *ents;
    size_t n_ents, cap_ents;
    dmention *add;
    size_t n_add, cap_add;
    drole *roles;
    size_t n_roles, cap_roles;
    dacro *acros;
    size_t n_acros, cap_acros;
    uint8_t *drop; /* per lexicon mention: 1 when a longer discovered name holds it */
    size_t cap_drop;
    int user_titles; /* the lexicon adds titles to the lists */
    cm_error *err;
} dwork;

/* The chars of the document. */
#define DW_C(w) ((w)->seg->chars)

/* Split the document into tokens and set up the word lists (discover.c); w zeroed but
 * for its inputs. */
cm_status cm_discover_tokenize(dwork *w);

/* Run the discovery rules over the document's tokens (discover.c): fills ents, add,
 * roles, acros and drop. */
cm_status cm_discover_rules(dwork *w);

/* Add the later uses of what the rules found (full names, surnames, defined acronyms,
 * role references) and write everything into w->m (coref.c). */
cm_status cm_coref_finish(dwork *w);

/* Tokens k and k + 1 are one phrase (a space or an abbreviation's dot between them). */
int cm_dw_joined(const dwork *w, size_t k);
/* Token k may be part of a person's name (capitalized, no stop word, title or lexicon
 * name but a country's). */
int cm_dw_name_word(const dwork *w, size_t k);
/* One past the last token of token k's sentence. */
size_t cm_dw_sent_end(const dwork *w, size_t k);

/* Append a mention of `to` over tokens [t0, t1). */
cm_status cm_dw_add(dwork *w, size_t t0, size_t t1, dref to, cm_rule rule);

/* Entry point called by cm_extract() after lexicon matching; `m` sorted by start. */
cm_status cm_discover_document(cm_mentions *m, const cm_lexicon *lex, cm_discover mode,
                               cm_error *err);

#endif
