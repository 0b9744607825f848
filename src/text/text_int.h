/* comention: what the text stage's files share. */
#ifndef CM_TEXT_INT_H
#define CM_TEXT_INT_H

#include "comention/text.h"

/* Where segmentation has to look: the indices of the chars that may end a line (spaces
 * that held a line break) or a sentence (. ! ? :), in text order. Found while normalizing,
 * so that segmentation visits these few chars instead of scanning all of them again. */
typedef struct cm_marks {
    uint32_t *at;
    size_t n, cap;
    /* Bit i: char i is a word char (cm_is_word_char), so that extraction finds word starts
     * 64 chars at a time instead of testing every char again. */
    uint64_t *words;
    size_t cap_words; /* 64-bit words allocated */
} cm_marks;

/* cm_normalize() into an array that may already hold room (*v with capacity *cap, both
 * updated); *n_out chars are written. `marks` (or NULL) is refilled. */
cm_status cm_normalize_into(cm_nchar **v, size_t *cap, size_t *n_out, cm_marks *marks,
                            const char *s, size_t len, cm_error *err);

/* Set the kind of every sentence of segmented text (kinds.c). `*body_seen`: a body paragraph
 * came before (in an earlier block of the document), and is set at the first one; `final`:
 * the text ends the document (its last paragraph is no headline). */
void cm_seg_classify(cm_segments *seg, int *body_seen, int final);

#endif
