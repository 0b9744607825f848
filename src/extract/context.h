/* comention: the extract stage's context rules (guideline rules 39-43, "the longer name
 * decides"). A match of the lexicon is judged by the words around it: a country code
 * before a currency sign, an alias inside a person's or a company's name, or a national
 * body owned by another country's name is no mention of its entity. Only matches are
 * judged, so the rules cost nothing where the lexicon finds nothing. */
#ifndef CM_EXTRACT_CONTEXT_H
#define CM_EXTRACT_CONTEXT_H

#include <stddef.h>
#include "comention/extract.h"

/* A match in its sentence, and the match that came before it in that sentence. */
typedef struct ctx_match {
    const cm_nchar *c;    /* the sentence's normalized chars */
    size_t n;             /* their number */
    size_t pos;           /* where the match starts */
    const cm_match *mt;   /* the match (entity >= 0) */
    size_t matched_until; /* one past the previous match (0: none) */
    long prev_entity;     /* the previous match's entity, or -1 (none, or a stop) */
    size_t prev_end;      /* one past the previous match's alias (before a possessive) */
    int headline_case;    /* -1 unknown yet, else whether the sentence is in title case */
} ctx_match;

/* What the context says of a match. */
typedef enum ctx_verdict {
    CTX_KEEP = 0,      /* a mention */
    CTX_REFUSE,        /* no mention; the reason is set */
    CTX_SURNAME,       /* no mention: a person's surname, in this whole document */
    CTX_NEEDS_COUNTRY, /* a bare national body ("Central Command"): a mention only where the
                          document names its country (ctx_country_named()) */
} ctx_verdict;

/* Judge one match; *why is set for CTX_REFUSE. */
ctx_verdict ctx_judge(cm_reject_reason *why, const cm_lexicon *lex, ctx_match *m);

/* Does a mention of m[0..n) name the country of `entity`: the country itself, or an
 * actor or weapon of that country? Cost: O(n). */
int ctx_country_named(const cm_lexicon *lex, size_t entity, const cm_mention *m, size_t n);

/* Rule 41: the one candidate of a shared name whose country the context names, or -1
 * (none, or several). The mentions of the sentence decide first, then all of m[0..n). */
long ctx_pick_by_country(const cm_lexicon *lex, const size_t *cand, size_t n_cand,
                         const cm_mention *m, size_t n, size_t sentence);

#endif
