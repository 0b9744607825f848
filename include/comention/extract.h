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

/** One mention of an entity. */
typedef struct cm_mention {
    size_t entity;   /**< index in the lexicon */
    size_t alias;    /**< the alias that matched (cm_lexicon_alias()) */
    size_t start;    /**< first original byte */
    size_t end;      /**< one past the last original byte (a possessive 's is outside) */
    size_t sentence; /**< 0-based sentence index in the document */
} cm_mention;

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
} cm_mentions;

/** Extraction options. */
typedef struct cm_extract_opts {
    /** List refused candidates in cm_mentions.rejected (the QA table of --explain). Off,
     *  extraction skips word starts that only case-refused names could start at. (1) */
    int rejections;
} cm_extract_opts;

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
 * country or of a country the document never names.
 *
 * @param out  the mentions; free with cm_mentions_free()
 * @param seg  the segmented document; borrowed, must outlive `*out`
 * @param lex  a compiled lexicon
 * @param opts options; NULL for defaults
 * @param err  filled on failure
 * @return CM_OK or CM_ENOMEM
 *
 * Cost: O(n · L), n normalized chars, L the longest alias; independent of lexicon size.
 * The mentions do not depend on `opts`.
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
 * Count one document's mentions (per alias that hit) and refusals (per alias and rule).
 * @param x    the table
 * @param m    the document's mentions; not kept
 * @param err  filled on failure
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_explain_add(cm_explain *x, const cm_mentions *m, cm_error *err);

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
 * and alias; stop phrases under entity "-"), to a temporary file renamed into place.
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
