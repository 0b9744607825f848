/* comention: the file the path-taking readers are fuzzed through. */
#define _DEFAULT_SOURCE /* mkstemps */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fuzz.h"

/* A fuzz target runs one input at a time: one file per process, reused. */
static char path[4096];

static void remove_file(void)
{
    unlink(path);
}

const char *cm_fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
    FILE *fp;

    if (!path[0]) {
        const char *dir = getenv("TMPDIR");
        snprintf(path, sizeof(path), "%s/cm-fuzz-XXXXXX%s", dir && dir[0] ? dir : "/tmp", suffix);
        int fd = mkstemps(path, (int)strlen(suffix));
        if (fd < 0) {
            path[0] = '\0';
            return NULL;
        }
        close(fd);
        atexit(remove_file);
    }
    fp = fopen(path, "wb");
    if (!fp) {
        return NULL;
    }
    if (size && fwrite(data, 1, size, fp) != size) {
        fclose(fp);
        return NULL;
    }
    return fclose(fp) == 0 ? path : NULL;
}
