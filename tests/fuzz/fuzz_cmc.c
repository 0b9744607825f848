/* comention fuzz target: the .cmc reader (counts written by extract, read by merge and
 * graph), and a merge of what it accepts into itself, which adds every counter twice.
 * The input is the file without its SHA-256 trailer, which the target appends: a mutated
 * body otherwise never gets past the checksum to the parser. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

static const char *with_sum(const uint8_t *data, size_t size)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    uint8_t *file = malloc(size + 32);
    gsize n = 32;
    const char *path = NULL;

    if (sum && file) {
        memcpy(file, data, size);
        g_checksum_update(sum, data, (gssize)size);
        g_checksum_get_digest(sum, file + size, &n);
        path = cm_fuzz_file(file, size + 32, ".cmc");
    }
    g_checksum_free(sum);
    free(file);
    return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = with_sum(data, size);
    cm_counts *c = NULL, *twice = NULL;
    cm_error err;

    if (!path || cm_counts_read(&c, path, &err) != CM_OK) {
        return 0;
    }
    if (cm_counts_read(&twice, path, &err) == CM_OK && cm_counts_merge(twice, c, &err) == CM_OK) {
        (void)cm_counts_finish(twice, &err);
    }
    cm_counts_free(twice);
    cm_counts_free(c);
    return 0;
}
