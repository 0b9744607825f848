/* comention: the lexicon's private layout.
 *
 * Entities live in an array indexed by entity number (stable once added; later files
 * change fields in place). Aliases keep their original text, their line, and their
 * normalized form (case kept); derived surnames are appended by compile and dropped by
 * the next compile. The matcher is a trie over the case-folded normalized characters.
 * While it is built, edges live in one hash map keyed (node << 21 | code point); for
 * matching, each node's children are a sorted run of one array (one cache line for most
 * nodes, where a hash probe costs two misses), and the root's ASCII children a table, so
 * a step's cost does not grow with the lexicon. Each node lists the aliases that end
 * there, best first (stricter case rule first, then later-loaded first). */
#ifndef CM_LEXICON_INT_H
#define CM_LEXICON_INT_H

#include "comention/lexicon.h"
#include "util/util.h"

#define CM_STOP SIZE_MAX /* alias.entity of a stop phrase */

typedef struct alias_rec {
    size_t entity; /* entity index, or CM_STOP */
    cm_alias_kind kind;
    cm_case_rule rule;
    int shared;    /* counts only where the document names the entity otherwise */
    int derived;   /* a surname made by compile */
    long line;     /* line in its file, 0 when unknown */
    char *text;    /* as written in the file; owned */
    uint32_t *cps; /* normalized, case kept; owned */
    size_t n;      /* number of normalized chars */
    size_t order;  /* position in load order; later wins a tie */
} alias_rec;

/* A root2 entry: the child's 1 + index in kids (so a trie has fewer than 2^30 nodes),
 * and whether a walk from those two chars can reach a name at all: ROOT2_ANY, in the row
 * of the folded first char (the first char ends a name, or the two lead on); ROOT2_TAKE,
 * in the row of the first char as written (rows 'A' to 'Z' hold no children), for
 * cm_lexicon_match_accepted(), where text starting with 'a' to 'z' goes only through
 * nodes whose `lower` is set. */
#define ROOT2_KID 0x3FFFFFFFu
#define ROOT2_ANY 0x40000000u
#define ROOT2_TAKE 0x80000000u

typedef struct trie_node {
    uint32_t first;     /* into cm_lexicon.tinfo */
    uint32_t n;         /* aliases ending here */
    uint32_t kid_first; /* children: kids[kid_first .. kid_first + kid_n), by code point */
    uint32_t kid_n;
    int lower; /* some name below accepts text that starts in lower case */
} trie_node;

/* An edge as the matcher walks it: everything a step needs about the child, so a step
 * touches one entry (the node itself only where names end). */
typedef struct trie_kid {
    uint32_t cp;        /* folded code point */
    uint32_t node : 30; /* the child (fewer than 2^30 nodes: ROOT2_KID) */
    uint32_t lower : 1; /* trie_node.lower of the child */
    uint32_t terms : 1; /* names end at the child */
    uint32_t first;     /* the child's children: kids[first .. first + n), by code point */
    uint32_t n : 21;    /* fewer than 0x110000: one child per code point */
    uint32_t aux : 11;  /* KID_RUN or KID_TABLE, by n */
} trie_kid;

/* trie_kid.aux where n is 1: the run, how many entries from kids[first] on the walk may
 * take at once, as a string compare. Each but the last has one child, stored right after
 * it, and no name ends there, so a walk that leaves the run early finds nothing (and the
 * `lower` flags of the run shrink towards its end: checking the last is enough). */
#define KID_RUN_MAX 2047
/* trie_kid.aux where n > 1: 1 + the child's table in cm_lexicon.tables (its ASCII children
 * by code point, instead of a search), or 0 for none. Nodes with at least KID_TABLE_MIN
 * and fewer than 255 children get one, most children first, as many as there are ids. */
#define KID_TABLE_MIN 5
#define KID_TABLES_MAX 2047

/* What matching needs of an alias that ends at a node, next to the node's other ones, so
 * that the usual match reads no alias record. For an ASCII alias of at most 64 chars
 * (`quick`), the case rule is decided by bit masks: the trie walk guarantees that the
 * text folds to the alias, so for ASCII text only which letters are capitals can differ. */
typedef struct term_info {
    uint64_t upper;   /* bit i: the alias's char i is a capital */
    uint64_t letters; /* bit i: its char i is a letter (capital in ALL CAPS) */
    size_t entity;    /* as alias_rec.entity */
    uint32_t alias;   /* index in aliases */
    uint8_t rule;     /* cm_case_rule */
    uint8_t shared;
    uint8_t type;  /* cm_type of the entity (0 for a stop) */
    uint8_t quick; /* ASCII, at most 64 chars: the masks decide the case rule */
} term_info;

/* A title the lexicon adds to the discovery rule (title.c). */
typedef struct title_rec {
    char *text; /* as written, trimmed; owned */
    cm_title_kind kind;
    long line;
    uint32_t *fold; /* normalized, folded; owned */
    size_t n;
} title_rec;

/* One word of the titles: bit k set when it is a word of kind k (cm_title_kind). */
typedef struct title_word {
    uint32_t *fold; /* owned */
    size_t n;
    uint8_t bits;
} title_word;

struct cm_lexicon {
    cm_entity *entities; /* strings owned (cast away const when freeing) */
    size_t n_entities, cap_entities;
    cm_strmap by_id; /* id → entity index; keys are the entities' ids */
    alias_rec *aliases;
    size_t n_aliases, cap_aliases;
    /* compiled matcher */
    trie_node *nodes;
    size_t n_nodes, cap_nodes;
    cm_map64 edges;           /* (node << 21 | code point) → child, while building */
    trie_kid *kids;           /* children of every node, grouped by parent */
    uint32_t root_ascii[128]; /* 1 + index in kids of the root's child by an ASCII char, 0 = none */
    uint32_t *root2;          /* the same for two ASCII chars, [c0 * 128 + c1] & ROOT2_KID, with
                                 the ROOT2_ANY and ROOT2_TAKE bits */
    uint8_t *tables;          /* 128 a table (KID_TABLE): 1 + index among its parent's
                                 children of the child by an ASCII char, 0 = none */
    size_t n_tables;
    term_info *tinfo; /* the aliases ending at each node, grouped by node */
    size_t n_terms;
    size_t *by_entity;    /* alias indexes grouped by entity, in load order */
    size_t *entity_first; /* entity e's aliases: by_entity[entity_first[e] .. [e + 1]) */
    int compiled;
    title_rec *titles; /* in load order */
    size_t n_titles, cap_titles;
    title_word *title_words; /* sorted by folded text, for bisection */
    size_t n_title_words, cap_title_words;
    /* the digest when known without dumping (the built-in image carries it), else "";
     * every change to entities, aliases or titles empties it */
    char digest[65];
};

/* How a file is being read: to load it (stop at the first error) or to check it
 * (report every error and go on). */
typedef struct lex_reader {
    cm_lexicon *lex;
    const char *path;
    cm_error *err;
    cm_report_fn report; /* check mode when not NULL */
    void *report_ctx;
    size_t n_errors;
    int repeat_ids; /* TSV: one line per alias, so an id repeats by design */
    int trusted;    /* the built-in data: schema-checked by the tests (lexicon check), not
                       again at every start */
    cm_strmap ids;  /* ids defined by this file, for duplicate checks; keys borrowed */
    long *id_lines; /* line of each id's first definition, by entity index */
    size_t cap_id_lines;
    size_t first_title; /* titles before this one come from other files */
} lex_reader;

/* Report a problem at `line`; returns CM_EINPUT so the caller skips the element. */
cm_status cm_lex_fail(lex_reader *r, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Create or update an entity from its attributes; *idx is its index. `type` may be
 * "person"/"organization" (actor with that subtype); `subtype` may be NULL. */
cm_status cm_lex_put_entity(lex_reader *r, long line, const char *id, const char *type,
                            const char *subtype, const char *name, const char *country,
                            size_t *idx);

/* Add an alias (normalizing it). `rule` < 0 means the default rule. `entity` may be
 * CM_STOP. */
cm_status cm_lexicon_add_alias(cm_lexicon *lex, size_t entity, const char *text, cm_alias_kind kind,
                               int rule, int shared, const char *path, long line, cm_error *err);

/* The two readers; `data` is the whole file. */
cm_status cm_lex_read_xml(lex_reader *r, const char *data, size_t len);
cm_status cm_lex_read_tsv(lex_reader *r, const char *data, size_t len);

/* Check mode: aliases of different entities that nothing tells apart. */
void cm_lex_check_conflicts(lex_reader *r);

/* Add a `<title>` (kind "head", "modifier", "honorific", or NULL for head): checks it is
 * capitalized words and not repeated in this file. */
cm_status cm_lex_add_title(lex_reader *r, long line, const char *text, const char *kind);

/* Free the titles and their index (title.c). */
void cm_lex_free_titles(cm_lexicon *lex);

/* Free the compiled matcher (trie, term lists, indexes), leaving entities and aliases. */
void cm_lex_reset_matcher(cm_lexicon *lex);

/* Default case rule of an alias: no lower-case letter and at least two capitals: exact. */
cm_case_rule cm_default_case_rule(const char *text);

/* What the matcher keeps of an alias ending at a node (match.c). */
term_info cm_lex_describe_term(const cm_lexicon *lex, size_t alias);

/* Counting sort of the aliases by entity, stops left out (by_entity, entity_first). */
cm_status cm_lex_index_by_entity(cm_lexicon *lex, cm_error *err);

/* Complete kids[0 .. n_kids), whose cp and node are set and grouped by parent in node
 * order, from the nodes' kid_first, kid_n, lower and n; then the root's ASCII tables
 * (root2 allocated and zeroed, root_ascii zeroed), the runs and the children tables.
 * CM_ENOMEM when the tables cannot be allocated. */
cm_status cm_lex_link_kids(cm_lexicon *lex, size_t n_kids, cm_error *err);

/* The built-in XML files read into `lex` (what cm_lexicon_add_builtin() does to a
 * lexicon that holds something already, and what the image is made from). */
cm_status cm_lex_add_builtin_xml(cm_lexicon *lex, cm_error *err);

/* The compiled lexicon as an image (image.c): entities, aliases (the derived surnames
 * too), titles and the trie, with `digest`, which cm_lex_image_read() gives back as
 * lex->digest. The image is a run of LEB128 numbers and strings, with no pointers or
 * padding, so it reads back the same on any build. */
cm_status cm_lex_image_write(cm_buf *out, const cm_lexicon *lex, const char *digest, cm_error *err);

/* Read an image into an empty lexicon, which is then compiled, as cm_lexicon_compile()
 * left the lexicon the image was written from. CM_EINPUT for a damaged image,
 * CM_ENOMEM; on failure `lex` holds part of it: free it. */
cm_status cm_lex_image_read(cm_lexicon *lex, const unsigned char *data, size_t len, cm_error *err);

/* Names of kinds, rules and subtypes, shared by the readers and the dump. */
extern const char *const cm_kind_names[5];
extern const char *const cm_rule_names[3];
extern const char *const cm_title_kind_names[3];
int cm_subtype_valid(cm_type t, const char *subtype);

#endif
