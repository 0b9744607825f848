#!/usr/bin/env bash
# Install what is missing, build, and run every test: unit (cmocka) and end-to-end
# (ctest), all of them once more under AddressSanitizer + UBSan, and the format check.
#
# scripts/test.sh --valgrind instead builds the Release tree and runs, under valgrind
# memcheck (no error, no leak of ours: tests/valgrind.supp names the font stack's caches),
# the unit tests but the drawing acceptance test (test_style: scenes of 10,000 nodes,
# over ten minutes under valgrind) and the end-to-end scripts listed below: the whole e2e
# suite takes hours under valgrind; these cover every stage and every reader.
set -euo pipefail
cd "$(dirname "$0")/.."

valgrind_e2e=(errors xml golden render)

run_valgrind() {
    ./scripts/install-deps.sh build runtime test valgrind
    local vg=$PWD/build/valgrind
    rm -rf "$vg"
    mkdir -p "$vg/logs"
    local opts=(--quiet --error-exitcode=99 --leak-check=full
        --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
        --suppressions="$PWD/tests/valgrind.supp" --log-file="$vg/logs/%p.log")
    # the CLI as the e2e scripts call it
    printf '#!/bin/sh\nexec valgrind %s "%s" "$@"\n' "${opts[*]}" "$PWD/build/comention" >"$vg/comention"
    chmod +x "$vg/comention"
    local failed=0 start=$SECONDS
    for t in build/test_*; do
        [ "$t" = build/test_style ] && continue
        valgrind "${opts[@]}" "$t" >"$vg/$(basename "$t").out" 2>&1 || { echo "valgrind: $t failed" >&2; failed=1; }
    done
    for name in "${valgrind_e2e[@]}"; do
        tests/e2e/"$name".sh "$vg/comention" "$vg/e2e_$name" >"$vg/e2e_$name.out" 2>&1 ||
            { echo "valgrind: e2e $name failed (build/valgrind/e2e_$name.out)" >&2; failed=1; }
    done
    for log in "$vg"/logs/*.log; do
        [ -s "$log" ] && { echo "valgrind: errors in $log" >&2; failed=1; }
    done
    echo "test.sh --valgrind: $((SECONDS - start)) s"
    return $failed
}

./scripts/install-deps.sh build runtime test

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
if [ "${1:-}" = --valgrind ]; then
    run_valgrind && echo "test.sh --valgrind: all passed"
    exit
fi
ctest --test-dir build --output-on-failure -j"$jobs"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCM_SANITIZE=address,undefined >/dev/null
cmake --build build-asan -j"$jobs"
LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"

# shellcheck disable=SC2046
clang-format --dry-run --Werror $(git ls-files '*.c' '*.h')
echo "test.sh: all tests passed"
