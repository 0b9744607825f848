/* The allocation-failure walk (as SQLite's fault injection): this program links its own
 * cm_malloc, cm_calloc, cm_realloc and cm_free in place of the library's (src/util/alloc.c
 * is alone in its file for that), which fail the n-th allocation. For every n, a small run
 * (a lexicon read and compiled, three documents segmented, extracted and counted, the graph
 * built, measured, laid out, styled, exported as GraphML, GEXF, JSON and CSV, drawn as SVG)
 * must end in CM_ENOMEM through the normal error path, or, where the code has a way around
 * the failure (a cache it does without), in the very files of a run without failures: no
 * crash, nothing leaked (LeakSanitizer in the ASan build), no temporary file left; the
 * first n past the run's last allocation must succeed. Only our allocations fail: libxml2,
 * igraph, glib and cairo allocate on their own. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "helpers.h"
#include "util/util.h" /* the allocator this program replaces */

/* The test's allocator state (one thread: the run below starts none). */
static size_t n_calls, fail_at;
static int failed;

static int fail_now(void)
{
    if (++n_calls == fail_at) {
        failed = 1;
        return 1;
    }
    return 0;
}

void *cm_malloc(size_t n)
{
    return fail_now() ? NULL : malloc(n ? n : 1);
}

void *cm_calloc(size_t count, size_t size)
{
    return fail_now() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *cm_realloc(void *p, size_t n)
{
    return fail_now() ? NULL : realloc(p, n ? n : 1);
}

void cm_free(void *p)
{
    free(p);
}

static const char *const texts[] = {
    "President Vladimir Putin met Recep Tayyip Erdogan in Moscow on Monday. Putin said "
    "Russia would sell the S-400 to Turkey.\n\nThe US and NATO objected.",
    "In Kyiv, Ukrainian officials said a Patriot battery shot down Russian missiles. Gen. "
    "Ada Korvel of the Ferran Army said the F-16 jets had arrived.",
    "By Jan Obrin\n\nWASHINGTON (AP) — The United States and China spoke about the South "
    "China Sea. NATO's chief said Russia and China were watched.",
};

static cm_status count_all(cm_counts *c, const cm_lexicon *lex, cm_error *err)
{
    cm_status rc = CM_OK;

    for (size_t i = 0; rc == CM_OK && i < sizeof(texts) / sizeof(*texts); i++) {
        cm_doc *doc = NULL;
        cm_segments *seg = NULL;
        cm_mentions *m = NULL;
        char id[8];
        snprintf(id, sizeof(id), "d%zu", i);
        rc = cm_doc_new(&doc, id, texts[i], strlen(texts[i]), err);
        if (rc == CM_OK) {
            rc = cm_segment(&seg, doc, err);
        }
        if (rc == CM_OK) {
            rc = cm_extract(&m, seg, lex, NULL, err);
        }
        if (rc == CM_OK) {
            rc = cm_counts_add(c, m, lex, err);
        }
        cm_mentions_free(m);
        cm_segments_free(seg);
        cm_doc_free(doc);
    }
    return rc == CM_OK ? cm_counts_finish(c, err) : rc;
}

static cm_status draw_and_export(const cm_graph *g, const char *dir, cm_error *err)
{
    cm_analysis *a = NULL;
    cm_layout *l = NULL;
    cm_scene *s = NULL;
    cm_layout_opts lo;
    cm_style_opts so;
    cm_export_opts eo;
    char path[4096];
    cm_status rc;

    cm_layout_opts_init(&lo);
    cm_style_opts_init(&so);
    cm_export_opts_init(&eo);
    rc = cm_analyze(&a, g, NULL, err);
    if (rc == CM_OK) {
        rc = cm_layout_compute(&l, g, &lo, err);
    }
    if (rc == CM_OK) {
        rc = cm_style(&s, g, a, l, &so, err);
    }
    if (rc == CM_OK) {
        snprintf(path, sizeof(path), "%s/graph.graphml", dir);
        rc = cm_export_graphml(path, s, &eo, err);
    }
    if (rc == CM_OK) {
        snprintf(path, sizeof(path), "%s/graph.gexf", dir);
        rc = cm_export_gexf(path, s, &eo, err);
    }
    if (rc == CM_OK) {
        snprintf(path, sizeof(path), "%s/graph.json", dir);
        rc = cm_export_json(path, s, err);
    }
    if (rc == CM_OK) {
        rc = cm_export_csv(dir, s, err);
    }
    if (rc == CM_OK) {
        snprintf(path, sizeof(path), "%s/graph.svg", dir);
        rc = cm_draw_svg(path, s, err);
    }
    cm_scene_free(s);
    cm_layout_free(l);
    cm_analysis_free(a);
    return rc;
}

static cm_status small_run(const char *dir, cm_error *err)
{
    cm_lexicon *lex = NULL;
    cm_counts *c = NULL;
    cm_graph *g = NULL;
    cm_count_opts co;
    cm_status rc;

    cm_count_opts_init(&co);
    rc = cm_lexicon_new(&lex, err);
    if (rc == CM_OK) {
        rc = cm_lexicon_add_memory(lex, "test.xml", test_lexicon_xml, sizeof(test_lexicon_xml) - 1,
                                   err);
    }
    if (rc == CM_OK) {
        rc = cm_lexicon_compile(lex, NULL, NULL, err);
    }
    if (rc == CM_OK) {
        rc = cm_counts_new(&c, &co, err);
    }
    if (rc == CM_OK) {
        rc = count_all(c, lex, err);
    }
    if (rc == CM_OK) {
        rc = cm_graph_build(&g, c, NULL, err);
    }
    if (rc == CM_OK) {
        rc = draw_and_export(g, dir, err);
    }
    cm_graph_free(g);
    cm_counts_free(c);
    cm_lexicon_free(lex);
    return rc;
}

/* Hidden files in dir: the temporary files of a failed export. */
static size_t hidden_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        n += e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    }
    closedir(d);
    return n;
}

/* 1 when every export in dir has the bytes of the same file in ref. */
static int same_exports(const char *dir, const char *ref)
{
    static const char *const names[] = {"graph.graphml", "graph.gexf",   "graph.json", "nodes.csv",
                                        "edges.csv",     "evidence.csv", "graph.svg"};
    int same = 1;

    for (size_t i = 0; i < sizeof(names) / sizeof(*names) && same; i++) {
        char a[4096], b[4096];
        cm_buf x, y;
        cm_error err;
        cm_buf_init(&x);
        cm_buf_init(&y);
        snprintf(a, sizeof(a), "%s/%s", dir, names[i]);
        snprintf(b, sizeof(b), "%s/%s", ref, names[i]);
        same = cm_read_file(&x, a, 1 << 26, &err) == CM_OK &&
               cm_read_file(&y, b, 1 << 26, &err) == CM_OK && x.len == y.len &&
               memcmp(x.data, y.data, x.len) == 0;
        cm_buf_destroy(&x);
        cm_buf_destroy(&y);
    }
    return same;
}

static void faults__every_allocation_fails_cleanly(void **state)
{
    char dir[] = "/tmp/cm-test-faults-XXXXXX", ref[] = "/tmp/cm-test-faults-XXXXXX";
    size_t n, n_around = 0;
    cm_error err;

    (void)state;
    assert_non_null(mkdtemp(dir));
    assert_non_null(mkdtemp(ref));
    assert_int_equal(small_run(ref, &err), CM_OK);
    for (n = 1;; n++) {
        cm_status rc;
        n_calls = 0;
        fail_at = n;
        failed = 0;
        cm_error_clear(&err);
        rc = small_run(dir, &err);
        fail_at = 0;
        if (!failed) {
            assert_int_equal(rc, CM_OK);
            break;
        }
        if (rc == CM_OK && same_exports(dir, ref)) {
            n_around++;
            continue;
        }
        if (rc != CM_ENOMEM || hidden_files(dir) != 0) {
            fail_msg("allocation %zu failed: status %d, '%s', %zu temporary files", n, rc, err.msg,
                     hidden_files(dir));
        }
    }
    printf("faults: %zu allocations, each failed once (%zu of them worked around)\n", n - 1,
           n_around);
    assert_true(n > 100); /* the run did allocate: the walk walked */
    /* Only this run's two directories: another run of the suite may be using its own. */
    char rm[128];
    snprintf(rm, sizeof(rm), "rm -rf '%s' '%s'", dir, ref);
    assert_int_equal(system(rm), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(faults__every_allocation_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
