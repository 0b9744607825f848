#!/usr/bin/env bash
# Benchmark comention against its peers on generated news-like corpora (docs/benchmarks.md).
#
# usage: scripts/bench.sh [--size 10M|100M|1G]... [--quick] [--rare N] [--density D] [--runs N]
#                         [--peer-timeout S] [--peer-sizes LIST] [--no-peer] [--no-install] [--no-draw]
#                         [--draw-only] [--no-structure] [--structure-only] [--one-file]
#
#   --size S          corpus size, repeatable or comma-separated (default 100M)
#   --quick           smoke run: 10M only, one run each, peer timeout 120 s
#   --rare N          add N invented rare entities (an extra TSV lexicon) for big graphs
#                     (--rare 15000: the rare-entity corpus of issue 18, ~9k nodes at 10M)
#   --density D       about D mentions per sentence (default mix: 1.3; the dense corpus of
#                     issue 18: --density 2.7)
#   --one-file        also the corpus as one file, one document (always at 10M): its peak
#                     RSS against the same text as separate files
#   --runs N          runs of grep and comention; the median wall time is reported
#                     (default 3 for 10M, 1 for 100M and 1G)
#   --peer-timeout S  time limit of the Python/networkx peer (default 900)
#   --peer-sizes LIST run the peer only on these sizes (e.g. 100M: on 1G it needs hours)
#   --no-peer         skip the Python/networkx peer
#   --no-install      do not run install-deps.sh (packages already there)
#   --no-draw         skip the drawing benchmark
#   --draw-only       run the drawing benchmarks only (no corpora)
#   --no-structure    skip the community-structure benchmark
#   --structure-only  run the community-structure benchmark only
#
# Measures on the same corpus: the grep -F floor (and its steady rate per byte: the corpus
# given twice less once; grep builds its matcher lazily), `comention mentions`, comention's
# extraction+counting (`build --top 1 --formats csv`: every stage up to the counts, on a
# one-node graph), `comention build --formats graphml` (end to end), each with -j 1 and
# -j 2 when the binary has -j, and the Python peer (scripts/bench/peer_networkx.py).
# Also `comention extract -o FILE.cmc` (extraction, counting and the evidence snippets),
# `build` with the default formats (every stage, --timings per stage), and the peak RSS of
# build per distinct pair (the graph's edges: no filter drops any).
# With both 100M and 1G: a memory control, `build` on the 100 MB corpus ten times over
# (hard links: 1 GB, the same pairs), whose peak RSS is compared with 100 MB's.
# Drawing: a generated graph of 2,000 nodes and 20,000 edges (scripts/bench/gen_graph.py),
# `comention render` to SVG and to PNG (import, metrics, layout, drawing) against
# Graphviz `sfdp -Tsvg` and `sfdp -Tpng` on the same graph; render's stages come from its
# --timings, so the table also gives it without the metrics, which sfdp does not compute
# (render computes those its figure shows: see README, comention render).
# Structure: planted partitions (tests/e2e/planted.py) of 8 x 250 nodes (p_in 0.04, p_out
# 0.0015, as in issue 14) and 40 x 250 nodes (p_in 0.04, p_out 0.0003), `comention render
# -o FIG.png` against `sfdp -Tpng` on the same graph, with the silhouette of each tool's
# node positions by planted block beside the times (comention's from an SVG render with
# the same seed, sfdp's from `sfdp -Tplain`; neither is timed).
# Corpora are cached under build/bench-corpus/, results and outputs go to
# build/bench-results/. Never part of scripts/test.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

sizes=() peer_sizes="" quick=0 rare=0 runs="" peer_timeout=900 peer=1 install=1 draw=1 corpora=1
structure=1 density="" one_file=0
while [ $# -gt 0 ]; do
  case $1 in
    --size) [ $# -ge 2 ] || { echo "bench.sh: --size needs a value" >&2; exit 1; }
            IFS=, read -r -a more <<<"$2"; sizes+=("${more[@]}"); shift 2 ;;
    --size=*) IFS=, read -r -a more <<<"${1#--size=}"; sizes+=("${more[@]}"); shift ;;
    --quick) quick=1; shift ;;
    --rare) rare=${2:?}; shift 2 ;;
    --density) density=${2:?}; shift 2 ;;
    --one-file) one_file=1; shift ;;
    --runs) runs=${2:?}; shift 2 ;;
    --peer-timeout) peer_timeout=${2:?}; shift 2 ;;
    --peer-sizes) peer_sizes=,${2:?},; shift 2 ;;
    --no-peer) peer=0; shift ;;
    --no-install) install=0; shift ;;
    --no-draw) draw=0; shift ;;
    --draw-only) corpora=0; shift ;;
    --no-structure) structure=0; shift ;;
    --structure-only) corpora=0; draw=0; shift ;;
    -h|--help) sed -n '2,46p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown option '$1' (see --help)" >&2; exit 1 ;;
  esac
done
if [ "$quick" = 1 ]; then
  sizes=(10M); runs=${runs:-1}; peer_timeout=120
fi
[ ${#sizes[@]} -gt 0 ] || sizes=(100M)
[ "$corpora" = 1 ] || sizes=()
for s in "${sizes[@]}"; do
  case $s in 10M|100M|1G) ;; *) echo "bench.sh: --size must be 10M, 100M or 1G, not '$s'" >&2; exit 1 ;; esac
done
[[ $rare =~ ^[0-9]+$ ]] || { echo "bench.sh: --rare needs a number" >&2; exit 1; }
[[ -z $density || $density =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "bench.sh: --density needs a number" >&2; exit 1; }
dtag=${density:+-d$density}

if [ "$install" = 1 ]; then
  ./scripts/install-deps.sh build runtime test bench
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
# a private copy: others may rebuild build/comention while the benchmark runs
mkdir -p build/bench-bin
cp build/comention build/bench-bin/comention
bin=$root/build/bench-bin/comention
py=/usr/bin/python3
export LC_ALL=C.UTF-8

# -j is new: probe each subcommand on the sample corpus
probe_dir=$(mktemp -d)
has_j=0 has_jm=0
if "$bin" build --help 2>&1 | grep -qE '(^|[[:space:]])-j([[:space:]]|,|$)' &&
   "$bin" build -q -j 2 --formats csv -o "$probe_dir" tests/corpus >/dev/null 2>&1; then has_j=1; fi
if "$bin" mentions -q -j 2 tests/corpus >/dev/null 2>&1; then has_jm=1; fi
timings=()
if "$bin" build -q --timings --formats csv -o "$probe_dir" tests/corpus >/dev/null 2>&1; then timings=(--timings); fi
rm -rf "$probe_dir"

# ---- timing -------------------------------------------------------------------------------
# timed LABEL TIMEOUT STDOUT CMD...: wall time from bash's microsecond clock, peak RSS (KB)
# from GNU time (which reaps timeout(1), which reaps the command: its rusage covers them).
# The command runs in its own session; timeout(1) kills its process group when time is up,
# and an interrupted bench.sh kills that session too.
child=""
cleanup() { if [ -n "$child" ]; then kill -TERM -- "-$child" 2>/dev/null || true; fi; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM
timed() {
  local label=$1 limit=$2 out=$3; shift 3
  local tf=$res/.time rc=0 t0 t1
  t0=$EPOCHREALTIME
  setsid /usr/bin/time -f '%e %M %U %S' -o "$tf" timeout -k 10 "$limit" "$@" >"$out" 2>"$res/$label.err" &
  child=$!
  wait "$child" || rc=$?
  child=""
  t1=$EPOCHREALTIME
  T_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  T_RSS=$(awk 'END { print $2 }' "$tf")
  T_CPU=$(awk 'END { printf "%.2f", $3 + $4 }' "$tf")
  T_RC=$rc
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure LABEL TIMEOUT STDOUT CMD...: `runs` runs, median wall, largest RSS -> M_WALL M_RSS
measure() {
  local label=$1 limit=$2 out=$3; shift 3
  local walls="" rss=0 i cpus=""
  M_RC=0
  for ((i = 1; i <= nruns; i++)); do
    timed "$label" "$limit" "$out" "$@"
    if [ "$T_RC" != 0 ]; then
      M_RC=$T_RC
      echo "bench.sh: $label failed (exit $T_RC): $(tail -n 3 "$res/$label.err" | tr '\n' ' ')" >&2
      break
    fi
    walls+="$T_WALL"$'\n'
    cpus+="$T_CPU"$'\n'
    [ "${T_RSS:-0}" -gt "$rss" ] && rss=$T_RSS
  done
  M_WALL=$(printf '%s' "$walls" | median)
  M_MIN=$(printf '%s' "$walls" | sort -g | head -n 1)
  M_CPU=$(printf '%s' "$cpus" | median)
  M_RSS=$rss
  if [ "$M_RC" != 0 ]; then M_WALL="failed (exit $M_RC)" M_MIN="-"; fi
}

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
rate() { awk -v b="$bytes" -v s="$1" 'BEGIN { if (s > 0) { r = b / 1048576 / s; printf (r < 10 ? "%.2f" : "%.1f"), r } else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }
# dratio A A0 B B0: (A - A0) / (B - B0), a ratio per byte; drate S S0: MB/s of S - S0
dratio() { awk -v a="$1" -v a0="$2" -v b="$3" -v b0="$4" 'BEGIN { if (a - a0 > 0 && b - b0 > 0) printf "%.2f", (a - a0) / (b - b0); else print "-" }'; }
drate() { awk -v n="$bytes" -v s="$1" -v s0="$2" 'BEGIN { if (s - s0 > 0) printf "%.1f", n / 1048576 / (s - s0); else print "-" }'; }
row() { # tool seconds rss_kb nodes edges mentions note command; fastest run, CPU from M_MIN, M_CPU
  local mbs
  mbs=$(rate "$2")
  case $2 in [0-9]*) ;; *) mbs="-" ;; esac
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "${M_MIN:--}" "${M_CPU:--}" "$mbs" "$(mb "$(( ${3:-0} * 1024 ))")" \
    "${4:--}" "${5:--}" "${6:--}" "${7:-}" "$8" >>"$table"
  M_MIN=- M_CPU=-
}
json_graph() { "$py" -c 'import json,sys; g=json.load(open(sys.argv[1]))["graph"]; print(g["nodes"], g["edges"])' "$1" 2>/dev/null || echo "- -"; }

echo "== machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(. /etc/os-release; echo "$PRETTY_NAME")"
[ "$has_j" = 1 ] || echo "note: 'comention build' has no -j yet: it runs without -j (one thread), no -j2 rows"
[ "$has_jm" = 1 ] || echo "note: 'comention mentions' has no -j yet: it runs without -j, once"

mkdir -p build/bench-corpus build/bench-results
"$bin" lexicon dump >build/bench-corpus/lexicon.xml
seed=20240601
key=$(cat build/bench-corpus/lexicon.xml scripts/bench/gen_corpus.py | sha256sum | cut -c1-10)

for size in "${sizes[@]}"; do
  case $size in 10M) bytes_req=$((10 << 20)) ;; 100M) bytes_req=$((100 << 20)) ;; 1G) bytes_req=$((1 << 30)) ;; esac
  nruns=${runs:-3}
  [ -z "$runs" ] && [ "$size" != 10M ] && nruns=1
  name=$size-rare$rare$dtag
  cdir=build/bench-corpus/$name-$key
  if [ ! -e "$cdir/DONE" ]; then
    echo "== generating $name corpus in $cdir"
    rm -rf "$cdir" "$cdir.tmp"
    mkdir -p "$cdir.tmp"
    rare_args=()
    [ "$rare" -gt 0 ] && rare_args=(--rare "$rare" --rare-tsv "$cdir.tmp/rare.tsv")
    [ -n "$density" ] && rare_args+=(--density "$density")
    "$py" scripts/bench/gen_corpus.py --lexicon-dump build/bench-corpus/lexicon.xml \
      --out "$cdir.tmp/corpus" --bytes "$bytes_req" --seed "$seed" \
      --aliases "$cdir.tmp/aliases.txt" --alias-map "$cdir.tmp/alias-map.tsv" "${rare_args[@]}"
    touch "$cdir.tmp/DONE"
    mv "$cdir.tmp" "$cdir"
  fi
  corpus=$cdir/corpus
  lex=()
  [ "$rare" -gt 0 ] && lex=(--lexicon "$cdir/rare.tsv")
  files=$(find "$corpus" -type f | wc -l)
  bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
  aliases=$(wc -l <"$cdir/aliases.txt")
  res=build/bench-results/$name
  rm -rf "$res"; mkdir -p "$res"
  table=$res/table.tsv
  : >"$table"
  echo "== $name: $files files, $bytes bytes ($(mb "$bytes") MB), $aliases aliases, $nruns run(s) each"
  find "$corpus" -type f -exec cat {} + >/dev/null # warm the page cache
  load0=$(cut -d' ' -f1-3 /proc/loadavg)

  # (a) the extraction floor: grep's output goes to a file (to /dev/null it stops early).
  echo "-- grep -F -o -w floor"
  measure grep 3600 "$res/grep.out" env LC_ALL=C grep -r -h -F -o -w -f "$cdir/aliases.txt" "$corpus"
  grep_wall=$M_WALL grep_cpu=$M_CPU
  row "grep -F -o -w (floor)" "$M_WALL" "$M_RSS" - - "$(wc -l <"$res/grep.out")" "$aliases patterns" \
    "LC_ALL=C grep -r -h -F -o -w -f aliases.txt CORPUS > FILE"

  # (a') per byte. grep's cost is not fixed: its pattern compile is cheap (0.01 s on a
  # one-line file) but it builds matcher states lazily as the text asks for them (0.5 s and
  # 150 MB at 10 MB with 16,679 patterns), so its rate grows with the input. Its steady
  # rate is what the corpus given twice adds; comention's is its time less its start
  # (lexicon image, fonts), measured on a one-line file.
  echo "-- grep on the corpus given twice; comention on a one-line file"
  measure grep-twice 3600 "$res/grep-twice.out" env LC_ALL=C grep -r -h -F -o -w -f "$cdir/aliases.txt" "$corpus" "$corpus"
  gtwice_cpu=$M_CPU
  row "grep -F -o -w, corpus twice" "$M_WALL" "$M_RSS" - - - "per byte: this less the floor" \
    "LC_ALL=C grep -r -h -F -o -w -f aliases.txt CORPUS CORPUS > FILE"
  fixdir=$res/fixed
  mkdir -p "$fixdir"
  { printf 'A line with '; head -n 1 "$cdir/aliases.txt" | tr -d '\n'; printf ' in it.\n'; } >"$fixdir/one.txt"
  measure count-fixed 600 /dev/null "$bin" build -q -j 1 "${lex[@]}" --top 1 --formats csv -o "$res/count-fixed" "$fixdir"
  cfix_cpu=$M_CPU
  row "comention extract+count, one line" "$M_WALL" "$M_RSS" - - - "its start: lexicon, fonts" \
    "comention build -q -j 1${lex[*]:+ ${lex[*]}} --top 1 --formats csv -o DIR ONE-LINE-DIR"

  # (b) comention
  jobs=(1)
  [ "$has_j" = 1 ] && jobs=(1 2)
  declare -A W=() S=() R=() C=()
  for j in "${jobs[@]}"; do
    jopt=()
    [ "$has_j" = 1 ] && jopt=(-j "$j")
    tag=${jopt[*]:+ ${jopt[*]}}
    mopt=("${jopt[@]}") mtag=$tag
    [ "$has_jm" = 1 ] || { mopt=() mtag=""; }
    if [ "$has_jm" = 1 ] || [ "$j" = 1 ]; then
      echo "-- comention mentions$mtag"
      measure "mentions-j$j" 3600 "$res/mentions-j$j.tsv" "$bin" mentions -q "${mopt[@]}" "${lex[@]}" "$corpus"
      W[mentions$j]=$M_WALL C[mentions$j]=$M_CPU
      row "comention mentions$mtag" "$M_WALL" "$M_RSS" - - "$(awk 'END { print (NR > 0 ? NR - 1 : "-") }' "$res/mentions-j$j.tsv")" "extraction, TSV to a file" \
        "comention mentions -q$mtag${lex[*]:+ ${lex[*]}} CORPUS > FILE"
    fi

    echo "-- comention extraction+counting$tag"
    measure "count-j$j" 3600 /dev/null "$bin" build -q "${jopt[@]}" "${lex[@]}" --top 1 --formats csv -o "$res/count-j$j" "$corpus"
    W[count$j]=$M_WALL C[count$j]=$M_CPU
    cn=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["input"]["mentions"])' "$res/count-j$j/report.json" 2>/dev/null || echo -)
    row "comention extract+count$tag" "$M_WALL" "$M_RSS" - - "$cn" "build --top 1: all stages up to the counts" \
      "comention build -q$tag${lex[*]:+ ${lex[*]}} --top 1 --formats csv -o DIR CORPUS"

    echo "-- comention extract -o FILE.cmc$tag"
    measure "extract-j$j" 3600 /dev/null "$bin" extract -q "${jopt[@]}" "${lex[@]}" -o "$res/extract-j$j.cmc" "$corpus"
    W[extract$j]=$M_WALL R[extract$j]=$M_RSS C[extract$j]=$M_CPU
    row "comention extract .cmc$tag" "$M_WALL" "$M_RSS" - - "$cn" "extraction, counting, evidence snippets, the .cmc file" \
      "comention extract -q$tag${lex[*]:+ ${lex[*]}} -o FILE.cmc CORPUS"

    echo "-- comention build (default formats)$tag"
    measure "build-j$j" 3600 /dev/null "$bin" build -q "${jopt[@]}" "${timings[@]}" "${lex[@]}" -o "$res/build-j$j" "$corpus"
    S[$j]=$("$py" -c 'import json,sys; t=json.load(open(sys.argv[1])).get("timings") or {}; print(", ".join("%s %.2fs" % kv for kv in t.items()) or "-")' "$res/build-j$j/report.json" 2>/dev/null || echo -)
    W[build$j]=$M_WALL R[build$j]=$M_RSS C[build$j]=$M_CPU
    [ "$j" = 1 ] && build_rss=$M_RSS
    read -r nodes edges < <(json_graph "$res/build-j$j/report.json")
    [ "$j" = 1 ] && { cm_nodes=$nodes; cm_edges=$edges; }
    row "comention build$tag" "$M_WALL" "$M_RSS" "$nodes" "$edges" "$cn" "end to end, default formats" \
      "comention build -q$tag${timings[*]:+ ${timings[*]}}${lex[*]:+ ${lex[*]}} -o DIR CORPUS"
  done

  # (b') the same text as one file, one document: memory should not grow with a document
  one_rss="" one_xrss=""
  if [ "$one_file" = 1 ] || [ "$size" = 10M ]; then
    one=$cdir/one/all.txt
    if [ ! -e "$cdir/one/DONE" ]; then
      mkdir -p "$cdir/one"
      find "$corpus" -type f | LC_ALL=C sort | xargs cat >"$one"
      touch "$cdir/one/DONE"
    fi
    jopt=()
    [ "$has_j" = 1 ] && jopt=(-j 1)
    echo "-- the corpus as one file: extract and build${jopt[*]:+ ${jopt[*]}}"
    measure extract-one 3600 /dev/null "$bin" extract -q "${jopt[@]}" "${lex[@]}" -o "$res/extract-one.cmc" "$one"
    one_xrss=$M_RSS
    row "comention extract .cmc, one file${jopt[*]:+ ${jopt[*]}}" "$M_WALL" "$M_RSS" - - - "the corpus as one document" \
      "comention extract -q${jopt[*]:+ ${jopt[*]}}${lex[*]:+ ${lex[*]}} -o FILE.cmc ONE.txt"
    measure build-one 3600 /dev/null "$bin" build -q "${jopt[@]}" "${lex[@]}" -o "$res/build-one" "$one"
    one_rss=$M_RSS
    read -r on oe < <(json_graph "$res/build-one/report.json")
    row "comention build, one file${jopt[*]:+ ${jopt[*]}}" "$M_WALL" "$M_RSS" "$on" "$oe" - "the corpus as one document" \
      "comention build -q${jopt[*]:+ ${jopt[*]}}${lex[*]:+ ${lex[*]}} -o DIR ONE.txt"
  fi

  # (c) the Python peer
  peer_wall="" pn="-" pe="-" pm="-" run_peer=$peer
  [ -z "$peer_sizes" ] || [[ $peer_sizes == *",$size,"* ]] || run_peer=0
  if [ "$run_peer" = 1 ]; then
    echo "-- Python regex + networkx peer (timeout ${peer_timeout} s)"
    draw_args=() draw_note=" (no drawing: no matplotlib)"
    if "$py" -c 'import matplotlib' 2>/dev/null; then draw_args=(--draw "$res/peer/graph.png") draw_note=""; fi
    timed peer "$peer_timeout" "$res/peer.out" "$py" scripts/bench/peer_networkx.py \
      --aliases "$cdir/alias-map.tsv" --out "$res/peer" --stages "$res/peer-stages.tsv" "${draw_args[@]}" "$corpus"
    M_CPU=$T_CPU
    pn=$(awk -F'\t' '$1 == "nodes" { print $2 }' "$res/peer-stages.tsv"); pn=${pn:--}
    pe=$(awk -F'\t' '$1 == "edges" { print $2 }' "$res/peer-stages.tsv"); pe=${pe:--}
    pm=$(awk -F'\t' '$1 == "mentions" { print $2 }' "$res/peer-stages.tsv"); pm=${pm:--}
    stages=$(awk -F'\t' '$1 != "nodes" && $1 != "edges" && $1 != "mentions" && $1 != "done" { printf "%s%s %ss", sep, $1, $2; sep = ", " }' "$res/peer-stages.tsv")
    if grep -q '^done' "$res/peer-stages.tsv"; then
      peer_wall=$T_WALL
      row "python regex+networkx" "$T_WALL" "$T_RSS" "$pn" "$pe" "$pm" "$stages$draw_note" \
        "python3 scripts/bench/peer_networkx.py --aliases alias-map.tsv --out DIR CORPUS"
    else
      peer_wall="> $peer_timeout"
      [ "$T_RC" = 124 ] || [ "$T_RC" = 137 ] || peer_wall="failed (exit $T_RC)"
      row "python regex+networkx" "$peer_wall" "$T_RSS" "$pn" "$pe" "$pm" "timed out after: $stages" \
        "python3 scripts/bench/peer_networkx.py --aliases alias-map.tsv --out DIR CORPUS"
    fi
  fi

  # the table and the ratios
  {
    printf '\n== results, %s corpus (%s MB, %s files), median of %s run(s), MB = 2^20 bytes\n' "$name" "$(mb "$bytes")" "$files" "$nruns"
    { printf 'tool\tseconds\tfastest\tCPU s\tMB/s\tpeak RSS MB\tnodes\tedges\tmentions\tnote\n'; cut -f1-10 "$table"; } | column -t -s $'\t'
    echo
    echo "ratios:"
    echo "  comention mentions (extraction) / grep floor:        $(ratio "${W[mentions1]}" "$grep_wall") x"
    echo "  comention extract+count / grep floor:                $(ratio "${W[count1]}" "$grep_wall") x"
    echo "  comention extract .cmc / grep floor:                 $(ratio "${W[extract1]}" "$grep_wall") x"
    echo "  the same by CPU time (user + sys; on a loaded machine the wall ratios mean little):"
    echo "    mentions $(ratio "${C[mentions1]}" "$grep_cpu") x, extract+count $(ratio "${C[count1]}" "$grep_cpu") x, extract .cmc $(ratio "${C[extract1]}" "$grep_cpu") x the grep floor's"
    echo "  per byte (CPU time; grep: the corpus twice less once, ${gtwice_cpu} - ${grep_cpu} s; comention: less its start, ${cfix_cpu} s):"
    echo "    extract+count $(dratio "${C[count1]}" "$cfix_cpu" "$gtwice_cpu" "$grep_cpu") x grep's steady rate ($(drate "${C[count1]}" "$cfix_cpu") MB/s against $(drate "$gtwice_cpu" "$grep_cpu") MB/s)"
    if [ "$has_j" = 1 ]; then
      echo "  -j2 speed-up (-j1 / -j2): mentions $(ratio "${W[mentions1]}" "${W[mentions2]:-}"), extract+count $(ratio "${W[count1]}" "${W[count2]}"), extract $(ratio "${W[extract1]}" "${W[extract2]}"), build $(ratio "${W[build1]}" "${W[build2]}")"
    else
      echo "  -j2 speed-up: n/a (no -j in this binary)"
    fi
    best=${W[build1]}
    [ "$has_j" = 1 ] && best=${W[build2]}
    if [ "$run_peer" = 1 ]; then
      case $peer_wall in
        '>'*) echo "  networkx peer / comention build (end to end):       > $(ratio "${peer_wall#> }" "$best") x (peer timed out)" ;;
        [0-9]*) echo "  networkx peer / comention build (end to end):       $(ratio "$peer_wall" "$best") x" ;;
        *) echo "  networkx peer / comention build: peer $peer_wall" ;;
      esac
    fi
    for j in "${jobs[@]}"; do
      [ "${#timings[@]}" = 0 ] || echo "  comention build -j $j stages (--timings, last run): ${S[$j]}"
    done
    same="n/a (no peer counts)"
    if [[ $pn =~ ^[0-9]+$ && $pe =~ ^[0-9]+$ ]]; then
      if [ "$pn" = "$cm_nodes" ] && [ "$pe" = "$cm_edges" ]; then same=yes; else same=no; fi
    fi
    echo "  graph size: comention $cm_nodes nodes / $cm_edges edges, python peer $pn nodes / $pe edges; same graph: $same"
    echo "  peak RSS of build per distinct pair (edges): -j 1 $(ratio "$(( ${R[build1]:-0} * 1024 ))" "$cm_edges") bytes${R[build2]:+, -j 2 $(ratio "$(( ${R[build2]:-0} * 1024 ))" "$cm_edges") bytes}"
    if [ -n "$one_rss" ]; then
      echo "  peak RSS, one file / separate files: build $(ratio "$one_rss" "${R[build1]}") x ($(mb $((one_rss * 1024))) / $(mb $((R[build1] * 1024))) MB), extract $(ratio "$one_xrss" "${R[extract1]}") x ($(mb $((one_xrss * 1024))) / $(mb $((R[extract1] * 1024))) MB)"
    fi
    echo "  load average (1, 5, 15 min) before: $load0, after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
    echo "  mentions:   grep $(wc -l <"$res/grep.out"), comention $cn, python peer $pm"
    printf 'build_rss_kb\t%s\n' "$build_rss" >"$res/rss"
    other=""
    case $size in 1G) other=100M ;; 100M) other=1G ;; esac
    if [ -n "$other" ] && [ -e "build/bench-results/$other-rare$rare$dtag/rss" ]; then
      o=$(awk '{ print $2 }' "build/bench-results/$other-rare$rare$dtag/rss")
      if [ "$size" = 1G ]; then a=$build_rss b=$o; else a=$o b=$build_rss; fi
      echo "  peak RSS of build, 1G / 100M:                        $(ratio "$a" "$b") x ($(mb $((a * 1024))) / $(mb $((b * 1024))) MB)"
    fi
  } | tee "$res/summary.txt"
  # the exact commands, for docs/benchmarks.md
  awk -F'\t' '{ print $1 ": " $11 }' "$table" >"$res/commands.txt"
done

# ---- memory control: the 100 MB corpus ten times over ------------------------------------
# 1 GB of text with exactly the pairs of the 100 MB corpus (hard links under new paths, so
# new document ids): memory should follow the distinct pairs, not the bytes. The generated
# 1 GB corpus brings 3.9x the pairs of the 100 MB one, so its ratio cannot show that.
if [ "$corpora" = 1 ] && [[ " ${sizes[*]} " == *" 100M "* && " ${sizes[*]} " == *" 1G "* ]]; then
  src=build/bench-corpus/100M-rare$rare$dtag-$key
  cdir=build/bench-corpus/100Mx10-rare$rare$dtag-$key
  if [ ! -e "$cdir/DONE" ]; then
    rm -rf "$cdir"
    mkdir -p "$cdir/corpus"
    for r in 0 1 2 3 4 5 6 7 8 9; do cp -al "$src/corpus" "$cdir/corpus/r$r"; done
    touch "$cdir/DONE"
  fi
  res=build/bench-results/100Mx10-rare$rare$dtag
  rm -rf "$res"
  mkdir -p "$res"
  nruns=1
  lex=()
  [ "$rare" -gt 0 ] && lex=(--lexicon "$src/rare.tsv")
  jopt=()
  [ "$has_j" = 1 ] && jopt=(-j 1) # as the 100M and 1G RSS rows
  echo "== memory control: the 100 MB corpus ten times (hard links, new document ids)"
  measure build-x10 3600 /dev/null "$bin" build -q "${jopt[@]}" "${lex[@]}" \
    -o "$res/build" "$cdir/corpus"
  read -r xn xe < <(json_graph "$res/build/report.json")
  o=$(awk '{ print $2 }' "build/bench-results/100M-rare$rare$dtag/rss")
  {
    echo "  build ${jopt[*]} on 100M x 10: $M_WALL s, $xn nodes / $xe edges, peak RSS $(mb $((M_RSS * 1024))) MB"
    echo "  peak RSS of build, 100M x 10 / 100M (same pairs):   $(ratio "$M_RSS" "$o") x"
  } | tee "$res/summary.txt"
fi

# ---- drawing: comention render against Graphviz sfdp ------------------------------------
# render_stages FILE: seconds of render's stages but analyze, from its --timings line
render_stages() { sed -n 's/^comention: timings: //p' "$1" | tr ',' '\n' |
  awk '$1 != "analyze" { s += $2 } $1 == "analyze" { a = $2 } END { printf "%.3f %.3f\n", s, a }'; }

if [ "$draw" = 1 ]; then
  dn=2000 de=20000 dseed=1
  dkey=$(sha256sum scripts/bench/gen_graph.py | cut -c1-10)
  ddir=build/bench-corpus/graph-${dn}x${de}-$dkey
  if [ ! -e "$ddir/DONE" ]; then
    echo "== generating a graph of $dn nodes and $de edges in $ddir"
    rm -rf "$ddir" "$ddir.tmp"
    mkdir -p "$ddir.tmp"
    "$py" scripts/bench/gen_graph.py --nodes "$dn" --edges "$de" --seed "$dseed" \
      --graphml "$ddir.tmp/graph.graphml" --dot "$ddir.tmp/graph.dot"
    touch "$ddir.tmp/DONE"
    mv "$ddir.tmp" "$ddir"
  fi
  res=build/bench-results/draw
  rm -rf "$res"; mkdir -p "$res"
  nruns=${runs:-3}
  dtable=$res/table.tsv
  : >"$dtable"
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "== drawing: $dn nodes, $de edges, $nruns run(s) each"
  declare -A DW=() DS=()
  for fmt in svg png; do
    echo "-- comention render -o FIG.$fmt"
    walls="" stages="" cpus="" rss=0 an=""
    for ((i = 1; i <= nruns; i++)); do
      timed "render-$fmt" 600 /dev/null "$bin" render --timings "$ddir/graph.graphml" -o "$res/comention.$fmt"
      [ "$T_RC" = 0 ] || { echo "bench.sh: render $fmt failed: $(tail -n 2 "$res/render-$fmt.err")" >&2; break; }
      read -r st an < <(render_stages "$res/render-$fmt.err")
      walls+="$T_WALL"$'\n' stages+="$st"$'\n' cpus+="$T_CPU"$'\n'
      [ "${T_RSS:-0}" -gt "$rss" ] && rss=$T_RSS
    done
    DW[render$fmt]=$(printf '%s' "$walls" | median)
    DS[render$fmt]=$(printf '%s' "$stages" | median)
    printf 'comention render %s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$fmt" "${DW[render$fmt]}" \
      "$(printf '%s' "$walls" | sort -g | head -n 1)" "$(printf '%s' "$cpus" | median)" \
      "$(mb $((rss * 1024)))" "${DS[render$fmt]}" "metrics (analyze) ${an} s of the last run" >>"$dtable"

    echo "-- sfdp -T$fmt"
    measure "sfdp-$fmt" 600 "$res/sfdp.$fmt" sfdp -T"$fmt" "$ddir/graph.dot"
    DW[sfdp$fmt]=$M_WALL
    printf 'sfdp -T%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$fmt" "$M_WALL" "$M_MIN" "$M_CPU" \
      "$(mb $((M_RSS * 1024)))" "-" "Graphviz $(sfdp -V 2>&1 | sed -n 's/.*version \([^ ]*\).*/\1/p')" >>"$dtable"
  done
  {
    printf '\n== results, drawing a graph of %s nodes and %s edges, median of %s run(s)\n' "$dn" "$de" "$nruns"
    { printf 'tool\tseconds\tfastest\tCPU s\tpeak RSS MB\twithout metrics s\tnote\n'; cat "$dtable"; } | column -t -s $'\t'
    echo
    echo "ratios (> 1: comention is faster):"
    echo "  sfdp -Tsvg / comention render svg, end to end:          $(ratio "${DW[sfdpsvg]}" "${DW[rendersvg]}") x"
    echo "  sfdp -Tsvg / comention render svg, without metrics:     $(ratio "${DW[sfdpsvg]}" "${DS[rendersvg]}") x"
    echo "  sfdp -Tpng / comention render png, end to end:          $(ratio "${DW[sfdppng]}" "${DW[renderpng]}") x"
    echo "  sfdp -Tpng / comention render png, without metrics:     $(ratio "${DW[sfdppng]}" "${DS[renderpng]}") x"
    echo "  (without metrics: render's import, graph, layout, style and draw stages from --timings;"
    echo "   sfdp computes no centralities or communities; render computes the metrics its figure"
    echo "   shows: PageRank for the sizes and the near-linear ones for the SVG hover text)"
    echo "  load average (1, 5, 15 min) before: $load0, after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
  } | tee "$res/summary.txt"
fi

# ---- structure: planted communities, comention render against sfdp ----------------------
if [ "$structure" = 1 ]; then
  res=build/bench-results/structure
  rm -rf "$res"; mkdir -p "$res"
  nruns=${runs:-3}
  stable=$res/table.tsv
  : >"$stable"
  pkey=$(sha256sum tests/e2e/planted.py | cut -c1-10)
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  for spec in "8 0.0015" "40 0.0003"; do
    read -r blocks pout <<<"$spec"
    pdir=build/bench-corpus/planted-${blocks}x250-$pkey
    if [ ! -e "$pdir/DONE" ]; then
      rm -rf "$pdir" "$pdir.tmp"; mkdir -p "$pdir.tmp"
      "$py" tests/e2e/planted.py graph --blocks "$blocks" --size 250 --p-in 0.04 --p-out "$pout" \
        --seed 1 --graphml "$pdir.tmp/graph.graphml" --dot "$pdir.tmp/graph.dot"
      touch "$pdir.tmp/DONE"; mv "$pdir.tmp" "$pdir"
    fi
    pn=$((blocks * 250)) pe=$(grep -c '<edge ' "$pdir/graph.graphml")
    echo "== structure: planted partition $blocks x 250 ($pn nodes, $pe edges), $nruns run(s) each"
    measure "render-$pn" 600 /dev/null "$bin" render "$pdir/graph.graphml" -o "$res/comention-$pn.png"
    cw=$M_WALL ccpu=$M_CPU crss=$M_RSS
    "$bin" render "$pdir/graph.graphml" -o "$res/comention-$pn.svg"
    csil=$("$py" tests/e2e/planted.py silhouette --svg "$res/comention-$pn.svg" | cut -d' ' -f2)
    measure "sfdp-$pn" 1800 "$res/sfdp-$pn.png" sfdp -Tpng "$pdir/graph.dot"
    sw=$M_WALL scpu=$M_CPU srss=$M_RSS
    sfdp -Tplain "$pdir/graph.dot" >"$res/sfdp-$pn.plain"
    ssil=$("$py" tests/e2e/planted.py silhouette --plain "$res/sfdp-$pn.plain" | cut -d' ' -f2)
    printf '%s\tcomention render -o FIG.png\t%s\t%s\t%s\t%s\n' "$pn" "$cw" "$ccpu" "$(mb $((crss * 1024)))" "$csil" >>"$stable"
    printf '%s\tsfdp -Tpng\t%s\t%s\t%s\t%s\n' "$pn" "$sw" "$scpu" "$(mb $((srss * 1024)))" "$ssil" >>"$stable"
    printf '%s\tratio sfdp / comention\t%s\t\t\t\n' "$pn" "$(ratio "$sw" "$cw")" >>"$stable"
  done
  {
    printf '\n== results, planted partitions, median of %s run(s)\n' "$nruns"
    { printf 'nodes\ttool\tseconds\tCPU s\tpeak RSS MB\tsilhouette\n'; cat "$stable"; } | column -t -s $'\t'
    echo "  (silhouette of the node positions by planted block, -1..1: higher is more apart)"
    echo "  load average (1, 5, 15 min) before: $load0, after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
  } | tee "$res/summary.txt"
fi
