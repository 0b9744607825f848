/* comention fuzz target: the GraphML reader of render (cm_import_graphml), and the graph
 * built from what it accepts, since the values it lets through reach the later stages. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = cm_fuzz_file(data, size, ".graphml");
    cm_import *im = NULL;
    cm_graph *g = NULL;
    cm_graph_opts go;
    cm_error err;

    if (!path || cm_import_graphml(&im, path, &err) != CM_OK) {
        return 0;
    }
    cm_graph_opts_init(&go);
    (void)cm_graph_build(&g, im->counts, &go, &err);
    cm_graph_free(g);
    cm_import_free(im);
    return 0;
}
