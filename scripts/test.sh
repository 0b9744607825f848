#!/usr/bin/env bash
# Install what is missing, build, and run every test: unit (cmocka) and end-to-end
# (ctest), all of them once more under AddressSanitizer + UBSan, and the format check.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh build runtime test

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCM_SANITIZE=address,undefined >/dev/null
cmake --build build-asan -j"$jobs"
LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"

# shellcheck disable=SC2046
clang-format --dry-run --Werror $(git ls-files '*.c' '*.h')
echo "test.sh: all tests passed"
