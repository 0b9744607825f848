/* comention: the extract stage, segments in, entity mentions out. */
#ifndef COMENTION_EXTRACT_H
#define COMENTION_EXTRACT_H

#include <stddef.h>
#include "comention/error.h"
#include "comention/lexicon.h"
#include "comention/text.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What found a mention: a lexicon alias, or a discovery or coreference rule. */
typedef enum cm_rule {
    CM_RULE_ALIAS = 0,   /**< a lexicon alias */
    CM_RULE_TITLE,       /**< a person after a title or role ("Archpriest", "spokesman") */
    CM_RULE_APPOSITION,  /**< "<country>'s deputy foreign minister, <Name>," */
    CM_RULE_BYLINE,      /**< "By <Name>", "<Name> / <media>", "<media>/<Name>" */
    CM_RULE_ACRONYM,     /**< "<Full Name> (<ACR>)" or "<ACR> (<Full Name>)" */
    CM_RULE_ORG_HEAD,    /**< a capitalized phrase ending in Ministry, Brigade, Council ... */
    CM_RULE_WEAPON,      /**< a designation ("XK-12") next to a class word ("missile") */
    CM_RULE_REPEAT,      /**< a discovered name again in the same document */
    CM_RULE_SURNAME,     /**< the surname of a person the document introduced */
    CM_RULE_ACRONYM_USE, /**< an acronym the document defined */
    CM_RULE_ROLE,        /**< "the defence minister": the one person introduced in that role */
} cm_rule;

/** Number of rules. */
#define CM_N_RULES 11

/** One mention of an entity. */
typedef struct cm_mention {
    size_t entity;   /**< index in the lexicon, or in cm_mentions.discovered */
    size_t alias;    /**< the alias that matched (cm_lexicon_alias()); SIZE_MAX when a
                          rule other than CM_RULE_ALIAS found the mention */
    size_t start;    /**< first original byte */
    size_t end;      /**< one past the last original byte (a possessive 's is outside) */
    size_t sentence; /**< 0-based sentence index in the document */

    /** 1: `entity` indexes cm_mentions.discovered, not the lexicon. */
    unsigned char discovered;
    /** The cm_rule that found it. */
    unsigned char rule;
} cm_mention;

/** An entity no lexicon names, found in one document by a discovery rule. */
typedef struct cm_discovered {
    cm_entity e;  /**< id (slug of the normalized name), type, subtype, name (as first
                       written), country (the lexicon id of the affiliation, or NULL);
                       id and name are owned by the mentions, the rest is static or
                       borrowed from the lexicon */
    cm_rule rule; /**< the rule that found it */
} cm_discovered;

/** Why a name that matched did not become a mention. */
typedef enum cm_reject_reason {
    CM_REJECT_CASE = 0,   /**< its case rule refused the text ("us", "patriot") */
    CM_REJECT_STOP,       /**< a stop phrase won: the name of something not annotated */
    CM_REJECT_UNRESOLVED, /**< a shared alias whose entity the document does not name */
    CM_REJECT_CURRENCY,   /**< a country code in a currency ("US$", "A$") */
    CM_REJECT_NAME,       /**< inside a longer proper name: a person's ("Selcuk Bayraktar")
                               or a company's ("<Company> India", "<Country> Industries Ltd") */
    CM_REJECT_CONTEXT,    /**< a national body of another country ("India's Central
                               Command"), or one whose country the document never names */
} cm_reject_reason;

/** A candidate that was refused, for the QA table (--explain). */
typedef struct cm_rejection {
    size_t alias;            /**< the alias concerned */
    size_t start, end;       /**< original bytes */
    cm_reject_reason reason; /**< the rule that refused it */
} cm_rejection;

/** The mentions of one document, ordered by start byte. */
typedef struct cm_mentions {
    const cm_segments *seg; /**< the segments they were found in; borrowed, must outlive */
    cm_mention *items;      /**< owned */
    size_t n;               /**< number of mentions */
    cm_rejection *rejected; /**< refused candidates, by start byte; owned */
    size_t n_rejected;      /**< number of refused candidates */

    /** Entities found by discovery rules, in order of first mention; owned. */
    cm_discovered *discovered;
    /** Number of discovered entities. */
    size_t n_discovered;
} cm_mentions;

/** Which discovery rules run (--discover). Zero is the default, all of them. */
typedef enum cm_discover {
    CM_DISCOVER_ALL = 0, /**< persons, organizations, acronyms and weapons */
    CM_DISCOVER_PERSONS, /**< persons only (titles, appositions, bylines, their surnames) */
    CM_DISCOVER_NONE,    /**< the lexicon alone */
} cm_discover;

/** Extraction options. */
typedef struct cm_extract_opts {
    /** List refused candidates in cm_mentions.rejected (the QA table of --explain). Off,
     *  extraction skips word starts that only case-refused names could start at. (1) */
    int rejections;
    /** Which discovery rules run (CM_DISCOVER_ALL). */
    cm_discover discover;
} cm_extract_opts;

/**
 * Parse a --discover value.
 * @param out   the mode
 * @param name  "none", "persons" or "all"
 * @return 0 on success, -1 for an unknown name
 */
int cm_discover_parse(cm_discover *out, const char *name);

/** @param d a mode @return "all", "persons" or "none" */
const char *cm_discover_name(cm_discover d);

/** @param r a rule @return its name ("alias", "title", "byline", "role" ...) */
const char *cm_rule_name(cm_rule r);

/**
 * The entity a mention names, lexicon or discovered, as one view.
 * @param m    the document's mentions
 * @param mn   one of them
 * @param lex  the lexicon they were found with
 * @return the entity, borrowed from `m` or `lex`
 */
const cm_entity *cm_mention_entity(const cm_mentions *m, const cm_mention *mn,
                                   const cm_lexicon *lex);

/** Defaults. @param o filled in */
void cm_extract_opts_init(cm_extract_opts *o);

/**
 * Find every lexicon entity named in a segmented document: leftmost-longest matching
 * within each sentence, on word boundaries. A shared alias (a surname two people have,
 * or any person's surname) becomes a mention only when the document names exactly one
 * of its entities by another alias; otherwise it is refused as unresolved. A full name
 * that several entities share goes to the one whose country the sentence, or else the
 * document, names (guideline rule 41). Context rules (rules 39-43) refuse a country code
 * in a currency, a name inside a longer proper name, and a national body of another
 * country or of a country the document never names. Then, unless `opts->discover` is
 * CM_DISCOVER_NONE, the discovery rules (docs/discovery.md) add the people,
 * organizations and weapons no lexicon names, and the document's own coreferences
 * (surnames, defined acronyms, role references).
 *
 * @param out  the mentions; free with cm_mentions_free()
 * @param seg  the segmented document; borrowed, must outlive `*out`
 * @param lex  a compiled lexicon
 * @param opts options; NULL for defaults
 * @param err  filled on failure
 * @return CM_OK or CM_ENOMEM
 *
 * Cost: O(n · L), n normalized chars, L the longest alias; independent of lexicon size.
 * The mentions depend on `opts->discover` only.
 */
cm_status cm_extract(cm_mentions **out, const cm_segments *seg, const cm_lexicon *lex,
                     const cm_extract_opts *opts, cm_error *err);

/** @param r a reason @return "case", "stop", "unresolved", "currency", "name" or "context" */
const char *cm_reject_reason_name(cm_reject_reason r);

/** Free mentions; accepts NULL. @param m mentions to free */
void cm_mentions_free(cm_mentions *m);

/** A QA table of what matched and what was refused, over many documents. Opaque. */
typedef struct cm_explain cm_explain;

/**
 * Start an empty table.
 * @param out  the table; free with cm_explain_free()
 * @param err  filled on failure
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_explain_new(cm_explain **out, cm_error *err);

/** Free a table; accepts NULL. @param x table to free */
void cm_explain_free(cm_explain *x);

/**
 * Count one document's mentions (per alias that hit, or per rule and surface text for
 * those a discovery or coreference rule found) and refusals (per alias and rule).
 * @param x    the table
 * @param m    the document's mentions; not kept
 * @param lex  the lexicon they were found with
 * @param err  filled on failure
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_explain_add(cm_explain *x, const cm_mentions *m, const cm_lexicon *lex, cm_error *err);

/**
 * Add the counts of another table (from another thread or shard).
 * @param x    the table to extend
 * @param src  the table to add; not changed
 * @param err  filled on failure
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_explain_merge(cm_explain *x, const cm_explain *src, cm_error *err);

/**
 * Write the table as TSV (`entity type label result alias count`, by entity id, result
 * and alias; stop phrases under entity "-"; mentions a rule found have the result
 * `discovered:<rule>` and their text as alias), to a temporary file renamed into place.
 * @param path  file to write
 * @param x     the table
 * @param lex   the lexicon the mentions came from
 * @param err   names the file on failure
 * @return CM_OK, CM_EIO or CM_ENOMEM
 */
cm_status cm_explain_write(const char *path, const cm_explain *x, const cm_lexicon *lex,
                           cm_error *err);

#ifdef __cplusplus
}
#endif

#endif
