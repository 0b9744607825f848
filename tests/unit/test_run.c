/* Unit tests of running the stages (src/run/): the ordered hand-over gives every document
 * once, in doc-id order, for any number of workers, and stops at the first failure in that
 * order; counting gives the same bytes for any number of workers; the option table sets
 * and reads back values canonically and refuses bad ones. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "helpers.h"
#include "comention/config.h"
#include "util/util.h"

#define CORPUS CM_SOURCE_DIR "/tests/corpus"

static cm_inputs *corpus(void)
{
    const char *operand = CORPUS;
    cm_inputs *in = NULL;
    cm_error err;
    assert_int_equal(cm_inputs_collect(&in, &operand, 1, &err), CM_OK);
    assert_true(cm_inputs_count(in) >= 5);
    return in;
}

/* The doc ids handed on, in order; fails with CM_EIO at document `fail_at`. */
typedef struct seen {
    char ids[256][512];
    size_t n, fail_at;
} seen;

static cm_status record(void *ctx, const cm_mentions *m, const cm_lexicon *lex, cm_error *err)
{
    seen *s = ctx;
    (void)lex;
    if (s->n == s->fail_at) {
        return cm_error_set(err, CM_EIO, m->seg->doc->id, 0, "planted failure");
    }
    snprintf(s->ids[s->n++], sizeof(s->ids[0]), "%s", m->seg->doc->id);
    return CM_OK;
}

static void each_in_order(void **state)
{
    cm_inputs *in = corpus();
    cm_lexicon *lex = test_lexicon();
    cm_run_opts o;
    cm_error err;
    size_t skipped, n = cm_inputs_count(in);
    static seen s;

    (void)state;
    assert_true(n <= 256);
    cm_run_opts_init(&o);
    for (size_t jobs = 1; jobs <= 4; jobs++) {
        o.jobs = jobs;
        s.n = 0;
        s.fail_at = (size_t)-1;
        assert_int_equal(cm_run_each(in, lex, &o, record, &s, &skipped, &err), CM_OK);
        assert_int_equal(s.n, n);
        for (size_t i = 0; i < n; i++) {
            assert_string_equal(s.ids[i], cm_inputs_id(in, i));
        }
        s.n = 0;
        s.fail_at = 2; /* the third document fails: nothing after it is handed on */
        assert_int_equal(cm_run_each(in, lex, &o, record, &s, &skipped, &err), CM_EIO);
        assert_int_equal(s.n, 2);
        assert_string_equal(err.path, cm_inputs_id(in, 2));
    }
    cm_lexicon_free(lex);
    cm_inputs_free(in);
}

/* The counts of one worker and of several, written out, are the same bytes. */
static void count_any_jobs(void **state)
{
    cm_inputs *in = corpus();
    cm_lexicon *lex = test_lexicon();
    cm_run_opts o;
    cm_error err;
    cm_buf a, b;
    char path[2][64];

    (void)state;
    cm_run_opts_init(&o);
    for (int k = 0; k < 2; k++) {
        cm_counts *c = NULL;
        snprintf(path[k], sizeof(path[k]), "/tmp/cm-test-run-%d-%d.cmc", (int)getpid(), k);
        o.jobs = k == 0 ? 1 : 3;
        assert_int_equal(cm_run_count(&c, in, lex, &o, &err), CM_OK);
        assert_true(cm_counts_n_documents(c) == cm_inputs_count(in));
        assert_int_equal(cm_counts_fill_snippets(c, NULL, 0, cm_inputs_fetch, in, &err), CM_OK);
        assert_int_equal(cm_counts_write(path[k], c, &err), CM_OK);
        cm_counts_free(c);
    }
    cm_buf_init(&a);
    cm_buf_init(&b);
    assert_int_equal(cm_read_file(&a, path[0], 1 << 26, &err), CM_OK);
    assert_int_equal(cm_read_file(&b, path[1], 1 << 26, &err), CM_OK);
    assert_true(a.len > 0 && a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    unlink(path[0]);
    unlink(path[1]);
    cm_buf_destroy(&a);
    cm_buf_destroy(&b);
    cm_lexicon_free(lex);
    cm_inputs_free(in);
}

static const cm_option *option(const char *name)
{
    for (size_t i = 0; i < cm_n_options; i++) {
        if (strcmp(cm_options[i].name, name) == 0) {
            return &cm_options[i];
        }
    }
    fail_msg("no option --%s", name);
    return NULL;
}

/* The value report.json gives option `report` for build. */
static void expect_report(const cm_config *c, const char *report, const char *want)
{
    cm_report_option *r = NULL;
    size_t n = 0;
    cm_error err;
    int found = 0;

    assert_int_equal(cm_config_report(&r, &n, c, CM_CMD_BUILD, &err), CM_OK);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(r[i].name, report) == 0) {
            assert_string_equal(r[i].value, want);
            found = 1;
        }
    }
    assert_true(found);
    cm_config_report_free(r, n);
}

static void option_table(void **state)
{
    cm_config c;
    cm_error err;

    (void)state;
    for (size_t i = 0; i < cm_n_options; i++) { /* well formed, names once each */
        const cm_option *d = &cm_options[i];
        assert_non_null(d->name);
        assert_non_null(d->help);
        assert_true(d->cmds != 0);
        assert_true((d->kind == CM_OPT_VALUE) == (d->value != NULL));
        assert_true(d->kind != CM_OPT_FLAG || d->arg == NULL);
        for (size_t k = 0; k < i; k++) {
            assert_string_not_equal(d->name, cm_options[k].name);
            assert_true(!d->letter || d->letter != cm_options[k].letter);
        }
    }
    cm_config_init(&c);
    expect_report(&c, "window", "sentence");
    expect_report(&c, "type_pairs", "all");
    assert_int_equal(cm_option_set(&c, option("window"), "--window", "paragraph", &err), CM_OK);
    assert_int_equal(
        cm_option_set(&c, option("type-pairs"), "--type-pairs", "weapon-actor,actor-actor", &err),
        CM_OK);
    assert_int_equal(cm_option_set(&c, option("evidence"), "--evidence", "7", &err), CM_OK);
    assert_int_equal(cm_option_set(&c, option("giant"), "--giant", NULL, &err), CM_OK);
    assert_int_equal(cm_option_set(&c, option("highlight"), "--highlight", "b,a,b", &err), CM_OK);
    assert_int_equal(cm_option_set(&c, option("width"), "--width", "17cm", &err), CM_OK);
    assert_true((c.given & (CM_GIVEN_COUNT | CM_GIVEN_WIDTH)) == (CM_GIVEN_COUNT | CM_GIVEN_WIDTH));
    expect_report(&c, "window", "paragraph");
    expect_report(&c, "type_pairs", "actor-actor,actor-weapon");
    expect_report(&c, "evidence", "7");
    expect_report(&c, "giant", "true");
    expect_report(&c, "highlight", "a,b");
    expect_report(&c, "width", "17cm");
    assert_int_equal(cm_option_set(&c, option("window"), "--window", "fortnight", &err), CM_EUSAGE);
    assert_non_null(strstr(err.msg, "--window"));
    assert_int_equal(cm_option_set(&c, option("jobs"), "-j", " -1", &err), CM_EUSAGE);
    assert_non_null(strstr(err.msg, "-j: not a non-negative integer"));
    assert_int_equal(cm_option_set(&c, option("damping"), "--damping", "1.5", &err), CM_EUSAGE);
    assert_int_equal(cm_option_set(&c, option("types"), "--types", "actor", &err), CM_OK);
    assert_int_equal(cm_config_finish(&c, 1, &err), CM_OK);
    assert_int_equal(cm_option_set(&c, option("dpi"), "--dpi", "200", &err), CM_OK);
    assert_int_equal(cm_option_set(&c, option("height"), "--height", "20000", &err), CM_OK);
    assert_int_equal(cm_config_finish(&c, 1, &err), CM_EUSAGE); /* a PNG over 32767 px */
    cm_config_destroy(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_in_order),
        cmocka_unit_test(count_any_jobs),
        cmocka_unit_test(option_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
