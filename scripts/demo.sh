#!/usr/bin/env bash
# Install what is missing, build, and draw the bundled sample corpus into out/.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh build runtime
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" --target comention
./build/comention build tests/corpus -o out/
echo "demo.sh: wrote these files:"
ls -l out/
