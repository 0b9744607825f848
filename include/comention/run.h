/* comention: running the stages. The document loop (read → segment → extract, then count or
 * hand each document on) on one pool of worker threads, and the network stages from counts
 * to the written files and report.json. The command line parses options and calls these;
 * a program embedding comention can call them the same way. */
#ifndef COMENTION_RUN_H
#define COMENTION_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "comention/analyze.h"
#include "comention/count.h"
#include "comention/draw.h"
#include "comention/error.h"
#include "comention/export.h"
#include "comention/extract.h"
#include "comention/graph.h"
#include "comention/import.h"
#include "comention/layout.h"
#include "comention/lexicon.h"
#include "comention/read.h"
#include "comention/entity.h"
#include "comention/frame.h"
#include "comention/scene.h"
#include "comention/style.h"
#include "comention/text.h"
#include "comention/timeline.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Output formats of a network run (docs/design.md §3); report.json is always written. */
enum {
    CM_FMT_SVG = 1 << 0,
    CM_FMT_PNG = 1 << 1,
    CM_FMT_PDF = 1 << 2,
    CM_FMT_GRAPHML = 1 << 3,
    CM_FMT_CSV = 1 << 4,
    CM_FMT_GEXF = 1 << 5,
    CM_FMT_JSON = 1 << 6,
    /* Not --formats names: the per-period files of csv and gexf, with a time slice. */
    CM_FMT_TIME_CSV = 1 << 7,
    CM_FMT_TIME_GEXF = 1 << 8,
    CM_FMT_TIME = CM_FMT_TIME_CSV | CM_FMT_TIME_GEXF,
};
/** Every format but PDF: what a run writes unless told otherwise. */
#define CM_FMT_DEFAULT                                                                             \
    (CM_FMT_SVG | CM_FMT_PNG | CM_FMT_GRAPHML | CM_FMT_GEXF | CM_FMT_CSV | CM_FMT_JSON)

/** What a run tells its caller while it works; every member may be NULL. */
typedef struct cm_run_hooks {
    /** a one-line warning (a lexicon alias that two entities claim) */
    void (*warn)(void *ctx, const char *msg);
    /** a file left out (not readable, not text), with why; in doc-id order within the loop */
    void (*skipped)(void *ctx, const char *id, const char *reason);
    /** documents done of n, their bytes, seconds since the start: at most twice a second,
     *  and once at the end; from any worker thread, never two at a time */
    void (*progress)(void *ctx, size_t done, size_t n, uint64_t bytes, double seconds);
    void *ctx; /**< passed to each */
} cm_run_hooks;

/** Options of the document loop. */
typedef struct cm_run_opts {
    cm_count_opts count; /**< what is counted, and which entities `mentions` prints */
    size_t jobs;         /**< worker threads; 0 = one per core. No output depends on it */
    const char *explain; /**< write the QA table (cm_explain_write) here, or NULL */
    cm_run_hooks hooks;  /**< told of warnings, skipped files and progress */
    /** a copies file (cm_run_copies()) saying which documents are copies, instead of
     *  fingerprinting these inputs: its mode must be count.dedupe; or NULL */
    const char *copies;
} cm_run_opts;

/** Defaults: cm_count_opts_init(), one thread per core, no QA table, no hooks.
 *  @param o filled in */
void cm_run_opts_init(cm_run_opts *o);

/** Worker threads for n documents: o->jobs (or the cores), at most n, at least 1.
 *  @param o options @param n documents @return the number of workers */
size_t cm_run_workers(const cm_run_opts *o, size_t n);

/**
 * Build and compile the lexicon: the built-in one unless `builtin` is 0, then each file.
 * Costs the XML parse of every file and the automaton build, linear in the aliases.
 *
 * @param out      the compiled lexicon; the caller frees it with cm_lexicon_free()
 * @param files    lexicon files, in order (later files win, docs/lexicon-format.md)
 * @param n        number of files
 * @param builtin  1 to start from the built-in lexicon
 * @param hooks    hooks->warn gets the compiler's warnings; NULL for none
 * @param err      names the file and line on failure
 * @return CM_OK, CM_EINPUT (a bad file), CM_EIO, CM_ENOMEM
 */
cm_status cm_run_lexicon(cm_lexicon **out, const char *const *files, size_t n, int builtin,
                         const cm_run_hooks *hooks, cm_error *err);

/**
 * Count every input: the documents are read, segmented, extracted and counted on
 * cm_run_workers() threads, each into its own counts, which are then merged (a commutative
 * monoid, docs/design.md §5): the result is the same for any number of threads. The
 * counts come back finished, with the skipped files (walking and reading) and the
 * lexicon's digest recorded; the digest is computed beside the workers. Time linear in
 * the input bytes, split over the workers; memory: one set of counts per worker.
 *
 * @param out  the counts; the caller frees them with cm_counts_free()
 * @param in   the inputs, from cm_inputs_collect()
 * @param lex  the compiled lexicon
 * @param o    options; o->explain also writes the QA table
 * @param err  names the file on failure
 * @return CM_OK, CM_EINPUT, CM_EIO, CM_ENOMEM
 */
cm_status cm_run_count(cm_counts **out, const cm_inputs *in, const cm_lexicon *lex,
                       const cm_run_opts *o, cm_error *err);

/**
 * Add shards (.cmc files, in any order) and write the sum: what one extract over all their
 * input would have written. Time and memory linear in the counts.
 *
 * @param out    the .cmc file to write
 * @param parts  the shards
 * @param n      their number (>= 1)
 * @param err    names the shard that does not fit (other options or lexicon), or the file
 * @return CM_OK, CM_EINPUT, CM_EIO, CM_ENOMEM
 */
cm_status cm_run_merge(const char *out, const char *const *parts, size_t n, cm_error *err);

/**
 * The first half of a sharded --dedupe: write the fingerprint (comention/dedupe.h) of
 * every document of one shard to `out`, read on cm_run_workers() threads. Time linear in
 * the input; the file holds about 1 KB per document.
 *
 * @param out  the fingerprint file
 * @param in   the shard's inputs
 * @param o    options (jobs)
 * @param err  names the file on failure, or a doc id with a tab or a line break
 * @return CM_OK, CM_EINPUT, CM_EIO, CM_ENOMEM
 */
cm_status cm_run_fingerprints(const char *out, const cm_inputs *in, const cm_run_opts *o,
                              cm_error *err);

/**
 * The second half: decide the copies over the fingerprints of all shards, in doc-id
 * order as one build would, and write them to `out`, for each shard's extract to read
 * (cm_run_opts.copies). Time about linear in the documents (cm_dedupe_decide()); memory:
 * all fingerprints.
 *
 * @param out    the copies file
 * @param files  fingerprint files of cm_run_fingerprints(), in any order
 * @param n      their number
 * @param mode   CM_DEDUPE_EXACT or CM_DEDUPE_NEAR (CM_DEDUPE_NONE writes no copies)
 * @param err    names the file (and line) that is not a fingerprint file, or a doc id in
 *               two files
 * @return CM_OK, CM_EINPUT, CM_EIO, CM_ENOMEM
 */
cm_status cm_run_copies(const char *out, const char *const *files, size_t n, cm_dedupe mode,
                        cm_error *err);

/** Tell hooks->skipped of every file the counts record as skipped, in their order.
 *  O(skipped). @param c the counts @param hooks the hooks @return how many there are */
size_t cm_run_skipped(const cm_counts *c, const cm_run_hooks *hooks);

/** A document's mentions, handed on by cm_run_each(); m->seg->doc is the document. */
typedef cm_status (*cm_run_doc_fn)(void *ctx, const cm_mentions *m, const cm_lexicon *lex,
                                   cm_error *err);

/**
 * Hand every document's mentions to fn in doc-id order, one call at a time, as one thread
 * would. The workers read, segment and extract side by side; a worker whose document is
 * next calls fn, the others go on taking documents meanwhile (a worker waits only when
 * the one before has not finished). Skipped files go to o->hooks.skipped: those found
 * walking first, then the unreadable ones in doc-id order. Time linear in the input;
 * memory: one document per worker.
 *
 * @param in         the inputs
 * @param lex        the compiled lexicon
 * @param o          options (o->explain writes the QA table of every document)
 * @param fn         called once per document read, in order; an error stops the run
 * @param ctx        passed to fn
 * @param n_skipped  set to the number of files skipped
 * @param err        the first failure in document order
 * @return CM_OK, or the first failure (fn's, or CM_EINPUT, CM_EIO, CM_ENOMEM)
 */
cm_status cm_run_each(const cm_inputs *in, const cm_lexicon *lex, const cm_run_opts *o,
                      cm_run_doc_fn fn, void *ctx, size_t *n_skipped, cm_error *err);

/**
 * Write the mentions TSV of docs/design.md §3 to `out`: the header line, then one line per
 * mention of an entity o->count keeps, in (doc id, start) order; cm_run_each() underneath.
 *
 * @param out        standard output, or any stream
 * @param in         the inputs
 * @param lex        the compiled lexicon
 * @param o          options
 * @param n_skipped  set to the number of files skipped
 * @param err        CM_EIO names the stream "standard output"
 * @return CM_OK, CM_EIO, or a failure of the loop
 */
cm_status cm_run_mentions(FILE *out, const cm_inputs *in, const cm_lexicon *lex,
                          const cm_run_opts *o, size_t *n_skipped, cm_error *err);

/** Options of the network stages: counts (or an imported graph) to pictures and exports. */
typedef struct cm_net_opts {
    cm_graph_opts graph;
    int top_by; /**< --top ranks nodes by this cm_metric, or -1 by mentions */
    cm_analyze_opts analyze;
    cm_layout_opts layout;
    cm_style_opts style;
    cm_export_opts export;
    unsigned formats; /**< CM_FMT_* bits (CM_FMT_DEFAULT) */
    double dpi;       /**< PNG resolution (96) */
    int timings;      /**< 1: seconds per stage in report.json */
    size_t jobs;      /**< threads writing the files at once; 0 = one per core. No byte
                           of any file depends on it */
} cm_net_opts;

/** Defaults of every stage. @param o filled in */
void cm_net_opts_init(cm_net_opts *o);

/** Stages timed by cm_run_network(), in report.json order. */
enum { CM_T_COUNT, CM_T_GRAPH, CM_T_ANALYZE, CM_T_LAYOUT, CM_T_STYLE, CM_T_WRITE, CM_N_TIMINGS };

/** The products of a network run; cm_run_network_free() frees what it holds. */
typedef struct cm_network {
    double seconds[CM_N_TIMINGS]; /**< wall-clock seconds per stage; the caller sets
                                       CM_T_COUNT */
    cm_counts *counts;            /**< the caller's counts, owned from then on */
    cm_graph *graph;
    cm_analysis *analysis;
    cm_layout *layout;
    cm_scene *scene;
    cm_timeline *timeline;     /**< the periods' networks (--time-slice, --since, --until), or
                                    NULL */
    const cm_inputs *inputs;   /**< the inputs the counts came from, for cm_run_write() to
                                    cut the evidence snippets from, or NULL; borrowed */
    struct cm_spool *snippets; /**< those snippets while cm_run_write() writes (the scene's
                                    cm_scene.snippets); owned */
} cm_network;

/** Free everything a network holds and clear it. @param n the network; NULL is accepted */
void cm_run_network_free(cm_network *n);

/**
 * Counts to scene: the graph (with --top-by, ranked by a metric of the graph before --top
 * and --giant, for which only that metric is computed), the metrics of the graph the
 * filters leave, the layout, the style. With `in` (kept in n->inputs: the caller keeps it
 * until cm_run_write() is done), cm_run_write() cuts the counts' evidence snippets of the
 * edges kept from a second read of the inputs into a temporary file the writers read, so
 * that they are never all in memory. Cost: that of cm_analyze()
 * (exact betweenness O(V·E)), and of cm_layout_compute(); the graph is built twice with
 * --top-by, once otherwise.
 *
 * @param n    n->counts set by the caller; the other products are filled in
 * @param o    options
 * @param in   the inputs the counts came from, or NULL (counts read from a .cmc file)
 * @param err  set on failure
 * @return CM_OK, CM_EINPUT, CM_EIO, CM_ENOMEM, CM_EINTERNAL
 */
cm_status cm_run_network(cm_network *n, const cm_net_opts *o, const cm_inputs *in, cm_error *err);

/**
 * The drawing stages build and render share: node radii and the picture's box from the
 * style options (cm_style_layout_box), the layout with them so that no two discs overlap
 * (skipped when `given` positions are drawn as they are), then the scene. Cost: that of
 * cm_layout_compute() and cm_style().
 *
 * @param layout   the layout computed, or NULL when `given`; the caller's, also on failure
 * @param scene    the scene; the caller's, also on failure
 * @param g        the graph
 * @param a        its metrics
 * @param given    positions to draw as they are, or NULL
 * @param lo       layout options
 * @param so       style options
 * @param seconds  [0] the layout's time, [1] the style's
 * @param err      set on failure
 * @return CM_OK, CM_ENOMEM, CM_EINTERNAL
 */
cm_status cm_run_draw(cm_layout **layout, cm_scene **scene, const cm_graph *g, const cm_analysis *a,
                      const cm_layout *given, const cm_layout_opts *lo, const cm_style_opts *so,
                      double seconds[2], cm_error *err);

/**
 * mkdir -p: create `dir` and its missing parents; an existing directory is fine.
 * @param dir  the directory
 * @param err  names the part that could not be created, or a non-directory
 * @return CM_OK, CM_EUSAGE (an empty or too long name) or CM_EIO
 *
 * Cost: one mkdir per path component.
 */
cm_status cm_run_make_dir(const char *dir, cm_error *err);

/**
 * Write the network into `dir` (created with its parents when missing): each format of
 * o->formats, then report.json last, so that its presence says the run finished.
 * Everything the report says comes from the counts, so a graph of merged shards reports
 * what one build would. With n->inputs, the evidence snippets are first cut from them into
 * a temporary file with no name in `dir` (its time counts to the graph's), which the
 * writers read and which is gone when this returns. Cost: linear in nodes, edges and
 * evidence, plus one read of each document with evidence; the PNG's raster is width ×
 * height × (dpi/96)².
 *
 * @param dir        output directory
 * @param n          the network of cm_run_network()
 * @param o          its options (formats, dpi, timings)
 * @param options    the options as report.json lists them, name and canonical value
 * @param n_options  their number
 * @param err        names the file on failure
 * @return CM_OK, CM_EIO, CM_ENOMEM, CM_EUSAGE (a bad directory name)
 */
cm_status cm_run_write(const char *dir, cm_network *n, const cm_net_opts *o,
                       const cm_report_option *options, size_t n_options, cm_error *err);

/** Stages timed by cm_run_render(), in this order. */
enum { CM_R_IMPORT, CM_R_GRAPH, CM_R_ANALYZE, CM_R_LAYOUT, CM_R_STYLE, CM_R_DRAW, CM_N_R_TIMINGS };

/** The products of drawing a GraphML file; cm_run_render_free() frees them. */
typedef struct cm_render {
    double seconds[CM_N_R_TIMINGS]; /**< wall-clock seconds per stage */
    cm_import *im;                  /**< the file as read (self_loops, repeated: to warn) */
    cm_graph *graph;
    cm_import_drawing given; /**< what the file says of its drawing */
    cm_analysis *analysis;   /**< the metrics computed, when the file has not all */
    cm_layout *layout;       /**< the layout computed, when the file has no positions */
    cm_scene *scene;
} cm_render;

/** The figure format a file name asks for by its extension (.svg, .png, .pdf, any case).
 *  @param path the name @return CM_FMT_SVG, CM_FMT_PNG, CM_FMT_PDF, or 0 */
unsigned cm_run_figure_format(const char *path);

/**
 * Draw a GraphML file, ours or one Gephi wrote. The file's positions, sizes and colours
 * are used when every node has them, its metrics when it has all of them for every node
 * (and no filter changed the graph); whatever is missing is computed as a build computes
 * it, but of the metrics only those the figure shows unless `all_metrics`: the
 * shortest-path ones (O(V·E), seconds on a few thousand nodes where the rest take
 * milliseconds) only when the figure is sized or coloured by one or
 * --betweenness-samples asks for betweenness, the communities only when they colour it.
 * Colours: o->style.color_by when `color_given`, else the file's, else by type when every
 * node has one, else by community.
 *
 * @param r            filled in; the caller frees it with cm_run_render_free()
 * @param graphml      the file to draw
 * @param figure       the file to write, its format by cm_run_figure_format()
 * @param o            options (graph.ego and graph.radius; analyze, layout, style, dpi)
 * @param color_given  1 when o->style.color_by was chosen
 * @param all_metrics  1 to compute every metric for the SVG's hover text
 * @param err          names the file on failure
 * @return CM_OK, CM_EINPUT, CM_EIO, CM_ENOMEM
 */
cm_status cm_run_render(cm_render *r, const char *graphml, const char *figure, const cm_net_opts *o,
                        int color_given, int all_metrics, cm_error *err);

/** Free what a render holds and clear it. @param r the render; NULL is accepted */
void cm_run_render_free(cm_render *r);

/** Monotonic clock. @return seconds since an arbitrary start */
double cm_run_now(void);

#ifdef __cplusplus
}
#endif

#endif
