#!/usr/bin/env bash
# Runs the whole test suite: engine, FUSE layer, Dokan binding and end-to-end mounts (root, /dev/fuse).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/deps.sh
log=$(mktemp)
# The Windows side (Dokan adapter, the CLI's Dokan path) must build warning-free for win-x64 from Linux too.
# A framework-dependent build: the apphost and runtime packs restore once (~200 MB); no native AOT toolchain.
win=$(mktemp -d)
dotnet build src/Union.Cli -c Release -r win-x64 -p:PublishAot=false --nologo -v q -o "$win"
test -f "$win/union.exe" || { echo "test.sh: the win-x64 build made no union.exe"; exit 1; }
rm -rf "$win"
set +e
dotnet test UnionFs.sln -c Release --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole run, summed over the test assemblies.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { v = $(i+1); gsub(",", "", v);
       if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
