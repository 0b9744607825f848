/* comention: a fuzz target without libFuzzer. Runs every file named, or every file in
 * every directory named, through LLVMFuzzerTestOneInput once: the seeds and the inputs of
 * past findings become a test of the ordinary (and the sanitizer) build. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"
#include "util/util.h"

static int run_file(const char *path)
{
    cm_buf b;
    cm_error err;
    int bad = 0;

    cm_buf_init(&b);
    if (cm_read_file(&b, path, (size_t)1 << 26, &err) != CM_OK) {
        fprintf(stderr, "replay: %s: %s\n", path, err.msg);
        bad = 1;
    } else {
        LLVMFuzzerTestOneInput((const uint8_t *)(b.data ? b.data : ""), b.len);
    }
    cm_buf_destroy(&b);
    return bad;
}

/* Files of a directory in name order, so a failure is found at the same place each time. */
static int run_dir(const char *dir, size_t *n)
{
    struct dirent **names = NULL;
    int k = scandir(dir, &names, NULL, alphasort), bad = k < 0;

    for (int i = 0; i < k; i++) {
        char *p = names[i]->d_name[0] == '.' ? NULL : cm_path_join(dir, names[i]->d_name);
        struct stat st;
        if (p && stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            bad |= run_file(p);
            (*n)++;
        }
        cm_free(p);
        free(names[i]);
    }
    free(names);
    return bad;
}

int main(int argc, char **argv)
{
    size_t n = 0;
    int bad = 0;

    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            bad |= run_dir(argv[i], &n);
        } else {
            bad |= run_file(argv[i]);
            n++;
        }
    }
    printf("replay: %zu inputs\n", n);
    return bad || n == 0;
}
