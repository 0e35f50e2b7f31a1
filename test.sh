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
# Mounts take their requests over FUSE-over-io_uring by default when the kernel offers it, which it does once root
# sets the fuse module's enable_uring: the mounted suites run a second time that way, and the setting is put back.
uring=/sys/module/fuse/parameters/enable_uring
if [ -w "$uring" ]; then
    old=$(cat "$uring")
    trap 'echo "$old" > "$uring"' EXIT
    echo Y > "$uring"
    echo "test.sh: the mounted suites again, over io_uring"
    for suite in tests/Union.Linux.Tests tests/Union.Cli.Tests; do
        dotnet test "$suite" -c Release --nologo --no-build 2>&1 | tee -a "$log"
        [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    done
    echo "$old" > "$uring"
else
    echo "test.sh: this kernel has no FUSE over io_uring ($uring): the mounted suites ran once, over /dev/fuse"
fi
set -e
# One closing line for the whole run, summed over the test assemblies.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { v = $(i+1); gsub(",", "", v);
       if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
