/* comention: what the text stage's files share. */
#ifndef CM_TEXT_INT_H
#define CM_TEXT_INT_H

#include "comention/text.h"

/* cm_normalize() into an array that may already hold room (*v with capacity *cap, both
 * updated); *n_out chars are written. */
cm_status cm_normalize_into(cm_nchar **v, size_t *cap, size_t *n_out, const char *s, size_t len,
                            cm_error *err);

#endif
