/* comention: the export stage, a scene in, GraphML, CSV and report.json out. */
#ifndef COMENTION_EXPORT_H
#define COMENTION_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include "comention/error.h"
#include "comention/scene.h"
#include "comention/timeline.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Export options. */
typedef struct cm_export_opts {
    /** Evidence snippets per edge written as edge attributes in GraphML and GEXF: the first
     *  as `evidence`, the next as `evidence_2`, `evidence_3`, … (1; 0 writes none) */
    size_t evidence;
} cm_export_opts;

/** Defaults. @param o filled in */
void cm_export_opts_init(cm_export_opts *o);

/**
 * Write GraphML with Gephi's key names (label, weight, x, y, size, r, g, b) and every
 * attribute of docs/design.md §3. Temporary file, then rename.
 *
 * @param path  file to write
 * @param s     the scene
 * @param opts  options; NULL for defaults
 * @param err   names the file on failure
 * @return CM_OK, CM_EIO, CM_ENOMEM, or CM_EUSAGE when the scene's analysis left metrics
 *         out (cm_analyze_opts.metrics): the columns are a contract, never filled with 0
 */
cm_status cm_export_graphml(const char *path, const cm_scene *s, const cm_export_opts *opts,
                            cm_error *err);

/**
 * Write GEXF 1.2draft with viz:position, viz:size and viz:color and every attribute of
 * docs/design.md §3 declared and typed. Temporary file, then rename.
 *
 * @param path  file to write
 * @param s     the scene
 * @param opts  options; NULL for defaults
 * @param err   names the file on failure
 * @return CM_OK, CM_EIO, CM_ENOMEM, or CM_EUSAGE when the scene's analysis left metrics
 *         out (cm_analyze_opts.metrics): the columns are a contract, never filled with 0
 */
cm_status cm_export_gexf(const char *path, const cm_scene *s, const cm_export_opts *opts,
                         cm_error *err);

/**
 * Write graph.json in node-link form (networkx node_link_graph, d3): "directed",
 * "multigraph", "graph", "nodes" and "links" with every attribute. Temporary file, then
 * rename.
 *
 * @param path  file to write
 * @param s     the scene
 * @param err   names the file on failure
 * @return CM_OK, CM_EIO, CM_ENOMEM, or CM_EUSAGE when the scene's analysis left metrics
 *         out (cm_analyze_opts.metrics): the columns are a contract, never filled with 0
 */
cm_status cm_export_json(const char *path, const cm_scene *s, cm_error *err);

/**
 * Write nodes.csv, edges.csv and evidence.csv into `dir` with the columns of docs/design.md §3.
 *
 * @param dir  directory to write into
 * @param s    the scene
 * @param err  names the file on failure
 * @return CM_OK, CM_EIO, CM_ENOMEM, or CM_EUSAGE when the scene's analysis left metrics
 *         out (cm_analyze_opts.metrics): the columns are a contract, never filled with 0
 */
cm_status cm_export_csv(const char *dir, const cm_scene *s, cm_error *err);

/**
 * Write periods.csv (`period,Id,mentions,documents,degree,pagerank`) and period-edges.csv
 * (`period,Source,Target,count,documents,weight`) into `dir` (docs/design.md §3).
 *
 * @param dir  directory to write into
 * @param t    the periods (cm_timeline_build())
 * @param err  names the file on failure
 * @return CM_OK, CM_EIO or CM_ENOMEM
 */
cm_status cm_export_periods_csv(const char *dir, const cm_timeline *t, cm_error *err);

/**
 * Write a dynamic GEXF 1.2draft (`mode="dynamic"`, `timeformat="date"`) for Gephi's
 * timeline: the scene's nodes and edges with their layout and colour, a spell for each
 * dated period that names them, and per-period values as spell-valued attributes (nodes:
 * period_mentions, period_degree, period_pagerank; edges: weight, the reserved title of a
 * dynamic weight, and period_count). Temporary file, then rename.
 *
 * @param path  file to write
 * @param s     the scene of the whole corpus
 * @param t     its periods (cm_timeline_build() on the same counts)
 * @param err   names the file on failure
 * @return CM_OK, CM_EIO or CM_ENOMEM
 */
cm_status cm_export_gexf_dynamic(const char *path, const cm_scene *s, const cm_timeline *t,
                                 cm_error *err);

/** One name/value pair of the options recorded in report.json. */
typedef struct cm_report_option {
    const char *name;  /**< option name without dashes */
    const char *value; /**< canonical value, as text */
} cm_report_option;

/** A document with invalid UTF-8, as report.json lists it. */
typedef struct cm_report_invalid {
    const char *doc; /**< doc id */
    uint64_t bytes;  /**< invalid bytes in its text */
    uint64_t first;  /**< byte offset of the first of them */
} cm_report_invalid;

/** What report.json says beyond the scene. Everything is borrowed. */
typedef struct cm_report {
    const char *version;             /**< program version */
    const cm_report_option *options; /**< the options that change output */
    size_t n_options;
    uint64_t documents, bytes, sentences, mentions, units;
    const char *const *skipped_ids; /**< files skipped, with reasons */
    const char *const *skipped_reasons;
    size_t n_skipped;
    const struct cm_graph_stats *stats; /**< graph statistics (comention/analyze.h) */
    const cm_scene *scene;              /**< for the filter counts and hidden labels */
    const char *const *files;           /**< files written, in order */
    size_t n_files;
    const cm_timeline *timeline;      /**< the periods (--time-slice, --since, --until), or
                                           NULL: no "time" in the report */
    const char *const *timing_names;  /**< stages timed (--timings), or NULL */
    const double *timing_seconds;     /**< wall-clock seconds of each */
    size_t n_timings;                 /**< 0: no "timings" in the report */
    const char *const *copy_ids;      /**< documents left out as copies (--dedupe) */
    const char *const *copy_kept;     /**< the document each copies */
    const char *const *copy_kinds;    /**< "exact" or "near" */
    size_t n_copies;                  /**< the number listed */
    uint64_t copies;                  /**< the number left out (may be more than listed) */
    const cm_report_invalid *invalid; /**< documents with invalid UTF-8, in doc-id order */
    size_t n_invalid;                 /**< the number listed */
    size_t invalid_limit;             /**< the most that are listed */
    uint64_t invalid_documents;       /**< all of them (may be more than listed) */
    uint64_t invalid_bytes;           /**< their invalid bytes */
} cm_report;

/**
 * Write report.json (no timestamps, no machine paths).
 *
 * @param path  file to write (temporary name, then renamed)
 * @param r     what to report
 * @param err   names the file on failure
 * @return CM_OK, CM_EIO, CM_ENOMEM, or CM_EUSAGE when the scene's analysis left metrics
 *         out (cm_analyze_opts.metrics): the columns are a contract, never filled with 0
 */
cm_status cm_export_report(const char *path, const cm_report *r, cm_error *err);

#ifdef __cplusplus
}
#endif

#endif
