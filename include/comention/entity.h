/* comention: the records that stages hand on about entities and their co-mentions: the
 * entity types, a piece of evidence, and a graph node's and edge's own attributes. Data
 * only, no functions, so every product can carry them without knowing the stage that made
 * them (docs/architecture.md). */
#ifndef COMENTION_ENTITY_H
#define COMENTION_ENTITY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Top-level entity type; outputs always show these. */
typedef enum cm_type {
    CM_TYPE_ACTOR = 0,
    CM_TYPE_COUNTRY = 1,
    CM_TYPE_WEAPON = 2,
} cm_type;

/** Number of top-level types. */
#define CM_N_TYPES 3

/** One piece of evidence for a pair: where the two are named together. Offsets and the
 *  rank take 32 bits, since a document has at most CM_DOC_MAX_BYTES (2^32 - 1) bytes: the
 *  counts hold K of these for each pair, and at 32 bytes rather than 40 they are a fifth
 *  smaller. */
typedef struct cm_evidence {
    const char *doc; /**< doc id; borrowed from the counts' document table */
    char *snippet;   /**< sentence(s) holding both, whitespace collapsed, <= 300 bytes;
                          owned; NULL until cm_counts_fill_snippets() when the document
                          could be read again (`reread`) */
    uint32_t rank;   /**< rank of this occurrence of the pair within its document */
    uint32_t start;  /**< snippet start byte in the original document */
    uint32_t end;    /**< snippet end byte */
} cm_evidence;

/** A graph node's own attributes, as the graph carries them (cm_graph.nodes). Strings are
 *  borrowed from the counts the graph was built from. */
typedef struct cm_node_record {
    const char *id;        /**< entity id */
    const char *label;     /**< display name */
    const char *subtype;   /**< subtype slug */
    const char *type_name; /**< "actor", "country" or "weapon"; static */
    cm_type type;          /**< top-level type */
    int discovered;        /**< 1 when found by discovery rules, not by the lexicon */
    uint64_t mentions;     /**< mentions in the corpus */
    uint64_t units;        /**< units naming it (c_a) */
    uint64_t documents;    /**< documents naming it */
} cm_node_record;

/** A graph edge's own attributes (cm_graph.edges). */
typedef struct cm_edge_record {
    uint64_t units;              /**< units naming both (c_ab) */
    uint64_t documents;          /**< documents naming both */
    const cm_evidence *evidence; /**< up to K, best first; borrowed from the counts, whose
                                      snippets cm_counts_fill_snippets() fills in place */
    size_t n_evidence;           /**< number of evidence entries */
} cm_edge_record;

#ifdef __cplusplus
}
#endif

#endif
