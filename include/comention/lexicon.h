/* comention: the lexicon, the entities to find and the names that mean them. */
#ifndef COMENTION_LEXICON_H
#define COMENTION_LEXICON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "comention/entity.h"
#include "comention/error.h"
#include "comention/text.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How an alias may differ in case from the text (docs/lexicon-format.md). */
typedef enum cm_case_rule {
    CM_CASE_EXACT = 0, /**< only as written */
    CM_CASE_TITLE = 1, /**< as written, first letter capitalised, or ALL CAPS */
    CM_CASE_FOLD = 2,  /**< any case */
} cm_case_rule;

/** What an alias is. */
typedef enum cm_alias_kind {
    CM_ALIAS_NAME = 0,
    CM_ALIAS_DEMONYM,
    CM_ALIAS_CAPITAL,
    CM_ALIAS_ABBREVIATION,
    CM_ALIAS_DESIGNATION,
} cm_alias_kind;

/** An entity of the lexicon. Strings are owned by the lexicon. */
typedef struct cm_entity {
    const char *id;      /**< lower-case slug, the node id */
    cm_type type;        /**< actor, country or weapon */
    const char *subtype; /**< slug from docs/design.md §4 */
    const char *name;    /**< display name */
    const char *country; /**< affiliated country id, or NULL */
} cm_entity;

/** What a lexicon `<title>` adds to the discovery rule "persons after a title"
 * (docs/discovery.md): the word a title ends with, a word inside a title, or a head that
 * names no role (like Mr or Father, so no role reference is recorded for it). */
typedef enum cm_title_kind {
    CM_TITLE_HEAD = 0,
    CM_TITLE_MODIFIER = 1,
    CM_TITLE_HONORIFIC = 2,
} cm_title_kind;

/** A set of entities and a compiled matcher over their aliases. Opaque. */
typedef struct cm_lexicon cm_lexicon;

/**
 * Make an empty lexicon.
 * @param out  the lexicon; free with cm_lexicon_free()
 * @param err  filled on failure
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_lexicon_new(cm_lexicon **out, cm_error *err);

/** Free a lexicon; accepts NULL. @param lex lexicon to free */
void cm_lexicon_free(cm_lexicon *lex);

/**
 * Add the built-in lexicon (compiled into the library) to `lex`.
 *
 * Into an empty lexicon it comes compiled, with its digest, from an image made when the
 * library was built (no XML read, no compile: cm_lexicon_compile() then returns at once
 * unless something is added). Into a lexicon that holds something already, its XML files
 * are read like any other.
 *
 * @param lex  the lexicon to extend
 * @param err  filled on failure
 * @return CM_OK, CM_EINPUT (a bug in the shipped data) or CM_ENOMEM
 */
cm_status cm_lexicon_add_builtin(cm_lexicon *lex, cm_error *err);

/**
 * Add the entities of a lexicon file (docs/lexicon-format.md) to `lex`.
 *
 * A file whose first non-blank byte is '<' is XML, validated against the lexicon schema
 * and read without network, DTD loading or entity expansion; anything else is the TSV
 * form. An entity whose id
 * exists already adds its aliases and replaces its other fields. On failure `lex` may hold
 * part of the file's entities; discard it.
 *
 * @param lex   the lexicon to extend
 * @param path  file to read
 * @param err   names the file and line on failure
 * @return CM_OK, CM_EINPUT or CM_ENOMEM
 */
cm_status cm_lexicon_add_file(cm_lexicon *lex, const char *path, cm_error *err);

/**
 * Add the entities of a lexicon held in memory.
 * @param lex   the lexicon to extend
 * @param name  name used in error messages (a path or "<builtin>")
 * @param data  the bytes (XML or TSV, as for cm_lexicon_add_file())
 * @param len   number of bytes
 * @param err   names `name` and the line on failure
 * @return CM_OK, CM_EINPUT or CM_ENOMEM
 */
cm_status cm_lexicon_add_memory(cm_lexicon *lex, const char *name, const char *data, size_t len,
                                cm_error *err);

/**
 * Build the matcher. Call after the last add and before matching; adding afterwards
 * requires another call. On a lexicon compiled already and not changed since, it does
 * nothing (and warns of nothing).
 *
 * When two entities claim the same alias with the same case rule, the one added later
 * wins; `warn` (when not NULL) is called once per such alias, unless both are marked
 * shared. Every person also gets its surname as a derived shared alias, unless another
 * alias already reads the same.
 *
 * @param lex       the lexicon
 * @param warn      called with a one-line message, or NULL
 * @param warn_ctx  passed to `warn`
 * @param err       filled on failure
 * @return CM_OK or CM_ENOMEM
 *
 * Cost: O(total alias length).
 */
cm_status cm_lexicon_compile(cm_lexicon *lex, void (*warn)(void *ctx, const char *msg),
                             void *warn_ctx, cm_error *err);

/** @param lex the lexicon @return number of entities */
size_t cm_lexicon_count(const cm_lexicon *lex);

/** @param lex the lexicon @param i index < cm_lexicon_count() @return the entity, borrowed */
const cm_entity *cm_lexicon_entity(const cm_lexicon *lex, size_t i);

/**
 * Find an entity by id.
 * @param lex  the lexicon
 * @param id   an entity id
 * @return its index, or SIZE_MAX when no entity has that id
 */
size_t cm_lexicon_find(const cm_lexicon *lex, const char *id);

/** @param lex the lexicon @return number of aliases (display names included) */
size_t cm_lexicon_n_aliases(const cm_lexicon *lex);

/** @param lex the lexicon @return number of `<title>` elements its files added */
size_t cm_lexicon_n_titles(const cm_lexicon *lex);

/**
 * A title the lexicon's files added, in load order.
 * @param lex   the lexicon
 * @param i     index < cm_lexicon_n_titles()
 * @param kind  its kind
 * @return the title as written (trimmed), borrowed
 */
const char *cm_lexicon_title(const cm_lexicon *lex, size_t i, cm_title_kind *kind);

/**
 * Whether a word is of the given kind in the lexicon's titles: of a multi-word title the
 * last word has the title's kind (an honorific is a head too), the others are modifiers.
 * A bisection over the titles' sorted words, so the cost per token stays small.
 * @param lex    the lexicon
 * @param kind   the kind asked for
 * @param chars  normalized text; the word is compared by `fold`
 * @param s      first char of the word (without an abbreviation's dot)
 * @param e      one past its last char
 * @return 1 when it is such a word, else 0
 */
int cm_lexicon_title_word(const cm_lexicon *lex, cm_title_kind kind, const cm_nchar *chars,
                          size_t s, size_t e);

/**
 * SHA-256 of the lexicon's canonical form (entities by id, aliases sorted), as 64 hex
 * digits, so report.json names the lexicon without naming paths.
 * @param hex  destination of 65 bytes
 * @param lex  a compiled lexicon
 * @param err  filled on failure
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_lexicon_digest(char hex[65], const cm_lexicon *lex, cm_error *err);

/** Most entities one shared alias can stand for in a match. */
#define CM_MAX_CANDIDATES 8

/** The best alias starting at one position of a normalized text. */
typedef struct cm_match {
    size_t len;          /**< normalized chars covered; 0 when nothing matches here */
    long entity;         /**< entity index, or -1 for a stop phrase (nothing inside it counts) */
    cm_type type;        /**< the entity's type, when `entity` >= 0 */
    size_t alias;        /**< index of the alias that matched (cm_lexicon_alias()) */
    size_t n_candidates; /**< for a shared alias: the entities it may stand for, else 0 */
    size_t candidates[CM_MAX_CANDIDATES]; /**< entity indexes, in lexicon order */
    size_t rejected_len;                  /**< longest alias here refused by its case rule, or 0 */
    size_t rejected_alias;                /**< that alias's index */
} cm_match;

/**
 * Find the longest alias that starts at `chars[pos]` and ends at a word boundary inside
 * `chars[0..n)`, honouring each alias's case rule; a weapon alias may take a plural "s".
 * The caller checks the boundary before `pos`.
 *
 * @param out    the match; `out->len` is 0 when none
 * @param lex    a compiled lexicon
 * @param chars  normalized text (one sentence)
 * @param n      number of chars
 * @param pos    start position, < n
 *
 * Cost: O(length of the longest alias), whatever the lexicon's size.
 */
void cm_lexicon_match(cm_match *out, const cm_lexicon *lex, const cm_nchar *chars, size_t n,
                      size_t pos);

/**
 * cm_lexicon_match() without the case refusals: `rejected_len` stays 0, and the walk
 * stops as soon as only names that would be refused remain (text starting with an ASCII
 * lower-case letter where every name further on is written capitalised), which is most
 * word starts of running text. Every other field is the same as cm_lexicon_match()'s.
 *
 * @param out    the match; `out->len` is 0 when none
 * @param lex    a compiled lexicon
 * @param chars  normalized text (one sentence)
 * @param n      number of chars
 * @param pos    start position, < n
 */
void cm_lexicon_match_accepted(cm_match *out, const cm_lexicon *lex, const cm_nchar *chars,
                               size_t n, size_t pos);

/** One alias, as the lexicon holds it. */
typedef struct cm_alias_info {
    const char *text;   /**< as written in its file (owned by the lexicon) */
    size_t entity;      /**< entity index, or SIZE_MAX for a stop phrase */
    cm_alias_kind kind; /**< name, demonym, … */
    cm_case_rule rule;  /**< its case rule */
    int shared;         /**< counts only where the document names its entity otherwise */
    int derived;        /**< a surname derived from a person's name, not from a file */
    long line;          /**< line in its file, 0 when unknown */
} cm_alias_info;

/**
 * Describe alias `i`.
 * @param out  filled in
 * @param lex  the lexicon
 * @param i    index < cm_lexicon_n_aliases()
 */
void cm_lexicon_alias(cm_alias_info *out, const cm_lexicon *lex, size_t i);

/**
 * The aliases of one entity, in load order (derived surnames included).
 * @param lex     a compiled lexicon
 * @param entity  entity index
 * @param out     set to the alias indexes (borrowed, valid until the next compile)
 * @return how many
 */
size_t cm_lexicon_entity_aliases(const cm_lexicon *lex, size_t entity, const size_t **out);

/** Called once per problem found by cm_lexicon_check(). */
typedef void (*cm_report_fn)(void *ctx, const cm_error *e);

/**
 * Check a lexicon file and report every problem, not only the first: not well-formed XML,
 * schema violations, unknown types and subtypes, duplicate ids, empty aliases, and an
 * alias that two entities claim with case rules that cannot tell them apart (unless both
 * are marked shared).
 *
 * @param n_errors  number of problems reported
 * @param path      the file (XML or TSV)
 * @param report    called once per problem, with file and line; may be NULL
 * @param ctx       passed to `report`
 * @param err       filled when the file cannot be read at all
 * @return CM_OK (look at `*n_errors`), CM_EINPUT (unreadable) or CM_ENOMEM
 */
cm_status cm_lexicon_check(size_t *n_errors, const char *path, cm_report_fn report, void *ctx,
                           cm_error *err);

/**
 * Write the lexicon as one XML file in the format it reads (docs/lexicon-format.md):
 * entities by id, aliases in their order, then the stop phrases. Derived surnames are
 * left out (they are derived again on reading).
 *
 * @param fp   destination
 * @param lex  the lexicon
 * @param err  filled on a write error
 * @return CM_OK, CM_EIO or CM_ENOMEM
 */
cm_status cm_lexicon_dump(FILE *fp, const cm_lexicon *lex, cm_error *err);

/**
 * Write counts per type and subtype, aliases per kind and stop phrases, then per country
 * the entities that belong to it (`country ID`) and those by class
 * (`country-subtype ID/TYPE/SUBTYPE`), as TSV lines `what<TAB>name<TAB>count`.
 * @param fp   destination
 * @param lex  a compiled lexicon
 * @param err  filled on a write or allocation error
 * @return CM_OK, CM_EIO or CM_ENOMEM
 */
cm_status cm_lexicon_stats(FILE *fp, const cm_lexicon *lex, cm_error *err);

/** @param t a type @return "actor", "country" or "weapon" */
const char *cm_type_name(cm_type t);

/**
 * Parse a top-level type name.
 * @param out   the type
 * @param name  "actor", "country" or "weapon"
 * @return 0 on success, -1 for an unknown name
 */
int cm_type_parse(cm_type *out, const char *name);

/** Number of subtypes of all types together (docs/design.md §4); fewer than 64. */
#define CM_N_SUBTYPES 24

/**
 * The index of a subtype slug in the list of all subtypes (actor's, then country's, then
 * weapon's, in the order of docs/lexicon-format.md), for sets of subtypes as bits.
 * @param name  a slug ("media", "drone")
 * @return 0 .. CM_N_SUBTYPES - 1, or -1 for an unknown slug
 */
int cm_subtype_index(const char *name);

/** @param index 0 .. CM_N_SUBTYPES - 1 @return the slug of that subtype, or NULL */
const char *cm_subtype_name(int index);

#ifdef __cplusplus
}
#endif

#endif
