/* comention: the settings with a syntax of their own (config.c), which the option table
 * (options.c) points to. Internal to src/run/. */
#ifndef CM_RUN_CONFIG_H
#define CM_RUN_CONFIG_H

#include "comention/config.h"

/** One setting with a syntax of its own: how text sets it, and how it reads back. */
typedef struct cm_value {
    /** Set from text; messages name `opt`. O(length of text). @return CM_OK, CM_EUSAGE,
     *  CM_ENOMEM */
    cm_status (*set)(cm_config *c, const char *opt, const char *text, cm_error *err);
    /** The canonical text, allocated (cm_free()), or NULL when out of memory */
    char *(*show)(const cm_config *c);
} cm_value;

/* The values, docs/design.md §2 giving each syntax. */
extern const cm_value cm_value_lexicon;          /**< adds a file; shows the lexicon's digest */
extern const cm_value cm_value_window;           /**< sentence|paragraph|document|N */
extern const cm_value cm_value_types;            /**< actor,country,weapon */
extern const cm_value cm_value_discover;         /**< none|persons|all */
extern const cm_value cm_value_subtypes;         /**< the subtypes kept; shows those counted */
extern const cm_value cm_value_exclude_subtypes; /**< subtypes dropped; no show */
extern const cm_value cm_value_units;            /**< all|body */
extern const cm_value cm_value_read_format;      /**< auto|txt|html|jsonl|csv; no show */
extern const cm_value cm_value_time_slice;       /**< day|week|month|quarter|year */
extern const cm_value cm_value_since;            /**< an ISO 8601 date */
extern const cm_value cm_value_until;            /**< an ISO 8601 date */
extern const cm_value cm_value_weight;           /**< a cm_weight name */
extern const cm_value cm_value_type_pairs;       /**< A-B,… in any order; shows sorted */
extern const cm_value cm_value_exclude;          /**< ids; no show */
extern const cm_value cm_value_top_by;           /**< mentions|METRIC */
extern const cm_value cm_value_ego;              /**< a non-empty id (borrowed) */
extern const cm_value cm_value_community;        /**< louvain|leiden */
extern const cm_value cm_value_layout;           /**< fa2|fr|kk|drl|circle|typed */
extern const cm_value cm_value_size_by;          /**< mentions|documents|METRIC */
extern const cm_value cm_value_color_by;         /**< type|community|METRIC */
extern const cm_value cm_value_theme;            /**< light|dark|print */
extern const cm_value cm_value_highlight;        /**< ids; shows them sorted, once each */
extern const cm_value cm_value_width;            /**< a length, px or with a unit */
extern const cm_value cm_value_height;           /**< a length, px or with a unit */
extern const cm_value cm_value_font_min;         /**< points */
extern const cm_value cm_value_font_max;         /**< points */
extern const cm_value cm_value_preset;           /**< screen|journal|poster; no show */
extern const cm_value cm_value_title;            /**< any text, bad bytes as U+FFFD */
extern const cm_value cm_value_formats;          /**< svg,png,pdf,graphml,gexf,csv,json */

#endif
