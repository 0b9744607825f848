#!/usr/bin/env bash
# Install, with apt-get, only the Debian 12 packages that are missing.
# usage: scripts/install-deps.sh [build] [runtime] [test] [fuzz] [valgrind] [bench]   (default: build runtime)
set -euo pipefail

declare -A groups=(
  [build]="gcc cmake make pkg-config libigraph-dev libxml2-dev libcairo2-dev libpango1.0-dev libutf8proc-dev zlib1g-dev liblzma-dev libjson-c-dev libcsv-dev nettle-dev libcmocka-dev"
  [runtime]="fonts-dejavu-core fonts-wqy-microhei libjson-c5 libcsv3 liblzma5 libnettle8"
  [test]="libxml2-utils python3 python3-networkx python3-scipy python3-igraph clang-format nodejs npm librsvg2-bin poppler-utils"
  [fuzz]="clang libclang-rt-14-dev"
  [valgrind]="valgrind"
  [bench]="graphviz hyperfine time python3-matplotlib"
)

wanted=()
[ $# -eq 0 ] && set -- build runtime
for g in "$@"; do
  [ -n "${groups[$g]+x}" ] || { echo "install-deps: unknown group '$g' (build runtime test fuzz valgrind bench)" >&2; exit 1; }
  # shellcheck disable=SC2206
  wanted+=(${groups[$g]})
done

# Node.js may come from elsewhere than Debian (nodesource ships npm inside nodejs): a
# working command counts as installed, or apt-get would try to replace it.
declare -A commands=([nodejs]=node [npm]=npm)
missing=()
for p in "${wanted[@]}"; do
  if [ -n "${commands[$p]+x}" ] && command -v "${commands[$p]}" >/dev/null 2>&1; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
