/* Unit tests of the fingerprints and the decision of --dedupe: what normalization makes
 * the same, what shingles tell apart, and which copy is kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "comention/dedupe.h"

static cm_fingerprint fp(const char *text)
{
    cm_fingerprint f;
    cm_error err;
    assert_int_equal(cm_fingerprint_text(&f, text, strlen(text), &err), CM_OK);
    return f;
}

static const char story[] =
    "The harbour council voted on Tuesday to rebuild the old pier before the summer. "
    "Members said the repairs would cost less than a new pier and take only four months. "
    "Fishing boats will use the north quay while the work goes on, the council said. "
    "A local trader said the delay had already cost the market many visitors last year. "
    "The first barges with stone are expected at the end of the month.";

static void dedupe__normalization(void **state)
{
    cm_fingerprint a = fp("The Harbour council\nvoted  on Tuesday."),
                   b = fp("  the HARBOUR Council voted\ton\u00a0Tuesday.\n\n"),
                   c = fp("The harbour council voted on Tuesday!");
    (void)state;
    assert_true(a.exact == b.exact);
    assert_true(a.exact != c.exact);
    assert_true(cm_fingerprint_similarity(&a, &b) == 1.0);
}

static void dedupe__near_and_distinct(void **state)
{
    char edited[sizeof(story) + 64];
    snprintf(edited, sizeof(edited), "By our reporter. %s", story);
    memcpy(strstr(edited, "four months"), "five months", 11);
    cm_fingerprint a = fp(story), b = fp(edited),
                   c = fp("The harbour council will not rebuild the pier this summer, members "
                          "said on Tuesday, and the boats will stay at the north quay.");
    (void)state;
    assert_true(a.exact != b.exact);
    assert_true(cm_fingerprint_similarity(&a, &b) >= CM_NEAR_THRESHOLD);
    assert_true(cm_fingerprint_similarity(&a, &c) < 0.2);
}

/* The first of each group in order is kept; a copy of a copy points at the one kept;
 * documents not read are kept and match nothing. */
static void dedupe__decide(void **state)
{
    char edited[sizeof(story) + 64];
    snprintf(edited, sizeof(edited), "%s Reporting by the harbour desk.", story);
    cm_fingerprint f[4] = {fp("Another text entirely, about the weather in the hills."), fp(story),
                           fp(edited), fp(story)};
    const cm_fingerprint *fps[5] = {&f[0], &f[1], NULL, &f[2], &f[3]};
    cm_dedupe_of of[5];
    cm_error err;
    (void)state;
    assert_int_equal(cm_dedupe_decide(of, fps, 5, 0, &err), CM_OK);
    assert_true(of[0].kept == SIZE_MAX && of[1].kept == SIZE_MAX && of[2].kept == SIZE_MAX);
    assert_true(of[3].kept == SIZE_MAX);
    assert_int_equal(of[4].kept, 1);
    assert_int_equal(of[4].near, 0);
    assert_int_equal(cm_dedupe_decide(of, fps, 5, 1, &err), CM_OK);
    assert_int_equal(of[3].kept, 1);
    assert_int_equal(of[3].near, 1);
    assert_int_equal(of[4].kept, 1);
    assert_int_equal(of[4].near, 0);
    assert_true(of[0].kept == SIZE_MAX && of[2].kept == SIZE_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dedupe__normalization),
        cmocka_unit_test(dedupe__near_and_distinct),
        cmocka_unit_test(dedupe__decide),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
