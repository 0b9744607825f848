/* comention: igraph error handling (see ig.h). */
#include "util/ig.h"

void cm_ig_enter(cm_ig_guard *g)
{
    /* igraph_error_handler_ignore frees igraph's FINALLY stack and returns the code. */
    g->old_error = igraph_set_error_handler(igraph_error_handler_ignore);
    g->old_warning = igraph_set_warning_handler(igraph_warning_handler_ignore);
}

void cm_ig_leave(cm_ig_guard *g)
{
    igraph_set_error_handler(g->old_error);
    igraph_set_warning_handler(g->old_warning);
}

cm_status cm_ig_fail(cm_error *err, igraph_error_t code, const char *what)
{
    cm_status rc = code == IGRAPH_ENOMEM ? CM_ENOMEM : CM_EINTERNAL;
    return cm_error_set(err, rc, NULL, 0, "igraph: %s failed: %s", what, igraph_strerror(code));
}
