#!/usr/bin/env bash
# End-to-end: faults lose nothing. An output directory's files are replaced as a set
# (util/outset.c): a run that fails (full disk, ulimit -f) or is stopped (SIGINT, SIGKILL,
# at several points of a run on a generated 50 MB corpus) leaves the previous set
# byte-identical, also the files it had finished before the failure; SIGINT leaves no
# temporary file, and the next run after SIGKILL removes them and writes the same set as a
# clean run. Two runs into one directory: the second is refused while the first holds the
# lock, and concurrent runs leave the files of exactly one of them. A set a killed run left
# mixed is reported by the next run. No timing: the kill points are found by watching the
# run's reads and temporary files.
set -uo pipefail
set -m # background runs get SIGINT as usual (see signals.sh)
# shellcheck source=tests/e2e/setup.sh
. "$(dirname "$0")/setup.sh"
sums() { (cd "$1" && sha256sum ./*) >"$2"; }
same() { (cd "$1" && sha256sum --quiet -c "$2") >/dev/null 2>&1; }
tmps() { find "$1" -name '.*.tmp.*' | wc -l; }

# --- the whole set, or none of it: a later file fails, the earlier ones are not published
# Run A writes the reference set; run B differs in every file (another --min-count) and fails
# at graph.png, after graph.graphml and the CSV files were complete.
a=(build tests/corpus --formats graphml,csv,png --dpi 200 -q)
b=(build tests/corpus --formats graphml,csv,png --dpi 200 -q --min-count 2)
"$bin" "${a[@]}" -o "$work/set" || no "first build failed"
sums "$work/set" "$work/set.sums"
(
    ulimit -f 700 # KiB: more than graph.graphml, less than graph.png
    "$bin" "${b[@]}" -o "$work/set" 2>"$work/xfsz.txt"
)
st=$?
[ "$st" -eq 2 ] || no "over ulimit -f: exit $st, want 2"
grep -q "graph.png: cannot write: File too large" "$work/xfsz.txt" || no "ulimit -f: $(cat "$work/xfsz.txt")"
[ "$(wc -l <"$work/xfsz.txt")" -eq 1 ] || no "ulimit -f: more than one line"
same "$work/set" "$work/set.sums" || no "over ulimit -f, files of the failed run were published"
[ "$(tmps "$work/set")" -eq 0 ] || no "over ulimit -f, left temporary files"
[ ! -e "$work/set/.comention.journal" ] || no "over ulimit -f, a journal was left"

# A full disk: a small tmpfs (root only; elsewhere the ulimit case above stands for it).
mnt=$work/tmpfs
mkdir -p "$mnt"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=8m tmpfs "$mnt" 2>/dev/null; then
    "$bin" "${a[@]}" -o "$mnt/out" || no "build into the tmpfs failed"
    sums "$mnt/out" "$work/full.sums"
    # leave room for graph.graphml and a little: the disk fills during the CSV files or PNG
    free=$(df --output=avail -B1 "$mnt" | tail -1)
    keep=$(($(stat -c %s "$mnt/out/graph.graphml") + 100000))
    head -c $((free - keep)) /dev/zero >"$mnt/filler" 2>/dev/null
    "$bin" "${b[@]}" -o "$mnt/out" 2>"$work/enospc.txt"
    st=$?
    [ "$st" -eq 2 ] || no "full disk: exit $st, want 2"
    grep -qE "^comention: .*: (cannot write|cannot create): No space left on device$" "$work/enospc.txt" ||
        no "full disk: $(cat "$work/enospc.txt")"
    same "$mnt/out" "$work/full.sums" || no "full disk: files of the failed run were published"
    [ "$(tmps "$mnt/out")" -eq 0 ] || no "full disk: left temporary files"
    rm -f "$mnt/filler"
    "$bin" "${b[@]}" -o "$mnt/out" || no "after the disk was freed, the build failed"
    umount "$mnt"
else
    echo "faults: no tmpfs could be mounted (not root?): full disk tested by ulimit -f only"
fi

# --- one run at a time
flock "$work/set/.comention.lock" sleep 30 &
holder=$! # a process group (set -m): flock and the sleep that holds the lock
for _ in $(seq 1 500); do # until the holder has the lock
    flock -n "$work/set/.comention.lock" true || break
    sleep 0.01
done
"$bin" "${b[@]}" -o "$work/set" 2>"$work/locked.txt"
st=$?
kill -- -"$holder"
wait "$holder" 2>/dev/null
[ "$st" -eq 2 ] || no "while locked: exit $st, want 2"
grep -qx "comention: $work/set: another comention run is writing this directory (it holds $work/set/.comention.lock)" \
    "$work/locked.txt" || no "while locked: $(cat "$work/locked.txt")"
same "$work/set" "$work/set.sums" || no "a refused run changed the outputs"

# Concurrent runs: each exits 0 or is refused, and the directory holds one run's set.
"$bin" "${b[@]}" -o "$work/setb" || no "build b failed"
sums "$work/setb" "$work/setb.sums"
for round in 1 2 3; do
    "$bin" "${a[@]}" -o "$work/set" 2>"$work/ra.txt" &
    pa=$!
    "$bin" "${b[@]}" -o "$work/set" 2>"$work/rb.txt" &
    pb=$!
    wait "$pa"
    sa=$?
    wait "$pb"
    sb=$?
    for s in "$sa:$work/ra.txt" "$sb:$work/rb.txt"; do
        if [ "${s%%:*}" -ne 0 ] && ! grep -q "another comention run is writing" "${s#*:}"; then
            no "concurrent round $round: exit ${s%%:*}: $(cat "${s#*:}")"
        fi
    done
    same "$work/set" "$work/set.sums" || same "$work/set" "$work/setb.sums" ||
        no "concurrent round $round: the directory mixes the two runs"
done

# A set left mixed (the journal of a run killed between its renames) is reported.
printf 'graph.graphml\nnodes.csv\n' >"$work/set/.comention.journal"
"$bin" "${a[@]:0:6}" -o "$work/set" 2>"$work/mixed.txt" || no "build after a mixed set failed" # no -q
grep -q "warning: the run that wrote graph.graphml nodes.csv there was stopped while replacing them" \
    "$work/mixed.txt" || no "mixed set not reported: $(cat "$work/mixed.txt")"
[ ! -e "$work/set/.comention.journal" ] || no "the journal stayed after a whole set"
same "$work/set" "$work/set.sums" || no "the set after a mixed one differs from a clean run"

# --- kills at several points of a run on a 50 MB corpus
/usr/bin/python3 tests/e2e/gen_big.py "$work/big" 50
big=(build "$work/big" --formats graphml,gexf,csv,json,svg,png --no-progress)
"$bin" "${big[@]}" -o "$work/ref" >/dev/null 2>&1 || no "build of the 50 MB corpus failed"
cp -r "$work/ref" "$work/out"
sums "$work/ref" "$work/ref.sums"

# Start a run into out and wait for a point: "reading" (10 MB read), or a temporary file
# of NAME being written (the files before it are complete and kept).
kill_at() { # kill_at SIGNAL POINT
    "$bin" "${big[@]}" --min-count 2 -o "$work/out" >/dev/null 2>&1 &
    local pid=$! seen=0
    while :; do # until the point, or the end of the run (no time limit: slow machines)
        if [ "$2" = reading ]; then
            [ "$(awk '/^rchar/ {print $2}' "/proc/$pid/io" 2>/dev/null || echo 0)" -gt 10000000 ] && seen=1
        elif [ -n "$(find "$work/out" -name ".$2.tmp.*")" ]; then
            seen=1
        fi
        [ "$seen" -eq 1 ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.01
    done
    [ "$seen" -eq 1 ] || no "SIG$1 at $2: the run never got there"
    kill -s "$1" "$pid"
    wait "$pid"
    status=$?
}
points=(reading graph.graphml nodes.csv graph.png)
for point in "${points[@]}"; do
    kill_at INT "$point"
    [ "$status" -eq 130 ] || no "SIGINT at $point: exit $status, want 130"
    [ "$(tmps "$work/out")" -eq 0 ] || no "SIGINT at $point left: $(find "$work/out" -name '.*.tmp.*')"
    same "$work/out" "$work/ref.sums" || no "SIGINT at $point: the outputs changed"
done
for point in "${points[@]}"; do
    kill_at KILL "$point"
    [ "$status" -eq 137 ] || no "SIGKILL at $point: exit $status, want 137"
    same "$work/out" "$work/ref.sums" || no "SIGKILL at $point: the outputs changed"
done
[ "$(tmps "$work/out")" -gt 0 ] || no "no SIGKILL left a temporary file (no write was stopped)"
"$bin" "${big[@]}" -o "$work/out" >/dev/null 2>&1 || no "the run after the kills failed"
[ "$(tmps "$work/out")" -eq 0 ] || no "the run after SIGKILL left: $(find "$work/out" -name '.*.tmp.*')"
same "$work/out" "$work/ref.sums" || no "the run after the kills differs from a clean run"

[ "$fail" -eq 0 ] && echo "e2e faults: ok"
exit "$fail"
