#!/usr/bin/env bash
# Rewrite the golden files of tests/e2e from the current build. Review the diff like code:
# every changed line is a mention the program now finds, loses or attributes differently.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/comention}
"$bin" mentions tests/corpus >tests/e2e/corpus/expected/mentions.tsv
git --no-pager diff --stat -- tests/e2e/corpus/expected || true
