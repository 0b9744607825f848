#!/usr/bin/env bash
# End-to-end: a run stopped by SIGINT, SIGTERM or SIGHUP while it writes leaves no temporary
# file and the previous outputs byte-identical, and dies of the signal (128 + its number);
# the temporary files a SIGKILLed run left are removed by the next run into the directory
# (only ours, only those nobody is writing); over `ulimit -f` a write fails with a message.
set -uo pipefail
# Job control: without it, bash starts background commands with SIGINT ignored, and an
# ignored signal stays ignored (as nohup wants for SIGHUP).
set -m
# shellcheck source=tests/e2e/setup.sh
. "$(dirname "$0")/setup.sh"
# A large PNG: its temporary file exists for as long as the encoding takes.
args=(build tests/corpus --formats png,csv --dpi 400 -o "$work/out")
"$bin" "${args[@]}" >/dev/null 2>&1 || no "first build failed"
(cd "$work/out" && sha256sum ./* >"$work/sums")

tmps() { find "$work/out" -name '.*.tmp.*' | wc -l; }

# Start a run, wait until it is writing the PNG (its temporary file shows: the encoding takes
# long enough that the file is still there when the signal comes), send the signal.
stop_while_writing() { # stop_while_writing SIGNAL
    "$bin" "${args[@]}" >/dev/null 2>&1 &
    local pid=$! seen=0
    for _ in $(seq 1 3000); do
        if [ -n "$(find "$work/out" -name '.graph.png.tmp.*')" ]; then
            seen=1
            break
        fi
        sleep 0.01
    done
    [ "$seen" -eq 1 ] || no "$1: never saw a temporary file"
    kill -s "$1" "$pid"
    wait "$pid"
    status=$?
}

for sig in INT TERM HUP; do
    stop_while_writing "$sig"
    want=$((128 + $(kill -l "$sig")))
    [ "$status" -eq "$want" ] || no "SIG$sig: exit $status, want $want"
    [ "$(tmps)" -eq 0 ] || no "SIG$sig left: $(find "$work/out" -name '.*.tmp.*')"
    (cd "$work/out" && sha256sum --quiet -c "$work/sums") || no "SIG$sig: outputs changed"
done

# SIGKILL cannot clean up: the next run does, sparing what is not ours or is being written.
stop_while_writing KILL
[ "$(tmps)" -gt 0 ] || no "SIGKILL left no temporary file (the test did not stop a write)"
printf 'x' >"$work/out/.graph.png.tmp.keepme1" # not six characters of mkstemp's alphabet
printf 'x' >"$work/out/notes.tmp.AbC123"       # not hidden: not ours
printf 'x' >"$work/out/.nodes.csv.tmp.Live01"  # ours, but locked by a live writer
flock "$work/out/.nodes.csv.tmp.Live01" sleep 60 &
holder=$!
sleep 0.2
"$bin" "${args[@]}" >/dev/null 2>&1 || no "run after SIGKILL failed"
left=$(cd "$work/out" && find . -name '*.tmp.*' | sort | tr '\n' ' ')
[ "$left" = "./.graph.png.tmp.keepme1 ./.nodes.csv.tmp.Live01 ./notes.tmp.AbC123 " ] ||
    no "after SIGKILL and a new run, temporary files: $left"
kill "$holder"
wait "$holder" 2>/dev/null
(cd "$work/out" && sha256sum --quiet -c "$work/sums") || no "outputs differ after the rerun"

# Over the file-size limit: a clear error, no temporary file, the previous outputs kept.
find "$work/out" -name '*.tmp.*' -delete
(
    ulimit -f 1000
    "$bin" "${args[@]}" >/dev/null 2>"$work/xfsz.txt"
)
status=$?
[ "$status" -eq 2 ] || no "over ulimit -f: exit $status, want 2"
grep -q "graph.png: cannot write" "$work/xfsz.txt" || no "over ulimit -f: $(cat "$work/xfsz.txt")"
[ "$(tmps)" -eq 0 ] || no "over ulimit -f, left: $(find "$work/out" -name '.*.tmp.*')"
(cd "$work/out" && sha256sum --quiet -c "$work/sums") || no "outputs changed over ulimit -f"

[ "$fail" -eq 0 ] && echo "e2e signals: ok"
exit "$fail"
