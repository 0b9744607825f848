/* comention: the extract stage's context rules (guideline rules 39-43, "the longer name
 * decides"). A match of the lexicon is judged by the words around it: a country code
 * before a currency sign, an alias inside a person's or a company's name, or a national
 * body owned by another country's name is no mention of its entity. Only matches are
 * judged, so the rules cost nothing where the lexicon finds nothing. */
#ifndef CM_EXTRACT_CONTEXT_H
#define CM_EXTRACT_CONTEXT_H

#include <stddef.h>
#include "comention/extract.h"
#include "util/util.h"

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

/* The countries a document's mentions name: a country itself, or the country an actor or
 * weapon belongs to. Keys are the lexicon's country ids (borrowed). */
cm_status ctx_countries(cm_strmap *out, const cm_lexicon *lex, const cm_mention *m, size_t n,
                        cm_error *err);

/* Is the country of `entity` among `countries` (ctx_countries())? */
int ctx_country_named(const cm_strmap *countries, const cm_lexicon *lex, size_t entity);

/* Rule 41: the one candidate of a shared name whose country the context names, or -1
 * (none, or several). The sentence's own mentions m[0..n) decide first, then the
 * document's countries. */
long ctx_pick_by_country(const cm_lexicon *lex, const size_t *cand, size_t n_cand,
                         const cm_mention *m, size_t n, size_t sentence,
                         const cm_strmap *countries);

#endif
