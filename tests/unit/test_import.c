/* Unit tests of the import stage: a GraphML file as Gephi writes it (keys "d0", "d1", …
 * found by attr.name), our own export read back value for value, and every malformed file
 * refused with its line. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "pipeline.h"

/* Write text to a new temporary file; the caller unlinks and frees the name. */
static char *temp_file(const char *text)
{
    char *path = strdup("/tmp/cm-test-import-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static cm_status import_text(cm_import **out, const char *text, cm_error *err)
{
    char *path = temp_file(text);
    cm_status rc = cm_import_graphml(out, path, err);
    unlink(path);
    free(path);
    return rc;
}

/* As Gephi 0.10 exports: key ids d0…, attr.name label/x/y/size/r/g/b/Weight spelled as
 * Gephi spells them, an edge before a node, a reversed repeat, a self-loop. */
static const char gephi[] =
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
    "  <key attr.name=\"label\" attr.type=\"string\" for=\"node\" id=\"d0\"/>\n"
    "  <key attr.name=\"x\" attr.type=\"float\" for=\"node\" id=\"d1\"/>\n"
    "  <key attr.name=\"y\" attr.type=\"float\" for=\"node\" id=\"d2\"/>\n"
    "  <key attr.name=\"size\" attr.type=\"float\" for=\"node\" id=\"d3\"/>\n"
    "  <key attr.name=\"r\" attr.type=\"int\" for=\"node\" id=\"d4\"/>\n"
    "  <key attr.name=\"g\" attr.type=\"int\" for=\"node\" id=\"d5\"/>\n"
    "  <key attr.name=\"b\" attr.type=\"int\" for=\"node\" id=\"d6\"/>\n"
    "  <key attr.name=\"Label\" attr.type=\"string\" for=\"node\" id=\"d7\"/>\n"
    "  <key attr.name=\"weight\" attr.type=\"double\" for=\"edge\" id=\"d8\">\n"
    "    <default>2.0</default>\n"
    "  </key>\n"
    "  <graph edgedefault=\"undirected\">\n"
    "    <edge source=\"b\" target=\"a\"><data key=\"d8\">1.5</data></edge>\n"
    "    <node id=\"b\"><data key=\"d0\">Борис</data><data key=\"d7\">ignored</data>\n"
    "      <data key=\"d1\">10.5</data><data key=\"d2\">-3</data><data key=\"d3\">4</data>\n"
    "      <data key=\"d4\">255</data><data key=\"d5\">0</data><data key=\"d6\">12</data></node>\n"
    "    <node id=\"a\"><data key=\"d0\">حسن</data><data key=\"d1\">0</data>\n"
    "      <data key=\"d2\">0</data><data key=\"d3\">2.5</data>\n"
    "      <data key=\"d4\">1</data><data key=\"d5\">2</data><data key=\"d6\">3</data></node>\n"
    "    <node id=\"c\"><data key=\"d1\">1</data><data key=\"d2\">1</data><data "
    "key=\"d3\">1</data>\n"
    "      <data key=\"d4\">9</data><data key=\"d5\">9</data><data key=\"d6\">9</data></node>\n"
    "    <edge source=\"a\" target=\"b\"/>\n"
    "    <edge source=\"c\" target=\"c\"/>\n"
    "    <edge source=\"a\" target=\"c\"/>\n"
    "  </graph>\n"
    "</graphml>\n";

static void import__gephi_file(void **state)
{
    cm_import *im = NULL;
    cm_error err;
    (void)state;
    assert_int_equal(import_text(&im, gephi, &err), CM_OK);
    const cm_counts *c = im->counts;
    assert_int_equal(cm_counts_n_entities(c), 3);
    /* entities in id order: a, b, c; the label is the node id when there is none */
    assert_string_equal(cm_counts_entity(c, 0)->label, "حسن");
    assert_string_equal(cm_counts_entity(c, 1)->label, "Борис");
    assert_string_equal(cm_counts_entity(c, 2)->label, "c");
    assert_int_equal(im->has_types, 0);
    assert_null(im->metrics);
    assert_non_null(im->xy);
    assert_true(im->xy[2] == 10.5 && im->xy[3] == -3);
    assert_true(im->size[0] == 2.5 && im->size[1] == 4);
    assert_int_equal(im->color[1].r, 255);
    assert_int_equal(im->color[1].b, 12);
    assert_int_equal(im->color[0].g, 2);
    /* pairs (a, b) and (a, c): the repeat added up, the default weight applied */
    assert_int_equal(cm_counts_n_pairs(c), 2);
    assert_true(im->pair_weight[0] == 1.5 + 2.0);
    assert_true(im->pair_weight[1] == 2.0);
    assert_int_equal(im->repeated, 1);
    assert_int_equal(im->self_loops, 1);

    cm_graph_opts go;
    cm_graph *g = NULL;
    cm_import_drawing d;
    cm_graph_opts_init(&go);
    go.pair_weight = im->pair_weight;
    assert_int_equal(cm_graph_build(&g, c, &go, &err), CM_OK);
    assert_int_equal(cm_import_drawing_get(&d, im, g, &err), CM_OK);
    assert_null(d.analysis);
    assert_true(d.layout->xy[2] == 10.5);
    assert_int_equal(d.color[2].r, 9);
    cm_import_drawing_destroy(&d);
    cm_graph_free(g);
    cm_import_free(im);
}

/* Our own GraphML, read back: every value the drawing needs comes back exactly. */
static void import__own_export_round_trip(void **state)
{
    static const char *const texts[] = {"Russia and Ukraine.\nRussia and China.\n"
                                        "Ukraine and China.\nChina and Turkey.\nPutin."};
    cm_counts *c = count_texts(texts, 1, NULL);
    cm_graph *g = NULL, *g2 = NULL;
    cm_analysis *a = NULL;
    cm_layout *l = NULL;
    cm_scene *s = NULL;
    cm_import *im = NULL;
    cm_import_drawing d;
    cm_graph_opts go;
    cm_error err;
    char *path = temp_file("");
    (void)state;
    assert_int_equal(cm_graph_build(&g, c, NULL, &err), CM_OK);
    assert_int_equal(cm_analyze(&a, g, NULL, &err), CM_OK);
    assert_int_equal(cm_layout_compute(&l, g, NULL, &err), CM_OK);
    assert_int_equal(cm_style(&s, g, a, l, NULL, &err), CM_OK);
    assert_int_equal(cm_export_graphml(path, s, NULL, &err), CM_OK);
    assert_int_equal(cm_import_graphml(&im, path, &err), CM_OK);
    assert_int_equal(im->has_types, 1);
    assert_non_null(im->metrics);
    cm_graph_opts_init(&go);
    go.pair_weight = im->pair_weight;
    assert_int_equal(cm_graph_build(&g2, im->counts, &go, &err), CM_OK);
    assert_int_equal(g2->n_nodes, g->n_nodes);
    assert_int_equal(g2->n_edges, g->n_edges);
    assert_int_equal(cm_import_drawing_get(&d, im, g2, &err), CM_OK);
    for (size_t i = 0; i < g->n_nodes; i++) {
        const cm_entity_count *e = cm_counts_entity(im->counts, i);
        assert_string_equal(e->id, s->nodes[i].entity->id);
        assert_int_equal(e->type, s->nodes[i].entity->type);
        assert_int_equal(e->mentions, s->nodes[i].entity->mentions);
        assert_memory_equal(&d.analysis->values[i * CM_N_METRICS], s->nodes[i].metrics,
                            CM_N_METRICS * sizeof(double));
        assert_int_equal(d.analysis->community[i], s->nodes[i].community);
        assert_true(d.layout->xy[2 * i] == s->nodes[i].x);
        assert_true(d.size[i] == s->nodes[i].size);
        assert_memory_equal(&d.color[i], &s->nodes[i].color, sizeof(cm_rgb));
    }
    for (size_t e = 0; e < g->n_edges; e++) {
        assert_true(VECTOR(g2->weight)[e] == VECTOR(g->weight)[e]);
        assert_int_equal(cm_counts_pair(im->counts, g2->edge_pair[e])->units,
                         s->edges[e].pair->units);
    }
    cm_import_drawing_destroy(&d);
    cm_graph_free(g2);

    /* an ego network changes the metrics: they are computed again, not taken */
    go.ego = "china";
    assert_int_equal(cm_graph_build(&g2, im->counts, &go, &err), CM_OK);
    assert_int_equal(cm_import_drawing_get(&d, im, g2, &err), CM_OK);
    assert_null(d.analysis);
    assert_non_null(d.layout);
    cm_import_drawing_destroy(&d);
    cm_graph_free(g2);
    unlink(path);
    free(path);
    cm_import_free(im);
    cm_scene_free(s);
    cm_layout_free(l);
    cm_analysis_free(a);
    cm_graph_free(g);
    cm_counts_free(c);
}

typedef struct bad_case {
    const char *text;
    long line;
    const char *message;
} bad_case;

#define HEAD "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
#define KEY "<key id=\"w\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"

static const bad_case bad[] = {
    {HEAD "<graph>\n<node id=\"a\">\n</graph>\n</graphml>\n", 4, "not well-formed XML"},
    {"<gexf>\n</gexf>\n", 1, "not a GraphML file: the root element is <gexf>"},
    {HEAD "</graphml>\n", 1, "no <graph> in the file"},
    {HEAD "<graph>\n<node id=\"a\"/>\n<edge source=\"a\" target=\"zz\"/>\n</graph></graphml>", 4,
     "edge target 'zz' is no node"},
    {HEAD "<graph>\n<node id=\"a\"/>\n<node id=\"a\"/>\n</graph></graphml>", 4,
     "duplicate node id 'a'"},
    {HEAD KEY "<graph>\n<node id=\"a\"/><node id=\"b\"/>\n"
              "<edge source=\"a\" target=\"b\"><data key=\"w\">heavy</data></edge>\n"
              "</graph></graphml>",
     5, "weight: bad value 'heavy'"},
    {HEAD "<key id=\"x\" for=\"node\" attr.name=\"x\"/>\n<graph>\n"
          "<node id=\"a\"><data key=\"x\">1e999</data></node>\n</graph></graphml>",
     4, "x: bad value '1e999'"},
    /* values in range for a double, not for what they become (UB, or igraph failing) */
    {HEAD KEY "<graph>\n<node id=\"a\"/><node id=\"b\"/>\n"
              "<edge source=\"a\" target=\"b\"><data key=\"w\">1e300</data></edge>\n"
              "</graph></graphml>",
     5, "weight: bad value '1e300'"},
    {HEAD "<key id=\"c\" for=\"edge\" attr.name=\"count\"/>\n<graph>\n"
          "<node id=\"a\"/><node id=\"b\"/>\n"
          "<edge source=\"a\" target=\"b\"><data key=\"c\">1e300</data></edge>\n"
          "</graph></graphml>",
     5, "count: bad value '1e300'"},
    {HEAD "<key id=\"k\" for=\"node\" attr.name=\"community\"/>\n<graph>\n"
          "<node id=\"a\"><data key=\"k\">1e300</data></node>\n</graph></graphml>",
     4, "community: bad value '1e300'"},
    {HEAD "<key id=\"k\" for=\"node\" attr.name=\"community\"/>\n<graph>\n"
          "<node id=\"a\"><data key=\"k\">9223372036854775808</data></node>\n</graph></graphml>",
     4, "community: bad value '9223372036854775808'"},
    {HEAD "<key id=\"r\" for=\"node\" attr.name=\"r\"/>\n<graph>\n"
          "<node id=\"a\"><data key=\"r\">300</data></node>\n</graph></graphml>",
     4, "r: bad value '300'"},
    {HEAD "<graph>\n<node id=\"a\">\n<graph/>\n</node>\n</graph></graphml>", 4,
     "nested graphs are not supported"},
    {HEAD "<graph>\n<hyperedge/>\n</graph></graphml>", 3, "hyperedges are not supported"},
    {HEAD "<graph>\n<node id=\"a\"><data key=\"nokey\">1</data></node>\n</graph></graphml>", 3,
     "<data> names no declared key: 'nokey'"},
    {HEAD "<graph>\n<node/>\n</graph></graphml>", 3, "a <node> without an id"},
    {"<!DOCTYPE graphml [<!ENTITY e \"x\">]>\n" HEAD "<graph/></graphml>", 1,
     "document type declarations are not allowed"},
};

static void import__bad_files_name_their_line(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        cm_import *im = NULL;
        cm_error err;
        char *path = temp_file(bad[i].text);
        cm_error_clear(&err);
        assert_int_equal(cm_import_graphml(&im, path, &err), CM_EINPUT);
        assert_null(im);
        if (!strstr(err.msg, bad[i].message) || err.line != bad[i].line ||
            strcmp(err.path, path) != 0) {
            fail_msg("case %zu: %s:%ld: %s", i, err.path, err.line, err.msg);
        }
        unlink(path);
        free(path);
    }
    cm_import *im = NULL;
    cm_error err;
    assert_int_equal(cm_import_graphml(&im, "/nonexistent/g.graphml", &err), CM_EINPUT);
    assert_string_equal(err.msg, "cannot open '/nonexistent/g.graphml': No such file or directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(import__gephi_file),
        cmocka_unit_test(import__own_export_round_trip),
        cmocka_unit_test(import__bad_files_name_their_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
