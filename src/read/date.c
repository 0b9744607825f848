/* ISO 8601 dates and times to days since 1970-01-01 (UTC), and back. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "comention/read.h"

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's
 * days_from_civil): exact for every year, with no table and no time_t, whose range and
 * time zone handling differ between C libraries. */
static int32_t days_from_civil(int y, int m, int d)
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

int cm_date_parse(int32_t *day, const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    int y, m, d, minutes = 0, zone = 0;

    while (p < end && is_space(*p)) {
        p++;
    }
    while (end > p && is_space(end[-1])) {
        end--;
    }
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
    /* The UTC date of the instant: the local time minus the zone's offset, which moves
     * at most one day either way. */
    minutes -= zone;
    *day = days_from_civil(y, m, d) + (minutes < 0 ? -1 : minutes >= 1440 ? 1 : 0);
    return 0;
}

void cm_date_format(char out[CM_DATE_LEN + 1], int32_t day)
{
    /* civil_from_days, the inverse of days_from_civil. */
    const int32_t z = day + 719468;
    const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int32_t doe = z - era * 146097;
    const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int32_t mp = (5 * doy + 2) / 153;
    const int32_t d = doy - (153 * mp + 2) / 5 + 1;
    const int32_t m = mp < 10 ? mp + 3 : mp - 9;
    const int32_t y = yoe + era * 400 + (m <= 2);

    snprintf(out, CM_DATE_LEN + 1, "%04u-%02u-%02u", (unsigned)((y % 10000 + 10000) % 10000),
             (unsigned)m % 100u, (unsigned)d % 100u); /* bounded: GCC proves the fit */
}
