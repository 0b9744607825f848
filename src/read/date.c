/* ISO 8601 and RFC 2822 dates and times to days since 1970-01-01 (UTC), and back. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "comention/read.h"

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's
 * days_from_civil): exact for every year, with no table and no time_t, whose range and
 * time zone handling differ between C libraries. */
int32_t cm_date_from_ymd(int y, int m, int d)
{
    const int ym = y - (m <= 2);
    const int era = (ym >= 0 ? ym : ym - 399) / 400;
    const int yoe = ym - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return (int32_t)(era * 146097 + doe - 719468);
}

static int days_in_month(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return len[m - 1] + (m == 2 && leap);
}

/* Read exactly n decimal digits at *p; -1 when they are not there. */
static int digits(const char **p, const char *end, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (*p >= end || (*p)[0] < '0' || (*p)[0] > '9') {
            return -1;
        }
        v = v * 10 + (*(*p)++ - '0');
    }
    return v;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The calendar date part: YYYY-MM-DD or YYYYMMDD. */
static int parse_ymd(const char **p, const char *end, int *y, int *m, int *d)
{
    int ext;

    *y = digits(p, end, 4);
    ext = *p < end && **p == '-';
    *p += ext;
    *m = digits(p, end, 2);
    if (ext && (*p >= end || **p != '-')) {
        return -1;
    }
    *p += ext;
    *d = digits(p, end, 2);
    if (*y < 0 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m)) {
        return -1;
    }
    return 0;
}

/* A zone designator: Z, ±HH, ±HH:MM or ±HHMM; *minutes east of UTC. Nothing is UTC too:
 * a local time without a zone can only be taken as it stands. */
static int parse_zone(const char **p, const char *end, int *minutes)
{
    int sign, hh, mm = 0;

    *minutes = 0;
    if (*p >= end) {
        return 0;
    }
    if (**p == 'Z' || **p == 'z') {
        (*p)++;
        return 0;
    }
    if (**p != '+' && **p != '-') {
        return -1;
    }
    sign = **p == '-' ? -1 : 1;
    (*p)++;
    hh = digits(p, end, 2);
    if (*p < end) {
        *p += **p == ':';
        mm = digits(p, end, 2);
    }
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59) {
        return -1;
    }
    *minutes = sign * (hh * 60 + mm);
    return 0;
}

/* hh:mm[:ss[.frac]] or hhmm[ss]; *minutes since midnight (leap seconds and 24:00 kept). */
static int parse_time(const char **p, const char *end, int *minutes)
{
    int hh = digits(p, end, 2), mm, ss = 0, ext = *p < end && **p == ':';

    *p += ext;
    mm = digits(p, end, 2);
    if (*p < end && (ext ? **p == ':' : (**p >= '0' && **p <= '9'))) {
        *p += ext;
        ss = digits(p, end, 2);
        if (*p < end && (**p == '.' || **p == ',')) {
            (*p)++;
            if (digits(p, end, 1) < 0) {
                return -1;
            }
            while (*p < end && **p >= '0' && **p <= '9') {
                (*p)++;
            }
        }
    }
    if (hh < 0 || hh > 24 || mm < 0 || mm > 59 || ss < 0 || ss > 60 || (hh == 24 && (mm || ss))) {
        return -1;
    }
    *minutes = hh * 60 + mm;
    return 0;
}

/* The UTC date of the instant: the local time minus the zone's offset, which moves at
 * most one day either way. */
static int32_t utc_day(int y, int m, int d, int minutes, int zone)
{
    minutes -= zone;
    return cm_date_from_ymd(y, m, d) + (minutes < 0 ? -1 : minutes >= 1440 ? 1 : 0);
}

/* Read 1 to n digits; -1 when there are none. */
static int some_digits(const char **p, const char *end, int n)
{
    int v = -1;
    for (int i = 0; i < n && *p < end && **p >= '0' && **p <= '9'; i++) {
        v = (v < 0 ? 0 : v * 10) + (*(*p)++ - '0');
    }
    return v;
}

static void skip_space(const char **p, const char *end)
{
    while (*p < end && is_space(**p)) {
        (*p)++;
    }
}

/* An English month name, three letters or in full; 1-12, else -1. */
static int month_name(const char **p, const char *end)
{
    static const char *const names[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};
    const char *w = *p;
    while (*p < end && ((**p | 0x20) >= 'a' && (**p | 0x20) <= 'z')) {
        (*p)++;
    }
    for (int k = 0; k < 12 && *p - w >= 3; k++) {
        if (strncasecmp(w, names[k], 3) == 0) {
            return k + 1;
        }
    }
    return -1;
}

/* RFC 2822 zones: ±HHMM, or the names of §4.3 (UT, GMT, the US zones; military letters
 * carry no information, so they are UTC as the RFC advises). */
static int rfc_zone(const char **p, const char *end, int *minutes)
{
    static const struct {
        const char *name;
        int hours;
    } names[] = {{"UTC", 0},  {"UT", 0},   {"GMT", 0},  {"EST", -5}, {"EDT", -4}, {"CST", -6},
                 {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}, {"Z", 0}};
    size_t n = (size_t)(end - *p);

    if (n > 0 && (**p == '+' || **p == '-')) {
        return parse_zone(p, end, minutes);
    }
    *minutes = 0;
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        if (strlen(names[k].name) == n && strncasecmp(*p, names[k].name, n) == 0) {
            *minutes = names[k].hours * 60;
            *p = end;
            return 0;
        }
    }
    return n == 1 && ((**p | 0x20) >= 'a' && (**p | 0x20) <= 'z') ? (*p = end, 0) : -1;
}

/* [Day,] D Mon YYYY [HH:MM[:SS] [zone]], as in RSS's pubDate. */
static int parse_rfc2822(int32_t *day, const char *p, const char *end)
{
    int y, m, d, minutes = 0, zone = 0;
    const char *comma = memchr(p, ',', (size_t)(end - p));

    if (comma && comma - p <= 10) {
        p = comma + 1; /* the day of the week says nothing the date does not */
    }
    skip_space(&p, end);
    d = some_digits(&p, end, 2);
    skip_space(&p, end);
    m = month_name(&p, end);
    skip_space(&p, end);
    const char *ys = p;
    y = some_digits(&p, end, 4);
    if (p - ys == 2) {
        y += y < 50 ? 2000 : 1900; /* RFC 2822 §4.3, obsolete two-digit years */
    } else if (p - ys != 4) {
        return -1;
    }
    if (m < 0 || d < 1 || d > days_in_month(y, m)) {
        return -1;
    }
    skip_space(&p, end);
    if (p < end && parse_time(&p, end, &minutes) < 0) {
        return -1;
    }
    skip_space(&p, end);
    if ((p < end && rfc_zone(&p, end, &zone) < 0) || p != end) {
        return -1;
    }
    *day = utc_day(y, m, d, minutes, zone);
    return 0;
}

static int parse_iso(int32_t *day, const char *p, const char *end)
{
    int y, m, d, minutes = 0, zone = 0;

    if (parse_ymd(&p, end, &y, &m, &d) < 0) {
        return -1;
    }
    if (p < end && (*p == 'T' || *p == 't' || *p == ' ')) {
        p++;
        if (parse_time(&p, end, &minutes) < 0 || parse_zone(&p, end, &zone) < 0) {
            return -1;
        }
    }
    if (p != end) {
        return -1;
    }
    *day = utc_day(y, m, d, minutes, zone);
    return 0;
}

int cm_date_parse(int32_t *day, const char *s, size_t len)
{
    const char *p = s, *end = s + len;

    while (p < end && is_space(*p)) {
        p++;
    }
    while (end > p && is_space(end[-1])) {
        end--;
    }
    return parse_iso(day, p, end) == 0 ? 0 : parse_rfc2822(day, p, end);
}

void cm_date_ymd(int32_t day, int *y, int *m, int *d)
{
    /* civil_from_days, the inverse of cm_date_from_ymd. */
    const int32_t z = day + 719468;
    const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int32_t doe = z - era * 146097;
    const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int32_t mp = (5 * doy + 2) / 153;

    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

void cm_date_format(char out[CM_DATE_LEN + 1], int32_t day)
{
    int y, m, d;

    cm_date_ymd(day, &y, &m, &d);
    snprintf(out, CM_DATE_LEN + 1, "%04u-%02u-%02u", (unsigned)((y % 10000 + 10000) % 10000),
             (unsigned)m % 100u, (unsigned)d % 100u); /* bounded: GCC proves the fit */
}
