/* comention: the settings of a run, as one value: the options of the document loop and of
 * the network stages, read from option text and written back canonically (report.json).
 * A front end (the command line's option table) maps its option names to these values. */
#ifndef COMENTION_CONFIG_H
#define COMENTION_CONFIG_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include "comention/run.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Settings given explicitly, where that matters: a preset fills in only the drawing
 *  settings not given; `graph` checks the count-time ones given against its file. */
enum {
    CM_GIVEN_WIDTH = 1 << 0,
    CM_GIVEN_HEIGHT = 1 << 1,
    CM_GIVEN_DPI = 1 << 2,
    CM_GIVEN_FONT_MIN = 1 << 3,
    CM_GIVEN_FONT_MAX = 1 << 4,
    CM_GIVEN_COLOR = 1 << 5,
    CM_GIVEN_COUNT = 1 << 6,
};

/** Everything a run is told. Strings the values borrow (lexicon files, --ego) must outlive
 *  it; the id lists and the title are its own. */
typedef struct cm_config {
    cm_read_opts read;     /**< how inputs are read (--format, the JSONL/CSV fields) */
    cm_run_opts run;       /**< the document loop */
    cm_net_opts net;       /**< the network stages */
    const char **lexicons; /**< lexicon files, borrowed; the array is owned */
    size_t n_lexicons;
    int no_default_lexicon;                /**< 1: without the built-in lexicon */
    uint64_t subtypes_keep, subtypes_drop; /**< --subtypes, --exclude-subtypes */
    const char **exclude;                  /**< graph ids left out; owned */
    const char **highlight;                /**< ids drawn in full; owned */
    char *title;                           /**< the title as UTF-8; owned */
    int preset;                            /**< 0, or 1 + a preset (screen, journal, poster) */
    int all_metrics;                       /**< render: the shortest-path metrics too */
    int quiet, strict;                     /**< no warnings; a skipped file fails the run */
    int progress;                          /**< a progress line: 1 on, 0 off, -1 on a terminal */
    const char *out;                       /**< -o as given, or NULL; borrowed */
    const char *dates;                     /**< --dates FILE, or NULL; borrowed */
    cm_dates *dates_table;                 /**< read by cm_config_collect(); owned */
    unsigned given;                        /**< CM_GIVEN_* bits */
    char lexicon_digest[65];               /**< the counts' lexicon, as report.json names it */
} cm_config;

/** Defaults of every stage (docs/design.md §2). @param c filled in */
void cm_config_init(cm_config *c);
/** Free what the settings own; accepts a zeroed struct. @param c the settings */
void cm_config_destroy(cm_config *c);

/**
 * The documents the operands name (cm_inputs_collect_opts() with c->read), dated by the
 * --dates table when one is given; the table is read once and kept in `c`. A table that
 * names none of the inputs is warned about through c->run.hooks (doc ids are the operands
 * as given, so a table written from another directory would leave every document undated).
 *
 * @param out       the inputs; the caller frees them with cm_inputs_free()
 * @param c         the settings; c->dates_table is filled
 * @param operands  the operands
 * @param n         their number
 * @param err       set on failure
 * @return CM_OK, CM_EINPUT, CM_EUSAGE (a bad table line) or CM_ENOMEM
 *
 * Cost: that of cm_inputs_collect_opts(), plus O(t + d) for a table of t lines and d
 * documents.
 */
cm_status cm_config_collect(cm_inputs **out, cm_config *c, const char *const *operands, size_t n,
                            cm_error *err);

/**
 * Finish the settings once all are given: the seed shared by layout and communities, the
 * preset, the threads of analysis; then refuse contradictions (--font-min over --font-max,
 * evidence over 10,000, no type or subtype left, and with `png` a PNG over 32767 px).
 *
 * @param c    the settings
 * @param png  1 when a PNG may be written with these settings
 * @param err  CM_EUSAGE with a message naming the option
 * @return CM_OK or CM_EUSAGE
 */
cm_status cm_config_finish(cm_config *c, int png, cm_error *err);

/**
 * Check counts read from a file (`graph`) against the settings given with them: the
 * count-time options when one was given (CM_GIVEN_COUNT), the lexicon when a lexicon
 * option was (its digest: the cost of compiling it).
 *
 * @param c       the settings
 * @param counts  the counts
 * @param path    their file, for the message
 * @param err     CM_EINPUT naming `path` when they differ
 * @return CM_OK, CM_EINPUT, or a failure loading the lexicon
 */
cm_status cm_config_check_counts(const cm_config *c, const cm_counts *counts, const char *path,
                                 cm_error *err);

/** A decimal integer >= 0. @param out the value @param opt option name for the message
 *  @param v text @param err CM_EUSAGE on failure @return CM_OK or CM_EUSAGE */
cm_status cm_config_parse_uint(unsigned long long *out, const char *opt, const char *v,
                               cm_error *err);
/** A finite number in [lo, hi]. @param out the value @param opt option name @param v text
 *  @param lo least @param hi greatest @param err CM_EUSAGE on failure @return CM_OK or
 *  CM_EUSAGE */
cm_status cm_config_parse_real(double *out, const char *opt, const char *v, double lo, double hi,
                               cm_error *err);

/** The subcommands (kinds of run) an option belongs to, as bits. */
enum {
    CM_CMD_BUILD = 1 << 0,
    CM_CMD_GRAPH = 1 << 1,
    CM_CMD_MENTIONS = 1 << 2,
    CM_CMD_EXTRACT = 1 << 3,
    CM_CMD_MERGE = 1 << 4,
    CM_CMD_RENDER = 1 << 5,
    CM_CMD_LEXICON = 1 << 6,     /**< lexicon dump, lexicon stats */
    CM_CMD_FINGERPRINT = 1 << 7, /**< a shard's fingerprints (sharded --dedupe) */
    CM_CMD_DEDUPE = 1 << 8,      /**< the copies, from all shards' fingerprints */
};

/** The headings of the options in a help text, in order. */
enum {
    CM_SEC_COUNT,
    CM_SEC_INPUT,
    CM_SEC_GRAPH,
    CM_SEC_ANALYZE,
    CM_SEC_DRAW,
    CM_SEC_OUTPUT,
    CM_SEC_RUN
};

/** How an option sets its value. */
typedef enum cm_option_kind {
    CM_OPT_FLAG,    /**< no value: an int field gets `lo` */
    CM_OPT_UINT,    /**< an unsigned integer field */
    CM_OPT_REAL,    /**< a double field, in [lo, hi] */
    CM_OPT_STR,     /**< a string field, borrowing the text */
    CM_OPT_NAME,    /**< a string field, borrowing the text, which may not be empty */
    CM_OPT_VALUE,   /**< a value with a syntax of its own (src/run/config.c) */
    CM_OPT_HELP,    /**< the front end prints help */
    CM_OPT_VERSION, /**< the front end prints the version */
} cm_option_kind;

struct cm_value;

/** One option: how the command line names it, what it sets, how its help reads. */
typedef struct cm_option {
    const char *name;   /**< long name without the dashes */
    char letter;        /**< short name, or 0 */
    const char *arg;    /**< the value's name in the help; NULL for a flag */
    const char *def;    /**< the default as the help shows it, or NULL */
    unsigned cmds;      /**< CM_CMD_* bits: the subcommands that take it */
    int section;        /**< its heading in the help, a CM_SEC_* */
    const char *report; /**< its name in report.json (in table order), or NULL */
    unsigned given;     /**< CM_GIVEN_* bits set when it is given */
    cm_option_kind kind;
    size_t off, size;             /**< the field of cm_config (FLAG, UINT, REAL, STR) */
    double lo, hi;                /**< REAL: the range; FLAG: lo is the value set */
    const struct cm_value *value; /**< VALUE: its syntax */
    const char *help;             /**< one line; "\n" starts an indented one */
} cm_option;

/** The options of every subcommand, in help order within each section. */
extern const cm_option cm_options[];
/** The number of entries of cm_options. */
extern const size_t cm_n_options;

/**
 * The left column of an option's help line.
 * @param out  filled with "--name ARG" or "-x, --name ARG", cut to fit
 * @param n    bytes at `out`
 * @param d    the option
 *
 * Cost: O(1).
 */
void cm_option_label(char *out, size_t n, const cm_option *d);

/**
 * Print the options subcommand `cmd` takes, under their section headings in table order,
 * one help line each with its default: the body of `comention SUBCOMMAND --help`.
 * @param f    where to print
 * @param cmd  one CM_CMD_* bit
 *
 * Cost: O(options).
 */
void cm_options_help(FILE *f, unsigned cmd);

/**
 * Set option d from text. O(length of text).
 *
 * @param c     the settings
 * @param d     an entry of cm_options
 * @param name  the option as written ("-j" or "--jobs"), for messages
 * @param text  its value; NULL for a flag
 * @param err   CM_EUSAGE with a message naming `name`
 * @return CM_OK, CM_EUSAGE, CM_ENOMEM
 */
cm_status cm_option_set(cm_config *c, const cm_option *d, const char *name, const char *text,
                        cm_error *err);

/**
 * The options report.json lists for a subcommand, in table order, with their canonical
 * values (the count-time ones and the lexicon as c->run.count and c->lexicon_digest say).
 *
 * @param out  the list; free it with cm_config_report_free()
 * @param n    its length
 * @param c    the settings
 * @param cmd  a CM_CMD_* bit
 * @param err  CM_ENOMEM
 * @return CM_OK or CM_ENOMEM
 */
cm_status cm_config_report(cm_report_option **out, size_t *n, const cm_config *c, unsigned cmd,
                           cm_error *err);
/**
 * Write a network as cm_run_write() does, with report.json listing the options of `cmd`
 * as cm_config_report() gives them for the counts' own count-time options and lexicon
 * (those given, for a build; the .cmc header's, for a graph).
 *
 * @param dir  output directory
 * @param n    the network of cm_run_network()
 * @param c    the settings it was made with
 * @param cmd  a CM_CMD_* bit
 * @param err  names the file on failure
 * @return CM_OK, CM_EIO, CM_ENOMEM, CM_EUSAGE (a bad directory name)
 */
cm_status cm_config_write(const char *dir, cm_network *n, const cm_config *c, unsigned cmd,
                          cm_error *err);

/** Free a list from cm_config_report(). @param opts the list @param n its length */
void cm_config_report_free(cm_report_option *opts, size_t n);

#ifdef __cplusplus
}
#endif

#endif
