#!/usr/bin/env bash
# Build the libFuzzer targets (tests/fuzz/) with clang, ASan and UBSan, and run each for
# SECONDS, one after the other, niced. Not part of test.sh: the seeds and the inputs of
# past findings run there instead (ctest -L fuzz), in the ordinary and the sanitizer build.
#
# usage: scripts/fuzz.sh SECONDS [RUN...]   (runs: text lexicon_xml lexicon_tsv graphml cmc
#                                            html jsonl csv decode)
# A finding is left as build-fuzz/findings/RUN/crash-* (or leak-*, timeout-*); copy it to
# tests/fuzz/regress/RUN/ with a name that says what it was, and fix the code.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:?usage: scripts/fuzz.sh SECONDS [RUN...]}
shift
runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(text lexicon_xml lexicon_tsv graphml cmc html jsonl csv decode)

./scripts/install-deps.sh build fuzz

out=build-fuzz
CC=clang cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=Debug -DCM_TESTS=OFF -DCM_FUZZ=ON \
    -DCM_SANITIZE=fuzzer-no-link,address,undefined >/dev/null
cmake --build "$out" -j"$(nproc 2>/dev/null || echo 2)" >/dev/null

# The run's target, and whether the XML dictionary joins its own.
target_of() {
    case $1 in
    lexicon_xml | lexicon_tsv) echo lexicon ;;
    *) echo "$1" ;;
    esac
}

status=0
for run in "${runs[@]}"; do
    target=$(target_of "$run")
    [ -x "$out/fuzz_$target" ] || { echo "fuzz.sh: no target for run '$run'" >&2; exit 1; }
    corpus=$out/corpus/$run
    findings=$out/findings/$run
    mkdir -p "$corpus" "$findings" "$out/dict"
    dict=$out/dict/$run.dict
    cat "tests/fuzz/dict/$run.dict" >"$dict"
    case $run in lexicon_xml | graphml | html) cat tests/fuzz/dict/xml.dict >>"$dict" ;; esac
    seeds=(tests/fuzz/seeds/"$run")
    [ -d "tests/fuzz/regress/$run" ] && seeds+=("tests/fuzz/regress/$run")
    log=$out/findings/$run.log
    echo "fuzz.sh: $run for ${seconds}s (log $log)"
    # -max_len: the seeds are a few KB; longer inputs find nothing more, only slower.
    if ! nice -n 10 env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$out/fuzz_$target" "$corpus" "${seeds[@]}" -dict="$dict" -max_total_time="$seconds" \
        -max_len=65536 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings/" >"$log" 2>&1; then
        echo "fuzz.sh: $run: FINDING, see $log and $findings/" >&2
        status=1
    fi
    grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/fuzz.sh: $run: /" || true
done
exit $status
