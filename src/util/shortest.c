/* comention: the shortest decimal that reads back to a double, by Ryu (Ulf Adams, "Ryū:
 * fast float-to-string conversion", PLDI 2018; its reference d2s.c, step for step). The
 * exporters print millions of numbers: snprintf("%.17g") and strtod checks were most of
 * their time. No packaged C library does this (Debian's double-conversion is C++). */
#include <string.h>
#include "util/util.h"
#include "util/shortest_table.h"

__extension__ typedef unsigned __int128 u128;

/* ceil(log2(5^e)) for e > 0, 1 for e = 0 */
static int32_t pow5bits(int32_t e)
{
    return (int32_t)(((uint32_t)e * 1217359u) >> 19) + 1;
}

/* floor(log10(2^e)) and floor(log10(5^e)), e >= 0 */
static uint32_t log10_pow2(int32_t e)
{
    return ((uint32_t)e * 78913u) >> 18;
}

static uint32_t log10_pow5(int32_t e)
{
    return ((uint32_t)e * 732923u) >> 20;
}

static bool multiple_of_pow5(uint64_t v, uint32_t p)
{
    uint32_t count = 0;
    while (v % 5 == 0) {
        v /= 5;
        count++;
    }
    return count >= p;
}

static bool multiple_of_pow2(uint64_t v, uint32_t p)
{
    return (v & ((1ull << p) - 1)) == 0;
}

/* (m * mul) >> j for the 128-bit mul = {low, high}, j >= 64 */
static uint64_t mul_shift(uint64_t m, const uint64_t mul[2], int32_t j)
{
    u128 b0 = (u128)m * mul[0], b2 = (u128)m * mul[1];
    return (uint64_t)(((b0 >> 64) + b2) >> (j - 64));
}

/* The interval of decimals that read back to the binary value m2 * 2^e2, scaled to the
 * decimal exponent e10: vm < vr < vp, and whether the exact vm and vr end in zeros that
 * the truncation dropped. Ryu's step 3. */
typedef struct interval {
    uint64_t vr, vp, vm;
    int32_t e10;
    bool vm_zeros, vr_zeros;
} interval;

static interval scale(uint64_t m2, int32_t e2, bool accept_bounds)
{
    interval s = {0, 0, 0, 0, false, false};
    uint64_t mv = 4 * m2;

    if (e2 >= 0) {
        uint32_t q = log10_pow2(e2) - (e2 > 3);
        int32_t i = -e2 + (int32_t)q + CM_POW5_INV_BITS + pow5bits((int32_t)q) - 1;
        s.e10 = (int32_t)q;
        s.vr = mul_shift(mv, cm_pow5_inv[q], i);
        s.vp = mul_shift(mv + 2, cm_pow5_inv[q], i);
        s.vm = mul_shift(mv - 2, cm_pow5_inv[q], i);
        if (q <= 21) {
            if (mv % 5 == 0) {
                s.vr_zeros = multiple_of_pow5(mv, q);
            } else if (accept_bounds) {
                s.vm_zeros = multiple_of_pow5(mv - 2, q);
            } else {
                s.vp -= multiple_of_pow5(mv + 2, q);
            }
        }
    } else {
        uint32_t q = log10_pow5(-e2) - (-e2 > 1);
        int32_t i = -e2 - (int32_t)q;
        int32_t j = (int32_t)q - (pow5bits(i) - CM_POW5_BITS);
        s.e10 = (int32_t)q + e2;
        s.vr = mul_shift(mv, cm_pow5[i], j);
        s.vp = mul_shift(mv + 2, cm_pow5[i], j);
        s.vm = mul_shift(mv - 2, cm_pow5[i], j);
        if (q <= 1) {
            s.vr_zeros = true;
            if (accept_bounds) {
                s.vm_zeros = true; /* mv - 2 = 2 (2 m2 - 1): q <= 1 trailing zero bits */
            } else {
                s.vp--;
            }
        } else if (q < 63) {
            s.vr_zeros = multiple_of_pow2(mv, q);
        }
    }
    return s;
}

/* Ryu's step 4, general case (about 1% of doubles): the exact value may end in zeros, so
 * ties round to even and the lower bound counts only when the value reads back to it. */
/* Drop the last digit of the interval; vr's goes to *last, and vr's exact value ends in
 * zeros only if every digit dropped before was one. */
static void drop_digit(interval *s, int *last)
{
    s->vr_zeros &= *last == 0;
    *last = (int)(s->vr % 10);
    s->vr /= 10;
    s->vp /= 10;
    s->vm /= 10;
    s->e10++;
}

static uint64_t shortest_general(interval *s, bool accept_bounds)
{
    int last = 0;

    while (s->vp / 10 > s->vm / 10) {
        s->vm_zeros &= s->vm % 10 == 0;
        drop_digit(s, &last);
    }
    while (s->vm_zeros && s->vm % 10 == 0) {
        drop_digit(s, &last);
    }
    if (s->vr_zeros && last == 5 && s->vr % 2 == 0) {
        last = 4; /* exactly half: to even */
    }
    return s->vr + ((s->vr == s->vm && (!accept_bounds || !s->vm_zeros)) || last >= 5);
}

/* Ryu's step 4, common case: drop digits while the interval still holds a shorter
 * decimal, then round the last dropped one. */
static uint64_t shortest_common(interval *s)
{
    bool up = false;

    if (s->vp / 100 > s->vm / 100) {
        up = s->vr % 100 >= 50;
        s->vr /= 100;
        s->vp /= 100;
        s->vm /= 100;
        s->e10 += 2;
    }
    while (s->vp / 10 > s->vm / 10) {
        up = s->vr % 10 >= 5;
        s->vr /= 10;
        s->vp /= 10;
        s->vm /= 10;
        s->e10++;
    }
    return s->vr + (s->vr == s->vm || up);
}

bool cm_shortest_decimal(uint64_t *digits, int *e10, double v)
{
    uint64_t bits, mantissa, m2, out;
    uint32_t exponent;
    int32_t e2;
    bool even;
    interval s;

    memcpy(&bits, &v, sizeof(bits));
    mantissa = bits & ((1ull << 52) - 1);
    exponent = (uint32_t)(bits >> 52) & 0x7ff;
    /* Zero, subnormals, Inf/NaN, and powers of two (whose interval is narrower below: the
     * shortest decimal in it need not be printf's rounding to as many digits) are left to
     * the caller. */
    if (exponent == 0 || exponent == 0x7ff || mantissa == 0) {
        return false;
    }
    m2 = (1ull << 52) | mantissa;
    e2 = (int32_t)exponent - 1023 - 52 - 2;
    even = (m2 & 1) == 0;
    s = scale(m2, e2, even);
    out = s.vm_zeros || s.vr_zeros ? shortest_general(&s, even) : shortest_common(&s);
    while (out % 10 == 0) {
        out /= 10;
        s.e10++;
    }
    *digits = out;
    *e10 = s.e10;
    return true;
}
