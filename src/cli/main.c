/* comention: entry point, dispatching to one subcommand. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__) /* known once a libc header is in */
#include <malloc.h>
#endif
#include "cli/cli.h"
#include "util/util.h"

static int run(int argc, char **argv)
{
    const char *cmd = argc >= 2 ? argv[1] : "";
    int status;

    if (argc < 2) {
        cli_usage(stderr);
        return 1;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        cli_usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("comention %s\n", CM_VERSION);
        return 0;
    }
    if (strcmp(cmd, "--list-options") == 0) { /* for tests/e2e/cli.sh */
        cli_list_options();
        return 0;
    }
    if (cli_command(argc - 1, argv + 1, &status)) {
        return status;
    }
    cli_say("unknown command '%s'", cmd);
    fputs("Try 'comention --help' for more information.\n", stderr);
    return 1;
}

/* Output that never reached standard output (a full disk, a closed pipe) is an error,
 * whatever printed it: --help and --version too. */
int main(int argc, char **argv)
{
    int rc;

#if defined(__GLIBC__)
    /* Blocks of 1 MiB and more (the pair map, evidence chunks, igraph's vectors, Brandes'
       scratch) get pages of their own, given back when freed. glibc's default raises this
       threshold as big blocks are freed, after which they sit in the heap where a later
       small block keeps them resident: build -j 2 on the 1 GB bench corpus peaked at
       547-557 MB with it and 511 MB without, for the same time. glibc's own setting, when
       given, wins. Under callgrind any fixed threshold (this one, or the variable set to
       32 MiB) runs out of memory on the dense bench corpus where the default does not: a
       limit of valgrind's, not seen on the machine itself (docs/benchmarks.md). */
    const char *tunables = getenv("GLIBC_TUNABLES");
    if (!getenv("MALLOC_MMAP_THRESHOLD_") && !(tunables && strstr(tunables, "mmap_threshold"))) {
        mallopt(M_MMAP_THRESHOLD, 1 << 20);
    }
#endif
    cli_signals_install();
    rc = run(argc, argv);
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == 0) {
        fprintf(stderr, "comention: cannot write to standard output\n");
        rc = 2;
    }
    return rc;
}

void cli_say(const char *fmt, ...)
{
    char line[2048], safe[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    cm_escape_controls(safe, sizeof(safe), line);
    fprintf(stderr, "comention: %s\n", safe);
}

int cli_fail(const cm_error *err)
{
    char line[2048];

    cm_error_format(line, sizeof(line), err);
    cli_say("%s", line);
    switch (err->code) {
    case CM_OK:
        return 0;
    case CM_EUSAGE:
        fputs("Try 'comention --help' for more information.\n", stderr);
        return 1;
    case CM_EINPUT:
    case CM_EIO:
        return 2;
    default:
        return 3;
    }
}
