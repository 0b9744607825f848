/* comention: the lexicon's private layout.
 *
 * Entities live in an array indexed by entity number (stable once added; later files
 * change fields in place). Aliases keep their original text and their normalized form
 * (case kept). The matcher is a trie over the case-folded normalized characters: edges
 * live in one hash map keyed (node << 21 | code point), so a step costs one lookup however
 * large the lexicon is; each node lists the aliases that end there, best first. */
#ifndef CM_LEXICON_INT_H
#define CM_LEXICON_INT_H

#include "comention/lexicon.h"
#include "util/util.h"

#define CM_STOP SIZE_MAX /* alias.entity of a stop phrase */

typedef struct alias_rec {
    size_t entity; /* entity index, or CM_STOP */
    cm_alias_kind kind;
    cm_case_rule rule;
    char *text;    /* as written in the file; owned */
    uint32_t *cps; /* normalized, case kept; owned */
    size_t n;      /* number of normalized chars */
    size_t order;  /* position in load order; later wins a tie */
} alias_rec;

typedef struct trie_node {
    size_t first; /* into cm_lexicon.terms */
    size_t n;     /* aliases ending here */
} trie_node;

struct cm_lexicon {
    cm_entity *entities; /* strings owned (cast away const when freeing) */
    size_t n_entities, cap_entities;
    cm_strmap by_id; /* id → entity index; keys are the entities' ids */
    alias_rec *aliases;
    size_t n_aliases, cap_aliases;
    /* compiled matcher */
    trie_node *nodes;
    size_t n_nodes, cap_nodes;
    cm_map64 edges;
    size_t *terms; /* alias indexes grouped by node */
    size_t n_terms;
    int compiled;
};

/* Add an alias (normalizing it); duplicates of an existing alias of the same entity with
 * the same rule are ignored. `entity` may be CM_STOP. */
cm_status cm_lexicon_add_alias(cm_lexicon *lex, size_t entity, const char *text, cm_alias_kind kind,
                               int rule, const char *path, long line, cm_error *err);

/* Default case rule of an alias: no lower-case letter and at least two capitals: exact. */
cm_case_rule cm_default_case_rule(const char *text);

#endif
