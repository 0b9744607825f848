#!/usr/bin/env bash
# End-to-end: the noise options. --subtypes / --exclude-subtypes choose the entities counted
# (build, mentions), an unknown subtype is a usage error naming it; --units body counts
# co-mentions from body sentences only (headlines, bylines, captions and credits still
# count as mentions), and report.json names both.
set -euo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# --exclude-subtypes media: no news outlet among the nodes, every other node stays
"$bin" build tests/corpus -o "$work/all" --formats csv -q
"$bin" build tests/corpus -o "$work/nomedia" --formats csv -q --exclude-subtypes media
grep -q ',media,' "$work/all/nodes.csv" || fail "the sample corpus names no media"
grep -q ',media,' "$work/nomedia/nodes.csv" && fail "--exclude-subtypes media kept a media node"
want=$(grep -vc ',media,' "$work/all/nodes.csv")
[ "$(wc -l <"$work/nomedia/nodes.csv")" -eq "$want" ] || fail "--exclude-subtypes media dropped other nodes"
grep -q '"subtypes": "person,organization,government,military,intelligence,armed_group,igo,company,state' \
    "$work/nomedia/report.json" || fail "report.json does not name the subtypes"

# --subtypes person,drone: persons and drones only, and mentions agrees with build
"$bin" build tests/corpus -o "$work/some" --formats csv -q --subtypes person,drone
subs=$(cut -d, -f4 "$work/some/nodes.csv" | tail -n +2 | sort -u | tr '\n' ' ')
[ "$subs" = "drone person " ] || fail "--subtypes person,drone gave subtypes: $subs"
"$bin" mentions tests/corpus --subtypes person,drone | tail -n +2 | cut -f5 | sort -u >"$work/ids.txt"
cut -d, -f1 "$work/some/nodes.csv" | tail -n +2 | sort -u | cmp -s - "$work/ids.txt" ||
    fail "mentions --subtypes names other entities than build"
"$bin" mentions tests/corpus --exclude-subtypes media | cut -f5 | grep -qx reuters &&
    fail "mentions --exclude-subtypes media printed Reuters"

# unknown subtypes and empty sets are usage errors (exit 1) naming the cause
for args in "--subtypes person,pundit" "--exclude-subtypes pundit"; do
    set +e
    # shellcheck disable=SC2086
    "$bin" mentions tests/corpus $args >/dev/null 2>"$work/err.txt"
    status=$?
    set -e
    [ "$status" -eq 1 ] || fail "$args: exit $status, want 1"
    grep -q "unknown subtype 'pundit'" "$work/err.txt" || fail "$args said: $(cat "$work/err.txt")"
done
set +e
"$bin" mentions tests/corpus --subtypes media --exclude-subtypes media >/dev/null 2>"$work/err.txt"
status=$?
"$bin" mentions tests/corpus --units headlines >/dev/null 2>>"$work/err.txt"
status2=$?
set -e
[ "$status" -eq 1 ] && [ "$status2" -eq 1 ] || fail "empty subtype set or bad --units accepted"
grep -q "every subtype left out" "$work/err.txt" || fail "empty subtype set: $(cat "$work/err.txt")"
grep -q -- "--units: want all or body, not 'headlines'" "$work/err.txt" || fail "bad --units: $(cat "$work/err.txt")"

# --units body: fewer units than sentences, the same mentions, and a pair that only a
# headline holds is gone (the sample article's "Indian Army … Airbus India" headline)
"$bin" build tests/corpus -o "$work/body" --formats csv -q --units body
num() { grep -o "\"$1\": [0-9][0-9]*" "$2" | head -1 | grep -o '[0-9]*$'; }
[ "$(num units "$work/body/report.json")" -lt "$(num sentences "$work/body/report.json")" ] ||
    fail "--units body counted every sentence as a unit"
[ "$(num units "$work/all/report.json")" -eq "$(num sentences "$work/all/report.json")" ] ||
    fail "the default does not count every sentence"
[ "$(num mentions "$work/body/report.json")" -eq "$(num mentions "$work/all/report.json")" ] ||
    fail "--units body changed the mentions"
grep -q '"units": "body"' "$work/body/report.json" || fail "report.json does not say units body"
grep -q '^airbus,indian-army,' "$work/all/edges.csv" || fail "the headline pair is missing by default"
grep -q '^airbus,indian-army,' "$work/body/edges.csv" && fail "--units body kept a headline-only pair"
cmp -s <(cut -d, -f1,6,7 "$work/all/nodes.csv") <(cut -d, -f1,6,7 "$work/body/nodes.csv") ||
    fail "--units body changed the mentions or documents of a node"
echo "e2e noise: ok"
