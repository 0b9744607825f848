/* comention: time slices (--time-slice, --since, --until). Each period gets counts of its
 * own, made by the same counting from its documents only, so the per-period counts add up
 * to the whole corpus's and merge like them (a monoid of monoids). A period's counts keep
 * no evidence (the whole corpus's does) and take only the entities and pairs named in its
 * documents: memory grows with the pairs each period sees, not with periods × pairs.
 * Periods follow ISO 8601: weeks start on Monday and belong to the year of their
 * Thursday. */
#include <stdio.h>
#include <string.h>
#include "count/count_int.h"

static const char *const slice_names[] = {"none", "day", "week", "month", "quarter", "year"};

int cm_slice_parse(cm_slice *out, const char *name)
{
    for (int s = CM_SLICE_DAY; s <= CM_SLICE_YEAR; s++) {
        if (strcmp(name, slice_names[s]) == 0) {
            *out = (cm_slice)s;
            return 0;
        }
    }
    return -1;
}

const char *cm_slice_name(cm_slice s)
{
    return s <= CM_SLICE_YEAR ? slice_names[s] : "none";
}

/* Monday of the ISO week of `day`; 1970-01-01 was a Thursday. */
static int32_t monday_of(int32_t day)
{
    int32_t wd = (day + 3) % 7; /* 0 = Monday */
    return day - (wd < 0 ? wd + 7 : wd);
}

int32_t cm_slice_first(cm_slice s, int32_t day)
{
    int y, m, d;

    cm_date_ymd(day, &y, &m, &d);
    switch (s) {
    case CM_SLICE_WEEK:
        return monday_of(day);
    case CM_SLICE_MONTH:
        return cm_date_from_ymd(y, m, 1);
    case CM_SLICE_QUARTER:
        return cm_date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1);
    case CM_SLICE_YEAR:
        return cm_date_from_ymd(y, 1, 1);
    default:
        return day;
    }
}

int32_t cm_slice_last(cm_slice s, int32_t first)
{
    int y, m, d;

    cm_date_ymd(first, &y, &m, &d);
    switch (s) {
    case CM_SLICE_WEEK:
        return first + 6;
    case CM_SLICE_MONTH:
        return cm_date_from_ymd(y + (m == 12), m % 12 + 1, 1) - 1;
    case CM_SLICE_QUARTER:
        return cm_date_from_ymd(y + (m >= 10), (m + 2) % 12 + 1, 1) - 1;
    case CM_SLICE_YEAR:
        return cm_date_from_ymd(y + 1, 1, 1) - 1;
    default:
        return first;
    }
}

void cm_period_name(char out[CM_PERIOD_NAME_LEN + 1], cm_slice s, int32_t first)
{
    int y, m, d;
    unsigned yy, mm;

    if (first == CM_DAY_NONE) {
        snprintf(out, CM_PERIOD_NAME_LEN + 1, "undated");
        return;
    }
    cm_date_ymd(s == CM_SLICE_WEEK ? monday_of(first) + 3 : first, &y, &m, &d);
    /* unsigned and bounded, so the compiler sees that every name fits (years 0000–9999) */
    yy = (unsigned)(y % 10000 + 10000) % 10000u;
    mm = (unsigned)m % 13u;
    switch (s) {
    case CM_SLICE_WEEK: {
        unsigned week =
            (unsigned)((monday_of(first) + 3 - cm_date_from_ymd(y, 1, 1)) / 7 + 1) % 54u;
        snprintf(out, CM_PERIOD_NAME_LEN + 1, "%04u-W%02u", yy, week);
        break;
    }
    case CM_SLICE_MONTH:
        snprintf(out, CM_PERIOD_NAME_LEN + 1, "%04u-%02u", yy, mm);
        break;
    case CM_SLICE_QUARTER:
        snprintf(out, CM_PERIOD_NAME_LEN + 1, "%04u-Q%u", yy, (mm + 2) / 3 % 5u);
        break;
    case CM_SLICE_YEAR:
        snprintf(out, CM_PERIOD_NAME_LEN + 1, "%04u", yy);
        break;
    default:
        cm_date_format(out, first);
        break;
    }
}

int cm_count_opts_in_range(const cm_count_opts *o, int32_t day)
{
    if (o->since == CM_DAY_NONE && o->until == CM_DAY_NONE) {
        return 1;
    }
    return day != CM_DAY_NONE && (o->since == CM_DAY_NONE || day >= o->since) &&
           (o->until == CM_DAY_NONE || day <= o->until);
}

/* Periods in order of first day, the undated one last. */
static int64_t order_key(int32_t first)
{
    return first == CM_DAY_NONE ? INT64_MAX : (int64_t)first;
}

/* Index of the first period not before `first` (bisection). */
static size_t period_search(const cm_counts *c, int32_t first)
{
    size_t lo = 0, hi = c->n_periods;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (order_key(c->periods[mid].first) < order_key(first)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

cm_status cm_counts_period_at(cm_counts *c, int32_t first, cm_counts **out, cm_error *err)
{
    size_t at = period_search(c, first);
    cm_count_opts po = c->opts;
    cm_counts *p = NULL;
    cm_status rc;

    if (at < c->n_periods && c->periods[at].first == first) {
        *out = c->periods[at].c;
        return CM_OK;
    }
    po.evidence = 0;
    po.slice = CM_SLICE_NONE;
    po.since = po.until = CM_DAY_NONE;
    rc = cm_counts_new(&p, &po, err);
    if (rc == CM_OK) {
        rc = cm_grow(&c->periods, &c->cap_periods, c->n_periods + 1, sizeof(*c->periods), err);
    }
    if (rc != CM_OK) {
        cm_counts_free(p);
        return rc;
    }
    memmove(&c->periods[at + 1], &c->periods[at], (c->n_periods - at) * sizeof(*c->periods));
    c->periods[at] = (period_slot){first, p};
    c->n_periods++;
    cm_counts_set_lexicon(p, c->lexicon);
    *out = p;
    return CM_OK;
}

/* Begin the document in its period's counts too; the period counted before it gives up
 * its lexicon index (so memory grows with the periods' entities, not periods × lexicon). */
static cm_status begin_period(cm_counts *c, const cm_doc *doc, cm_error *err)
{
    int32_t day = doc->day;
    cm_counts *p = NULL;
    cm_status rc = cm_counts_period_at(
        c, day == CM_DAY_NONE ? day : cm_slice_first(c->opts.slice, day), &p, err);

    if (rc != CM_OK) {
        return rc;
    }
    if (c->period_bound && c->period_bound != p) {
        cm_counts_unbind(c->period_bound);
    }
    c->period_bound = p;
    c->open.period = p;
    return cm_counts_begin(p, doc, err);
}

static cm_status merge_periods(cm_counts *dst, const cm_counts *src, cm_error *err)
{
    cm_status rc = CM_OK;

    for (size_t i = 0; i < src->n_periods && rc == CM_OK; i++) {
        cm_counts *p = NULL;
        rc = cm_counts_period_at(dst, src->periods[i].first, &p, err);
        if (rc == CM_OK) {
            rc = cm_counts_merge(p, src->periods[i].c, err);
        }
    }
    return rc;
}

static cm_status finish_periods(cm_counts *c, cm_error *err)
{
    cm_status rc = CM_OK;

    if (c->period_bound) {
        cm_counts_unbind(c->period_bound);
        c->period_bound = NULL;
    }
    for (size_t i = 0; i < c->n_periods && rc == CM_OK; i++) {
        cm_counts_set_lexicon(c->periods[i].c, c->lexicon);
        rc = cm_counts_finish(c->periods[i].c, err);
    }
    return rc;
}

static void free_periods(cm_counts *c)
{
    for (size_t i = 0; i < c->n_periods; i++) {
        cm_counts_free(c->periods[i].c);
    }
    cm_free(c->periods);
    c->periods = NULL;
    c->n_periods = c->cap_periods = 0;
}

cm_status cm_counts_begin(cm_counts *c, const cm_doc *doc, cm_error *err)
{
    cm_status rc;

    if (!cm_count_opts_in_range(&c->opts, doc->day)) {
        c->n_outside++;
        c->open = (doc_open){.outside = 1};
        return CM_OK;
    }
    rc = cm_counts_doc_begin(c, doc, err);
    if (rc == CM_OK && c->opts.slice != CM_SLICE_NONE) {
        rc = begin_period(c, doc, err);
    }
    return rc;
}

cm_status cm_counts_add_part(cm_counts *c, const cm_mentions *m, const cm_lexicon *lex,
                             cm_error *err)
{
    cm_status rc = CM_OK;

    if (!c->open.outside) {
        rc = cm_counts_doc_part(c, m, lex, err);
    }
    if (rc == CM_OK && c->open.period) {
        rc = cm_counts_add_part(c->open.period, m, lex, err);
    }
    return rc;
}

cm_status cm_counts_end(cm_counts *c, cm_error *err)
{
    cm_counts *p = c->open.period;
    cm_status rc = CM_OK;

    if (c->open.outside) {
        c->open.outside = 0;
        return CM_OK;
    }
    rc = cm_counts_doc_end(c, err);
    return rc == CM_OK && p ? cm_counts_end(p, err) : rc;
}

cm_status cm_counts_add(cm_counts *c, const cm_mentions *m, const cm_lexicon *lex, cm_error *err)
{
    cm_status rc = cm_counts_begin(c, m->seg->doc, err);

    if (rc == CM_OK) {
        rc = cm_counts_add_part(c, m, lex, err);
    }
    return rc == CM_OK ? cm_counts_end(c, err) : rc;
}

cm_status cm_counts_merge(cm_counts *dst, const cm_counts *src, cm_error *err)
{
    cm_status rc = cm_counts_merge_tables(dst, src, err);
    return rc == CM_OK ? merge_periods(dst, src, err) : rc;
}

cm_status cm_counts_finish(cm_counts *c, cm_error *err)
{
    cm_status rc = cm_counts_finish_tables(c, err);
    return rc == CM_OK ? finish_periods(c, err) : rc;
}

void cm_counts_free(cm_counts *c)
{
    if (c) {
        free_periods(c);
        cm_counts_free_tables(c);
    }
}

size_t cm_counts_n_periods(const cm_counts *c)
{
    return c->n_periods;
}

const cm_counts *cm_counts_period(const cm_counts *c, size_t i, int32_t *first)
{
    *first = c->periods[i].first;
    return c->periods[i].c;
}

uint64_t cm_counts_n_outside(const cm_counts *c)
{
    return c->n_outside;
}
