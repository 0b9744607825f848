/* comention: calling igraph safely. Debian's igraph aborts on errors by default and keeps
 * its handlers process-wide; stages wrap their igraph calls in cm_ig_enter/cm_ig_leave so
 * an error becomes a cm_status and the embedder's handlers come back afterwards. */
#ifndef CM_UTIL_IG_H
#define CM_UTIL_IG_H

#include <igraph.h>
#include "comention/error.h"

typedef struct cm_ig_guard {
    igraph_error_handler_t *old_error;
    igraph_warning_handler_t *old_warning;
} cm_ig_guard;

void cm_ig_enter(cm_ig_guard *g);
void cm_ig_leave(cm_ig_guard *g);
/* Map an igraph error code to CM_ENOMEM or CM_EINTERNAL, naming `what` failed. */
cm_status cm_ig_fail(cm_error *err, igraph_error_t code, const char *what);

#endif
