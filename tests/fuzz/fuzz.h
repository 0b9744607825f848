/* comention: what the fuzz targets share. Each target is tests/fuzz/fuzz_NAME.c with one
 * LLVMFuzzerTestOneInput; built with clang by scripts/fuzz.sh it is a libFuzzer binary, and
 * linked with replay.c it is a program that runs the seeds and the regression inputs
 * (tests/fuzz/seeds/NAME, tests/fuzz/regress/NAME) once, as a ctest. */
#ifndef CM_FUZZ_H
#define CM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include "comention/comention.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The readers that take a path get the input through a file of this process
 * (mkstemp under TMPDIR, made once, rewritten for each input). NULL when it failed. */
const char *cm_fuzz_file(const uint8_t *data, size_t size, const char *suffix);

#endif
